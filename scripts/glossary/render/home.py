"""The home page: the hand-written intro (docs/index.md) with a search box under its title, then
sections generated from the entries: the tracks, a few learning paths, the newest entries and a
featured demo."""

from collections import defaultdict
from collections.abc import Mapping

from glossary.link.model import SiteModel
from glossary.load.entry import Concept
from glossary.render.cite import long_date
from glossary.render.indexes import LEVELS
from glossary.render.page import prerequisite_chain, reading_minutes, track_anchor
from glossary.render.result_card import result_card
from glossary.render.text import md_escape
from glossary.run.demos import DemoRun

# Each learning path ends at one concept and walks its prerequisites first. One missing from
# the corpus is left out.
LEARNING_PATHS = (
    ("Why a capable agent chases the wrong goal", "goal-misgeneralization"),
    ("When optimizing a learned reward backfires", "reward-model-overoptimization"),
    ("Reading the features inside a network", "sparse-autoencoders"),
)
FEATURED_DEMO = "goal_misgeneralization_maze"
RECENT_COUNT = 6


def search_box(concepts: int) -> str:
    """The home page's large search box, the same widget as the header's smaller one
    (docs/overrides/partials/site-search.html), which docs/assets/search.js makes work."""
    return (
        '<div class="site-search site-search--home" role="search">'
        '<input type="search" id="home-search" class="site-search__input" data-site-search'
        f' placeholder="Search {_plural(concepts, "concept")}, their demos and these guides"'
        ' aria-label="Search the glossary" aria-keyshortcuts="/"'
        ' aria-controls="home-search-results" autocomplete="off" spellcheck="false">'
        '<span class="site-search__status" role="status"></span>'
        '<div id="home-search-results" class="site-search__results"'
        " data-site-search-results hidden></div></div>"
    )


def after_title(markdown: str, block: str) -> str:
    """markdown with block after its title (its first `# ` line past the front matter), or at
    its end if it has none."""
    lines = markdown.rstrip("\n").split("\n")
    start = lines.index("---", 1) + 1 if lines[0] == "---" and "---" in lines[1:] else 0
    title = next((i for i in range(start, len(lines)) if lines[i].startswith("# ")), None)
    at = len(lines) if title is None else title + 1
    return "\n".join([*lines[:at], "", block, "", *lines[at:]]).rstrip("\n")


def _link(concept: Concept) -> str:
    return f"[{md_escape(concept.title)}](concepts/{concept.slug}.md)"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def track_description(members: list[Concept]) -> str:
    """One line on a track: its size and its range, from its most basic concept to its most
    advanced (level first, then title)."""
    ranked = sorted(members, key=lambda c: (LEVELS.index(c.level), c.title.casefold()))
    size = _plural(len(ranked), "concept")
    if len(ranked) == 1:
        return f"{size}: {_link(ranked[0])}."
    return f"{size}, from {_link(ranked[0])} to {_link(ranked[-1])}."


def learning_path(goal: Concept, concepts: dict[str, Concept]) -> list[Concept]:
    """The goal's prerequisites, each after what it needs, then the goal."""
    return [*prerequisite_chain(goal, concepts), goal]


def recently_added(concepts, count: int = RECENT_COUNT) -> list[Concept]:
    """The newest entries by date added, ties by title."""
    by_title = sorted(concepts, key=lambda c: c.title.casefold())
    return sorted(by_title, key=lambda c: c.added, reverse=True)[:count]


def home_page(
    model: SiteModel,
    intro: str,
    runs: Mapping[str, DemoRun],
    paths: tuple[tuple[str, str], ...] = LEARNING_PATHS,
    featured: str = FEATURED_DEMO,
) -> str:
    """Markdown of index.md: intro (with its front matter) followed by the generated sections."""
    concepts = model.corpus.concepts
    by_track: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts.values():
        by_track[concept.track].append(concept)
    # Search front and centre: right under the title.
    lines = [after_title(intro, search_box(len(concepts))), "", "## Tracks", ""]
    for track in model.tracks:
        href = f"concepts/index.md#{track_anchor(track)}"
        lines.append(f"- **[{md_escape(track)}]({href})**: {track_description(by_track[track])}")
    lines.append("")
    chosen = [(name, concepts[slug]) for name, slug in paths if slug in concepts]
    if chosen:
        lines += ["## Learning paths", "", "Each path reads in order: every page comes after"
                  " the ones it builds on.", ""]  # fmt: skip
        for name, goal in chosen:
            steps = learning_path(goal, concepts)
            minutes = sum(reading_minutes(c) for c in steps)
            lines += [
                f"### {md_escape(name)}",
                "",
                f"{_plural(len(steps), 'page')}, about {minutes} min of reading.",
                "",
                *(f"{n}. {_link(c)}" for n, c in enumerate(steps, 1)),
                "",
            ]
    lines += ["## Recently added", ""]
    for concept in recently_added(concepts.values()):
        lines.append(
            f"- {_link(concept)} (added {long_date(concept.added)}): {md_escape(concept.summary)}"
        )
    lines.append("")
    demo = model.corpus.demos.get(featured)
    if demo is not None and featured in runs:
        lines += ["## Featured demo", "", *result_card(demo, runs[featured], ""), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
