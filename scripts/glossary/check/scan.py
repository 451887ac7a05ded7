"""Contributed Markdown: find what an author linked or embedded (raw HTML, link targets)."""

import re
from dataclasses import dataclass

TEXT_FIELDS = ("lead", "definition", "analogy", "example", "why_it_matters")

# Code is shown literally, so markup inside code spans and fenced blocks is not markup.
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONCEPT_LINK = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#[A-Za-z0-9_-]+)?$")
SAFE_SCHEMES = {"http", "https", "mailto"}
# What scan looks for: (pattern, kind, group of the value, text every match contains), in the
# order findings at the same spot are reported.
_SCANS = (
    (_HTML_TAG, "html", 0, "<"),
    (_INLINE_LINK, "link", 1, "]("),
    (_REF_DEF, "link", 1, "]:"),
    (_AUTOLINK, "link", 1, "<"),
)


@dataclass(frozen=True)
class Finding:
    """Something noteworthy in a Markdown field, at a 0-based line of the field's text."""

    kind: str  # "html", "link"
    value: str
    line: int
    col: int  # 0-based, within that line


def _blank_code(text: str) -> str:
    """Replace code with spaces, keeping line breaks, so offsets still map to lines."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    # Most fields hold no code; the patterns would otherwise try a match at every character.
    if "`" not in text and "~" not in text:
        return text  # one-character checks: quicker than the three-character ones below
    if "```" in text or "~~~" in text:
        text = _FENCE.sub(blank, text)
    if "`" in text:
        text = _CODE_SPAN.sub(blank, text)
    return text


def scan(text: str) -> list[Finding]:
    """Raw HTML and link targets in a Markdown text, outside code."""
    plain = _blank_code(text)
    found = []
    for pattern, kind, group, needed in _SCANS:
        if needed not in plain:  # cheap: a pattern cannot match without its literal part
            continue
        for match in pattern.finditer(plain):
            start = match.start(group)
            line = plain.count("\n", 0, start)
            col = start - (plain.rfind("\n", 0, start) + 1)
            found.append(Finding(kind, match.group(group), line, col))
    return sorted(found, key=lambda f: (f.line, f.col))


def link_scheme(target: str) -> str | None:
    """The URL scheme of a link target ('https', 'javascript'), or None for a relative link."""
    match = _SCHEME.match(target.strip())
    return match.group(1).lower() if match else None


def concept_link(target: str) -> tuple[str, str] | None:
    """(slug, anchor) when the target is a link to another concept written as `slug.md`."""
    match = _CONCEPT_LINK.match(target)
    return (match.group(1), match.group(2) or "") if match else None
