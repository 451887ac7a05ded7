"""Check concept entries: `python scripts/validate.py [--format json] [FILE ...]`.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
The checks themselves are in glossary/check/; this command is glossary/commands/validate.py.
"""

import sys

from glossary.commands.validate import main

if __name__ == "__main__":
    sys.exit(main())
