"""Claim: for most random reward functions, the optimal first move keeps more options open."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_power_seeking_options(seed):
    r = run_demo("power_seeking_options", seed)
    assert r["env_checker_passed"] == 1
    assert r["frac_prefer_more_options"] >= 0.7
    assert abs(r["frac_prefer_more_options"] - r["options_ratio_prediction"]) <= 0.05
    assert r["power_many"] > r["power_few"] + 0.1
