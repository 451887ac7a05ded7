"""The demo benchmark itself still runs (speed is measured there, never asserted here)."""

from benchmark.demos import bench
from tests.conftest import FIXTURE


def test_bench_reports_every_demo_and_the_slowest():
    result = bench(["tiny_demo"], repeats=1, examples=FIXTURE / "examples")
    assert set(result["demos"]) == {"tiny_demo"}
    assert result["slowest_demo_s"] == result["demos"]["tiny_demo"] > 0
    assert result["baseline_s"] > 0
