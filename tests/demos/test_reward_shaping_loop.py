"""Claim: Q-learners given a naive progress bonus end up circling; given the potential-based
version of the same bonus (same seeds, same random numbers) they reach the goal."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_naive_bonus_loops_potential_shaping_does_not(seed):
    r = run_demo("reward_shaping_loop", seed)
    assert r["env_checker_passed"] == 1
    # Context, not the claim: the exact optimum (value iteration on the model) circles under the
    # naive bonus and keeps the task's optimal actions under both potentials. These follow from
    # the rewards' arithmetic and Ng et al.'s theorem; checking them guards the solver code.
    assert r["naive_reaches_goal"] == 0
    assert r["potential_policy_matches_unshaped"] == 1
    assert r["potential_below_zero_policy_matches_unshaped"] == 1
    assert r["potential_q_shift_error"] < 1e-3
    # The effect: learners given the naive bonus settle into a loop of two or more states and
    # their greedy policy does not reach the goal ...
    assert r["naive_learner_reaches_goal"] <= 0.1
    assert r["naive_learner_circles"] >= 0.9
    # ... and the bonus costs them goals during training compared with no shaping at all.
    assert r["naive_learner_goals_per_run"] < r["unshaped_learner_goals_per_run"]
    # Ablation, same seeds and random numbers: the potential-based version of the same bonus
    # leaves no loop that pays, and the learners reach the goal, as they do without shaping.
    assert r["potential_learner_reaches_goal"] >= 0.9
    assert r["potential_learner_circles"] <= 0.1
    assert r["unshaped_learner_reaches_goal"] >= 0.9
    # The guarantee is about where learning ends, not speed: here this potential slows learning.
    assert r["potential_learner_goals_per_run"] < r["unshaped_learner_goals_per_run"]
    # Same optimum, different learning: the potential shifted below zero (laps pay a little)
    # leaves more learners short of the goal than the non-negative one.
    assert r["potential_below_zero_learner_reaches_goal"] < r["potential_learner_reaches_goal"]
