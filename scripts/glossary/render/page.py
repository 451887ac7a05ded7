"""Turn a concept into the Markdown of its page, in the reference page's order."""

import datetime as dt
import functools
import html
import math
import re
from collections.abc import Mapping
from urllib.parse import quote_plus

from glossary.link.model import SiteModel
from glossary.load.entry import Concept
from glossary.render.cite import (
    SITE_NAME,
    Site,
    bibtex,
    citation,
    concept_url,
    edit_url,
    last_updated,
    long_date,
    report_url,
)
from glossary.render.neighbourhood import neighbourhood_svg
from glossary.render.result_card import result_card
from glossary.render.text import md_escape
from glossary.run.demos import DemoRun

WORDS_PER_MINUTE = 220  # a common estimate for attentive reading of technical prose
NEWS_SEARCH = "https://news.google.com/search?q="
_WORD = re.compile(r"[\w'’-]+")
# Pagefind (scripts/glossary/search_index.py) skips what carries this, and weighs the names a
# reader types most: the title and the aliases get the top weight, so a concept ranks first for
# any of its names ("Goal misgeneralisation", an alias, finds Goal Misgeneralization).
UNINDEXED = 'data-pagefind-ignore="all"'
NAME_WEIGHT = 'data-pagefind-weight="10"'


@functools.lru_cache(maxsize=65536)
def _word_count(text: str) -> int:
    # Cached: a page counts its prerequisites' words too, and a live reload counts them all again.
    return len(_WORD.findall(text))


def reading_minutes(concept: Concept) -> int:
    """Minutes to read the page's prose, from its word count."""
    parts = (concept.title, concept.summary, concept.lead, concept.definition, concept.analogy,
             concept.example, concept.why_it_matters)  # fmt: skip
    words = sum(_word_count(part) for part in parts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def track_anchor(track: str) -> str:
    """The id of a track's heading on the concepts index (what MkDocs' toc slugify makes)."""
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", track).strip().lower())


def prerequisite_chain(concept: Concept, concepts: dict[str, Concept]) -> list[Concept]:
    """Every prerequisite, transitively, ordered so each comes after what it needs."""
    ordered: list[Concept] = []
    seen: set[str] = {concept.slug}

    def visit(slug: str) -> None:
        for need in concepts[slug].prerequisites:
            if need in concepts and need not in seen:
                seen.add(need)
                visit(need)
                ordered.append(concepts[need])

    visit(concept.slug)
    return ordered


def _badge(label: str, href: str, kind: str) -> str:
    return f"[{md_escape(label)}]({href}){{ .concept-badge .concept-badge--{kind} }}"


def _block(css_class: str, field_html: str) -> str:
    return f'<div class="{css_class}">\n{field_html}\n</div>'


def _concept_item(other: Concept) -> str:
    return f"- [{md_escape(other.title)}]({other.slug}.md) — {md_escape(other.summary)}"


def _unindexed(lines: list[str]) -> list[str]:
    """Markdown that search leaves out: what the page shares with others (the neighbours'
    titles and summaries, the citation), which would otherwise match queries for other pages."""
    return [f"<div {UNINDEXED} markdown>", "", *lines, "", "</div>"]


def _yaml_str(text: str) -> str:
    """A double-quoted YAML string for front matter."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _about(concept: Concept, site: Site, updated: dt.date | None) -> list[str]:
    """The page's last change, source links and citation, after everything else."""
    day = last_updated(concept.added, updated)
    footer = [f"Last updated {long_date(day)}"]
    if site.repo_url:  # no repository configured: nowhere to edit or report, so no links
        url = concept_url(site.url, concept.slug)
        footer += [
            f"[Edit this entry](<{edit_url(site.repo_url, concept.slug)}>)",
            f"[Report an error](<{report_url(site.repo_url, concept.title, url)}>)",
        ]
    entry = bibtex(concept.title, site, concept.slug, day).splitlines()
    return [
        " · ".join(footer),
        f"{{: .concept-footer {UNINDEXED} }}",
        "",
        # Collapsed, so that it does not lengthen the read.
        *_unindexed([
            '??? note "Cite this page"',
            "",
            f"    {md_escape(citation(concept.title, site, concept.slug, day))}",
            "",
            "    ```bibtex",
            *(f"    {line}" for line in entry),
            "    ```",
        ]),
    ]  # fmt: skip


def concept_page(
    concept: Concept,
    model: SiteModel,
    runs: Mapping[str, DemoRun],
    site: Site | None = None,
    updated: dt.date | None = None,
) -> str:
    """The full Markdown of one concept page, with a result card from each of its demos' runs in
    this build; `updated` is its last commit's date, if known."""
    site = site or Site(SITE_NAME)
    concepts, demos = model.corpus.concepts, model.corpus.demos
    text = model.html[concept.slug]
    esc = html.escape
    lines = [
        "---",
        f"title: {_yaml_str(concept.title)}",
        f"description: {_yaml_str(concept.summary)}",
        "---",
        "",
        f"[← Back to concepts](index.md){{ .concept-back {UNINDEXED} }}",
        "",
        _badge(concept.track, f"index.md#{track_anchor(concept.track)}", "track")
        + " "
        + _badge(concept.level.capitalize(), f"index.md#level-{concept.level}", concept.level),
        "",
        f"# {md_escape(concept.title)} {{ {NAME_WEIGHT} }}",
        "",
        f'<p class="concept-summary">{esc(concept.summary)}</p>',
        "",
    ]
    if concept.aliases:
        names = ", ".join(esc(a) for a in concept.aliases)
        lines += [
            f'<p class="concept-aliases">Also known as: <span {NAME_WEIGHT}>{names}</span></p>',
            "",
        ]
    minutes = reading_minutes(concept)
    tags = " ".join(_badge(f"#{tag}", f"../tags/{tag}.md", "tag") for tag in concept.tags)
    lines += [
        f'<p class="concept-meta" {UNINDEXED}>Added {long_date(concept.added)} · '
        f"{minutes} min read</p>",
        "",
        tags,
        "",
    ]
    chain = prerequisite_chain(concept, concepts)
    if chain:
        total = sum(reading_minutes(c) for c in chain)
        steps = " → ".join(f"[{md_escape(c.title)}]({c.slug}.md)" for c in chain)
        lines += [
            *_unindexed([f'!!! tip "Before you read this ({total} min)"', "", f"    {steps}"]),
            "",
        ]
    lines += [
        _block("admonition info concept-lead", text["lead"]),
        "",
        _block("concept-definition", text["definition"]),
        "",
        "## Analogy",
        "",
        _block("concept-text", text["analogy"]),
        "",
        "## Real-world example",
        "",
        _block("concept-text", text["example"]),
        "",
        "## Why it matters",
        "",
        _block("concept-text", text["why_it_matters"]),
        "",
        # Right after the prose: what the concept looks like when it happens, measured.
        "## Demos",
        "",
    ]
    # Unindexed: a demo's card is on every page that links the demo, like the neighbours' titles.
    cards = [line for name in concept.demos for line in result_card(demos[name], runs[name], "../")]
    lines += [*_unindexed(cards), ""]
    lines += [
        "## In the news",
        "",
    ]
    if concept.news:
        for item in concept.news:
            day = long_date(dt.date.fromisoformat(item["date"]))
            source = md_escape(item["source"])
            lines.append(f"- [{md_escape(item['title'])}](<{item['url']}>) — {source}, {day}")
    else:
        search = NEWS_SEARCH + quote_plus(f'"{concept.title}"')
        lines.append(f"No recent coverage — [search for {md_escape(concept.title)}](<{search}>).")
        lines.append(f"{{: {UNINDEXED} }}")
    neighbours = ["## Related concepts", "", neighbourhood_svg(concept, model), ""]
    neighbours += [_concept_item(concepts[s]) for s in concept.related if s in concepts]
    referrers = model.backlinks[concept.slug]
    if referrers:
        neighbours += ["", "## Referenced by", ""]
        neighbours += [_concept_item(concepts[s]) for s in referrers]
    lines += ["", *_unindexed(neighbours)]
    lines += ["", "## Sources", ""]
    for source in concept.sources:
        by = [source.get("authors"), str(source["year"]) if "year" in source else None]
        credit = ", ".join(md_escape(x) for x in by if x)
        link = f"- [{md_escape(source['title'])}](<{source['url']}>)"
        lines.append(link + (f" — {credit}" if credit else ""))
    lines += ["", *_about(concept, site, updated)]
    return "\n".join(lines) + "\n"
