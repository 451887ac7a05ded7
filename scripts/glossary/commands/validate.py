"""Check concept entries: `python scripts/validate.py [--format json] [FILE ...]`.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error.
"""

import argparse
import json
import sys
from pathlib import Path

from glossary import ROOT
from glossary.corpus import load_corpus
from glossary.problems import ERROR, WARNING


def summary_line(n_files: int, n_errors: int, n_warnings: int) -> str:
    """The closing line: what was checked and what was found."""
    files = f"{n_files} entr{'y' if n_files == 1 else 'ies'}"
    return f"checked {files}: {n_errors} error(s), {n_warnings} warning(s)"


def main(argv: list[str] | None = None) -> int:
    """Run the validator; return the exit code."""
    parser = argparse.ArgumentParser(description="Check concept entries in concepts/.")
    parser.add_argument("files", nargs="*", type=Path, help="entries to check (default: all)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        print(f"validate.py: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    corpus = load_corpus(args.root, only=args.files or None)
    n_files = len(args.files) if args.files else len(list((args.root / "concepts").glob("*.yaml")))
    n_errors = sum(p.severity == ERROR for p in corpus.problems)
    n_warnings = sum(p.severity == WARNING for p in corpus.problems)
    if args.format == "json":
        report = {
            "files": n_files,
            "errors": n_errors,
            "warnings": n_warnings,
            "problems": [p.as_dict() for p in corpus.problems],
        }
        print(json.dumps(report, indent=2))
    else:
        for problem in corpus.problems:
            print(problem)
        print(summary_line(n_files, n_errors, n_warnings))
    return 1 if n_errors else 0
