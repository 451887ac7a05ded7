"""Claim: with a judge that sees 4 pixels, debate (an honest and a lying debater each choosing 2
pixels) raises the judge's accuracy to at least 0.9 and cuts its error rate to at most half of its
error rate with 4 random pixels; on the same seed, with the honest side revealing random pixels
instead of choosing, the judge's accuracy falls below its accuracy with random pixels, and with
every pixel equally reliable debate cuts the error rate by less than half."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_debate_toy(seed):
    r = run_demo("debate_toy", seed)
    # Main run: the same judge with the same budget of 4 pixels is far more accurate when two
    # opposed debaters choose the pixels than when the pixels are random ...
    assert r["debate_accuracy"] >= 0.9
    # ... removing at least half of the errors it makes with random pixels.
    assert r["debate_error_ratio"] <= 0.5
    # Ablation 1: the liar is unchanged but nobody answers it with chosen evidence (the honest
    # side reveals random pixels). The judge is then misled more often than with random pixels,
    # so the gain above comes from the opponent's choices, not from the liar being weak.
    assert r["ablation_accuracy"] < r["random_accuracy"]
    # Ablation 2: every pixel equally reliable, so the truth's best evidence is no stronger than
    # the lie's (only more plentiful). Debate then removes less than half of the errors: the gain
    # above comes from the asymmetry in evidence strength.
    assert r["equal_reliability_debate_error_ratio"] > 0.5
