"""Claim: Q-learning keeps walking through the interruption cell; SARSA learns to avoid it."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_qlearning_ignores_interruptions_sarsa_avoids_them(seed):
    r = run_demo("interruptible_gridworld", seed)
    assert r["env_checker_passed"] == 1
    # the claim
    assert r["qlearning_through_interruption"] >= 0.8
    assert r["sarsa_through_interruption"] <= 0.2
    # SARSA avoids the interruption by pressing the button, and both still reach the goal
    assert r["sarsa_presses_button"] >= 0.8
    assert r["qlearning_reaches_goal"] >= 0.8
    assert r["sarsa_reaches_goal"] >= 0.8
    # Q-learning did find the button while exploring; it just does not value it
    assert r["qlearning_found_button_in_training"] >= 0.8
    # controls: without interruptions SARSA takes the short route; Q-learning that records its
    # proposed action (interruptions look like part of the world) avoids the interruption too
    assert r["sarsa_uninterrupted_through_interruption"] >= 0.8
    assert r["qlearning_proposed_through_interruption"] <= 0.2
