"""Claim: sparse features are stored in superposition (more features than dimensions, each
dimension carrying several); dense features are not."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_toy_superposition(seed):
    r = run_demo("toy_superposition", seed)
    m = r["hidden_dims"]
    assert r["represented_sparse"] > m
    assert r["min_features_per_dim_sparse"] >= 3
    assert r["max_interference_sparse"] > 0.3
    assert r["represented_dense"] == m
    assert r["max_interference_dense"] < 0.1
