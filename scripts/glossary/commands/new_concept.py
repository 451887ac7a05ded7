"""Create a new entry from a title.

Usage: python scripts/new_concept.py "Title" [--track T] [--level L] [--related SLUG ...]

It writes concepts/<slug>.yaml with every field, a comment on each, and TODO placeholders that
the validator reports until they are filled. It never overwrites anything.
Exit codes: 0 created, 1 refused (the entry or a look-alike title exists), 2 usage.
"""

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from glossary import ROOT
from glossary.load.safe_yaml import decode, parse

LEVELS = ("foundational", "intermediate", "advanced")

TEMPLATE = """\
# yaml-language-server: $schema=concept.schema.json
# Fill in every TODO; `python scripts/validate.py {path}` lists what is left.
# The Contributing page explains each field and what makes a good entry.

# The concept's name as readers know it.
title: {title}
# One plain sentence (at most 200 characters) for lists and link previews.
summary: "TODO: one sentence saying what {title_text} is."
# The day the entry was added.
added: {today}
# The group it belongs to on the concepts index, e.g. Alignment failures.
track: {track}
# foundational (no ML background needed), intermediate or advanced.
level: {level}
# Lowercase, hyphenated keywords, e.g. - reinforcement-learning
tags: []
# Other names people use (optional; delete if none).
aliases: []
# The callout at the top: two or three sentences on why a reader should care.
lead: |
  TODO: why a reader should care, in two or three sentences.
# The body: what it is, how it arises, how it differs from its neighbours (150+ words).
# Link other concepts as [text](other-slug.md).
definition: |
  TODO: the explanation, in plain language first.
# An everyday analogy for a reader with no ML background (30+ words).
analogy: |
  TODO: an everyday analogy.
# A real system or study, described accurately and listed in sources (30+ words).
example: |
  TODO: a real-world example.
# Why it matters for building or deploying AI (25+ words).
why_it_matters: |
  TODO: why it matters.
# Real, dated news reports: - title: ..., url: ..., source: ..., date: YYYY-MM-DD
# Leave empty when there are none: the page then offers a news search.
news: []
# Slugs of related concepts (file names without .yaml); list the link on both entries.
related: {related}
# Slugs of concepts to read first, most basic first (optional).
prerequisites: []
# Demos that genuinely show this concept: NAME means examples/NAME.py.
demos: []
# Primary sources for every factual claim: - title: ..., url: ..., authors: ..., year: ...
sources: []
"""


def slugify(title: str) -> str:
    """'Goodhart's Law' -> 'goodharts-law'; accents folded, punctuation dropped."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _existing_titles(concepts_dir: Path) -> dict[str, Path]:
    """Each existing entry's title, reduced to its slug form, with the file it is in."""
    titles = {}
    for path in sorted(concepts_dir.glob("*.yaml")):
        text, _ = decode(path.read_bytes(), str(path))
        data = parse(text, str(path)).data if text is not None else None
        if isinstance(data, dict) and isinstance(data.get("title"), str):
            titles[slugify(data["title"])] = path
    return titles


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv: list[str] | None = None) -> int:
    """Create the entry; return the exit code."""
    parser = argparse.ArgumentParser(description="Create concepts/<slug>.yaml from a title.")
    parser.add_argument("title", help='the concept\'s name, e.g. "Reward Hacking"')
    parser.add_argument("--track", default="TODO", help="the group it belongs to")
    parser.add_argument("--level", choices=LEVELS, default="intermediate")
    parser.add_argument("--related", nargs="*", default=[], metavar="SLUG")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    title = " ".join(args.title.split())
    slug = slugify(title)
    if not slug:
        parser.error(f"cannot make a file name from the title {args.title!r}")
    concepts_dir = args.root / "concepts"
    path = concepts_dir / f"{slug}.yaml"
    shown = f"concepts/{slug}.yaml"
    if path.exists():
        print(f"new_concept.py: {shown} already exists; nothing was written", file=sys.stderr)
        return 1
    clash = _existing_titles(concepts_dir).get(slug)
    if clash:
        print(
            f"new_concept.py: concepts/{clash.name} already has a title like {title!r}; "
            "nothing was written",
            file=sys.stderr,
        )
        return 1
    text = TEMPLATE.format(
        path=shown,
        title=_yaml_text(title),
        title_text=title.replace('"', "'"),
        today=(args.today or dt.date.today()).isoformat(),
        track=_yaml_text(args.track),
        level=args.level,
        related="[" + ", ".join(args.related) + "]",
    )
    try:
        with path.open("x", encoding="utf-8") as out:  # "x": fail rather than overwrite
            out.write(text)
    except FileExistsError:
        print(f"new_concept.py: {shown} already exists; nothing was written", file=sys.stderr)
        return 1
    print(f"created {shown}; fill in the TODOs, then run: python scripts/validate.py {shown}")
    return 0
