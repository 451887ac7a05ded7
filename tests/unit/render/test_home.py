"""The generated home page: tracks with counts, learning paths in prerequisite order, the newest
entries and the featured demo."""

import dataclasses
import datetime as dt

import pytest

from glossary.corpus import load_corpus
from glossary.link.model import build_model
from glossary.render.home import (
    FEATURED_DEMO,
    LEARNING_PATHS,
    after_title,
    home_page,
    recently_added,
    search_box,
)
from glossary.render.page import reading_minutes, track_anchor
from tests.conftest import FIXTURE, ROOT

INTRO = "---\ntitle: Home\n---\n\n# Home\n\nIntro text.\n"
PATHS = (("From alpha to beta", "beta-concept"), ("Not in this corpus", "no-such-concept"))


@pytest.fixture(scope="module")
def model():
    loaded = load_corpus(FIXTURE, today=dt.date(2026, 11, 27))
    assert loaded.errors == []
    return build_model(loaded)


def test_home_page_keeps_the_intro_then_lists_every_track_with_its_count(model, fixture_runs):
    text = home_page(model, INTRO, fixture_runs, paths=PATHS, featured="tiny_demo")
    # Search front and centre: the box comes right under the intro's title.
    assert text.startswith(f"---\ntitle: Home\n---\n\n# Home\n\n{search_box(2)}\n")
    assert text.index("Intro text.") < text.index("## Tracks")
    for track in model.tracks:
        count = sum(c.track == track for c in model.corpus.concepts.values())
        line = next(ln for ln in text.splitlines() if f"#{track_anchor(track)})**" in ln)
        assert f"[{track}](concepts/index.md#{track_anchor(track)})" in line
        assert f": {count} concept" in line


def test_learning_path_is_in_prerequisite_order_with_its_reading_time(model, fixture_runs):
    text = home_page(model, INTRO, fixture_runs, paths=PATHS, featured="tiny_demo")
    section = text.split("### From alpha to beta", 1)[1].split("##", 1)[0]
    assert section.index("alpha-concept.md") < section.index("beta-concept.md")
    concepts = model.corpus.concepts
    minutes = reading_minutes(concepts["alpha-concept"]) + reading_minutes(concepts["beta-concept"])
    assert f"2 pages, about {minutes} min of reading." in section
    assert "Not in this corpus" not in text  # a path whose goal is missing is left out


def test_recent_list_is_newest_first_ties_by_title(model, fixture_runs):
    text = home_page(model, INTRO, fixture_runs, paths=PATHS, featured="tiny_demo")
    recent = text.split("## Recently added", 1)[1]
    assert recent.index("beta-concept.md") < recent.index("alpha-concept.md")  # 05-22 before 05-21
    alpha, beta = model.corpus.concepts["alpha-concept"], model.corpus.concepts["beta-concept"]
    day = dt.date(2026, 1, 1)
    tied = [dataclasses.replace(beta, added=day), dataclasses.replace(alpha, added=day)]
    assert [c.slug for c in recently_added(tied)] == ["alpha-concept", "beta-concept"]
    assert len(recently_added([alpha] * 10)) == 6


def test_featured_demo_shows_its_card_with_its_figure_or_is_left_out(model, fixture_runs):
    text = home_page(model, INTRO, fixture_runs, paths=PATHS, featured="tiny_demo")
    featured = text.split("## Featured demo", 1)[1]
    assert "(examples/tiny_demo.ipynb)" in featured
    assert "**Claim:** the sum of 2 and 2 is 4" in featured
    assert "](examples/tiny_demo/figure-1.png){ width=" in featured  # the key figure, a file
    assert "✓ holds" in featured
    assert "## Featured demo" not in home_page(
        model, INTRO, fixture_runs, paths=PATHS, featured="missing"
    )


def test_the_real_site_has_every_path_goal_and_the_featured_demo():
    # A renamed entry or demo would silently drop its section from the home page.
    assert len(LEARNING_PATHS) == 3
    for _, slug in LEARNING_PATHS:
        assert (ROOT / "concepts" / f"{slug}.yaml").exists(), slug
    assert (ROOT / "examples" / f"{FEATURED_DEMO}.py").exists()


def test_search_box_goes_after_the_title_not_a_comment_in_the_front_matter():
    intro = "---\ntitle: Home\n# not a heading\n---\n\nLead.\n\n# Title\n\nText.\n"
    assert after_title(intro, "BOX").split("\n")[:10] == [
        "---", "title: Home", "# not a heading", "---", "", "Lead.", "", "# Title", "", "BOX",
    ]  # fmt: skip
    assert after_title("No title here.\n", "BOX") == "No title here.\n\nBOX"
