"""Load every entry in concepts/, check it, and hand back the valid concepts and all problems.

Per entry: decode and parse (load/safe_yaml.py), the schema (check/schema.py), the Markdown scan
(check/scan.py) and the rules on the entry (check/rules.py), then its Concept (load/entry.py).
Then the rules across entries (check/rules.py), against the demos in examples/ (load/demos.py).
"""

import datetime as dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from glossary.check import rules, schema
from glossary.load.demos import find_demos
from glossary.load.entry import Concept, Corpus
from glossary.load.safe_yaml import decode, parse
from glossary.problems import Problem, errors

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def display_path(path: Path, root: Path) -> str:
    """The path as an author sees it: relative to the project root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _folder_prefix(folder: Path, real_root: Path) -> str | None:
    """What display_path puts before a file name in this folder; None when outside the root."""
    try:
        relative = folder.resolve().relative_to(real_root).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative + "/"


def _display_paths(files: list[Path], root: Path) -> list[str]:
    """display_path of every file, resolving each folder once rather than every file's path."""
    real_root = root.resolve()
    # Per folder, not per file: pathlib's resolve and relative_to cost more than the YAML check.
    prefixes: dict[Path, str | None] = {}
    shown = []
    for path in files:
        if path.is_symlink():
            shown.append(display_path(path, root))
            continue
        folder = path.parent
        if folder not in prefixes:
            prefixes[folder] = _folder_prefix(folder, real_root)
        prefix = prefixes[folder]
        shown.append(path.as_posix() if prefix is None else prefix + path.name)
    return shown


def load_entry(
    path: Path, shown: str, today: dt.date, raw: bytes
) -> tuple[Concept | None, list[Problem]]:
    """Parse and check one entry (the file's bytes) on its own; the concept is None if it has
    errors."""
    problems: list[Problem] = []
    slug = path.stem
    if path.suffix != ".yaml":
        problems.append(Problem(shown, 1, 1, "entries end in .yaml", "file-name"))
    if not SLUG.match(slug):
        msg = f"file name '{path.name}' is not a slug: use lowercase letters, digits and hyphens"
        problems.append(Problem(shown, 1, 1, msg, "file-name"))
    text, decode_problems = decode(raw, shown)
    if text is None:
        return None, problems + decode_problems
    parsed = parse(text, shown)
    problems += parsed.problems
    if not parsed.problems:
        problems += schema.check(parsed, shown)
        if isinstance(parsed.data, dict):
            problems += rules.check_placeholders(parsed, shown)
    if problems:  # parse, schema or placeholder problems are all errors
        return None, problems
    findings = rules.scan_fields(parsed.data)
    problems += rules.check_entry(parsed, shown, today, findings)
    if errors(problems):
        return None, problems
    return Concept.from_entry(slug, shown, parsed, findings), problems


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while loading.

    Loading makes millions of small objects that all stay alive (positions, parsed data); the
    collector would walk them again and again, about a quarter of the time on 10 000 entries.
    Nothing here makes reference cycles, and collection resumes afterwards. The freeze/unfreeze
    pair files the new objects with the long-lived ones, so that the first collection after
    loading does not walk them all once more.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def load_corpus(
    root: Path,
    only: list[Path] | None = None,
    today: dt.date | None = None,
    previous: Corpus | None = None,
) -> Corpus:
    """Load root/concepts/*.yaml against root/examples/; report problems of `only` if given.

    Given the previous load of the same project, an entry whose file is byte for byte the same
    is not parsed and checked again on its own; the checks across entries always run.
    """
    with _no_gc_pauses():
        return _load_corpus(root, only, today or dt.date.today(), previous)


def _load_corpus(
    root: Path, only: list[Path] | None, today: dt.date, previous: Corpus | None
) -> Corpus:
    concepts_dir = root / "concepts"
    files = sorted(concepts_dir.glob("*.yaml"), key=lambda p: p.name)  # one folder: by name
    stray = sorted(concepts_dir.glob("*.yml"))
    wanted = {p.resolve() for p in only} if only else None
    if only:
        listed = {f.resolve() for f in files}  # once, not once per file asked for
        for extra in only:
            if extra.resolve() not in listed:
                listed.add(extra.resolve())
                files.append(extra)
    concepts: dict[str, Concept] = {}
    problems: list[Problem] = []
    for path in stray:
        problems.append(
            Problem(display_path(path, root), 1, 1, "entries end in .yaml, not .yml", "file-name")
        )
    known_slugs = {p.stem for p in files}
    entries = {}
    for path, shown in zip(files, _display_paths(files, root), strict=True):
        raw = path.read_bytes()
        before = previous.entries.get(shown) if previous else None
        if before and before[0] == raw and before[1] == today:
            concept, found = before[2], before[3]
        else:
            concept, found = load_entry(path, shown, today, raw)
        entries[shown] = (raw, today, concept, found)
        problems += found
        if concept:
            concepts[concept.slug] = concept
    demos, claim_problems = find_demos(root / "examples")
    problems += claim_problems
    problems += rules.check_corpus(concepts, known_slugs, demos)
    if wanted is not None:
        shown = {display_path(p, root) for p in wanted}
        problems = [p for p in problems if p.path in shown]
    return Corpus(dict(sorted(concepts.items())), demos, sorted(set(problems)), entries)
