"""Claim: the stepwise reachability penalty prices the vase once; above that price, it detours.

The optimal policies are computed exactly (value iteration on the model), so which side of the
switch a weight falls on is arithmetic of the layout. What is tested is that the exact planner
switches where a one-time charge of the lost reachability predicts, acts accordingly on both
sides of the switch, and that the vase is broken when the penalty is switched off.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_impact_penalty_avoids_breaking_the_vase(seed):
    r = run_demo("side_effects_vase", seed)
    assert r["env_checker_passed"] == 1
    # Ablation (same room, penalty off): the optimal policy walks through the vase. The layout
    # guarantees this (the vase is on every shortest path); it is the control, not the claim.
    assert r["ablation_no_penalty_breaks_vase"] == 1
    assert r["ablation_no_penalty_reaches_goal"] == 1
    # The planner switches where charging the lost reachability once predicts. With a penalty
    # charged again on every later step (a starting-state baseline) the measured switch comes
    # far lower (1.545 against 7.571 on seed 0), so this fails if the mechanism is not the
    # one-time price.
    predicted, measured = r["flip_weight_predicted"], r["flip_weight_measured"]
    assert abs(measured - predicted) <= 1e-3 * predicted
    # Both sides of the switch: just below it the vase breaks; just above it the agent spares
    # the vase and still reaches the goal (the penalty does not stop it from doing the task).
    assert r["below_flip_breaks_vase"] == 1
    assert r["above_flip_breaks_vase"] == 0
    assert r["above_flip_reaches_goal"] == 1
    # The main run (weight 20, above the switch for every layout the generator allows): vase
    # intact, goal reached, by a strictly longer path than the ablation's.
    assert r["penalized_breaks_vase"] == 0
    assert r["penalized_reaches_goal"] == 1
    assert r["penalized_path_length"] > r["ablation_no_penalty_path_length"]
