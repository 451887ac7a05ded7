"""Claim: a Bradley-Terry reward model fitted only to comparisons of the reference policy's short
answers ranks those answers well, yet optimizing a KL-regularized policy hard against it lowers the
true reward (overoptimization); the cause is missing label coverage, because the same reward model
fitted to the same number of comparisons that cover long answers shows no drop."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_rlhf_reward_model(seed):
    r = run_demo("rlhf_reward_model", seed)
    # The reward model is good where it has labels: it orders held-out reference pairs well, so
    # the later drop is not a badly fitted model.
    assert r["rm_heldout_accuracy"] >= 0.7
    # Main run: the true reward peaks at an intermediate penalty strength ...
    assert r["smallest_beta"] < r["best_beta"]
    assert r["true_reward_at_best_beta"] > r["true_reward_at_reference"]
    # ... and optimizing harder loses more than 1 of it, ending below the unoptimized reference.
    assert r["true_reward_at_smallest_beta"] < r["true_reward_at_best_beta"] - 1.0
    assert r["true_reward_at_smallest_beta"] < r["true_reward_at_reference"]
    # Ablation (same seed, same model, same number of labels, only the compared pairs cover long
    # answers): optimizing just as hard does not lower the true reward.
    assert r["ablation_true_reward_at_smallest_beta"] > r["ablation_true_reward_at_best_beta"] - 0.1
    assert r["ablation_true_reward_at_smallest_beta"] > r["true_reward_at_reference"]
