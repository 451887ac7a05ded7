"""Claim: a safety buffer sized to the noise of each evaluation catches a capability threshold in
time only if evaluations are frequent; with sparse evaluations it must also cover the growth
between them.

Every 10 checkpoints on 500 items with a two-standard-error buffer, the developer acts after the
true crossing in >= 30% of runs. Ablation on the same runs: evaluating at every checkpoint (same
items, same buffer) -> <= 5% late. With the sparse schedule and a noise-sized buffer, 1000 items
are late more often than 25 items by >= 0.3. (The buffer widened by the simulation's own steepest
growth is printed, not asserted: it is close to late-free by construction.)
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_eval_noise_threshold(seed):
    r = run_demo("eval_noise_threshold", seed)
    # Effect present: sparse evaluations with a buffer that only covers the noise of one score
    # act after the true crossing in a large share of runs.
    assert r["late_share"] >= 0.3
    # Ablation, spacing switched off: the same items and buffer, evaluated at every
    # checkpoint, almost never act late, so the lateness above comes from the spacing.
    assert r["ablation_dense_late_share"] <= 0.05
    # With sparse evaluations, a more precise score (more items) shrinks a noise-sized buffer
    # and makes late action more common, not less.
    assert r["noise_buffer_sparse_late_1000_items"] - r["noise_buffer_sparse_late_25_items"] >= 0.3
