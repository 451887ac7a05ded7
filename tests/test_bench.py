"""The benchmark still runs end to end on tiny corpora. Speed is measured there, never here."""

import argparse
import json
import math
import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from benchmark import reader_weight, report, run
from benchmark.entries import generate_entries
from glossary.corpus import load_corpus
from tests.conftest import FIXTURE, ROOT

pytestmark = pytest.mark.build
READER_SITE = ROOT / "tests" / "fixtures" / "reader_site"

KEYS = {
    "build_ratio_vs_markdown",
    "scaling_5000_over_1000",
    "page_kb_at_1000",
    "page_kb_at_5000",
    "validate_ratio_vs_parse",
    "slowest_demo_s",
    "live_reload_s",
    "search_index_bytes_per_concept",
    "peak_rss_mb",
    "first_visit_kb_at_1000",
    "first_visit_kb_at_5000",
    "demo_page_kb",
}


def positive(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


def chromium_or_skip() -> None:
    """Skip without Debian's Chromium, as the browser tests do; in CI, fail."""
    try:
        reader_weight.chromium_path()
    except RuntimeError as err:
        if os.environ.get("CI"):
            pytest.fail(str(err))
        pytest.skip(str(err))


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One --quick run, in process, keeping its projects."""
    chromium_or_skip()
    work = tmp_path_factory.mktemp("bench")
    args = argparse.Namespace(
        quick=True,
        repeats=None,
        keep=str(work),
        skip_demos=False,
        skip_live_reload=False,
        skip_reader=False,
    )
    with ThreadPoolExecutor(1) as pool:  # see _with_browser
        return pool.submit(run.run, args).result(), work


def _with_browser(measure, *args):
    """Run a measure with a fresh Chromium, in a thread of its own: the browser tests keep a
    Playwright running in the main thread for the whole session, and Playwright's sync API
    refuses to start a second one in a thread that already has one."""
    chromium_or_skip()

    def go():
        with reader_weight.chromium() as browser:
            return measure(browser, *args)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(go).result()


@pytest.fixture(scope="module")
def reader_site():
    """tests/fixtures/reader_site served as the benchmark serves a site."""
    with reader_weight.serve(READER_SITE) as served:
        yield served


def size(name: str) -> int:
    return (READER_SITE / name).stat().st_size


def test_generated_entries_validate_without_a_problem(tmp_path):
    (tmp_path / "concepts").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "a_demo.py").write_text("# %% [markdown]\n# # A demo\n")
    shutil.copy(
        FIXTURE / "examples" / "tiny_demo.claim.yaml", tmp_path / "examples" / "a_demo.claim.yaml"
    )
    entries = generate_entries(30, ["a_demo"])
    for slug, text in entries.items():
        (tmp_path / "concepts" / f"{slug}.yaml").write_text(text)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == []  # not even a warning: links are reciprocal, nobody is orphaned
    assert len(corpus.concepts) == 30
    words = [
        len(" ".join(str(v) for v in yaml.safe_load(t).values()).split()) for t in entries.values()
    ]
    assert min(words) > 400  # pages of the reference page's size


def test_entries_do_not_depend_on_the_corpus_size():
    small, large = generate_entries(10, ["d"]), generate_entries(40, ["d"])
    assert list(small) == list(large)[:10]
    for slug in small:  # only the links to related concepts differ
        a, b = yaml.safe_load(small[slug]), yaml.safe_load(large[slug])
        for field in ("title", "summary", "lead", "analogy", "example", "sources"):
            assert a[field] == b[field]


def test_quick_run_reports_every_figure(quick):
    result, _ = quick
    summary = report.summary_json(result)
    assert set(summary) >= KEYS
    for key in KEYS - {"peak_rss_mb"}:
        assert positive(summary[key]), key
    assert summary["peak_rss_mb"] and all(positive(v) for v in summary["peak_rss_mb"].values())
    assert set(summary["build_s"]) == {str(n) for n in run.QUICK["sizes"]}
    assert all(positive(v) for v in summary["build_s"].values())
    json.dumps(summary)  # the last line of the output must be plain JSON


def test_quick_run_searches_when_the_site_has_a_search_box(quick):
    result, work = quick
    large = run.QUICK["sizes"][2]
    page = next((work / f"pipeline-{large}" / "site" / "concepts").glob("*/index.html"))
    if "data-site-search" in page.read_text(encoding="utf-8"):
        assert positive(result["search_query_kb_at_5000"])
        assert result["reader_requests"][f"search_query_{large}"] > 0
    else:  # the theme's search box has not arrived yet: nothing to type into
        assert result["search_query_kb_at_5000"] is None


def test_first_visit_counts_requests_made_after_load_and_by_workers(reader_site):
    base, ledger = reader_site
    visit = _with_browser(reader_weight.first_visit, base, ledger, "")
    files = ("page.js", "worker.js", "from-worker.json", "later.json")
    assert {"/", *(f"/{name}" for name in files)} <= set(visit["files"])
    assert visit["bytes"] > sum(size(name) for name in ("index.html", *files))
    assert visit["requests"] >= 1 + len(files)
    assert "/search-index.json" not in visit["files"]  # nothing until the box is focused


def test_search_counts_what_typing_fetches_and_nothing_before(reader_site):
    base, ledger = reader_site
    search = _with_browser(reader_weight.search_query, base, ledger, "", "reward")
    assert {"/search-worker.js", "/search-index.json"} <= set(search["files"])
    assert "/" not in search["files"] and "/page.js" not in search["files"]
    assert search["bytes"] > size("search-worker.js") + size("search-index.json")


def test_search_is_not_measured_without_a_search_box(reader_site):
    base, ledger = reader_site
    assert _with_browser(reader_weight.search_query, base, ledger, "plain/", "reward") is None


def test_largest_demo_page_is_its_html_alone(tmp_path):
    for name, html, figure in (("small", 10, 0), ("large", 30, 0), ("figures", 20, 500)):
        (tmp_path / "examples" / name).mkdir(parents=True)
        (tmp_path / "examples" / name / "index.html").write_bytes(b"x" * html)
        (tmp_path / "examples" / name / "figure.png").write_bytes(b"x" * figure)
    assert reader_weight.largest_demo_page(tmp_path) == ("large", 30)


@pytest.mark.parametrize(
    ("figures", "failing"),
    [
        ({"first_visit_kb_at_1000": 200.0, "first_visit_kb_at_5000": 205.0}, set()),
        ({"first_visit_kb_at_1000": 200.0, "first_visit_kb_at_5000": 211.0},
         {"first_visit_kb_at_5000"}),
        ({"first_visit_kb_at_1000": 299.0, "first_visit_kb_at_5000": 301.0},
         {"first_visit_kb_at_5000"}),
        ({"first_visit_kb_at_1000": 8000.0, "first_visit_kb_at_5000": 8100.0,
          "search_query_kb_at_5000": 401.0, "demo_page_kb": 251.0},
         {"first_visit_kb_at_1000", "first_visit_kb_at_5000", "search_query_kb_at_5000",
          "demo_page_kb"}),
    ],
)  # fmt: skip
def test_reader_goals_show_met_and_not_met(quick, figures, failing):
    result = {**quick[0], "search_query_kb_at_5000": 300.0, "demo_page_kb": 100.0, **figures}
    rows = {row[0]: row for row in report.table_rows(result)}
    _, mid, large = result["sizes"]
    labels = {
        "first_visit_kb_at_1000": f"First visit to a concept page at {mid} concepts (KB)",
        "first_visit_kb_at_5000": f"The same page at {large} concepts (KB)",
        "search_query_kb_at_5000": f"A one-word search at {large} concepts (KB)",
        "demo_page_kb": "Largest demo page, its HTML alone (KB)",
    }
    for key, label in labels.items():
        assert rows[label][3] == ("NOT met" if key in failing else "met"), key
    section = report.docs_section(result, list(rows.values()))
    assert "http.server" in section and "cold" in section
    explained = {"First visit": {"first_visit_kb_at_1000", "first_visit_kb_at_5000"},
                 "Search": {"search_query_kb_at_5000"}, "Demo pages": {"demo_page_kb"}}  # fmt: skip
    for word, keys in explained.items():
        assert (f"**{word}.**" in section) == bool(keys & failing), word


def test_markdown_twin_builds_the_same_pages(quick):
    result, _ = quick
    assert result["same_pages"] == 1.0


def test_breakdowns_name_their_parts(quick):
    result, _ = quick
    assert any("load_corpus" in label for label in result["hook_cpu_s"])
    assert any("scan" in label for label in result["validate_cpu_s"])
    assert all(seconds >= 0 for seconds in result["validate_cpu_s"].values())


def test_docs_section_is_rewritten_between_the_markers(quick, tmp_path):
    result, _ = quick
    page = tmp_path / "performance.md"
    original = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    page.write_text(original, encoding="utf-8")
    report.write_docs(result, report.table_rows(result), page=page, image=tmp_path / "plot.svg")
    text = page.read_text(encoding="utf-8")
    assert text.startswith(original.partition(report.START)[0])
    assert text.endswith(original.partition(report.END)[2])
    assert "| Build, pipeline / hand-written Markdown" in text
    assert (tmp_path / "plot.svg").read_text().lstrip().startswith("<?xml")


def test_table_lists_every_goal(quick):
    result, _ = quick
    rows = report.table_rows(result)
    for key, (_, _, goal, status) in zip(report.GOALS, rows, strict=False):
        assert goal.startswith("≤"), key
        assert status in ({"not measured"} if result.get(key) is None else {"met", "NOT met"}), key
    assert report.text_table(rows).count("\n") == len(rows)
