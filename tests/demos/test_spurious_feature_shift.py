"""Claim: a classifier that learns a spurious shortcut collapses when the correlation flips."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_spurious_feature_shift(seed):
    r = run_demo("spurious_feature_shift", seed)
    # Trained with the shortcut: great on i.i.d. data, far below chance after the flip.
    assert r["iid_test_acc"] >= 0.9
    assert r["flipped_test_acc"] <= 0.3
    # It leans on the spurious feature more than on the core one.
    assert r["weight_spurious"] > r["weight_core"] > 0
    # Trained on balanced data: the shortcut weight is small and the shift does no harm.
    assert abs(r["balanced_weight_spurious"]) < 0.25 * r["balanced_weight_core"]
    assert r["balanced_flipped_test_acc"] >= 0.8
