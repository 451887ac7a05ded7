"""Claim: one linear self-attention layer trained on prompts of linear-regression examples learns
in context: with its weights frozen, its error on new tasks falls as the prompt holds more
examples, and its predictions are those of one gradient-descent step on the prompt; trained on
prompts whose (x, y) pairing is shuffled, the same layer never beats predicting 0, so the gain
comes from the pairing in the prompt."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_in_context_regression(seed):
    r = run_demo("in_context_regression", seed)
    # Main run: with the 20 examples it was trained with, the frozen layer predicts new tasks
    # far better than the best guess without examples (training could have failed to find this).
    assert r["mse_20_examples"] < 0.4 * r["mse_predict_zero_20"]
    # More examples in the prompt, lower error, with no change to the weights: in-context
    # learning, including at 40 examples, twice the training length.
    assert r["mse_5_examples"] > r["mse_10_examples"] > r["mse_20_examples"] > r["mse_40_examples"]
    # What it learned is one gradient-descent step with the best single step size, the finding
    # of von Oswald et al.; a layer that learned some other rule would fail this.
    assert r["relative_gap_to_gd_step_20"] < 0.01
    # Ablation (same seed, model and training, y values shuffled among each prompt's examples):
    # the layer never gets below 0.9 times the error of predicting 0, with 20 or 40 examples.
    assert r["ablation_mse_20_examples"] > 0.9 * r["ablation_mse_predict_zero_20"]
    assert r["ablation_mse_40_examples"] > 0.9 * r["ablation_mse_predict_zero_40"]
