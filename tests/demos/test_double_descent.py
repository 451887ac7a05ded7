"""Claim: min-norm random-features regression peaks in test error at p ~ n, then descends again."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_double_descent(seed):
    r = run_demo("double_descent", seed)
    n = r["n_train"]
    assert 0.8 * n <= r["peak_p"] <= 1.25 * n
    assert r["overparam_final_mse"] < r["peak_test_mse"] / 10
    assert r["overparam_final_mse"] < r["underparam_best_mse"]
