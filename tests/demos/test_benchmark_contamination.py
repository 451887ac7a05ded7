"""Claim: test questions leaked into training inflate a model's score on that benchmark.

The public-minus-fresh score gap (a fresh benchmark drawn to be equally hard, as GSM1k was for
GSM8k) grows with every step of leakage from 0% to 25%, 50% and 100% of the public benchmark,
and with 100% leaked its 99% confidence interval lies entirely above 5 points. Ablation on the
same seed, benchmarks and fresh training questions with nothing leaked: the 99% confidence
interval of the gap contains zero, and its upper end is below the gap with 50% leaked.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_benchmark_contamination(seed):
    r = run_demo("benchmark_contamination", seed)
    # Effect present and dose-dependent: each larger leaked share gives a larger inflation, the
    # ablation (0% leaked) being the first point of the series.
    assert r["ablation_gap"] < r["gap_25pct"] < r["gap_50pct"] < r["gap_100pct"]
    # With the whole public benchmark leaked the inflation is not noise: even the low end of its
    # 99% interval is above 5 accuracy points.
    assert r["gap_100pct_ci_low"] > 0.05
    # Effect absent in the ablation: with no public question in training (nothing else changed)
    # the two equally hard benchmarks agree within noise ...
    assert r["ablation_gap_ci_low"] <= 0.0 <= r["ablation_gap_ci_high"]
    # ... and the interval is narrow enough that it would have caught an inflation the size of
    # the one produced by leaking half the benchmark, so "no gap" is not just a wide interval.
    assert r["ablation_gap_ci_high"] < r["gap_50pct"]
