"""Claim: a Bradley-Terry reward model ranks well in-distribution, yet pushing a KL-regularized
policy too hard against it lowers the true reward (overoptimization)."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_rlhf_reward_model(seed):
    r = run_demo("rlhf_reward_model", seed)
    assert r["rm_heldout_accuracy"] >= 0.7
    assert r["proxy_monotone"] == 1
    assert r["smallest_beta"] < r["best_beta"]
    assert r["true_reward_at_best_beta"] > r["true_reward_at_smallest_beta"] + 1.0
    assert r["true_reward_at_best_beta"] > r["true_reward_at_reference"]
