"""Claim: where farming respawning targets is the score's exact optimum, Q-learners farm; without
respawns, or with the intended reward, the same learners finish. At a bonus where the exact
optimum finishes, most learners still farm (an exploration failure, not the reward's optimum)."""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_race_track_reward_hacking(seed):
    r = run_demo("race_track_reward_hacking", seed)
    assert r["env_checker_passed"] == 1
    # Context, not the claim: the exact optimum at the main bonus farms (it is computed from the
    # model, so it holds by construction). Without it, farming learners could be a mere failure.
    assert r["exact_proxy_finish_rate"] < 0.01
    # The effect: learners on the score almost never finish and farm the lagoon instead ...
    assert r["proxy_finish_rate"] <= 0.2
    assert r["proxy_hits_per_episode"] >= 10
    # ... and they are good at it: most of the best possible discounted score, so the loop is
    # what optimizing this reward leads to, not a learner stuck somewhere arbitrary.
    assert r["proxy_value_fraction_of_optimal"] >= 0.7
    # Ablation, same seeds and random numbers: targets that never come back leave nothing to
    # farm, and the same learners finish.
    assert r["ablation_finish_rate"] >= 0.9
    # Repair: paying for the finish (with a potential-based hint) makes them finish, while the
    # game score ranks the farmers above them.
    assert r["fixed_finish_rate"] >= 0.9
    assert r["proxy_score_of_proxy_agents"] > r["proxy_score_of_fixed_agents"]
    # The sweep's honest caveat: where the exact optimum finishes every race, most learners
    # still farm, so some "hacking" by learners is an exploration failure.
    assert r["exact_finish_rate_at_max_bonus"] > 0.99
    assert r["learner_finish_rate_at_max_bonus"] <= 0.5
