"""The demo pages' stylesheet cut down to the rules those pages can use.

nbconvert ships JupyterLab's whole stylesheet (about 590 KB: toolbars, file browser, dialogs,
widgets); a static notebook page uses a few percent of it. A rule stays when one of its selectors
can match an element of some demo page. Whatever the pages' HTML cannot settle is kept: a rule is
only dropped when no page, in any state a reader or a script can put it in, has an element for it.
"""

import hashlib
from collections.abc import Iterable, Mapping
from html import escape
from html.parser import HTMLParser

import soupsieve
import tinycss2
from bs4 import BeautifulSoup
from tinycss2.ast import (
    FunctionBlock,
    HashToken,
    IdentToken,
    LiteralToken,
    SquareBracketsBlock,
    WhitespaceToken,
)

# Blocks whose rules are judged one by one; any other at-rule (@font-face, @keyframes, @import,
# @charset, @page...) is kept whole.
_NESTED = {"media", "supports"}

# Stands in for a test the pages' HTML cannot settle: any element passes it.
_ANY = ":is(*)"

# Pseudo-classes that depend only on an element's tag, attributes and ancestors, which the pages
# settle. The others are taken as holding: state a reader changes (:hover, :focus, :checked),
# position among siblings, content and :has() (the merged pages below keep neither order nor
# text), the document's language.
_JUDGED = {"root"}
_JUDGED_FUNCTIONS = {"is", "where", "matches", "not"}

# Classes of the theme (Material for MkDocs), around the page or added by its scripts, such as
# the .md-typeset__scrollwrap a table gets wrapped in: not in the HTML given here, so kept.
_THEME_CLASS = "md-"

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


def stylesheet_path(css: str) -> str:
    """The site path the demo pages' stylesheet is served under, named by its content so that a
    browser never keeps an outdated copy."""
    return f"assets/notebook-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"


def used_rules(css: str, pages: Iterable[str]) -> str:
    """The rules of `css` that can apply to `pages` (HTML fragments, each shown in a page body),
    in their order, plus every at-rule that cannot be judged; @media and @supports blocks keep
    only their used rules and are dropped when none is left. Deterministic: the same input gives
    the same text."""
    matcher = _Matcher(pages)
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "\n".join(_kept(rules, matcher))


def _kept(rules: list, matcher: "_Matcher") -> list[str]:
    kept = []
    for rule in rules:
        # A parse error is dropped: the browser ignores that text as well.
        if rule.type == "qualified-rule" and matcher.any_applies(rule.prelude):
            kept.append(tinycss2.serialize([rule]))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTED and rule.content:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            used = _kept(inner, matcher)
            if used:
                prelude = tinycss2.serialize(rule.prelude)
                kept.append(f"@{rule.at_keyword}{prelude}{{{''.join(used)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    # A rule repeated word for word later on is overridden by that repeat wherever it applies.
    last = {text: position for position, text in enumerate(kept)}
    return [text for position, text in enumerate(kept) if last[text] == position]


class _Matcher:
    """Judges selectors against the pages, remembering each verdict (selectors repeat)."""

    def __init__(self, pages: Iterable[str]):
        skeleton = _Skeleton()
        for page in pages:
            skeleton.add(page)
        self.soup = BeautifulSoup(skeleton.html(), "html.parser")
        self.classes, self.ids = skeleton.classes, skeleton.ids
        self.verdicts: dict[str, bool] = {}

    def any_applies(self, prelude: list) -> bool:
        """Whether some selector in this comma-separated list can apply to a page."""
        return any(self.applies(selector) for selector in _split(prelude, ","))

    def applies(self, selector: list) -> bool:
        """Whether the selector can apply to some element of some page."""
        key = tinycss2.serialize(selector).strip()
        if key not in self.verdicts:
            self.verdicts[key] = self._judge(selector)
        return self.verdicts[key]

    def _judge(self, selector: list) -> bool:
        classes, ids = _required(selector)
        if any(name.startswith(_THEME_CLASS) for name in classes):
            return True
        if not (classes <= self.classes and ids <= self.ids):
            return False  # the cheap test: a class or id no page has
        try:
            compiled = soupsieve.compile(_loosened(selector)[0])
        except Exception:  # parse errors vary (SelectorSyntaxError, ValueError, IndexError...)
            return True  # a selector this cannot read is kept
        return compiled.select_one(self.soup) is not None


class _Skeleton(HTMLParser):
    """Every page's elements merged into one tree, without text: one element for each distinct
    path of (tag, class) from the body. Whether an element matches a selector made of types,
    classes and descendant or child combinators depends only on that path, so such a selector
    matches the tree exactly when it matches a page; and the tree has a few hundred elements
    where the pages have tens of thousands (each highlighted token of each code cell is one)."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.tree: dict = {}  # (tag, class) -> the same for its children
        self.open: list[tuple[str, dict]] = []
        self.classes: set[str] = set()
        self.ids: set[str] = set()

    def add(self, page: str) -> None:
        """Merge one page's elements into the tree."""
        self.open = [("body", self.tree)]
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        # Only the class counts: attribute tests are taken as holding, and ids only checked to
        # exist (unique ids would keep every cell of every notebook apart).
        classes = attributes.get("class") or ""
        children = self.open[-1][1].setdefault((tag, classes), {})
        self.classes.update(classes.split())
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag not in _VOID:
            self.open.append((tag, children))

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open element, as HTML parsers do; a stray end tag is ignored.
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def html(self) -> str:
        """The merged tree as one HTML document, its elements in a deterministic order."""
        return f"<html><body>{_elements(self.tree)}</body></html>"


def _elements(tree: dict) -> str:
    parts = []
    for (tag, classes), children in sorted(tree.items()):
        attrs = f' class="{escape(classes)}"' if classes else ""
        end = "" if tag in _VOID else f"{_elements(children)}</{tag}>"
        parts.append(f"<{tag}{attrs}>{end}")
    return "".join(parts)


def _split(tokens: list, separator: str) -> list[list]:
    """The token list split at its top-level `separator` literals."""
    parts = [[]]
    for token in tokens:
        if isinstance(token, LiteralToken) and token.value == separator:
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _required(selector: list) -> tuple[set[str], set[str]]:
    """The classes and ids every element a selector matches, or one of its ancestors or
    siblings, must have: those written outside pseudo-classes."""
    classes, ids = set(), set()
    for token, following in zip(selector, selector[1:] + [None], strict=True):
        if _is(token, ".") and isinstance(following, IdentToken):
            classes.add(following.value)
        elif isinstance(token, HashToken) and token.is_identifier:
            ids.add(token.value)
    return classes, ids


def _is(token, literal: str) -> bool:
    return isinstance(token, LiteralToken) and token.value == literal


def _loosened(selector: list) -> tuple[str, bool]:
    """The selector, as text, with each test the pages cannot settle replaced by one any element
    passes; and whether it is unchanged (so that its matches on the merged tree are exact)."""
    compounds, combinators = _compounds(selector)
    loose = [_loosened_compound(compound) for compound in compounds]
    exact = all(same for _, same in loose)
    texts = [text for text, _ in loose]
    # The merged tree keeps no order among siblings: `A + B` and `A ~ B` become "a B whose parent
    # has an A child", which every real match also is.
    last = max((i for i, c in enumerate(combinators) if c in "+~"), default=None)
    if last is None:
        return _joined(texts, combinators), exact
    tail = _joined(texts[last + 1 :], combinators[last + 1 :])
    return f":has(> {texts[last]}) > {tail}", False


def _joined(texts: list[str], combinators: list[str]) -> str:
    parts = [texts[0]]
    for combinator, text in zip(combinators, texts[1:], strict=True):
        parts.append(" " if combinator == " " else f" {combinator} ")
        parts.append(text)
    return "".join(parts)


def _compounds(selector: list) -> tuple[list[list], list[str]]:
    """A complex selector's compound selectors and the combinators between them."""
    compounds, combinators = [[]], []
    pending = None  # a combinator seen since the last compound ended
    for token in selector:
        if isinstance(token, WhitespaceToken):
            if compounds[-1] and pending is None:
                pending = " "
        elif isinstance(token, LiteralToken) and token.value in (">", "+", "~"):
            pending = token.value
        else:
            if pending is not None and compounds[-1]:
                combinators.append(pending)
                compounds.append([])
            elif pending is not None:
                compounds[-1].append(LiteralToken(0, 0, pending))  # invalid: left for soupsieve
            pending = None
            compounds[-1].append(token)
    return compounds, combinators


def _loosened_compound(compound: list) -> tuple[str, bool]:
    parts, exact = [], True
    position = 0
    while position < len(compound):
        token = compound[position]
        if isinstance(token, (SquareBracketsBlock, HashToken)):
            # Attributes change in the browser: the colour scheme's on <body>, a <details>' open.
            # An id was checked to exist on some page.
            parts.append(_ANY)
            exact = False
        elif _is(token, ":"):
            element = position + 1 < len(compound) and _is(compound[position + 1], ":")
            position += 1 + element
            name = compound[position] if position < len(compound) else None
            text, same = _pseudo(name) if not element else (_ANY, False)
            parts.append(text)
            exact = exact and same
        else:
            parts.append(tinycss2.serialize([token]))
        position += 1
    return "".join(parts), exact


def _pseudo(name) -> tuple[str, bool]:
    """A pseudo-class as the merged tree can judge it, and whether it judges it exactly."""
    if isinstance(name, IdentToken) and name.lower_value in _JUDGED:
        return f":{name.value}", True
    if not (isinstance(name, FunctionBlock) and name.lower_name in _JUDGED_FUNCTIONS):
        return _ANY, False
    loose = [_loosened(selector) for selector in _split(name.arguments, ",")]
    exact = all(same for _, same in loose)
    if name.lower_name == "not" and not exact:
        return _ANY, False  # loosening inside a negation would narrow it
    return f":{name.name}({', '.join(text.strip() for text, _ in loose)})", exact


def shared_stylesheets(pages: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """For each demo page (name -> (the CSS nbconvert gave it, its HTML)), the stylesheet it
    links, as (site path, CSS): the rules of its CSS that some page given the same CSS uses."""
    groups: dict[str, list[str]] = {}
    for name in sorted(pages):
        groups.setdefault(pages[name][0], []).append(name)
    sheets = {}
    for css, names in groups.items():
        used = used_rules(css, [pages[name][1] for name in names])
        sheets.update(dict.fromkeys(names, (stylesheet_path(used), used)))
    return sheets
