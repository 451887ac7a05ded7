"""Create a new entry from a title: `python scripts/new_concept.py "Title" [--track T] ...`.

It never overwrites anything; see glossary/commands/new_concept.py.
"""

import sys

from glossary.commands.new_concept import main

if __name__ == "__main__":
    sys.exit(main())
