"""Claim: estimated from the hardware (chip-hours x peak x an unknown utilisation), a model near
the EU AI Act's 10^25 FLOP presumption cannot be placed on either side of it with confidence;
with N and D known, 6ND (corrected for attention) can.

Hardware route: a model with central estimate 0.8e25 FLOP is above 1e25 with probability in
[5%, 95%], and central estimates classified with < 95% confidence span a factor >= 1.8.
Ablation (N and D known, only the 6ND-vs-attention gap uncertain): the same model is above with
probability <= 1%, and the uncertain band spans a factor <= 1.1.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_training_compute_thresholds(seed):
    r = run_demo("training_compute_thresholds", seed)
    # The 6ND rule itself: a few percent short of the count with attention at a 2k context on a
    # 4096-wide model, far short at a 128k context. Deterministic; a check on the formula.
    assert 0.0 < r["six_nd_gap_d4096_ctx2k"] < 0.05
    assert r["six_nd_gap_d4096_ctx128k"] > 1.0
    # Published figures: 6ND reproduces both reported totals within 1% (they were computed
    # that way), while the hardware route with the paper's own utilisation overshoots.
    assert abs(r["gpt3_6nd_over_reported"] - 1) < 0.01
    assert abs(r["llama405b_6nd_over_reported"] - 1) < 0.01
    assert r["llama405b_hardware_over_reported_low"] > 1.05
    # Effect present: with the utilisation unknown, a model 20% under the line has a real
    # chance of being over it, and a factor-of-two range of models is unclassifiable.
    assert 0.05 <= r["hw_p_above_eu_near"] <= 0.95
    assert r["hw_uncertain_band_factor"] >= 1.8
    # Ablation: with N and D known, the remaining uncertainty (how much attention adds to 6ND)
    # is too small to move that model over the line, and the uncertain band nearly vanishes.
    assert r["ablation_arch_p_above_eu_near"] <= 0.01
    assert r["ablation_arch_uncertain_band_factor"] <= 1.1
