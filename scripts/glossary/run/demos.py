"""Run every demo of a build (two at a time), and judge each run by its demo's claim file."""

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import nbclient

from glossary.check.results import Verdict, judge, result_lines
from glossary.load.demos import Demo
from glossary.run.execute import cached_execute, demo_key
from glossary.run.outputs import Figure, figures, page_notebook, printed_text

# Each run is a kernel process; threads only wait on it. Two matches this machine's two cores.
WORKERS = 2


@dataclass(frozen=True)
class DemoRun:
    """One demo as this build ran it: what it printed, its figures, and its claim's verdict."""

    name: str
    key: str  # what the run depends on (execute.run_key): an equal key means the same run
    results: dict[str, str]
    figures: tuple[Figure, ...]
    notebook: str  # the executed notebook, figures inline: the .ipynb readers download
    page: str  # the same notebook with figures as files: what the demo page renders
    verdict: Verdict | None = None
    key_figure: Figure | None = None  # the figure the claim file names, else the last one


class DemoFailed(Exception):
    """A demo that raised, or whose results its claim does not accept; one line per problem."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def _execute(demo: Demo, path: Path, cwd: Path, cache_dir: Path, key: str, fresh: bool) -> DemoRun:
    """Run the demo (or read its cached run) and collect what it printed and drew."""
    try:
        text = cached_execute(path, cwd, cache_dir, key, fresh)
    except nbclient.exceptions.CellExecutionError as error:
        message = f"{demo.name}: the demo raised an error: {error.ename}: {error.evalue}"
        raise DemoFailed([message]) from None
    notebook = json.loads(text)  # plain data: nbformat's checked objects cost 10x more here
    drawn = figures(notebook)
    results = result_lines(printed_text(notebook))
    page = page_notebook(notebook, drawn, demo.title)
    return DemoRun(demo.name, key, results, tuple(drawn), text, page)


def _judged(demo: Demo, run: DemoRun) -> DemoRun:
    """The run with its claim's verdict and key figure; DemoFailed if the claim does not hold."""
    claim = demo.checks
    if claim is None:  # the corpus check reports the claim file itself
        raise DemoFailed([f"{demo.name}: no valid claim file, so nothing to check the run by"])
    verdict = judge(claim, run.results)
    if not verdict.passed:
        raise DemoFailed(verdict.failures(demo.name))
    count = len(run.figures)
    if claim.figure is not None and claim.figure > count:
        raise DemoFailed(
            [f"{demo.name}: the claim file shows figure {claim.figure}, the run drew {count}"]
        )
    key_figure = run.figures[(claim.figure or count) - 1] if count else None
    return replace(run, verdict=verdict, key_figure=key_figure)


def run_demos(
    demos: dict[str, Demo],
    root: Path,
    cache_dir: Path,
    fresh: bool,
    previous: dict[str, DemoRun] | None = None,
) -> tuple[dict[str, DemoRun], list[str]]:
    """Run every demo; return the runs that passed and one line per problem of the others.

    fresh: run every demo now, ignoring the cache. previous: the runs of the last build in this
    process; a demo whose key is unchanged is not read again, only judged again (its claim file
    may have changed).
    """
    earlier = {} if fresh else (previous or {})

    def one(name: str) -> DemoRun | DemoFailed:
        path = root / "examples" / f"{name}.py"
        try:
            key = demo_key(path, root)
            run = earlier.get(name)
            if run is None or run.key != key:
                run = _execute(demos[name], path, root, cache_dir, key, fresh)
            return _judged(demos[name], run)
        except DemoFailed as failed:
            return failed

    runs, problems = {}, []
    with ThreadPoolExecutor(WORKERS) as pool:
        for name, outcome in zip(demos, pool.map(one, demos), strict=True):
            if isinstance(outcome, DemoFailed):
                problems += outcome.lines
            else:
                runs[name] = outcome
    return runs, problems
