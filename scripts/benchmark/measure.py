"""The measurements: builds at every size against the Markdown twin, validation against a bare
YAML parse, and live reload under `mkdocs serve`."""

import gc
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from benchmark.entries import generate_entries, middle_slugs
from benchmark.projects import (
    build,
    copy_demos,
    make_markdown_project,
    make_pipeline_project,
    mkdocs_env,
    page_weight,
    same_pages,
    without_notebook_probe,
)
from benchmark.stopwatch import Stopwatch
from glossary import ROOT
from glossary.corpus import load_corpus


def validation_breakdown(root: Path) -> dict[str, float]:
    """CPU seconds of each part of one load_corpus(root)."""
    from glossary import corpus
    from glossary.check import rules, schema

    watch = Stopwatch()
    each_entry = "rules on each entry, without the scan (check.rules)"
    targets = [
        (corpus, "parse", "YAML parse with positions (load.safe_yaml.parse)"),
        (schema, "check", "schema check (check.schema.check)"),
        (rules, "scan", "Markdown scan for links and HTML (check.scan.scan)"),
        (rules, "check_placeholders", each_entry),
        (rules, "check_entry", each_entry),
        (rules, "check_corpus", "rules across entries, without the scan (check_corpus)"),
    ]
    gc.collect()
    with watch.patch(targets):
        watch.wrap("reading files, building concepts, the rest", corpus.load_corpus)(root)
    return watch.totals


def measure_builds(
    work: Path, sizes: tuple, repeats: int, examples: Path, log, probe: bool = True
) -> dict:
    """Pipeline builds at every size, and the mid size alternated with its Markdown twin."""
    large = sizes[2]
    seed_cache = ROOT / ".cache"
    warm = make_pipeline_project(work / "warm", min(sizes), examples, seed_cache)
    log(f"warming the demo cache ({warm.name})")
    build(warm, warm / "site")  # runs any demo whose cache entry is missing, once
    cache = warm / ".cache"
    projects = {}
    for n in sizes:
        log(f"generating {n} concepts")
        projects[n] = make_pipeline_project(work / f"pipeline-{n}", n, examples, cache)
    mid = sizes[1]
    markdown, hook_times = make_markdown_project(work / f"markdown-probe-{mid}", projects[mid])
    plain = without_notebook_probe(work / f"markdown-{mid}", markdown)
    twins = {"pipeline": projects[mid], "markdown": plain}
    if probe:
        twins["markdown_probe"] = markdown
    runs: dict[str, list[dict]] = {kind: [] for kind in twins}
    for r in range(repeats):
        for kind, project in twins.items():
            if kind == "markdown_probe" and r >= 2:
                continue  # supporting evidence only, and the slowest build: two runs do
            runs[kind].append(build(project, project / "site"))
            done = runs[kind][-1]
            log(f"build {kind} {mid} #{r + 1}: {done['seconds']:.1f} CPU s, {done['wall_s']:.1f} s")
    times = {mid: statistics.median(b["seconds"] for b in runs["pipeline"])}
    wall = {mid: statistics.median(b["wall_s"] for b in runs["pipeline"])}
    rss = {f"{kind}_{mid}": max(b["peak_rss_mb"] for b in runs[kind]) for kind in twins}

    def ratios(baseline: str) -> list[float]:
        pairs = zip(runs["pipeline"], runs[baseline], strict=False)  # the probe has fewer
        return [a["seconds"] / b["seconds"] for a, b in pairs]

    # The same concepts in every corpus, away from its ends: entry i reads the same whatever
    # the corpus size, and has the same neighbours.
    weight = {mid: page_weight(projects[mid] / "site", middle_slugs(mid))}
    same = same_pages(projects[mid] / "site", plain / "site")
    log(f"concept pages identical in the pipeline and Markdown builds: {same:.0%}")
    for n in (sizes[0], sizes[2]):
        result = build(projects[n], projects[n] / "site")
        log(f"build pipeline {n}: {result['seconds']:.1f} CPU s, {result['wall_s']:.1f} s")
        times[n] = result["seconds"]
        wall[n] = result["wall_s"]
        rss[f"pipeline_{n}"] = result["peak_rss_mb"]
        weight[n] = page_weight(projects[n] / "site", middle_slugs(min(n, mid)))
    across = same_pages(projects[mid] / "site", projects[large] / "site", middle_slugs(mid))
    log(f"middle concept pages identical at {mid} and {large} concepts: {across:.0%}")
    return {
        "same_pages_across_sizes": across,
        "projects": projects,
        "markdown": plain,
        "times": times,
        "wall": wall,
        "markdown_s": statistics.median(b["seconds"] for b in runs["markdown"]),
        "markdown_wall_s": statistics.median(b["wall_s"] for b in runs["markdown"]),
        "markdown_probe_s": (
            statistics.median(b["seconds"] for b in runs["markdown_probe"]) if probe else None
        ),
        "ratio": statistics.median(ratios("markdown")),
        "ratios": ratios("markdown"),
        "ratio_probe": statistics.median(ratios("markdown_probe")) if probe else None,
        "same_pages": same,
        "hook_cpu_s": hook_times,
        "rss": rss,
        "weight": weight,
    }


def measure_validation(work: Path, n: int, repeats: int, examples: Path) -> dict:
    """load_corpus on n entries against a bare CSafeLoader parse of the same files."""
    root = work / f"validate-{n}"
    (root / "concepts").mkdir(parents=True)
    copy_demos(examples, root / "examples")
    names = sorted(p.stem for p in examples.glob("*.py"))
    for slug, text in generate_entries(n, names, seed=1).items():
        (root / "concepts" / f"{slug}.yaml").write_text(text, encoding="utf-8")
    files = sorted((root / "concepts").glob("*.yaml"))

    def parse_all() -> None:
        for path in files:
            yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)

    corpus = load_corpus(root)  # also a correctness check: the corpus must be clean
    assert not corpus.problems, corpus.problems[:5]
    assert len(corpus.concepts) == n
    # CPU seconds of this process: on a shared machine, other work then lands on neither side.
    parse_s, validate_s = [], []
    for _ in range(repeats):
        for fn, out in ((parse_all, parse_s), (lambda: load_corpus(root), validate_s)):
            gc.collect()
            start = time.process_time()
            fn()
            out.append(time.process_time() - start)
    return {
        "breakdown": validation_breakdown(root),
        "entries": n,
        "parse_s": statistics.median(parse_s),
        "validate_s": statistics.median(validate_s),
        "ratio": statistics.median(v / p for v, p in zip(validate_s, parse_s, strict=True)),
    }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    """The text at url, or None while the server is not answering or has no such page."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def stop(proc: subprocess.Popen) -> None:
    """End a server process, forcefully if it does not stop within 20 s."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def make_serve_args() -> tuple[str, ...]:
    """The options `make serve` gives `mkdocs serve` (but its address), read from the Makefile so
    that the benchmark measures what an author runs."""
    line = next(x for x in (ROOT / "Makefile").read_text().splitlines() if "mkdocs serve" in x)
    words = line.split("mkdocs serve", 1)[1].split()
    if "--dev-addr" in words:
        at = words.index("--dev-addr")
        del words[at : at + 2]
    return tuple(words)


def measure_live_reload(
    project: Path, source: Path, url_path: str, edits: int, serve_args: tuple = ()
) -> dict:
    """Seconds from saving `source` (an entry or a page) until its new text is served and the
    server has told the browser to reload (the end of the rebuild)."""
    port = free_port()
    args = [sys.executable, "-m", "mkdocs", "serve", *serve_args, "--dev-addr", f"127.0.0.1:{port}"]
    log_path = project / "serve.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        args, cwd=project, stdout=log, stderr=subprocess.STDOUT, env=mkdocs_env()
    )
    url = f"http://127.0.0.1:{port}/{url_path}"
    original = source.read_text(encoding="utf-8")
    times = []
    try:
        start = time.perf_counter()
        while fetch(url) is None:
            if proc.poll() is not None or time.perf_counter() - start > 900:
                tail = log_path.read_text()[-2000:]
                raise RuntimeError(f"mkdocs serve did not start:\n{tail}")
            time.sleep(0.2)
        startup = time.perf_counter() - start
        time.sleep(1.0)  # let the watcher settle after the first build
        for k in range(edits):
            marker = f"Freshly edited text number {k} of this benchmark run"
            if source.suffix == ".yaml":
                text = re.sub(r"^summary: .*$", f"summary: {marker}.", original, flags=re.M)
            else:
                tag = '<p class="concept-summary">'
                text = original.replace(tag, f"{tag}{marker}. ", 1)
            assert text != original
            reloads = log_path.read_text().count("Reloading browsers")
            source.write_text(text, encoding="utf-8")
            start = time.perf_counter()
            while (
                marker not in (fetch(url) or "")
                or log_path.read_text().count("Reloading browsers") == reloads
            ):
                if proc.poll() is not None or time.perf_counter() - start > 600:
                    raise RuntimeError("mkdocs serve did not rebuild the page")
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
            time.sleep(1.0)
    finally:
        source.write_text(original, encoding="utf-8")
        stop(proc)
        log.close()
    return {"seconds": statistics.median(times), "runs": times, "startup_s": startup}
