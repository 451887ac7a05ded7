"""Time every demo as a reader runs it: `python scripts/bench_demos.py [--repeats N] [NAME ...]`.

See benchmark/demos.py.
"""

import sys

from benchmark.demos import main

if __name__ == "__main__":
    sys.exit(main())
