"""Strict, safe YAML loading that records the line and column of every key and value.

PyYAML's own loaders resolve YAML 1.1 types (`no` -> False, `2024-01-02` -> date), keep the last
of duplicate keys and expand aliases. This module walks libyaml's event stream instead and builds
plain data itself, so each of those becomes either a string or a reported problem.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import yaml

from glossary.problems import Problem

MAX_BYTES = 64 * 1024  # an entry is a few KiB; anything this large is a mistake or an attack

try:  # libyaml's event parser, without the constructor and resolver this module replaces
    from yaml.cyaml import CParser as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml (about 10x slower)
    _Loader = yaml.SafeLoader

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_MAYBE_TYPED = frozenset("0123456789+-.~nNtTfF")  # how every null, boolean and number begins

Path = tuple  # a path into the data: keys and list indexes, like jsonschema's absolute_path


@dataclass(slots=True)
class Scalar:
    """Where a scalar value sits: its 1-based position and its YAML style ('|', '>', '"', ...)."""

    line: int
    col: int
    style: str


class _Scalars(Mapping):
    """Path -> Scalar of every scalar value, each made only when asked for."""

    def __init__(self, values: dict, styles: dict):
        self._values = values
        self._styles = styles

    def __getitem__(self, path: Path) -> Scalar:
        style = self._styles[path]
        line, col = self._values[path]
        return Scalar(line, col, style)

    def __iter__(self) -> Iterator[Path]:
        return iter(self._styles)

    def __len__(self) -> int:
        return len(self._styles)


@dataclass
class Parsed:
    """A parsed file: its data, where each value and key sits, and what went wrong."""

    data: object = None
    values: dict = field(default_factory=dict)  # Path -> (line, col) of the value
    keys: dict = field(default_factory=dict)  # Path -> (line, col) of the key naming it
    styles: dict = field(default_factory=dict)  # Path -> YAML style of a scalar ('' when plain)
    problems: list = field(default_factory=list)
    text: str = ""  # the file's text

    @property
    def scalars(self) -> Mapping:
        """Path -> Scalar (position and style) of every scalar value, for text fields."""
        return _Scalars(self.values, self.styles)

    @cached_property
    def lines(self) -> list[str]:
        """The file's text lines, for positions inside block scalars (split on first use)."""
        return self.text.splitlines()


def decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Decode strict UTF-8 (a BOM is allowed) or report where the first bad byte is."""
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1024:.0f} KiB"
        msg = f"file is {size}; an entry may be at most {MAX_BYTES // 1024} KiB"
        return None, [Problem(path, 1, 1, msg, "file-too-large")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[line_start : err.start].decode("utf-8", errors="replace")) + 1
        msg = f"invalid UTF-8 byte 0x{raw[err.start]:02x}; save the file as UTF-8"
        return None, [Problem(path, line, col, msg, "encoding")]


def parse(text: str, path: str) -> Parsed:
    """Parse one YAML document into plain data with positions; never raises on bad input."""
    result = Parsed(text=text)
    loader = _Loader(text)
    try:
        _Builder(loader, path, result).document()
    except yaml.MarkedYAMLError as err:
        result.problems.append(_syntax_problem(err, text, path))
    finally:
        loader.dispose()
    return result


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = err.problem or "invalid YAML"
    if mark and text[mark.index : mark.index + 1] == "\t":
        return Problem(path, line, col, "tab character in indentation; indent with spaces", "tab")
    context = f" ({err.context})" if err.context else ""
    return Problem(path, line, col, f"YAML syntax error: {problem}{context}", "syntax")


def _pos(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _resolve_plain(value: str):
    """YAML 1.2-style resolution: only true/false are booleans; dates stay strings."""
    if value and value[0] not in _MAYBE_TYPED:
        return value  # most values: text that cannot be a null, a boolean or a number
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


_ALIAS, _SCALAR = yaml.AliasEvent, yaml.ScalarEvent
_SEQUENCE_START, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAPPING_END, _STREAM_END = yaml.MappingEndEvent, yaml.StreamEndEvent


class _Builder:
    """Turns libyaml events into plain data, recording positions and rejecting unsafe YAML.

    This runs once per event of every entry, so it compares event types with `is` and keeps
    the dictionaries it fills in attributes: it is most of the validator's time.
    """

    def __init__(self, loader, path: str, out: Parsed):
        self.next = loader.get_event
        self.path = path
        self.out = out
        self.values = out.values
        self.keys = out.keys
        self.styles = out.styles
        self.aliases = 0  # counted, not each reported: an alias bomb would flood the output

    def problem(self, event, message: str, rule: str) -> None:
        line, col = _pos(event)
        self.out.problems.append(Problem(self.path, line, col, message, rule))

    def document(self) -> None:
        self.next()  # StreamStart
        event = self.next()
        if type(event) is _STREAM_END:
            return  # empty file: data stays None
        self.out.data = self.node(self.next(), ())
        self.next()  # DocumentEnd
        if self.aliases > 1:
            first = next(p for p in self.out.problems if p.message.startswith("aliases"))
            more = f"{first.message} ({self.aliases - 1} more in this file)"
            self.out.problems[self.out.problems.index(first)] = replace(first, message=more)
        event = self.next()
        if type(event) is not _STREAM_END:
            self.problem(event, "only one YAML document per file (remove the '---')", "syntax")

    def node(self, event, path: Path):
        mark = event.start_mark
        line, col = mark.line + 1, mark.column + 1
        self.values[path] = (line, col)
        kind = type(event)
        if kind is _ALIAS:
            self.aliases += 1
            if self.aliases == 1:
                self.problem(event, f"aliases (*{event.anchor}) are not allowed", "anchor")
            return None
        if event.anchor is not None:
            self.problem(event, f"anchors (&{event.anchor}) are not allowed", "anchor")
        if event.tag is not None and event.tag != "!":
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(event, f"YAML tags ({tag}) are not allowed", "tag")
        if kind is _SCALAR:
            self.styles[path] = event.style or ""
            return _resolve_plain(event.value) if event.implicit[0] else event.value
        if kind is _SEQUENCE_START:
            items: list = []
            event = self.next()
            while type(event) is not _SEQUENCE_END:
                items.append(self.node(event, path + (len(items),)))
                event = self.next()
            return items
        return self.mapping(path)

    def mapping(self, path: Path) -> dict:
        result: dict = {}
        keys = self.keys
        event = self.next()
        while type(event) is not _MAPPING_END:
            if type(event) is not _SCALAR:
                self.problem(event, "a key must be a plain name", "syntax")
                self.node(event, path + ("?",))
                self.node(self.next(), path + ("?",))
                event = self.next()
                continue
            key = event.value
            mark = event.start_mark
            where = path + (key,)
            value = self.node(self.next(), where)
            if key in result:
                first = keys[where][0]
                msg = f"duplicate key '{key}' (first set on line {first})"
                problem = Problem(self.path, mark.line + 1, mark.column + 1, msg, "duplicate-key")
                self.out.problems.append(problem)
            else:
                result[key] = value
                keys[where] = (mark.line + 1, mark.column + 1)
            event = self.next()
        return result
