"""Claim: activation patching localises a mechanism planted in one hidden unit (that unit alone
restores most of the clean output, no other unit much); in the same network trained from the
same start without the plant, no single unit restores much."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_activation_patching(seed):
    r = run_demo("activation_patching", seed)
    # Both networks learned the task, so the comparison is between two working networks.
    assert r["test_rmse_planted"] < 0.05
    assert r["test_rmse_ablation"] < 0.05
    # Patching the planted unit alone restores most of the clean-minus-corrupted difference ...
    assert r["restored_planted_unit"] >= 0.7
    # ... and patching any other single unit restores little.
    assert r["max_restored_other_unit"] <= 0.2
    # Ablation, no plant: no single unit carries the difference, so patching localises nothing.
    assert r["ablation_max_restored_single_unit"] <= 0.4
