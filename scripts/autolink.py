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
        tokens = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
        found, seen, i = [], set(), 0
        while i < len(tokens):
            match = self._match_at(text, tokens, i, wanted, seen)
            if match:
                length, slug = match
                found.append((tokens[i][0], tokens[i + length - 1][1], slug))
                seen.add(slug)
                i += length
            else:
                i += 1
        return found

    def _match_at(self, text, tokens, i, wanted, seen):
        for words, slug in self._by_first.get(tokens[i][2], ()):
            if slug in seen or not wanted(slug) or i + len(words) > len(tokens):
                continue
            if all(_same(text, tokens, i, k, words) for k in range(len(words))):
                return len(words), slug
        return None


def _same(text: str, tokens: list, i: int, k: int, words: tuple[str, ...]) -> bool:
    """Does the k-th word of a name match the text's (i + k)-th word, plural allowed at the end?"""
    word = tokens[i + k][2]
    last = k == len(words) - 1
    if word != words[k] and not (last and word in (words[k] + "s", words[k] + "es")):
        return False
    return k == 0 or bool(_GAP.fullmatch(text[tokens[i + k - 1][1] : tokens[i + k][0]]))


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
