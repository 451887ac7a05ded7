"""Claim: a two-layer attention-only transformer trained on repeated random token sequences
forms an induction head (its second-layer head attends to the token after the current token's
earlier occurrence) and completes the repeats; knocking out the first-layer head removes the
induction pattern and most of the accuracy, and a one-layer model trained the same way falls
short."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_induction_heads(seed):
    r = run_demo("induction_heads", seed)
    # The trained two-layer model predicts the repeated part almost perfectly ...
    assert r["acc_repeated"] >= 0.95
    # ... and its second-layer head looks where an induction head should: at least 0.3 of its
    # attention, and at least 3 times what attending evenly to the visible positions would give.
    assert r["induction_score_layer2"] >= 0.3
    assert r["induction_score_layer2"] >= 3 * r["even_spread_baseline"]
    # Ablation (same seed, same trained weights, first-layer head's output set to zero): the
    # second head loses its induction pattern and the accuracy drops to a fall-back level, so the
    # induction head depends on composition with the earlier head.
    assert r["ablation_induction_score_layer2"] < 0.2
    assert r["acc_repeated"] - r["ablation_acc_repeated"] >= 0.4
    assert r["ablation_acc_repeated"] <= 0.5
    # A one-layer model, trained on the same batches from the same start, cannot compose heads
    # and stays well below the two-layer model.
    assert r["acc_repeated"] - r["one_layer_acc_repeated"] >= 0.3
