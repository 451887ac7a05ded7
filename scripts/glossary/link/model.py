"""Everything the pages need that depends on the whole corpus, computed once per build."""

from dataclasses import dataclass, field

from glossary.check.rules import text_links
from glossary.check.scan import TEXT_FIELDS
from glossary.link.autolink import Matcher, add_links
from glossary.load.entry import Corpus
from glossary.render.text import render


def concept_url_from_concept(slug: str) -> str:
    """Relative URL from one concept page to another (directory URLs)."""
    return f"../{slug}/"


@dataclass
class SiteModel:
    """The corpus plus its rendered text, the links between concepts, and track colours."""

    corpus: Corpus
    html: dict[str, dict[str, str]]  # slug -> text field -> sanitized HTML
    mentions: dict[str, set[str]]  # slug -> concepts its text links to (written or automatic)
    backlinks: dict[str, list[str]]  # slug -> concepts that relate to it or mention it
    tracks: list[str]  # sorted; a track's position picks its colour
    names: dict[str, str] = field(default_factory=dict)  # title or alias -> slug, for autolinks

    def track_number(self, track: str) -> int:
        """A small stable number per track, for its colour class."""
        return self.tracks.index(track) % 8


def _same_text(one, other) -> bool:
    """Would these two entries' text render and autolink the same?"""
    fields = (*TEXT_FIELDS, "autolink")
    return all(getattr(one, f) == getattr(other, f) for f in fields)


def build_model(corpus: Corpus, previous: "SiteModel | None" = None) -> SiteModel:
    """Render every entry's text once, link first mentions, and invert the links.

    With the model of the previous build (live reload), an entry whose text is unchanged keeps
    its HTML when every title and alias in the corpus is unchanged too.
    """
    names: dict[str, str] = {}
    for slug, concept in corpus.concepts.items():
        for name in [concept.title, *concept.aliases]:
            names.setdefault(name, slug)
    reusable = previous is not None and previous.names == names
    matcher = Matcher(names)
    html: dict[str, dict[str, str]] = {}
    mentions: dict[str, set[str]] = {}
    known = set(corpus.concepts)
    for slug, concept in corpus.concepts.items():
        before = previous.corpus.concepts.get(slug) if reusable else None
        if before is not None and _same_text(before, concept):
            html[slug], mentions[slug] = previous.html[slug], previous.mentions[slug]
            continue
        linked = {target for target, _, _ in text_links(concept)}

        def wanted(other: str, slug=slug, linked=linked) -> bool:
            return other != slug and other not in linked

        html[slug] = {}
        for name in TEXT_FIELDS:
            rendered = render(getattr(concept, name), concept_url_from_concept)
            if concept.autolink:
                rendered, added = add_links(rendered, matcher, wanted, concept_url_from_concept)
                linked |= added
            html[slug][name] = rendered
        mentions[slug] = linked & known
    referrers: dict[str, set[str]] = {slug: set() for slug in corpus.concepts}
    for slug, concept in corpus.concepts.items():
        for target in set(concept.related) | set(concept.prerequisites) | mentions[slug]:
            if target in referrers and target != slug:
                referrers[target].add(slug)
    by_title = lambda s: corpus.concepts[s].title.casefold()  # noqa: E731
    backlinks = {slug: sorted(refs, key=by_title) for slug, refs in referrers.items()}
    tracks = sorted({c.track for c in corpus.concepts.values()}, key=str.casefold)
    return SiteModel(corpus, html, mentions, backlinks, tracks, names)
