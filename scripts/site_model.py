"""Everything the pages need that depends on the whole corpus, computed once per build."""

from dataclasses import dataclass

from autolink import Matcher, add_links

from corpus import Corpus
from markdown_text import TEXT_FIELDS, concept_link, render, scan


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

    def track_number(self, track: str) -> int:
        """A small stable number per track, for its colour class."""
        return self.tracks.index(track) % 8


def build_model(corpus: Corpus) -> SiteModel:
    """Render every entry's text once, link first mentions, and invert the links."""
    names: dict[str, str] = {}
    for slug, concept in corpus.concepts.items():
        for name in [concept.title, *concept.aliases]:
            names.setdefault(name, slug)
    matcher = Matcher(names)
    html: dict[str, dict[str, str]] = {}
    mentions: dict[str, set[str]] = {}
    for slug, concept in corpus.concepts.items():
        written = {
            link[0]
            for field in TEXT_FIELDS
            for finding in scan(getattr(concept, field))
            if finding.kind == "link" and (link := concept_link(finding.value))
        }
        linked = set(written)

        def wanted(other: str, slug=slug, linked=linked) -> bool:
            return other != slug and other not in linked

        html[slug] = {}
        for field in TEXT_FIELDS:
            rendered = render(getattr(concept, field), concept_url_from_concept)
            if concept.autolink:
                rendered, added = add_links(rendered, matcher, wanted, concept_url_from_concept)
                linked |= added
            html[slug][field] = rendered
        mentions[slug] = linked & set(corpus.concepts)
    referrers: dict[str, set[str]] = {slug: set() for slug in corpus.concepts}
    for slug, concept in corpus.concepts.items():
        for target in set(concept.related) | set(concept.prerequisites) | mentions[slug]:
            if target in referrers and target != slug:
                referrers[target].add(slug)
    by_title = lambda s: corpus.concepts[s].title.casefold()  # noqa: E731
    backlinks = {slug: sorted(refs, key=by_title) for slug, refs in referrers.items()}
    tracks = sorted({c.track for c in corpus.concepts.values()}, key=str.casefold)
    return SiteModel(corpus, html, mentions, backlinks, tracks)
