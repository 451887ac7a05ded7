"""Claim: with gamma 0.5 the optimal policy ends at the near +1 exit, with 0.95 at the far one."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_discount_factor_picks_the_exit(seed):
    r = run_demo("mdp_discount_gridworld", seed)
    assert r["env_checker_passed"] == 1
    assert r["low_gamma_goes_near"] == 1
    assert r["high_gamma_goes_far"] == 1
    # the exact exit probabilities behind those flags, and the sampled episodes agreeing with them
    assert r["low_gamma_p_near"] > 0.5
    assert r["high_gamma_p_far"] > 0.5
    assert r["low_gamma_near_rate"] > 0.5
    assert r["high_gamma_far_rate"] > 0.5
    # value iteration converged before hitting its safety cap
    assert 0 < r["value_iteration_iters"] < 10_000
    assert 0 < r["value_iteration_iters_low_gamma"] < 10_000
