"""Run a demo script as a reader would, and judge its result lines by its claim file."""

import os
import subprocess
import sys
from pathlib import Path

from glossary.check.results import Verdict, judge, result_lines
from glossary.load.claims import TEST_SEEDS, claim_path, load_claim

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEEDS = TEST_SEEDS  # every claim is asserted on each of these seeds


def run_demo(name: str, seed: int) -> dict[str, str]:
    """Run examples/<name>.py with DEMO_SEED=seed; return its `name=value` lines as printed."""
    env = dict(os.environ, DEMO_SEED=str(seed), MPLBACKEND="Agg", PYTHONHASHSEED="0")
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, f"{name} failed on seed {seed}:\n{proc.stderr[-4000:]}"
    results = result_lines(proc.stdout)
    assert results, f"{name} printed no name=value lines"
    return results


def verdict(name: str, seed: int) -> Verdict:
    """The checks of examples/<name>.claim.yaml on a fresh run of the demo with this seed."""
    path = claim_path(EXAMPLES / f"{name}.py")
    claim, problems = load_claim(path, f"examples/{path.name}")
    assert claim is not None, "\n".join(map(str, problems))
    return judge(claim, run_demo(name, seed))
