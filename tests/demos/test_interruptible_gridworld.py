"""Claim: with interruptions in half of the episodes, Q-learning and Safe SARSA keep walking
through the interruption cell to the goal, while SARSA and a Q-learner that records its proposed
action learn to avoid it; without interruptions (same seeds, same draws) all four walk through."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo

INDIFFERENT = ("qlearning", "safe_sarsa")  # record the executed action, bootstrap past the override
PUSHED_AWAY = ("sarsa", "qlearning_proposed")  # learn the value of being interrupted


@pytest.mark.parametrize("seed", SEEDS)
def test_interruptions_push_away_only_some_learners(seed):
    r = run_demo("interruptible_gridworld", seed)
    assert r["env_checker_passed"] == 1
    # The claim: learners whose update ignores the operator's override keep the short route ...
    for key in INDIFFERENT:
        assert r[f"{key}_through_interruption"] >= 0.8, (key, r)
    # ... and the two whose update sees the override learn to avoid it (by pressing the button,
    # not by giving up on the goal).
    for key in PUSHED_AWAY:
        assert r[f"{key}_through_interruption"] <= 0.2, (key, r)
        assert r[f"{key}_presses_button"] >= 0.8, (key, r)
        assert r[f"{key}_reaches_goal"] >= 0.8, (key, r)
    # Ablation, same seeds and random draws with the interruptions switched off: every learner
    # takes the short route, so the detours above are caused by the interruptions, not by the
    # learners' own exploration or by the layout.
    for key in INDIFFERENT + PUSHED_AWAY:
        assert r[f"ablation_{key}_through_interruption"] >= 0.8, (key, r)
    # The indifferent learners were not spared the interruptions: a large share of their
    # training steps was spent frozen on the interruption cell.
    for key in INDIFFERENT:
        assert r[f"{key}_frozen_share_of_training"] >= 0.3, (key, r)
