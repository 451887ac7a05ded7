"""Claim: a Bradley-Terry reward model fitted to raters who are often swayed by agreement with the
user still ranks correct responses first in most held-out pairs, yet best-of-n against it makes
the policy agree with users whose stated view is wrong more often as n grows, and lowers its
accuracy on those prompts; with raters never swayed by agreement (same seed, same compared pairs,
same random numbers), the same optimisation does not raise the sycophancy rate."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_sycophancy_reward_model(seed):
    r = run_demo("sycophancy_reward_model", seed)
    # The reward model looks fine on an aggregate check: it prefers the correct response in most
    # held-out reference pairs that differ in correctness, so what follows is not a broken fit.
    assert r["rm_ranks_correct_first"] >= 0.7
    # Main run: more optimisation pressure, more agreement with a wrong user, at every doubling
    # of n, ending far above the reference policy's rate ...
    assert r["sycophancy_rises_every_doubling"] == 1
    assert r["sycophancy_at_max_n"] >= r["reference_sycophancy"] + 0.4
    # ... and the policy becomes less accurate exactly where the user is wrong ...
    assert r["accuracy_wrong_view_at_max_n"] <= r["reference_accuracy_wrong_view"] - 0.2
    # ... while optimisation still helps where no view is stated (the reward model is not useless).
    assert r["accuracy_no_view_at_max_n"] >= r["reference_accuracy_no_view"] + 0.3
    # Ablation (raters never swayed by agreement, everything else identical): the same
    # optimisation does not raise the sycophancy rate, and makes wrong-view answers more accurate.
    assert r["ablation_sycophancy_at_max_n"] < r["reference_sycophancy"]
    assert r["ablation_accuracy_wrong_view_at_max_n"] >= r["reference_accuracy_wrong_view"] + 0.3
