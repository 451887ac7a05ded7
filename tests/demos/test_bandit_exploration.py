"""Claim: on a 10-armed bandit, exploration is what finds the best arm and flattens regret.

Each exploring strategy is compared with its own ablation on the same bandit problems and
random numbers: epsilon-greedy against epsilon 0 (plain greedy), UCB1 against UCB1 with its
bonus set to 0. None of the asserted quantities is fixed by the set-up: regret, the share of
runs that end on a worse arm and the late-to-early regret ratios are all measured.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_bandit_exploration(seed):
    r = run_demo("bandit_exploration", seed)
    assert r["env_checker_passed"] == 1
    # Switching exploration off raises regret and the share of runs whose most-pulled arm is
    # not the best one, for both strategies.
    assert r["regret_eps_greedy"] < r["ablation_regret_greedy"]
    assert r["wrong_arm_share_eps_greedy"] < r["ablation_wrong_arm_share_greedy"]
    assert r["regret_ucb"] < r["ablation_regret_ucb_no_bonus"]
    assert r["wrong_arm_share_ucb"] < r["ablation_wrong_arm_share_ucb_no_bonus"]
    # Greedy gets stuck: in at least half of the runs it mostly pulls a worse arm, so its
    # regret keeps growing at an almost constant rate.
    assert r["ablation_wrong_arm_share_greedy"] >= 0.5
    assert r["ablation_late_to_early_greedy"] >= 0.85
    # UCB1's regret flattens out; without the bonus it does not (same code, bonus 0).
    assert r["late_to_early_ucb"] <= 0.5
    assert r["ablation_late_to_early_ucb_no_bonus"] >= 0.65
    # UCB1 has the least regret of the four agents.
    others = ("regret_eps_greedy", "ablation_regret_greedy", "ablation_regret_ucb_no_bonus")
    assert all(r["regret_ucb"] < r[name] for name in others)
