"""Benchmark the site pipeline: `python scripts/bench.py [--quick] [--repeats N] [--keep DIR]`.

See benchmark/__init__.py for what is measured and how.
"""

import sys

from benchmark.run import main

if __name__ == "__main__":
    sys.exit(main())
