"""`python scripts/linkcheck.py`: lychee over the built site finds every broken link and anchor."""

import re
import shutil
from io import StringIO

import pytest

from glossary.commands.linkcheck import check_site, main

pytestmark = pytest.mark.build

DEMO = "examples/tiny_demo/index.html"
CONCEPT = "concepts/alpha-concept/index.html"


def check(site) -> tuple[int, list[str], str]:
    """Exit code, problem lines and summary line of one check."""
    report = StringIO()
    code = check_site(site, report)
    *problems, summary = report.getvalue().splitlines()
    return code, problems, summary


def test_fixture_site_has_no_broken_links(fixture_site):
    # A link to a folder's #anchor must resolve to its index.html, not be reported missing.
    assert 'href="../#test-track"' in (fixture_site / CONCEPT).read_text()
    code, problems, summary = check(fixture_site)
    assert (code, problems) == (0, [])
    assert re.fullmatch(r"[1-9]\d* internal links checked, 0 broken", summary)


# One bad link each, put on a page as raw HTML: (page, markup, what the report says of it).
BAD_LINKS = {
    "missing page, raw HTML on a demo page": (
        DEMO,
        '<a href="../gone/">b</a>',
        "/examples/gone: File not found",
    ),
    "missing anchor, raw HTML on a demo page": (
        DEMO,
        '<a href="../../concepts/alpha-concept/#no-such-anchor">a</a>',
        "/concepts/alpha-concept#no-such-anchor: Cannot find fragment",
    ),
    "missing anchor in a demo page": (
        CONCEPT,
        '<a href="../../examples/tiny_demo/#no-such-cell">d</a>',
        "/examples/tiny_demo#no-such-cell: Cannot find fragment",
    ),
    "missing anchor of a folder's index page": (
        CONCEPT,
        '<a href="../#no-such-track">t</a>',
        "/concepts#no-such-track: Cannot find fragment",
    ),
    "folder without index.html": (
        CONCEPT,
        '<a href="../../assets/">f</a>',
        "/assets: Cannot find index file",
    ),
    "img src": (CONCEPT, '<img src="../../assets/gone.png" alt="">', "/assets/gone.png: File not"),
    "img srcset": (
        CONCEPT,
        '<img src="../../assets/images/favicon.png" srcset="../../assets/gone-2x.png 2x" alt="">',
        "/assets/gone-2x.png: File not found",
    ),
    "script src": (
        CONCEPT,
        '<script src="../../assets/gone.js"></script>',
        "/assets/gone.js: File",
    ),
    "link href": (
        CONCEPT,
        '<link rel="stylesheet" href="../../assets/gone.css">',
        "/assets/gone.css: File not found",
    ),
    "url() in a style attribute": (
        CONCEPT,
        "<div style=\"background: url('../../assets/gone-bg.png')\"></div>",
        "/assets/gone-bg.png: File not found",
    ),
    "meta refresh": (
        CONCEPT,
        '<meta http-equiv="refresh" content="0; url=../gone/#top">',
        "/concepts/gone#top: File not found",
    ),
}


@pytest.mark.parametrize("page, markup, message", BAD_LINKS.values(), ids=BAD_LINKS)
def test_each_kind_of_broken_link_is_reported_on_its_page(
    fixture_site, tmp_path, page, markup, message
):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    html = (site / page).read_text()
    (site / page).write_text(html.replace("<h1", markup + "<h1", 1))
    code, problems, summary = check(site)
    assert code == 1
    assert len(problems) == 1 and re.match(rf"{page}:\d+:\d+: {re.escape(message)}", problems[0])
    assert summary.endswith(", 1 broken")


def test_broken_url_in_a_stylesheet_is_reported(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    css = sorted(site.glob("assets/stylesheets/main-*.css"))[0]
    css.write_text(css.read_text() + "\nbody{background:url(gone.png)}\n")
    code, problems, _ = check(site)
    assert code == 1
    where = css.relative_to(site).as_posix()
    assert [re.sub(r":\d+:\d+:", ":", p) for p in problems] == [
        f"{where}: /assets/stylesheets/gone.png: File not found. Check if file exists and path is "
        "correct"
    ]


def test_every_link_to_a_removed_page_is_reported(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    shutil.rmtree(site / "concepts" / "beta-concept")
    code, problems, _ = check(site)
    assert code == 1
    pages = {p.split(":")[0] for p in problems}
    assert {CONCEPT, "concepts/index.html", "index.html"} <= pages
    assert all(re.search(r": /concepts/beta-concept(#[\w-]+)?: ", p) for p in problems), problems


def test_a_folder_without_a_site_is_a_usage_error(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "has no index.html; build the site first" in capsys.readouterr().err
