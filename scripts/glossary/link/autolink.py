"""Link the first mention of another concept's title or alias in an entry's text."""

import re
from collections.abc import Callable

_WORD = re.compile(r"[A-Za-z0-9]+")
_GAP = re.compile(
    r"[\s'’-]{0,2}"
)  # what may separate the words of a name: "Goodhart's", "Q-learning"
_SPLIT = re.compile(r"(<[^>]*>)")
_SKIP = {"a", "code", "pre"}  # never put a link inside a link or inside code


class Matcher:
    """Finds names (titles and aliases) in text by words, so its cost does not grow with names."""

    def __init__(self, names: dict[str, str]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name, slug in names.items():
            words = tuple(w.lower() for w in _WORD.findall(name))
            if words:
                self._by_first.setdefault(words[0], []).append((words, slug))
        for options in self._by_first.values():
            options.sort(key=lambda option: -len(option[0]))  # the longest name wins

    def find(self, text: str, wanted: Callable[[str], bool]) -> list[tuple[int, int, str]]:
        """(start, end, slug) of the first mention of each wanted concept in text."""
        # Words are compared first, all in C; positions are needed only where a name's words
        # match, which is rare, so they are found then.
        words = _words(text)
        spans: list[tuple[int, int]] = []
        found, seen, resume = [], set(), 0
        for i in [i for i, word in enumerate(words) if word in self._by_first]:
            if i < resume:
                continue
            for names, slug in self._by_first[words[i]]:
                if slug in seen or not wanted(slug) or not _same_words(words, i, names):
                    continue
                spans = spans or [m.span() for m in _WORD.finditer(text)]
                if all(_GAP.fullmatch(text[spans[j - 1][1] : spans[j][0]])
                       for j in range(i + 1, i + len(names))):  # fmt: skip
                    found.append((spans[i][0], spans[i + len(names) - 1][1], slug))
                    seen.add(slug)
                    resume = i + len(names)
                    break
        return found


def _words(text: str) -> list[str]:
    """The lower-cased words of text, in order."""
    if text.isascii():  # lower-casing keeps every offset and word boundary
        return _WORD.findall(text.lower())
    return [word.lower() for word in _WORD.findall(text)]


def _same_words(words: list[str], i: int, names: tuple[str, ...]) -> bool:
    """Do the words from i on spell the name, a plural allowed on its last word?"""
    if i + len(names) > len(words):
        return False
    *head, last = names
    word = words[i + len(head)]
    plural = word in (last, last + "s", last + "es")
    return plural and all(words[i + k] == name for k, name in enumerate(head))


def add_links(
    html: str, matcher: Matcher, wanted: Callable[[str], bool], url_for: Callable[[str], str]
) -> tuple[str, set[str]]:
    """Link the first wanted mention in html's text (outside links and code); return the targets."""
    parts = _SPLIT.split(html)
    depth = 0
    linked: set[str] = set()
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in _SKIP and not part.endswith("/>"):
                depth += -1 if part.startswith("</") else 1
            continue
        if depth or not part.strip():
            continue
        pieces, cursor = [], 0
        for start, end, slug in matcher.find(part, lambda s: wanted(s) and s not in linked):
            link = f'<a href="{url_for(slug)}" class="autolink">{part[start:end]}</a>'
            pieces += [part[cursor:start], link]
            cursor = end
            linked.add(slug)
        if pieces:
            parts[index] = "".join(pieces) + part[cursor:]
    return "".join(parts), linked
