"""Claim: a power law fitted to small models forecasts larger ones, within bootstrap bars.

Fitting L(N) = a * N^(-alpha) + c to models of 4 to 32 parameters, the measured mean loss at
64, 128 and 256 parameters lies inside the joint 95% bootstrap band while data grows with the
model. Ablation (same seed, same small-model runs, large models' data capped at 512 examples):
the 256-parameter model's loss lies above the band, more than 40% above the forecast, and above
the 128-parameter model's loss.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_scaling_law_fit(seed):
    r = run_demo("scaling_law_fit", seed)
    # The forecast really extrapolates: the largest checked model is 8x the largest fitted one.
    assert r["largest_size"] >= 8 * r["largest_fit_size"]
    # The band is computed, not assumed: it has a real width at the largest size.
    assert r["band_high_largest"] > r["band_low_largest"]
    # Effect present: every held-out model's measured loss lies inside the forecast's band.
    assert r["held_out_inside_band"] == r["held_out_count"]
    # Guard: the ablation changes nothing but the large models' data (same small runs, same fit).
    assert r["ablation_small_models_identical"] == 1
    # Effect absent in the ablation: the same forecast now misses, far above its band ...
    assert r["ablation_above_band"] == 1
    assert r["ablation_excess_over_forecast"] > 0.4
    # ... because the regime changed: the bigger model is now worse, which no power law with a
    # positive exponent fitted to the small models can forecast.
    assert r["ablation_largest_vs_half"] > 1.0
