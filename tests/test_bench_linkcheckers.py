"""The link-checker benchmark runs both checkers to the same verdict (speed is never asserted)."""

import shutil

import pytest

from benchmark.linkcheckers import compare

pytestmark = pytest.mark.build


def test_both_checkers_agree_on_a_good_and_a_broken_site(fixture_site, tmp_path):
    good = compare(fixture_site, repeats=1)
    for name in ("lychee", "linkchecker"):
        assert good[name]["exit_code"] == 0, good[name]["report"][-2000:]
        assert good[name]["seconds"] > 0 and good[name]["links"] > 0
    broken = tmp_path / "site"
    shutil.copytree(fixture_site, broken)
    page = broken / "examples" / "tiny_demo" / "index.html"
    page.write_text(page.read_text().replace("<h1", '<a href="../gone/">b</a><h1', 1))
    bad = compare(broken, repeats=1)
    assert bad["lychee"]["exit_code"] == bad["linkchecker"]["exit_code"] == 1
