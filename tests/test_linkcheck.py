"""`python scripts/linkcheck.py`: LinkChecker over the built site finds broken links and anchors."""

import shutil
from io import StringIO

import pytest

from glossary.commands.linkcheck import check_site

pytestmark = pytest.mark.build


def test_fixture_site_has_no_broken_links(fixture_site):
    report = StringIO()
    assert check_site(fixture_site, report) == 0, report.getvalue()
    assert "0 errors found" in report.getvalue()


def test_broken_raw_html_links_and_anchors_are_caught(fixture_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(fixture_site, site)
    page = site / "examples" / "tiny_demo" / "index.html"
    broken = '<a href="../../concepts/alpha-concept/#no-such-anchor">a</a><a href="../gone/">b</a>'
    page.write_text(page.read_text().replace("<h1", broken + "<h1", 1))
    report = StringIO()
    assert check_site(site, report) == 1
    text = " ".join(report.getvalue().split())
    assert "Anchor `no-such-anchor' (decoded: `no-such-anchor') not found" in text
    assert "404" in text
