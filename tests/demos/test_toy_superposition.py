"""Claim: sparse features are stored in superposition (more features than dimensions); with
dense features and the same model, seed and training, no more features than dimensions are
stored, and those do not overlap."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_toy_superposition(seed):
    r = run_demo("toy_superposition", seed)
    m = r["hidden_dims"]
    # Superposition: the sparse model stores more features than it has hidden dimensions.
    # (Its large overlaps are not asserted: more than m directions in m dimensions must overlap.)
    assert r["represented_sparse"] > m
    # Ablation, sparsity switched off: the dense model stores at most m features ...
    assert r["ablation_represented_dense"] <= m
    # ... and keeps them apart, which training had to find (two directions in a plane may overlap).
    assert r["ablation_max_interference_dense"] < 0.1
