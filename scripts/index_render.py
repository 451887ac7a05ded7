"""The generated listing pages: the concepts index and the demos index."""

from collections import defaultdict

from corpus import Concept, Corpus
from page_render import md_escape

LEVELS = ("foundational", "intermediate", "advanced")


def _item(concept: Concept) -> str:
    return f"- [{md_escape(concept.title)}]({concept.slug}.md) — {md_escape(concept.summary)}"


def concepts_index(corpus: Corpus) -> str:
    """Markdown of concepts/index.md: every concept by track, by level, and A–Z."""
    concepts = sorted(corpus.concepts.values(), key=lambda c: c.title.casefold())
    by_track: dict[str, list[Concept]] = defaultdict(list)
    for concept in concepts:
        by_track[concept.track].append(concept)
    lines = [
        "---",
        "title: Concepts",
        "description: Every concept in the glossary, by track, by level and from A to Z.",
        "---",
        "",
        "# Concepts",
        "",
        f"{len(concepts)} concepts in {len(by_track)} tracks. Each page explains one idea in plain"
        " language and links a demo you can run on your own CPU.",
        "",
        "## By track",
        "",
    ]
    for track in sorted(by_track, key=str.casefold):
        lines += [f"### {md_escape(track)}", ""]
        lines += [_item(c) for c in by_track[track]]
        lines.append("")
    lines += ["## By level", ""]
    for level in LEVELS:
        members = [c for c in concepts if c.level == level]
        lines += [f"### {level.capitalize()} {{ #level-{level} }}", ""]
        lines += [_item(c) for c in members] or ["No concepts at this level yet."]
        lines.append("")
    lines += ["## A–Z", ""]
    lines += [_item(c) for c in concepts]
    return "\n".join(lines) + "\n"


def demos_index(corpus: Corpus) -> str:
    """Markdown of demos/index.md: every demo with its claim and the concepts it shows."""
    users: dict[str, list[Concept]] = defaultdict(list)
    for concept in sorted(corpus.concepts.values(), key=lambda c: c.title.casefold()):
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
    for name, demo in sorted(corpus.demos.items(), key=lambda kv: kv[1].title.casefold()):
        lines += [f"## [{md_escape(demo.title)}](../examples/{name}.py)", ""]
        if demo.claim:
            lines += [f"**Claim:** {md_escape(demo.claim)}", ""]
        shown = ", ".join(f"[{md_escape(c.title)}](../concepts/{c.slug}.md)" for c in users[name])
        lines += [
            f"Shows: {shown or 'no concept yet'}  ",
            f"Run it: `python examples/{name}.py`",
            "",
        ]
    return "\n".join(lines) + "\n"
