"""A real, strict `mkdocs build` of a small fixture corpus, checked as a reader would see it."""

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import material
import pytest
from bs4 import BeautifulSoup

from tests.conftest import FIXTURE, make_project, mkdocs_build
from tests.site_html import page, search_index, target_file, third_party_assets_by_page

pytestmark = pytest.mark.build


def test_concept_page_has_every_part_in_order(fixture_site):
    soup = page(fixture_site, "concepts/alpha-concept")
    article = soup.select_one("article")
    text = article.get_text(" ", strip=True)
    back = article.find("a", string=re.compile("Back to concepts"))
    assert back["href"] == "../"
    badges = [a.get_text() for a in article.select("a.concept-badge")]
    assert badges == ["Test track", "Foundational", "#testing"]
    assert article.h1.get_text(strip=True).startswith("Alpha Concept")
    assert article.select_one(".concept-summary").get_text() == (
        "A small, valid entry that the tests use as a known-good neighbour."
    )
    assert re.search(r"Added May 21, 2026 · \d+ min read", text)
    assert article.select_one(".admonition.concept-lead strong").get_text() == "bold"
    headings = [h2["id"] for h2 in article.find_all("h2")]
    assert headings == ["analogy", "real-world-example", "why-it-matters", "demos",
                        "in-the-news", "related-concepts", "referenced-by", "sources"]  # fmt: skip


def test_every_internal_link_on_a_concept_page_resolves(fixture_site):
    soup = page(fixture_site, "concepts/alpha-concept")
    hrefs = [a["href"] for a in soup.select("article a[href]")]
    checked = 0
    for href in hrefs:
        target = target_file(fixture_site, "concepts/alpha-concept/", href)
        if target is not None:
            assert target.exists(), href
            checked += 1
    assert checked >= 6
    assert "../beta-concept/#analogy" in hrefs  # a link written in the entry's Markdown
    assert "../../examples/tiny_demo/" in hrefs


def test_demo_page_shows_outputs_and_links_back(fixture_site):
    soup = page(fixture_site, "examples/tiny_demo")
    assert "total=4" in soup.get_text()
    header = soup.select_one(".demo-header")
    assert [a["href"] for a in header.select(".demo-concepts a")] == [
        "../../concepts/alpha-concept/",
        "../../concepts/beta-concept/",
    ]
    assert "python examples/tiny_demo.py" in header.get_text()
    downloads = [a["href"] for a in header.select("a[download]")]
    assert downloads == ["tiny_demo.py", "tiny_demo.ipynb"]
    folder = fixture_site / "examples" / "tiny_demo"
    assert (folder / "tiny_demo.py").read_bytes() == (
        FIXTURE / "examples/tiny_demo.py"
    ).read_bytes()
    # The notebook download is this build's run, figure and printed lines included.
    notebook = json.loads((folder / "tiny_demo.ipynb").read_text())
    printed = [o for c in notebook["cells"] for o in c.get("outputs", []) if "text" in o]
    assert "total=4\n" in "".join(t for o in printed for t in o["text"])
    # The figure is a file with its size, loaded lazily: no image is inlined in the page.
    img = soup.select_one("article img")
    assert img["src"] == "figure-1.png" and img["loading"] == "lazy"
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert (folder / "figure-1.png").read_bytes()[:4] == b"\x89PNG"
    assert "data:image" not in (folder / "index.html").read_text()
    # nbconvert's stylesheet is one shared file, not inlined in each page, and holds only the
    # rules the demo pages use: the notebook's cells, not JupyterLab's toolbars and dialogs.
    sheet = soup.select_one("article link[rel=stylesheet]")["href"]
    assert sheet.startswith("../../assets/notebook-") and "<style" not in str(
        soup.select_one("article")
    )
    css = (folder / sheet).resolve().read_text()
    assert 10_000 < len(css) < 150_000  # nbconvert's whole stylesheet is about 590 KB
    assert soup.select_one(".jp-OutputArea") and ".jupyter-wrapper .jp-OutputArea{" in css
    assert soup.select_one(".highlight-ipynb .o") and ".highlight-ipynb .o {" in css
    assert "[data-md-color-scheme=slate]" in css  # the dark scheme's rules too
    assert ".jp-FileBrowser" not in css and ".jp-Toolbar" not in css


def test_every_page_links_the_theme_stylesheet_cut_to_the_site(fixture_site):
    theme = next(
        (Path(material.__file__).parent / "templates/assets/stylesheets").glob("main.*.min.css")
    )
    pages = sorted(fixture_site.rglob("*.html"))
    links = {
        link["href"].rsplit("/", 1)[-1]
        for html in pages
        for link in BeautifulSoup(html.read_text(), "html.parser").select("link[rel=stylesheet]")
        if "/stylesheets/" in link["href"]
    }
    # One file for every page, the 404 page included, named by its content.
    assert len(pages) > 10 and len(links) == 1
    sheet = fixture_site / "assets/stylesheets" / links.pop()
    assert re.fullmatch(r"main-[0-9a-f]{12}\.css", sheet.name)
    css = sheet.read_text()
    assert len(css) < 0.7 * len(theme.read_text())
    assert ".md-typeset h1{" in css and ".md-nav__link" in css  # names the pages use
    assert ".md-tooltip" in css  # a name only the theme's script puts on a page
    assert ".tabbed-set" not in css and ".md-consent" not in css  # features the site lacks
    assert ".md-tabs" not in css  # in the theme's templates, but not on any page of this site
    # The theme files no page loads are left out of the site.
    assert not (fixture_site / "assets/javascripts/lunr").exists()
    assert not (fixture_site / "assets/javascripts/workers").exists()
    assert not list((fixture_site / "assets/stylesheets").glob("*.min.css"))


def test_result_card_shows_this_builds_measured_values(fixture_site):
    article = page(fixture_site, "concepts/alpha-concept").select_one("article")
    card = article.select_one(".result-card")
    assert card.h3.a["href"] == "../../examples/tiny_demo/"
    rows = [
        [td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in card.select("tbody tr")
    ]
    # The values the demo printed in this build, each against its check, with a pass mark.
    assert rows == [
        ["Two and two make four.", "total = 4", "total = 4", "✓ holds"],
        ["Ablation: Adding three instead makes more.", "ablation_total > total",
         "ablation_total = 5; total = 4", "✓ holds"],
    ]  # fmt: skip
    printed = page(fixture_site, "examples/tiny_demo").get_text()
    assert "total=4" in printed and "ablation_total=5" in printed
    figure = card.select_one("img")
    assert figure["src"] == "../../examples/tiny_demo/figure-1.png" and figure["loading"] == "lazy"
    links = {a.get_text(): a["href"] for a in card.select("a")}
    assert links["tiny_demo.py"] == "../../examples/tiny_demo/tiny_demo.py"
    assert links["tiny_demo.ipynb"] == "../../examples/tiny_demo/tiny_demo.ipynb"
    assert "python examples/tiny_demo.py" in card.get_text()


def test_build_fails_naming_the_demo_and_value_when_a_claim_fails(tmp_path):
    project = make_project(tmp_path)
    claim = project / "examples" / "tiny_demo.claim.yaml"
    claim.write_text(claim.read_text().replace("total == 4", "total >= 5"))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "tiny_demo: claim failed: total >= 5 (total = 4)" in result.stderr
    assert not (tmp_path / "site" / "concepts" / "alpha-concept").exists()


def test_build_fails_naming_the_demo_when_it_raises(tmp_path):
    project = make_project(tmp_path)
    demo = project / "examples" / "tiny_demo.py"
    demo.write_text(demo.read_text() + '\n# %%\nraise RuntimeError("the demo broke")\n')
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "tiny_demo: the demo raised an error: RuntimeError: the demo broke" in result.stderr


def test_indexes_list_every_concept_and_demo(fixture_site):
    index = page(fixture_site, "concepts").get_text()
    assert index.count("Alpha Concept") == 4  # by track, by level, by tag, A–Z
    demos = page(fixture_site, "demos")
    assert demos.find("a", string="A tiny demo")


def test_concept_pages_stay_out_of_the_sidebar(fixture_site):
    nav = page(fixture_site, "concepts/alpha-concept").select_one("nav.md-nav--primary")
    labels = [a.get_text(strip=True) for a in nav.select("a.md-nav__link")]
    assert "Alpha Concept" not in labels
    assert {"Home", "Concepts", "Demos", "Contributing"} <= set(labels)


def test_no_asset_comes_from_a_third_party_host(fixture_site):
    assert third_party_assets_by_page(fixture_site) == {}
    for css in fixture_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?https?://", css.read_text(encoding="utf-8")), css


BAD_BUILDS = {
    "syntax": ("syntax-error.yaml", "concepts/syntax-error.yaml:4:21: YAML syntax error"),
    "safety": ("python-tag.yaml", "concepts/python-tag.yaml:4:10: YAML tags (!!python/"),
    "encoding": ("invalid-utf8.yaml", "concepts/invalid-utf8.yaml:4:15: invalid UTF-8"),
    "schema": ("unknown-field.yaml", "concepts/unknown-field.yaml:12:1: unknown field 'definiton'"),
    "cross-file": (
        "unknown-related.yaml",
        "concepts/unknown-related.yaml:21:5: related: no concept",
    ),
    "hostile-markup": ("script-tag.yaml", "concepts/script-tag.yaml:16:3: raw HTML '<script>'"),
}


@pytest.mark.parametrize("kind", sorted(BAD_BUILDS))
def test_build_with_bad_entry_fails_with_validator_message(kind, tmp_path):
    case, message = BAD_BUILDS[kind]
    project = make_project(tmp_path)
    shutil.copy(FIXTURE.parent.parent / "bad_entries" / case, project / "concepts" / case)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert not (tmp_path / "site" / "concepts" / "alpha-concept").exists()


def test_two_builds_produce_identical_pages(fixture_site, tmp_path):
    project = make_project(tmp_path)
    # Reuse the first build's demo cache, as a second local build would (CI runs without one).
    if (fixture_site.parent / ".cache").exists():
        shutil.copytree(fixture_site.parent / ".cache", project / ".cache")
    again = tmp_path / "site"
    assert mkdocs_build(project, again).returncode == 0
    outputs = [
        p
        for folder in ("concepts", "demos", "tags")
        for p in (fixture_site / folder).rglob("*.html")
    ]
    outputs += [fixture_site / name for name in ("concepts.json", "feed.xml")]
    assert len(outputs) == 2 + 1 + 1 + 1 + 2 + 2  # 2 concepts, 2 indexes, tags index, 2 tags, data
    for first in outputs:
        second = again / first.relative_to(fixture_site)
        assert first.read_bytes() == second.read_bytes(), first
    assert search_index(again) == search_index(fixture_site)


def test_search_indexes_what_readers_look_for_and_no_boilerplate(fixture_site):
    pages = search_index(fixture_site)
    assert {"/", "/concepts/alpha-concept/", "/concepts/beta-concept/", "/examples/tiny_demo/",
            "/contributing/"} <= set(pages)  # fmt: skip
    # Listings repeat every title and summary: they would outrank the pages they list.
    assert not [url for url in pages if url.startswith("/tags/") or url == "/concepts/"]
    alpha = pages["/concepts/alpha-concept/"]
    assert alpha["meta"]["title"] == "Alpha Concept"
    assert "First fixture" in alpha["content"]  # the alias, which search weighs like the title
    # Page furniture, the navigation, and what the page shares with others (here beta's
    # summary, from the related list).
    boilerplate = ["Back to concepts", "min read", "Last updated", "Cite this page", "@misc",
                   "Contributing", "Related concepts", "The second valid entry"]  # fmt: skip
    assert [text for text in boilerplate if text in alpha["content"]] == []
    assert "the sum of 2 and 2 is 4" in pages["/examples/tiny_demo/"]["content"]


def test_concepts_json_exports_every_concept(fixture_site):
    data = json.loads((fixture_site / "concepts.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert [c["slug"] for c in data["concepts"]] == ["alpha-concept", "beta-concept"]
    alpha = data["concepts"][0]
    assert set(alpha) == {"slug", "title", "summary", "url", "path", "track", "level", "tags",
                          "aliases", "related", "prerequisites", "referenced_by", "demos",
                          "added", "sources"}  # fmt: skip
    assert alpha["url"].endswith("/concepts/alpha-concept/") and alpha["added"] == "2026-05-21"
    assert (fixture_site / alpha["path"] / "index.html").exists()


def test_atom_feed_lists_newest_first(fixture_site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(fixture_site / "feed.xml").getroot()
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    updated = [e.findtext("a:updated", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles == ["Beta Concept", "Alpha Concept"]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext("a:updated", namespaces=ns) == updated[0]


def test_pages_carry_open_graph_meta_from_the_summary(fixture_site):
    head = page(fixture_site, "concepts/alpha-concept").head
    meta = {m.get("property") or m.get("name"): m.get("content") for m in head.find_all("meta")}
    summary = "A small, valid entry that the tests use as a known-good neighbour."
    assert meta["description"] == meta["og:description"] == meta["twitter:description"] == summary
    assert meta["og:title"].startswith("Alpha Concept")
    assert meta["og:type"] == "article"
    # Feed autodiscovery, spelt so that the theme's script does not fetch sitemap.xml for it.
    assert head.find("link", type="application/atom+xml")["rel"] == ["alternate", "feed"]


def test_concept_page_has_no_repository_links_without_repo_url(fixture_site):
    article = page(fixture_site, "concepts/alpha-concept").select_one("article")
    assert article.select_one(".concept-footer").get_text(strip=True) == "Last updated May 21, 2026"
    assert not article.find("a", string=re.compile("Edit this entry|Report an error"))
    assert not article.select("a[href*='/edit/'], a[href*='/issues/']")


def test_site_published_under_a_sub_path(tmp_path):
    project = make_project(tmp_path)
    base, repo = "https://example.org/glossary/", "https://github.com/owner/glossary"
    result = mkdocs_build(project, tmp_path / "site", {"SITE_URL": base, "REPO_URL": repo})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(site / "feed.xml").getroot()
    links = [e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)]
    assert links == [base + "concepts/beta-concept/", base + "concepts/alpha-concept/"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}concepts/alpha-concept/</loc>" in sitemap
    soup = page(site, "concepts/alpha-concept")
    url = base + "concepts/alpha-concept/"
    assert soup.head.find("link", rel="canonical")["href"] == url
    assert soup.head.find("meta", property="og:url")["content"] == url
    # Links between pages stay relative, so the site works wherever it is copied.
    hrefs = [a["href"] for a in soup.select("article a[href], nav a[href]")]
    internal = [h for h in hrefs if not h.startswith(("https:", "http:", "mailto:"))]
    assert internal and not [h for h in internal if h.startswith("/")]
    for href in internal:
        target = target_file(site, "concepts/alpha-concept/", href)
        assert target is not None and target.exists(), href
    footer = {a.get_text(): a["href"] for a in soup.select(".concept-footer a")}
    assert footer["Edit this entry"] == f"{repo}/edit/main/concepts/alpha-concept.yaml"
    assert footer["Report an error"].startswith(f"{repo}/issues/new?title=")
    assert url in soup.select_one("details").get_text()
    # The header links the repository without the theme's call to the host's API for its stars.
    assert soup.select_one("a.md-source")["href"] == repo
    assert not soup.select("[data-md-component=source]")


def test_tag_pages_list_their_concepts(fixture_site):
    tag = page(fixture_site, "tags/testing")
    assert {a.get_text() for a in tag.select("article li a")} == {"Alpha Concept", "Beta Concept"}


def test_home_page_keeps_its_intro_and_lists_every_track(fixture_site):
    article = page(fixture_site, "").select_one("article")
    assert article.h1.get_text(strip=True).startswith("Home")  # the fixture's own docs/index.md
    tracks = {a.get_text(strip=True): a["href"] for a in article.select("li strong a")}
    assert tracks == {
        "Other track": "concepts/#other-track",
        "Test track": "concepts/#test-track",
    }
    recent = article.find("h2", id="recently-added").find_next("ul")
    assert [a.get_text() for a in recent.select("a")] == ["Beta Concept", "Alpha Concept"]
