"""Claim: best-of-n on a heavy-tailed proxy lifts the proxy; true reward peaks, then falls."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_best_of_n_goodhart(seed):
    r = run_demo("best_of_n_goodhart", seed)
    # The proxy score of the chosen candidate rises with every doubling of n.
    assert r["proxy_monotone"] == 1
    # The true reward peaks strictly inside the range of n ...
    assert 1 < r["true_peak_n"] < r["max_n"]
    # ... and at the largest n has fallen to less than half of the peak.
    assert r["true_at_max_n"] < 0.5 * r["true_at_peak"]
    # Control: a light-tailed error of the same size lets true reward keep rising.
    assert r["light_true_monotone"] == 1
    assert r["light_true_at_max_n"] > r["true_at_peak"]
