"""Claim: with weight decay, a tiny network fits (a + b) mod 23 long before it generalizes.

Training accuracy reaches 99% while held-out accuracy is below 10% (chance is 1/23); held-out
accuracy first reaches 90% at least 5 times as many steps later, within 2000 full-batch steps,
and the median hidden unit then puts more than 70% of its input-weight power on one frequency.
Ablation (same seed, split and initial weights, weight decay off): the training set is still
fitted, but held-out accuracy never reaches 90% and ends below 10%, and the median unit puts
less than 50% of its power on one frequency.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_grokking_modular_addition(seed):
    r = run_demo("grokking_modular_addition", seed)
    # The training set is fitted (memorization happens) ...
    assert r["memorized_step"] > 0
    # ... at a moment when the held-out pairs are still answered no better than chance allows.
    assert r["test_acc_at_memorized"] < 0.10
    # Effect present: held-out accuracy does reach 90% within the budget ...
    assert 0 < r["generalized_step"] <= r["budget_steps"]
    # ... but only after a long delay, at least 5 times the time it took to memorize.
    assert r["delay_ratio"] >= 5
    # The generalizing network has the wave-like structure Nanda et al. describe: hidden units
    # tuned to one frequency each (not forced: random or lookup-table weights spread their power).
    assert r["final_freq_share"] > 0.7
    # Ablation: without weight decay the same network still fits the training set ...
    assert r["ablation_memorized_step"] > 0
    # ... but never generalizes within the same budget: the effect is gone.
    assert r["ablation_generalized_step"] == -1
    assert r["ablation_final_test_acc"] < 0.10
    # And its hidden units do not settle on single frequencies.
    assert r["ablation_final_freq_share"] < 0.5
