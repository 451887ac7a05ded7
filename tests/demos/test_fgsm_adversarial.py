"""Claim: a perturbation of at most 0.1 per pixel along the sign of the loss gradient (FGSM)
drops a digit classifier from >= 85% to <= 10% accuracy, while random signs of the same size
cost at most 5 points (ablation on the same seed, images, network and budget); on a linear
model, the same per-input budget costs at least 40 points more accuracy at d = 1000 than at
d = 10, and random signs stay within 5 points of clean accuracy at every d."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_fgsm_adversarial(seed):
    r = run_demo("fgsm_adversarial", seed)
    # The network really learned the task, so a collapse is a collapse from competence.
    assert r["clean_accuracy"] >= 0.85
    # Effect present: the gradient-sign perturbation of size epsilon breaks the classifier.
    assert r["epsilon"] == pytest.approx(0.1)
    assert r["fgsm_accuracy"] <= 0.10
    # Ablation (same images, network and epsilon, random directions): the size of the change is
    # not what breaks the network, its direction is.
    assert r["ablation_random_sign_drop"] <= 0.05
    # Linearity argument: at a fixed per-input budget the attack costs far more in 1000
    # dimensions than in 10, on tasks built to be equally hard ...
    assert r["linear_fgsm_drop_d1000"] - r["linear_fgsm_drop_d10"] >= 0.40
    # ... while random directions of the same size barely matter at any dimension.
    assert r["linear_max_random_sign_change"] <= 0.05
