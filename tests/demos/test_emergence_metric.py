"""Claim: exact match over 10 independent tokens looks 'emergent'; per-token accuracy is smooth.

Per-token accuracy takes more than 1.5 factors of ten in scale to climb from 20% to 80%; exact
match on 10-token answers built from independent facts takes less than half as many, and is
below 5% at the first scale where per-token accuracy reaches 50%. Ablation (same models, the 10
tokens resting on one shared fact): exact match's width is more than 0.65 times per-token
accuracy's, and it is above 10% at the first scale where per-token accuracy reaches 50%.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_emergence_metric(seed):
    r = run_demo("emergence_metric", seed)
    # The underlying, per-token skill improves gradually over a wide range of scale ...
    assert r["token_width"] > 1.5
    # ... and both metrics do reach the top, so the widths compare complete transitions.
    assert r["final_token_acc"] > 0.95 and r["final_exact"] > 0.9
    # Effect present: exact match on independent tokens climbs over less than half the range ...
    assert r["width_ratio"] < 0.5
    # ... and still reads as "nothing" when half of all tokens are already right.
    assert r["exact_at_half_token_acc"] < 0.05
    # Effect absent in the ablation: with the same all-or-nothing metric over 10 tokens that
    # rest on one fact (no compounding of independent failures), exact match is about as
    # gradual as per-token accuracy ...
    assert r["ablation_width_ratio"] > 0.65
    # ... and is clearly above zero at the same point.
    assert r["ablation_exact_at_half_token_acc"] > 0.10
