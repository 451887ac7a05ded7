"""What a reader does, in a real browser: read, follow links, preview, search, explore the graph."""

import functools
import http.server
import json
import re
import shutil
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe

from glossary.corpus import load_corpus
from tests.browser.conftest import QuietHandler
from tests.conftest import ROOT

pytestmark = [pytest.mark.build, pytest.mark.xdist_group("real_site")]
CORPUS = load_corpus(ROOT)
FLAGSHIP = "concepts/goal-misgeneralization/"
TOGGLE = "form[data-md-component='palette'] label:visible"
PAGE_KINDS = {
    "home": "",
    "index": "concepts/",
    "concept": FLAGSHIP,
    "demo": "examples/goal_misgeneralization_maze/",
    "graph": "graph/",
}


def settle(page) -> None:
    """Wait until no CSS transition or animation is running (a fade, a colour-scheme change)."""
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState !== 'running')", polling="raf"
    )


def switch_scheme(page, scheme: str) -> None:
    """Click the header's toggle, as a reader does, until the page shows scheme; then settle."""
    if page.locator("body").get_attribute("data-md-color-scheme") != scheme:
        page.locator(TOGGLE).first.click()
        page.wait_for_function(f"document.body.dataset.mdColorScheme === '{scheme}'")
    settle(page)


def serious_violations(page, context=None) -> list:
    """axe's serious and critical findings on the page (or within context), as short tuples."""
    violations = Axe().run(page, context=context).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_concept_page_shows_every_section(page, site_url):
    page.goto(site_url + FLAGSHIP)
    headings = page.locator("article h2").all_inner_texts()
    assert [h.strip("¶ \n") for h in headings] == [
        "Analogy", "Real-world example", "Why it matters", "Demos", "In the news",
        "Related concepts", "Referenced by", "Sources",
    ]  # fmt: skip
    assert page.locator("article .concept-summary").is_visible()
    assert re.search(r"\d+ min read", page.locator("article .concept-meta").inner_text())


def test_following_a_related_link_opens_that_concept(page, site_url):
    page.goto(site_url + FLAGSHIP)
    related = CORPUS.concepts[CORPUS.concepts["goal-misgeneralization"].related[0]]
    page.locator("#related-concepts ~ ul a").first.click()
    page.wait_for_url(re.compile(f"concepts/{related.slug}/"))
    assert page.locator("article h1").inner_text().startswith(related.title)


def test_backlinks_lead_back(page, site_url):
    page.goto(site_url + "concepts/inner-alignment/")
    backlinks = page.locator("#referenced-by ~ ul").first.locator("a")
    assert "Goal Misgeneralization" in backlinks.all_inner_texts()


def test_demo_page_shows_its_figure(page, site_url):
    page.goto(site_url + PAGE_KINDS["demo"])
    figure = page.locator("article img[loading=lazy]").first
    figure.scroll_into_view_if_needed()
    # Lazy: it is fetched once in view, so wait for it (a figure that never loads times out).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 200", arg=figure.element_handle()
    )
    assert page.get_by_text(re.compile(r"shifted_corner_rate=\d")).count() >= 1


def test_result_card_figure_loads_only_when_scrolled_to(page, site_url):
    page.goto(site_url + FLAGSHIP)
    figure = page.locator(".result-card img").first
    # Lazy: far below the fold, the figure has not been fetched on arrival ...
    assert figure.evaluate("img => img.naturalWidth") == 0
    # ... and it arrives, at its reserved size, once the reader scrolls to the card.
    box = figure.bounding_box()
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 200", arg=figure.element_handle()
    )
    assert figure.bounding_box()["height"] == box["height"]
    card = page.locator(".result-card").first
    assert card.locator(".check-pass").count() >= 3
    assert "python examples/goal_misgeneralization_maze.py" in card.inner_text()


def test_hovering_a_concept_link_previews_its_summary(page, site_url):
    page.goto(site_url + FLAGSHIP)
    link = page.locator("#related-concepts ~ ul a").first
    target = CORPUS.concepts[CORPUS.concepts["goal-misgeneralization"].related[0]]
    link.hover()
    preview = page.locator(".concept-preview")
    preview.wait_for(state="visible")
    assert target.summary in preview.inner_text()
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")


def search(page, query: str, key: str = "/") -> None:
    """Open the search as a reader does (the "/" key, or a click on the box), type query, and
    wait for its results to be listed."""
    if key == "/":
        page.keyboard.press("/")
    else:
        page.locator(key).click()
    page.keyboard.type(query)
    wait_for_results(page, query)


def wait_for_results(page, query: str) -> None:
    """Wait until the results listed are those of query."""
    page.wait_for_function(
        "q => [...document.querySelectorAll('[data-site-search-results]:not([hidden])')]"
        ".some(p => p.querySelector('a') && p.textContent.includes(q))",
        arg=query,
    )


def results(page):
    """The links of the open search results, in order."""
    return page.locator("[data-site-search-results]:not([hidden]) a")


@pytest.mark.parametrize("alias", ["Objective robustness failure", "Goal misgeneralisation"])
def test_search_finds_a_concept_by_alias_first(page, site_url, alias):
    page.goto(site_url + "concepts/")
    search(page, alias)
    assert results(page).first.get_attribute("href") == site_url + FLAGSHIP


def test_first_visit_loads_no_search_index_and_no_sitemap(page, site_url):
    """Search costs a first visit nothing: Pagefind loads when the reader starts a search."""
    fetched = []
    page.on("request", lambda request: fetched.append(request.url.removeprefix(site_url)))
    page.goto(site_url + FLAGSHIP)
    page.wait_for_load_state("networkidle")
    assert fetched and not [u for u in fetched if u.startswith(("pagefind/", "sitemap.xml"))]
    search(page, "reward", key="input[data-site-search]")
    assert [u for u in fetched if u.startswith("pagefind/")]
    assert results(page).count() > 1


def test_search_by_keyboard_alone(page, site_url):
    page.goto(site_url + FLAGSHIP)
    search(page, "reward")
    box = page.locator("input[data-site-search]")
    assert box.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowDown")
    first = results(page).first
    assert first.evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowDown")
    assert results(page).nth(1).evaluate("e => e === document.activeElement")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert box.evaluate("e => e === document.activeElement")
    page.keyboard.press("Escape")
    assert results(page).count() == 0
    page.keyboard.press("ArrowDown")  # the results stay closed until the next query
    assert box.evaluate("e => e === document.activeElement")
    page.keyboard.type("s")
    wait_for_results(page, "rewards")
    page.keyboard.press("Tab")  # Tab also reaches the results, next after the box
    target = results(page).first.get_attribute("href")
    assert results(page).first.evaluate("e => e === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url(target)


def test_home_page_search_box_takes_the_slash_key(page, site_url):
    page.goto(site_url)
    search(page, "alignment")
    assert page.evaluate("document.activeElement.id") == "home-search"
    assert results(page).count() > 0


def test_search_under_a_sub_path(browser, real_site, tmp_path):
    """Published under /glossary/, the box still finds the index and links results there."""
    shutil.copytree(real_site, tmp_path / "glossary")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/glossary/"
    tab = browser.new_page()
    try:
        tab.goto(base + "demos/")
        search(tab, "Goal misgeneralisation")
        assert results(tab).first.get_attribute("href") == base + FLAGSHIP
    finally:
        tab.close()
        server.shutdown()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_open_search_results_pass_axe(page, site_url, scheme):
    page.goto(site_url + FLAGSHIP)
    page.wait_for_load_state("networkidle")
    switch_scheme(page, scheme)
    search(page, "reward")
    page.keyboard.press("ArrowDown")  # one result focused, one hovered: every state drawn
    results(page).nth(1).hover()
    settle(page)
    assert serious_violations(page) == []
    assert serious_violations(page, context="[data-site-search-results]:not([hidden])") == []


def test_graph_has_one_node_per_concept_and_clicks_through(page, site_url):
    page.goto(site_url + "graph/")
    page.wait_for_selector("#graph-view[data-ready='true']")
    assert page.locator("#graph-view [data-slug]").count() == len(CORPUS.concepts)
    node = page.locator('#graph-view [data-slug="goal-misgeneralization"]')
    node.hover()
    assert page.locator("#graph-view .graph-node.near").count() == 1 + len(
        set(CORPUS.concepts["goal-misgeneralization"].related)
        | {s for s, c in CORPUS.concepts.items() if "goal-misgeneralization" in c.related}
        | set(CORPUS.concepts["goal-misgeneralization"].prerequisites)
        | {s for s, c in CORPUS.concepts.items() if "goal-misgeneralization" in c.prerequisites}
    )
    node.click()
    page.wait_for_url(re.compile(FLAGSHIP))


def test_graph_filters_by_track(page, site_url):
    page.goto(site_url + "graph/")
    page.wait_for_selector("#graph-view[data-ready='true']")
    track = CORPUS.concepts["goal-misgeneralization"].track
    page.get_by_label(track).uncheck()
    hidden = page.locator("#graph-view .graph-node.hidden").count()
    assert hidden == sum(c.track == track for c in CORPUS.concepts.values())


def test_index_filters_as_you_type(page, site_url):
    page.goto(site_url + "concepts/")
    page.wait_for_selector("#concept-filter[data-ready]")
    total = page.locator("article li").count()
    page.locator("#concept-filter").fill("goodhart")
    visible = page.locator("article li:visible").all_inner_texts()
    assert visible and all("goodhart" in text.lower() for text in visible)
    assert len(visible) < total
    assert page.locator("#concept-filter-count").inner_text().endswith("matching")
    page.locator("#concept-filter").fill("")
    assert page.locator("article li:visible").count() == total


def test_colour_scheme_toggles(page, site_url):
    page.goto(site_url + FLAGSHIP)
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    before = scheme()
    page.locator(TOGGLE).first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== '{before}'")
    assert {before, scheme()} == {"default", "slate"}


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_serious_accessibility_violations(page, site_url, kind):
    page.goto(site_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    for scheme in ("default", "slate"):
        # Switched as a reader does: the pointer stays on the toggle, so its tooltip is open too.
        switch_scheme(page, scheme)
        assert serious_violations(page) == [], scheme


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_open_tooltip_meets_contrast(page, site_url, scheme):
    """The scheme toggle's tooltip, hovered on purpose and fully shown, passes axe's contrast."""
    page.goto(site_url + FLAGSHIP)
    page.wait_for_load_state("networkidle")
    switch_scheme(page, scheme)
    page.mouse.move(0, 0)
    page.locator(TOGGLE).first.hover()
    tooltip = page.locator(".md-tooltip--active")
    tooltip.wait_for(state="visible")
    settle(page)
    target = "#" + tooltip.get_attribute("id")
    contrast_only = {"runOnly": ["color-contrast"], "resultTypes": ["passes"]}
    results = Axe().run(page, context=target, options=contrast_only).response
    assert results["violations"] == [] and results["incomplete"] == [], results["violations"]
    checked = [node["target"] for rule in results["passes"] for node in rule["nodes"]]
    assert checked, "axe checked no text in the tooltip"


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_horizontal_scrolling_on_a_phone(browser, site_url, kind):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.goto(site_url + PAGE_KINDS[kind])
    tab.wait_for_load_state("networkidle")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


def test_every_control_is_reachable_by_keyboard(page, site_url):
    page.goto(site_url + "graph/")
    page.wait_for_selector("#graph-view[data-ready='true']")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(
            "(() => { const e = document.activeElement;"
            " return e.dataset.zoom || e.type || (e.dataset.slug ? 'node' : e.tagName); })()"
        ))  # fmt: skip
    assert {"in", "out", "reset", "checkbox", "node"} <= reached
    page.goto(site_url + "concepts/")
    for _ in range(30):  # the skip link, header and sidebar come first
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "concept-filter":
            break
    else:
        pytest.fail("the concepts filter is not reachable with Tab")


def test_graph_draws_a_thousand_concepts(browser, real_site, tmp_path):
    """The graph page copes with a 1000-concept corpus (functionally; speed is benchmarked)."""
    site = tmp_path / "site"
    shutil.copytree(real_site, site)
    tracks = [f"Track {i}" for i in range(6)]
    concepts = [
        {"slug": f"c{i}", "title": f"Concept {i}", "summary": "s", "path": f"concepts/c{i}/",
         "track": tracks[i % 6], "level": "foundational", "related": [f"c{(i * 7 + 1) % 1000}"],
         "prerequisites": []}
        for i in range(1000)
    ]  # fmt: skip
    (site / "concepts.json").write_text(json.dumps({"version": 1, "concepts": concepts}))
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tab = browser.new_page()
    try:
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/graph/")
        tab.wait_for_selector("#graph-view[data-ready='true']")
        assert tab.locator("#graph-view [data-slug]").count() == 1000
        tab.locator("button[data-zoom='in']").click()
        assert "scale(1.3)" in tab.locator("#graph-view g.viewport").get_attribute("transform")
    finally:
        tab.close()
        server.shutdown()
