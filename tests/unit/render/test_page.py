"""Golden files for the generated Markdown, plus the rules behind the page's computed parts.

Regenerate the golden files after an intended change with `UPDATE_GOLDEN=1 make test`,
then review the diff like any other change.
"""

import datetime as dt
import os

import markdown
import pytest
from bs4 import BeautifulSoup

from glossary.corpus import load_corpus
from glossary.link.model import build_model
from glossary.render.indexes import concepts_index, demos_index, tag_page, tags_index
from glossary.render.page import concept_page, long_date, md_escape, reading_minutes, track_anchor
from tests.conftest import FIXTURE, ROOT

GOLDEN = ROOT / "tests" / "golden"
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def corpus():
    loaded = load_corpus(FIXTURE, today=TODAY)
    assert loaded.errors == []
    return build_model(loaded)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; see UPDATE_GOLDEN"


@pytest.mark.parametrize("slug", ["alpha-concept", "beta-concept"])
def test_concept_page_matches_golden(corpus, fixture_runs, slug):
    check_golden(f"{slug}.md", concept_page(corpus.corpus.concepts[slug], corpus, fixture_runs))


def test_concepts_index_matches_golden(corpus):
    check_golden("concepts-index.md", concepts_index(corpus))


def test_demos_index_matches_golden(corpus):
    check_golden("demos-index.md", demos_index(corpus))


def test_tag_pages_match_golden(corpus):
    check_golden("tags-index.md", tags_index(corpus))
    members = [corpus.corpus.concepts["alpha-concept"], corpus.corpus.concepts["beta-concept"]]
    check_golden("tag-testing.md", tag_page("testing", members))


def test_backlinks_list_concepts_that_relate_or_mention(corpus, fixture_runs):
    assert corpus.backlinks == {
        "alpha-concept": ["beta-concept"],
        "beta-concept": ["alpha-concept"],
    }
    page = concept_page(corpus.corpus.concepts["alpha-concept"], corpus, fixture_runs)
    assert "## Referenced by\n\n- [Beta Concept](beta-concept.md)" in page


def test_neighbourhood_map_links_every_neighbour(corpus, fixture_runs):
    page = concept_page(corpus.corpus.concepts["beta-concept"], corpus, fixture_runs)
    assert '<svg class="concept-neighbourhood"' in page
    assert page.count('<a href="../alpha-concept/" data-slug="alpha-concept">') == 1


def test_sections_come_in_the_reference_order(corpus, fixture_runs):
    page = concept_page(corpus.corpus.concepts["alpha-concept"], corpus, fixture_runs)
    order = ["← Back to concepts", "# Alpha Concept", "concept-summary", "Added May 21, 2026",
             "concept-lead", "concept-definition", "## Analogy", "## Real-world example",
             "## Why it matters", "## Demos", "## In the news", "## Related concepts",
             "## Referenced by", "## Sources"]  # fmt: skip
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_news_is_newest_first(corpus, fixture_runs):
    page = concept_page(corpus.corpus.concepts["alpha-concept"], corpus, fixture_runs)
    assert page.index("A newer report") < page.index("An older report")


def test_no_news_shows_search_fallback(corpus, fixture_runs):
    page = concept_page(corpus.corpus.concepts["beta-concept"], corpus, fixture_runs)
    assert "No recent coverage — [search for Beta Concept]" in page
    assert "news.google.com/search?q=%22Beta+Concept%22" in page


def test_reading_time_is_computed_from_words(corpus):
    concept = corpus.corpus.concepts["alpha-concept"]
    assert reading_minutes(concept) == 1
    concept_long = type(concept)(**{**concept.__dict__, "definition": "word " * 1000})
    assert reading_minutes(concept_long) == 5  # ~1070 words at 220 words a minute


def test_prerequisite_chain_is_shown_with_total_time(corpus, fixture_runs):
    page = concept_page(corpus.corpus.concepts["beta-concept"], corpus, fixture_runs)
    assert '!!! tip "Before you read this (1 min)"' in page
    assert "[Alpha Concept](alpha-concept.md)" in page


def test_helpers():
    assert long_date(dt.date(2026, 5, 1)) == "May 1, 2026"
    assert track_anchor("Robustness and generalization") == "robustness-and-generalization"
    assert (
        track_anchor("Learning from human feedback (RLHF)") == "learning-from-human-feedback-rlhf"
    )


@pytest.mark.parametrize(
    "text",
    ["any model with p < n", "a <b>bold</b> claim", "AT&T and &lt;", "x*y_z [a](b) `c` #1 +2 !3",
     "p > n | q", r"a \\ backslash", "{ braces } (parens)"],
)  # fmt: skip
def test_md_escape_shows_text_literally(text):
    """What md_escape returns renders, in the site's Markdown flavour, as exactly the text."""
    md = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "admonition"])
    html = md.convert(f"- [{md_escape(text)}](x.md) — {md_escape(text)}")
    item = BeautifulSoup(html, "html.parser").li
    assert item.a.get_text() == text
    assert item.get_text() == f"{text} — {text}"
