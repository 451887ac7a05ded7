"""Claim: a naive progress bonus makes the optimal policy loop; potential-based shaping does not."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_naive_bonus_loops_potential_shaping_keeps_policy(seed):
    r = run_demo("reward_shaping_loop", seed)
    assert r["env_checker_passed"] == 1
    assert r["unshaped_reaches_goal"] == 1
    # the naive bonus: the optimal policy circles forever and collects no task reward
    assert r["naive_reaches_goal"] == 0
    assert r["naive_loop_length"] >= 2
    assert r["naive_true_return"] == 0
    assert r["naive_policy_matches_unshaped"] == 0
    # potential-based shaping: same optimal behaviour as the task reward alone (Ng et al. 1999)
    assert r["potential_reaches_goal"] == 1
    assert r["potential_policy_matches_unshaped"] == 1
    assert r["potential_path_length"] == r["unshaped_path_length"]
    assert r["potential_q_shift_error"] < 1e-3
    assert r["potential_true_return"] == pytest.approx(r["unshaped_true_return"], abs=1e-3)
    # learning: potential-based shaping helps Q-learning here, the naive bonus hurts it
    assert r["potential_learner_goals_per_run"] > r["unshaped_learner_goals_per_run"]
    assert r["naive_learner_goals_per_run"] < r["unshaped_learner_goals_per_run"]
