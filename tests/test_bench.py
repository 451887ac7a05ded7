"""The benchmark still runs end to end on tiny corpora. Speed is measured there, never here."""

import argparse
import json
import math

import pytest
import yaml

from benchmark import report, run
from benchmark.entries import generate_entries
from glossary.corpus import load_corpus
from tests.conftest import ROOT

pytestmark = pytest.mark.build

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
}


def positive(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One --quick run, in process, keeping its projects."""
    work = tmp_path_factory.mktemp("bench")
    args = argparse.Namespace(
        quick=True, repeats=None, keep=str(work), skip_demos=False, skip_live_reload=False
    )
    return run.run(args), work


def test_generated_entries_validate_without_a_problem(tmp_path):
    (tmp_path / "concepts").mkdir()
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "a_demo.py").write_text("# %% [markdown]\n# # A demo\n")
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
    table = report.text_table(report.table_rows(result))
    assert table.count("met") >= len(report.GOALS)
