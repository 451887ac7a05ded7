"""Contributed Markdown: find what an author linked or embedded, and render it safely to HTML."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

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

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "sub", "sup", "del", "s",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}}


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


def _table_alignment(state) -> None:
    """Write table cell alignment as `align`, which the sanitizer keeps, instead of `style`."""
    for token in state.tokens:
        style = token.attrs.pop("style", None) if token.type in ("th_open", "td_open") else None
        if style:
            token.attrs["align"] = style.removeprefix("text-align:")


def _concept_links(state) -> None:
    """Point `slug.md` links at the concept's page URL given by the caller."""
    url_for = state.env["url_for"]
    for block in state.tokens:
        for token in block.children or ():
            link = concept_link(token.attrs.get("href", "")) if token.type == "link_open" else None
            if link:
                token.attrs["href"] = url_for(link[0]) + link[1]


# CommonMark, as authors know it from GitHub, plus tables and ~~strikethrough~~. Raw HTML is off,
# so `<script>` stays visible text; markdown-it also refuses javascript: and data: link targets.
_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_MD.core.ruler.push("table_alignment", _table_alignment)
_MD.core.ruler.push("concept_links", _concept_links)
# Built once: passing the allow-lists to nh3.clean on every call costs more than the cleaning.
_SANITIZER = nh3.Cleaner(
    tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=SAFE_SCHEMES, link_rel="noopener"
)


# Most fields are plain prose: no character that could start inline markup, and no line that
# could start a block (list, quote, heading underline, indented code). Such text renders to its
# paragraphs, escaped, exactly as the parser would render it (a test checks that), only faster.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<>&~|#\t\r\0]")
_BLOCK_MARKUP = re.compile(r"^(?:[-+*>=0-9]|[^\S\n])|[^\S\n]$", re.M)


def plain_paragraphs(text: str) -> str | None:
    """The HTML of text that has no Markdown syntax at all, or None when it may have some."""
    if _INLINE_MARKUP.search(text) or _BLOCK_MARKUP.search(text):
        return None
    paragraphs = re.split(r"\n\n+", text.strip("\n"))
    return "\n".join("<p>" + p.replace('"', "&quot;") + "</p>" for p in paragraphs if p)


def render(text: str, url_for: Callable[[str], str]) -> str:
    """Markdown to sanitized HTML; `slug.md` links become `url_for(slug)`."""
    html = plain_paragraphs(text)
    if html is None:
        html = _MD.render(text, {"url_for": url_for}).rstrip("\n")
    # Sanitized as well, so that a gap in the renderer's own escaping cannot reach a page.
    return _SANITIZER.clean(html)
