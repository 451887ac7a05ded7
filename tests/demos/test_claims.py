"""Every demo's claim, as written in examples/<name>.claim.yaml, holds on test seeds 0, 1 and 2.

The checks are data in one place: the build asserts them on its own run and shows the measured
values on the concept pages; this test asserts them on seeds the page does not show. Every claim
file has at least one check marked `ablation: true` (the loader refuses it otherwise): the same
run with the claimed cause switched off, where the effect must be gone.
"""

import pytest

from tests.demos.demo_runner import EXAMPLES, SEEDS, verdict

DEMOS = sorted(p.stem for p in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", DEMOS)
def test_claim_holds(name, seed):
    result = verdict(name, seed)
    assert result.passed, f"seed {seed}:\n" + "\n".join(result.failures(name))
