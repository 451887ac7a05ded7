"""Contributed Markdown: find what an author linked or embedded, and render it safely to HTML."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

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

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "sub", "sup", "del",
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

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


def scan(text: str) -> list[Finding]:
    """Raw HTML and link targets in a Markdown text, outside code."""
    plain = _blank_code(text)
    found = []
    patterns = ((_HTML_TAG, "html", 0), (_INLINE_LINK, "link", 1), (_REF_DEF, "link", 1))
    for pattern, kind, group in patterns + ((_AUTOLINK, "link", 1),):
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


class _ConceptLinks(Treeprocessor):
    """Point `slug.md` links at the concept's page URL."""

    url_for: Callable[[str], str] = staticmethod(lambda slug: f"{slug}.md")

    def run(self, root):
        for anchor in root.iter("a"):
            link = concept_link(anchor.get("href", ""))
            if link:
                anchor.set("href", self.url_for(link[0]) + link[1])


@lru_cache(maxsize=1)
def _markdown() -> tuple[markdown.Markdown, _ConceptLinks]:
    """One converter, reused: building a Markdown instance costs more than converting a field."""
    md = markdown.Markdown(extensions=["sane_lists", "fenced_code", "tables"])
    # Raw HTML is never markup here: without these two, `<script>` is kept as visible text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    links = _ConceptLinks(md)
    md.treeprocessors.register(links, "concept_links", 1)
    return md, links


def render(text: str, url_for: Callable[[str], str]) -> str:
    """Markdown to sanitized HTML; `slug.md` links become `url_for(slug)`."""
    md, links = _markdown()
    links.url_for = url_for
    html = md.reset().convert(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener",
    )
