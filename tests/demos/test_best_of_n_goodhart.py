"""Claim: best-of-n against a proxy with heavy-tailed error raises the true reward of the chosen
candidate at first, then lowers it; a light-tailed error of the same standard deviation does not."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_best_of_n_goodhart(seed):
    r = run_demo("best_of_n_goodhart", seed)
    # Heavy-tailed error: the true reward peaks strictly inside the range of n ...
    assert 1 < r["true_peak_n"] < r["max_n"]
    # ... and at the largest n has fallen to less than half of the peak.
    assert r["true_at_max_n"] < 0.5 * r["true_at_peak"]
    # Ablation (same seed, same true rewards, error of the same standard deviation but Gaussian
    # tails): the true reward rises with every doubling of n and ends above the heavy-tailed
    # peak, so the fall above comes from the tail shape, not the size of the error.
    assert r["ablation_true_monotone"] == 1
    assert r["ablation_true_at_max_n"] > r["true_at_peak"]
