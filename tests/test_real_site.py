"""The real site: the repository's own corpus and demos, built strictly, as a reader meets it."""

import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from bs4 import BeautifulSoup

from glossary.check.results import result_lines
from glossary.commands.linkcheck import check_site
from glossary.corpus import load_corpus
from tests.conftest import ROOT
from tests.site_html import page, search_index, target_file, third_party_assets_by_page

# One worker builds the real site once; every test that reads it runs there (--dist loadgroup).
pytestmark = [pytest.mark.build, pytest.mark.xdist_group("real_site")]
CORPUS = load_corpus(ROOT)


def test_flagship_page_has_every_part(real_site):
    article = page(real_site, "concepts/goal-misgeneralization").select_one("article")
    text = article.get_text(" ", strip=True)
    assert article.find("a", string=re.compile("Back to concepts"))["href"] == "../"
    assert len(article.select("a.concept-badge--track, a.concept-badge--intermediate")) == 2
    assert article.h1.get_text(strip=True).startswith("Goal Misgeneralization")
    assert article.select_one(".concept-summary").get_text(strip=True)
    assert re.search(r"Added \w+ \d{1,2}, \d{4} · \d+ min read", text)
    assert article.select_one(".admonition.concept-lead")
    ids = [h2["id"] for h2 in article.find_all("h2")]
    assert ids == ["analogy", "real-world-example", "why-it-matters", "demos", "in-the-news",
                   "related-concepts", "referenced-by", "sources"]  # fmt: skip
    related = article.find("h2", id="related-concepts").find_next("ul").find_all("a")
    assert len(related) == len(CORPUS.concepts["goal-misgeneralization"].related)
    demo_link = article.select_one(".result-card h3 a")
    assert demo_link["href"] == "../../examples/goal_misgeneralization_maze/"
    sources = article.find("h2", id="sources").find_next("ul").find_all("a")
    assert any("arxiv.org/abs/2105.14111" in a["href"] for a in sources)


def test_flagship_demo_page_shows_results_and_links_back(real_site):
    soup = page(real_site, "examples/goal_misgeneralization_maze")
    text = soup.get_text()
    for name in ("train_success", "shifted_exit_rate", "shifted_corner_rate",
                 "diverse_shifted_exit_rate"):  # fmt: skip
        assert re.search(rf"{name}=[01]\.\d+", text), name
    assert soup.select("article img[loading=lazy]"), "the figure is missing"
    back = [a["href"] for a in soup.select(".demo-header .demo-concepts a")]
    assert "../../concepts/goal-misgeneralization/" in back


@pytest.mark.parametrize("slug", sorted(CORPUS.concepts))
def test_every_concept_page_links_resolve(real_site, slug):
    url = f"concepts/{slug}/"
    soup = page(real_site, url)
    for a in soup.select("article a[href]"):
        target = target_file(real_site, url, a["href"])
        assert target is None or target.exists(), a["href"]


def test_every_demo_page_has_its_figures_as_files_and_results(real_site):
    for name in CORPUS.demos:
        soup = page(real_site, f"examples/{name}")
        images = soup.select("article img")
        assert images, name
        for img in images:
            assert (real_site / "examples" / name / img["src"]).is_file(), (name, img["src"])
            assert img["loading"] == "lazy" and int(img["width"]) > 0 and int(img["height"]) > 0
        assert re.search(r"^\w+=\S+$", soup.get_text(), re.M), name
        assert "data:image" not in (real_site / "examples" / name / "index.html").read_text()


def _card_values(card) -> dict[str, str]:
    """name -> value of every measured name in a result card's table, as the card shows it."""
    values = {}
    for td in card.select("tbody tr td:nth-of-type(3)"):
        for part in td.get_text(strip=True).split("; "):
            name, _, value = part.partition(" = ")
            if re.fullmatch(r"\w+", name):
                values[name] = value
    return values


def _reader_run(name: str) -> dict[str, str]:
    """The result lines of `python examples/<name>.py`, as a reader runs it (no seed given)."""
    env = {k: v for k, v in os.environ.items() if k != "DEMO_SEED"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / f"{name}.py")],
        capture_output=True, text=True, env=dict(env, MPLBACKEND="Agg"), timeout=600, check=True,
    )  # fmt: skip
    return result_lines(done.stdout)


def test_result_cards_show_the_values_the_demo_prints(real_site):
    """Every card on every concept page shows the numbers this build's run printed (as on the
    demo page), and a reader who runs the demo gets the same numbers."""
    with ThreadPoolExecutor(2) as pool:
        reader = dict(zip(CORPUS.demos, pool.map(_reader_run, CORPUS.demos), strict=True))
    for name in CORPUS.demos:
        printed = result_lines(page(real_site, f"examples/{name}").get_text("\n"))
        checked = CORPUS.demos[name].checks.names
        assert {k: printed[k] for k in checked} == {k: reader[name][k] for k in checked}, name
    for slug, concept in CORPUS.concepts.items():
        cards = page(real_site, f"concepts/{slug}").select(".result-card")
        assert len(cards) == len(concept.demos), slug
        for card, name in zip(cards, concept.demos, strict=True):
            shown = _card_values(card)
            assert set(shown) == set(CORPUS.demos[name].checks.names), (slug, name)
            assert shown == {k: reader[name][k] for k in shown}, (slug, name)
            marks = [td.get_text(strip=True) for td in card.select("tbody tr td:nth-of-type(4)")]
            assert marks and set(marks) == {"✓ holds"}, (slug, name)
            assert (real_site / "concepts" / slug / card.select_one("img")["src"]).is_file()


def test_search_index_holds_every_concept_and_demo_and_no_listing(real_site):
    pages = search_index(real_site)
    expected = {f"/concepts/{slug}/" for slug in CORPUS.concepts}
    expected |= {f"/examples/{name}/" for name in CORPUS.demos}
    assert expected <= set(pages)
    assert not [url for url in pages if url.startswith("/tags/") or url == "/concepts/"]
    titles = {pages[f"/concepts/{slug}/"]["meta"]["title"] for slug in CORPUS.concepts}
    assert titles == {concept.title for concept in CORPUS.concepts.values()}  # no "¶" after any


def test_site_loads_nothing_from_third_party_hosts(real_site):
    assert third_party_assets_by_page(real_site) == {}


def test_link_check_finds_no_broken_link_or_anchor(real_site):
    report = StringIO()
    assert check_site(real_site, report) == 0, report.getvalue()[-5000:]


def test_no_stray_backslash_in_generated_text(real_site):
    """Every summary, claim and title a listing renders reads as written: no escape shows."""
    urls = ["concepts/", "demos/", "tags/"] + [f"concepts/{slug}/" for slug in CORPUS.concepts]
    urls += [f"tags/{p.parent.name}/" for p in (real_site / "tags").glob("*/index.html")]
    stray = {}
    for url in urls:
        text = page(real_site, url).select_one("article").get_text(" ")
        if "\\" in text:
            stray[url] = text[max(0, text.index("\\") - 40) : text.index("\\") + 40]
    assert stray == {}


def test_link_preview_titles_read_as_the_page_title(real_site):
    """Open Graph and Twitter titles are escaped: a title with quotes stays whole."""
    for html_file in [
        *real_site.glob("concepts/*/index.html"),
        *real_site.glob("examples/*/index.html"),
    ]:
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        title = soup.title.get_text().rsplit(" - ", 1)[0]
        for meta in (
            soup.find("meta", property="og:title"),
            soup.find("meta", attrs={"name": "twitter:title"}),
        ):
            assert meta["content"].split(" · ")[0] == title, html_file
