"""Check every internal link and #anchor of a built site: `python scripts/linkcheck.py SITE_DIR`.

See glossary/commands/linkcheck.py.
"""

import sys

from glossary.commands.linkcheck import main

if __name__ == "__main__":
    sys.exit(main())
