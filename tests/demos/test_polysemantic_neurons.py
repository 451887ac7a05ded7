"""Claim: in a ReLU hidden layer (a privileged basis), sparse features make most neurons
polysemantic; with dense features and everything else the same, every neuron is monosemantic."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_polysemantic_neurons(seed):
    r = run_demo("polysemantic_neurons", seed)
    m = r["n_neurons"]
    # Sparse features: most neurons respond strongly (>= half their maximum) to two or more
    # unrelated features, and on average to at least two.
    assert r["polysemantic_neurons_sparse"] >= 3
    assert r["mean_features_per_neuron_sparse"] >= 2.0
    # The cause, per Elhage et al.: more features are stored than there are neurons.
    assert r["features_stored_sparse"] > m
    # Ablation, dense features: no neuron is polysemantic ...
    assert r["ablation_polysemantic_neurons_dense"] == 0
    # ... and not because neurons died: all of them are in use, one feature each ...
    assert r["ablation_live_neurons_dense"] == m
    # ... and the model stores no more features than it has neurons.
    assert r["ablation_features_stored_dense"] <= m
