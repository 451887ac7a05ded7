"""The generated listing pages: the concepts index, tag pages and the demos index."""

import html
from collections import defaultdict

from glossary.link.model import SiteModel
from glossary.load.entry import Concept
from glossary.render.text import md_escape

LEVELS = ("foundational", "intermediate", "advanced")
FILTER_BOX = (
    '<div class="concept-filter"><label for="concept-filter">Filter concepts</label> '
    '<input type="search" id="concept-filter" placeholder="Type a word, e.g. reward" '
    'autocomplete="off"> <span id="concept-filter-count" aria-live="polite"></span></div>'
)


def _list(concepts: list[Concept], prefix: str, summary: bool = True) -> list[str]:
    """A list of links to concept pages, as HTML: on a long listing, Python-Markdown takes about
    three times as long over the same list written in Markdown. `prefix` leads to concepts/."""
    items = [
        f'<li><a href="{prefix}{c.slug}/">{html.escape(c.title, quote=False)}</a>'
        + (f" — {html.escape(c.summary, quote=False)}" if summary else "")
        + "</li>"
        for c in concepts
    ]
    return ["<ul>", *items, "</ul>"]


def _by_title(concepts) -> list[Concept]:
    return sorted(concepts, key=lambda c: c.title.casefold())


def concepts_index(model: SiteModel) -> str:
    """Markdown of concepts/index.md: every concept by track, by level and A–Z, filterable."""
    concepts = _by_title(model.corpus.concepts.values())
    by_track: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        by_track[concept.track].append(concept)
    lines = [
        "---",
        "title: Concepts",
        "description: Every concept in the glossary, by track, by level, by tag and from A to Z.",
        # A table of contents listing every track, level and tag would put dozens of links
        # between a keyboard user and the filter box.
        "hide:",
        "  - toc",
        # It repeats every title and summary: in search results it would stand above the very
        # pages it lists, and indexing it costs more than any concept page. (The theme override
        # docs/overrides/main.html keeps pages with `search: exclude` out of the index.)
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Concepts",
        "",
        f"{len(concepts)} concepts in {len(by_track)} tracks. Each page explains one idea in plain"
        " language and links a demo you can run on your own CPU. Browse by track, by level,"
        " [by tag](../tags/index.md), from A to Z, or as a [graph](../graph.md).",
        "",
        FILTER_BOX,
        "",
        "## By track",
        "",
    ]
    for track in model.tracks:
        lines += [f"### {md_escape(track)}", ""]
        lines += _list(by_track[track], "")
        lines.append("")
    lines += ["## By level", ""]
    for level in LEVELS:
        members = [c for c in concepts if c.level == level]
        lines += [f"### {level.capitalize()} {{ #level-{level} }}", ""]
        lines += (
            _list(members, "", summary=False) if members else ["No concepts at this level yet."]
        )
        lines.append("")
    lines += ["## By tag", ""]
    for tag, members in tag_counts(model).items():
        lines += [f"### [\\#{tag}](../tags/{tag}.md) {{ #tag-{tag} }}", ""]
        lines += _list(members, "", summary=False)
        lines.append("")
    lines += ["## A–Z", ""]
    lines += _list(concepts, "", summary=False)
    return "\n".join(lines) + "\n"


def tag_counts(model: SiteModel) -> dict[str, list[Concept]]:
    """Each tag with its concepts, tags sorted by name."""
    tags: dict[str, list[Concept]] = defaultdict(list)
    for concept in _by_title(model.corpus.concepts.values()):
        for tag in concept.tags:
            tags[tag].append(concept)
    return dict(sorted(tags.items()))


def tags_index(model: SiteModel) -> str:
    """Markdown of tags/index.md: every tag with its concept count."""
    lines = [
        "---",
        "title: Tags",
        "description: Every tag in the glossary.",
        # A list of tag names, which the concept pages carry too: nothing to search for here.
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Tags",
        "",
    ]
    for tag, members in tag_counts(model).items():
        lines.append(f"- [#{tag}]({tag}.md) ({len(members)})")
    return "\n".join(lines) + "\n"


def tag_page(tag: str, members: list[Concept]) -> str:
    """Markdown of tags/<tag>.md: the concepts carrying the tag."""
    # Tag pages repeat summaries; kept out of search so that a concept's own page ranks first.
    lines = ["---", f'title: "#{tag}"', f"description: Concepts tagged {tag}.", "search:",
             "  exclude: true", "---", ""]  # fmt: skip
    lines += ["[← All tags](index.md)", "", f"# #{tag}", ""]
    lines += _list(members, "../../concepts/")
    return "\n".join(lines) + "\n"


def demos_index(model: SiteModel) -> str:
    """Markdown of demos/index.md: every demo with its claim and the concepts it shows."""
    users: dict[str, list[Concept]] = defaultdict(list)
    for concept in _by_title(model.corpus.concepts.values()):
        for name in concept.demos:
            users[name].append(concept)
    lines = [
        "---",
        "title: Demos",
        "description: Runnable minimal experiments, one per idea, each checked by the test suite.",
        "---",
        "",
        "# Demos",
        "",
        "Each demo is one Python file that runs in seconds on a laptop CPU. Its claim is"
        " checked on several random seeds by the test suite, and the page shows its real output.",
        "Run one with `python examples/<name>.py` after `make install`.",
        "",
    ]
    demos = sorted(model.corpus.demos.items(), key=lambda kv: kv[1].title.casefold())
    for name, demo in demos:
        lines += [f"## [{md_escape(demo.title)}](../examples/{name}.ipynb)", ""]
        if demo.claim:
            lines += [f"**Claim:** {md_escape(demo.claim)}", ""]
        shown = ", ".join(f"[{md_escape(c.title)}](../concepts/{c.slug}.md)" for c in users[name])
        lines += [
            f"Shows: {shown or 'no concept yet'}  ",
            f"Run it: `python examples/{name}.py`",
            "",
        ]
    return "\n".join(lines) + "\n"
