"""Check the external URLs of entries (needs the network): `python scripts/check_external.py`.

See glossary/commands/check_external.py.
"""

import sys

from glossary.commands.check_external import main

if __name__ == "__main__":
    sys.exit(main())
