"""Run a demo script as a reader would and collect its `name=value` result lines."""

import os
import re
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SEEDS = (0, 1, 2)  # every claim is asserted on each of these seeds
_RESULT_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$")


def run_demo(name: str, seed: int) -> dict[str, float | str]:
    """Run examples/<name>.py with DEMO_SEED=seed; return its result lines, numbers parsed."""
    env = dict(os.environ, DEMO_SEED=str(seed), MPLBACKEND="Agg", PYTHONHASHSEED="0")
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, f"{name} failed on seed {seed}:\n{proc.stderr[-4000:]}"
    results: dict[str, float | str] = {}
    for line in proc.stdout.splitlines():
        match = _RESULT_LINE.match(line.strip())
        if match:
            key, value = match.groups()
            try:
                results[key] = float(value)
            except ValueError:
                results[key] = value
    assert results, f"{name} printed no name=value lines"
    return results
