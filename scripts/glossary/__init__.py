"""The glossary's pipeline, from an entry's YAML to the Markdown of its pages; no MkDocs here.

    corpus.load_corpus   every concepts/*.yaml through load/ and check/: a Corpus and its problems
      load/              safe YAML with positions, the entry model, the demos' titles and claims
      check/             the schema, the Markdown scan, the rules on one entry and across entries
    link/                the site model: each entry's text rendered and autolinked, backlinks
    render/              the Markdown of every generated page and file, and the demo pages' HTML
    commands/            what the commands in scripts/ run (validate.py, new_concept.py, ...)

scripts/ is the import root: Python puts it on sys.path when it runs a command
(`python scripts/validate.py`), MkDocs when it loads the hook (scripts/mkdocs_hook.py), and pytest
through `pythonpath` in pyproject.toml. Nothing edits sys.path.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the project: concepts/, examples/, docs/, scripts/
