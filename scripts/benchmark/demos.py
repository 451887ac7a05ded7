"""Time every demo as a reader runs it: `python scripts/bench_demos.py [--repeats N] [NAME ...]`.

Each demo runs as its own process (imports included), alternating demos between repeats so that
machine noise spreads evenly; the median of the repeats is reported. A trivial Python process,
run the same way, is the baseline: the gap between the two is the demo's own cost.
The last line is JSON: {"demos": {name: seconds}, "slowest_demo_s": ..., "baseline_s": ...}.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from glossary import ROOT

LIMIT_S = 10.0  # the promise on every demo page: it runs in seconds on a laptop CPU


def run_once(args: list[str]) -> float:
    """Wall-clock seconds of one process run; raises if it fails."""
    env = dict(os.environ, MPLBACKEND="Agg", DEMO_SEED="0")
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def bench(names: list[str], repeats: int, examples: Path = ROOT / "examples") -> dict:
    """Median seconds per demo in examples/, plus the baseline process."""
    times: dict[str, list[float]] = {name: [] for name in names}
    baseline: list[float] = []
    for _ in range(repeats):
        baseline.append(run_once([sys.executable, "-c", "pass"]))
        for name in names:
            times[name].append(run_once([sys.executable, str(examples / f"{name}.py")]))
    demos = {name: round(statistics.median(t), 2) for name, t in times.items()}
    return {
        "demos": demos,
        "slowest_demo_s": max(demos.values()) if demos else 0.0,
        "baseline_s": round(statistics.median(baseline), 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table and the JSON line."""
    parser = argparse.ArgumentParser(description="Time every demo.")
    parser.add_argument("names", nargs="*", help="demo names (default: all)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    names = args.names or sorted(p.stem for p in (ROOT / "examples").glob("*.py"))
    result = bench(names, args.repeats)
    print(f"{'demo':40} {'median s':>9}")
    for name, seconds in sorted(result["demos"].items(), key=lambda kv: -kv[1]):
        flag = "  over the limit!" if seconds > LIMIT_S else ""
        print(f"{name:40} {seconds:9.2f}{flag}")
    print(f"{'(python -c pass baseline)':40} {result['baseline_s']:9.3f}")
    print(json.dumps(result, sort_keys=True))
    return 0
