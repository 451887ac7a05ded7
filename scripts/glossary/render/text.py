"""Contributed Markdown to safe HTML: concept links resolved, everything else sanitized."""

import re
from collections.abc import Callable

import cmarkgfm
import nh3

from glossary.check.scan import SAFE_SCHEMES, concept_link

_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "sub", "sup", "del",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "code": {"class"}, "th": {"align"}, "td": {"align"}}


# cmark, the C reference implementation of CommonMark (the Markdown authors know from GitHub),
# with GitHub's tables and ~~strikethrough~~: about eight times as fast as a pure-Python parser.
# Its default safe mode leaves raw HTML out and empties javascript: and data: link targets.
_EXTENSIONS = ["table", "strikethrough"]
# Only characters Python-Markdown unescapes after a backslash (its ESCAPED_CHARS, `|` from the
# tables extension); a backslash before any other is printed. `<` and `&` become entities instead.
# `-` and `.` are escapable too but only matter at a line's start, where this text never stands.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+!|])")
_HREF = re.compile(r'href="([^"]*)"')  # cmark writes every attribute in double quotes
# Built once: passing the allow-lists to nh3.clean on every call costs more than the cleaning.
_SANITIZER = nh3.Cleaner(
    tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=SAFE_SCHEMES, link_rel="noopener"
)


def render(text: str, url_for: Callable[[str], str]) -> str:
    """Markdown to sanitized HTML; `slug.md` links become `url_for(slug)`."""
    html = cmarkgfm.markdown_to_html_with_extensions(text, options=0, extensions=_EXTENSIONS)

    def concept_href(match: re.Match) -> str:
        link = concept_link(match.group(1))
        return f'href="{url_for(link[0])}{link[1]}"' if link else match.group(0)

    # Sanitized as well, so that a gap in the renderer's own escaping cannot reach a page.
    return _SANITIZER.clean(_HREF.sub(concept_href, html.rstrip("\n")))


def md_escape(text: str) -> str:
    """Text that Markdown shows literally (for titles and summaries inside links)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
