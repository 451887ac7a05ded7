"""Claim: on a 10-armed bandit, UCB1 < epsilon-greedy < greedy in regret; greedy's is linear."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_bandit_exploration(seed):
    r = run_demo("bandit_exploration", seed)
    assert r["env_checker_passed"] == 1
    # Ranking of cumulative regret after the last pull.
    assert r["regret_ucb"] < r["regret_eps_greedy"] < r["regret_greedy"]
    # Greedy: linear regret, because it often stays on a worse arm.
    assert r["greedy_late_to_early"] >= 0.85
    assert r["greedy_stuck_fraction"] >= 0.4
    # UCB1: regret flattens out.
    assert r["ucb_late_to_early"] <= 0.5
