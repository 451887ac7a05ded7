"""The link-checker benchmark runs both checkers to the same verdict (speed is never asserted)."""

import shutil

import pytest

import benchmark.linkcheckers
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


def test_a_checker_stopped_at_its_time_limit_is_reported_and_not_run_again(
    fixture_site, monkeypatch
):
    monkeypatch.setattr(benchmark.linkcheckers, "LINKCHECKER_LIMIT_S", 0.01)
    check, pattern = benchmark.linkcheckers.CHECKERS["linkchecker"]
    runs = []
    counted = lambda site, out: runs.append(site) or check(site, out)  # noqa: E731
    monkeypatch.setitem(benchmark.linkcheckers.CHECKERS, "linkchecker", (counted, pattern))
    result = compare(fixture_site, repeats=2)
    assert len(runs) == 1
    stopped = result["linkchecker"]
    assert stopped["stopped"] and stopped["seconds"] is None and result["ratio"] is None
    assert stopped["report"] == "stopped after 0.01 s\n"
    assert result["lychee"]["exit_code"] == 0 and result["lychee"]["seconds"] > 0
