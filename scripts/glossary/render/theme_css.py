"""The theme's main stylesheet cut down to the rules whose names the site uses.

Material's main.css (about 135 KB, half of a first visit) styles every feature the theme offers:
content tabs, annotations, task lists, diagrams, and more that this site never shows. A rule stays
when one of its selectors names only classes and element types that occur somewhere in the site:
in a written page (content and the theme's frame around it), or in a script, which may add them
while a reader uses the page. Combinators, attributes, ids and states are not judged, so the
result is a superset of what any page needs: it errs on keeping.
"""

import functools
import hashlib
import re
from collections.abc import Iterable

import tinycss2
from tinycss2.ast import LiteralToken

_NESTED = {"media", "supports"}  # blocks judged rule by rule; any other at-rule is kept whole
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_TAG = re.compile(r"<([a-zA-Z][\w-]*)")
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE_TEST = re.compile(r"\[[^\]]*\]")  # its value may hold dots that are not classes
_PSEUDO = re.compile(r"::?[a-zA-Z-]+")  # :hover, ::before, :is( ...: not element names
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ID = re.compile(r"#[\w-]+")
_TYPE = re.compile(r"(?:^|[\s>+~(,])([a-zA-Z][a-zA-Z0-9]*)")
_ALWAYS = {"html", "body"}


def page_names(html: str) -> set[str]:
    """The classes and element names a page's HTML uses, and every word of its inline scripts
    (they may add names while a reader uses the page)."""
    names = {tag.lower() for tag in set(_TAG.findall(html))}  # a page repeats most of its tags
    for value in set(_CLASS_ATTRIBUTE.findall(html)):
        names.update(value.split())
    for script in set(_INLINE_SCRIPT.findall(html)):
        names |= _inline_script_words(script)
    return names


@functools.lru_cache(maxsize=64)  # every page of a site repeats the same few scripts
def _inline_script_words(script: str) -> frozenset[str]:
    return frozenset(_WORD.findall(script))


def source_words(text: str) -> set[str]:
    """Every word of a script: any of them may be a class it puts on a page."""
    return set(_WORD.findall(text))


def _selectors(prelude: list) -> Iterable[str]:
    """The selectors of a rule's comma-separated list (commas inside :is(...) stay inside)."""
    group: list = []
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            yield tinycss2.serialize(group)
            group = []
        else:
            group.append(token)
    yield tinycss2.serialize(group)


def _names_used(selector: str, names: set[str]) -> bool:
    """Every class and element type the selector names occurs in the site."""
    text = _PSEUDO.sub("", _ATTRIBUTE_TEST.sub("", selector))
    if any(name not in names for name in _CLASS.findall(text)):
        return False
    bare = _ID.sub("", _CLASS.sub("", text))
    types = (t.lower() for t in _TYPE.findall(" " + bare))
    return all(t in names or t in _ALWAYS for t in types)


def _kept(rules: list, names: set[str]) -> list[str]:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if any(_names_used(s, names) for s in _selectors(rule.prelude)):
                kept.append(tinycss2.serialize([rule]))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTED and rule.content:
            inner = tinycss2.parse_blocks_contents(rule.content, True, True)
            body = _kept(inner, names)
            if body:
                head = tinycss2.serialize(rule.prelude).strip()
                kept.append(f"@{rule.at_keyword} {head}{{{''.join(body)}}}")
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def used_rules(css: str, names: set[str]) -> str:
    """The rules of css whose selectors name only classes and elements among `names`."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_kept(rules, names))


def stylesheet_path(css: str) -> str:
    """Where the cut stylesheet is served: named by its content, so no browser keeps a stale
    copy after the site changes."""
    return f"assets/stylesheets/main-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
