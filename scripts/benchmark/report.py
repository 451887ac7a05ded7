"""The report: goals and their status, the table, the plot and the performance page's section."""

import contextlib
import importlib.metadata
import json
import os
import platform
import re
from pathlib import Path

from benchmark.linkcheckers import LINKCHECKER_LIMIT_S
from benchmark.measure import make_serve_args
from glossary import ROOT

DOC_PAGE = ROOT / "docs" / "performance.md"
PLOT = ROOT / "docs" / "assets" / "perf-build-time.svg"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

GOALS = {  # key: (limit, what it means)
    "build_ratio_vs_markdown": (1.10, "pipeline build / hand-written Markdown build"),
    "scaling_5000_over_1000": (5.5, "build time at 5000 / at 1000 concepts"),
    "page_kb_at_1000": (40.0, "concept page HTML, KB"),
    "page_kb_at_5000": (None, "no larger than at 1000"),
    "validate_ratio_vs_parse": (1.5, "load_corpus / bare CSafeLoader parse"),
    "slowest_demo_s": (10.0, "slowest demo, seconds"),
    "live_reload_s": (3.0, "save an entry -> new page served, seconds"),
    "first_visit_kb_at_1000": (300.0, "first visit to a concept page, all requests, KB"),
    "first_visit_kb_at_5000": (300.0, "the same, and within 5% of the figure at 1000"),
    "search_query_kb_at_5000": (400.0, "typing a one-word query until its results show, KB"),
    "demo_page_kb": (250.0, "the largest demo page's HTML, KB"),
}
READER_SPREAD = 0.05  # a first visit at 5000 concepts within 5% of the one at 1000
READER_METHOD = (
    "Reader weight is measured in Chromium (Playwright), in a fresh browser context (a cold"
    " cache), over loopback from Python's `http.server`, which does not compress: the worst case"
    " a static host gives. The server counts every byte it sends, headers included, for every"
    " request, whoever makes it (the page, a Web Worker, a late fetch), until the network has"
    " been idle for a second. Its KB are 1000 bytes (the page HTML above counts 1024)."
)


def machine() -> dict:
    """What the numbers were measured on."""
    meminfo = Path("/proc/meminfo")
    ram = None
    if meminfo.exists():
        kb = re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())
        ram = round(int(kb.group(1)) / 1024**2, 1) if kb else None
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = model.group(1).strip() if model else cpu
    versions = {}
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-jupyter", "Markdown", "PyYAML",
                 "jsonschema", "fastjsonschema", "cmarkgfm", "nh3"):  # fmt: skip
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[dist] = importlib.metadata.version(dist)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "load_before": round(os.getloadavg()[0], 2),
    }


def _goal_status(key: str, result: dict) -> str:
    limit = GOALS[key][0]
    value = result.get(key)
    if value is None:
        return "not measured"
    if key == "page_kb_at_5000":
        # The same entries with the same neighbours in both corpora: "no larger" allows 0.5%.
        ok = value <= result["page_kb_at_1000"] * 1.005
    elif key == "first_visit_kb_at_5000":
        at_1000 = result.get("first_visit_kb_at_1000") or 0.0
        ok = value <= limit and abs(value - at_1000) <= READER_SPREAD * at_1000
    else:
        ok = value <= limit
    return "met" if ok else "NOT met"


def _goal_text(key: str) -> str:
    limit = GOALS[key][0]
    if key == "page_kb_at_5000":
        return "≤ the figure above"
    if key == "first_visit_kb_at_5000":
        return f"≤ {limit:g}, within {READER_SPREAD:.0%} of the above"
    return f"≤ {limit:g}"


def table_rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, goal, status) for the goals, then the supporting figures."""
    small, mid, large = result["sizes"]
    rows = []
    labels = {
        "build_ratio_vs_markdown": f"Build, pipeline / hand-written Markdown ({mid} concepts)",
        "scaling_5000_over_1000": f"Build time, {large} / {mid} concepts",
        "page_kb_at_1000": f"Concept page HTML at {mid} concepts (KB, median)",
        "page_kb_at_5000": f"The same concepts' pages at {large} concepts (KB, median)",
        "validate_ratio_vs_parse": f"Validation / bare YAML parse ({result['validate_entries']} "
        "entries)",
        "slowest_demo_s": "Slowest demo (s)",
        "live_reload_s": f"Live reload (make serve), entry saved to page reloaded ({mid}, s)",
        "first_visit_kb_at_1000": f"First visit to a concept page at {mid} concepts (KB)",
        "first_visit_kb_at_5000": f"The same page at {large} concepts (KB)",
        "search_query_kb_at_5000": f"A one-word search at {large} concepts (KB)",
        "demo_page_kb": "Largest demo page, its HTML alone (KB)",
    }
    for key in GOALS:
        value = result.get(key)
        shown = "-" if value is None else f"{value:.2f}"
        rows.append((labels[key], shown, _goal_text(key), _goal_status(key, result)))
    for n in result["sizes"]:
        rows.append((f"Build, pipeline, {n} concepts (CPU s; wall s)",
                     f"{result['build_s'][str(n)]:.1f}; {result['build_wall_s'][str(n)]:.1f}",
                     "", ""))  # fmt: skip
    rows.append((f"Build, hand-written Markdown, {mid} concepts (CPU s; wall s)",
                 f"{result['markdown_build_s']:.1f}; {result['markdown_build_wall_s']:.1f}",
                 "", ""))  # fmt: skip
    rows.append(("Build ratio of each alternated pair (the goal uses their median)",
                 ", ".join(f"{r:.2f}" for r in result["build_ratios"]), "", ""))  # fmt: skip
    if result.get("markdown_probe_build_s") is not None:
        rows.append((f"Build, hand-written Markdown read by mkdocs-jupyter, {mid} concepts (CPU s)",
                     f"{result['markdown_probe_build_s']:.1f}", "", ""))  # fmt: skip
        rows.append(("Build, pipeline / that Markdown build",
                     f"{result['build_ratio_vs_markdown_with_probe']:.2f}", "", ""))  # fmt: skip
    if result.get("live_reload_markdown_s") is not None:
        rows.append((f"Live reload, hand-written page saved, mkdocs serve ({mid} concepts, s)",
                     f"{result['live_reload_markdown_s']:.2f}", "", ""))  # fmt: skip
    if result.get("live_reload_markdown_dirty_s") is not None:
        rows.append((f"Live reload, hand-written page saved, serve --dirty ({mid} concepts, s)",
                     f"{result['live_reload_markdown_dirty_s']:.2f}", "", ""))  # fmt: skip
    if result.get("linkcheck_s"):
        checked = result.get("linkcheck_concepts", mid)
        for name, seconds in result["linkcheck_s"].items():
            links = result["linkcheck_links"].get(name)
            count = f"{links:,} links" if links else "links not counted"
            shown = f"> {LINKCHECKER_LIMIT_S} (stopped)" if seconds is None else f"{seconds:.1f}"
            rows.append((f"Link check of every page and #anchor with {name}, {checked} concepts"
                         f" ({count}; s)", shown, "", ""))  # fmt: skip
    rows.append(("Search index per concept (bytes)",
                 f"{result['search_index_bytes_per_concept']:.0f}", "", ""))  # fmt: skip
    for n, mb in result["site_mb"].items():
        rows.append((f"Whole site, {n} concepts (MB)", f"{mb:.1f}", "", ""))
    rows.append((f"Validation of {result['validate_entries']} entries (CPU s)",
                 f"{result['validate_s']:.2f}", "", ""))  # fmt: skip
    rows.append(("Bare CSafeLoader parse of the same files (CPU s)", f"{result['parse_s']:.2f}",
                 "", ""))  # fmt: skip
    for name, mb in result["peak_rss_mb"].items():
        rows.append((f"Peak RSS, build {name.replace('_', ' ')} (MB)", f"{mb:.0f}", "", ""))
    for key, count in result.get("reader_requests", {}).items():
        if count is not None:
            kind, n = key.rsplit("_", 1)
            what = kind.replace("_", " ").capitalize()
            rows.append((f"{what} at {n} concepts, requests", f"{count}", "", ""))
    if result.get("largest_demo_page"):
        rows.append((f"Largest demo page ({small} concepts)", result["largest_demo_page"],
                     "", ""))  # fmt: skip
    for name, seconds in sorted(result.get("demos", {}).items(), key=lambda kv: -kv[1]):
        rows.append((f"Demo {name} (s)", f"{seconds:.2f}", "", ""))
    return rows


def text_table(rows) -> str:
    """The rows as a plain-text table, for the terminal."""
    width, goal = max(len(r[0]) for r in rows), max(len(r[2]) for r in rows)
    lines = [f"{'measure':{width}}  {'value':>9}  {'goal':<{goal}} status"]
    lines += [f"{a:{width}}  {b:>9}  {c:<{goal}} {d}".rstrip() for a, b, c, d in rows]
    return "\n".join(lines)


def markdown_table(rows) -> str:
    """The rows as a Markdown table, for the performance page."""
    lines = ["| Measure | Value | Goal | Status |", "| --- | ---: | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def plot(result: dict, path: Path) -> None:
    """Build time against corpus size, with the hand-written Markdown build beside it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.hashsalt"] = "bench"  # stable ids: the file only changes with the data
    sizes = [int(n) for n in result["build_s"]]
    times = [result["build_s"][str(n)] for n in sizes]
    mid = result["sizes"][1]
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.plot(sizes, times, "o-", color="#3f51b5", label="pipeline (entries in concepts/)")
    per = result["build_s"][str(mid)] / mid
    ax.plot(sizes, [per * n for n in sizes], ":", color="#999999",
            label=f"linear from {mid} concepts")  # fmt: skip
    ax.plot([mid], [result["markdown_build_s"]], "s", color="#ff5722",
            label="same pages as hand-written Markdown")  # fmt: skip
    for n, t in zip(sizes, times, strict=True):
        ax.annotate(f"{t:.0f} s", (n, t), textcoords="offset points", xytext=(6, -12))
    ax.set_xlabel("concepts")
    ax.set_ylabel("mkdocs build --strict (CPU s)")
    ax.set_xlim(0, max(sizes) * 1.08)
    ax.set_ylim(0, max(times) * 1.15)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def _parts_table(parts: dict[str, float], unit: str) -> list[str]:
    total = sum(parts.values()) or 1.0
    lines = [f"| Part | {unit} | Share |", "| --- | ---: | ---: |"]
    for label, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {label} | {seconds:.2f} | {seconds / total:.0%} |")
    lines.append(f"| **total** | **{total:.2f}** | |")
    return lines


def explanations(result: dict) -> list[str]:
    """A measured explanation for each goal that is not met."""
    small, mid, large = result["sizes"]
    out = []
    status = {key: _goal_status(key, result) for key in GOALS}
    if status["build_ratio_vs_markdown"] == "NOT met":
        a, b = result["build_s"][str(mid)], result["markdown_build_s"]
        hook = result.get("hook_cpu_s", {})
        parts = ", ".join(
            f"{label} {sec:.1f} s" for label, sec in sorted(hook.items(), key=lambda kv: -kv[1])
        )
        out.append(
            f"- **Build against hand-written Markdown.** At {mid} concepts the pipeline build"
            f" takes {a - b:.1f} CPU s more than its Markdown twin ({a:.1f} s against {b:.1f} s)."
            f" The pages are the same ({result['same_pages']:.0%} of concept pages byte for byte),"
            " so the difference is the hook's on_files, which takes"
            f" {sum(hook.values()):.1f} CPU s on its own: {parts}. A ratio of 1.10 leaves the"
            f" hook {0.1 * b:.1f} s, {0.1 * b / mid * 1000:.1f} ms per concept."
        )
    if status["scaling_5000_over_1000"] == "NOT met":
        per = {n: result["build_s"][str(n)] / n * 1000 for n in (mid, large)}
        out.append(
            f"- **Scaling.** A concept costs {per[mid]:.1f} ms of build at {mid} concepts and"
            f" {per[large]:.1f} ms at {large}: some per-page cost grows with the corpus."
        )
    for key, n in (("page_kb_at_1000", mid), ("page_kb_at_5000", large)):
        if status[key] == "NOT met":
            out.append(f"- **Page weight.** A concept page weighs {result[key]:.1f} KB at {n}.")
    if status["validate_ratio_vs_parse"] == "NOT met":
        parts = result.get("validate_cpu_s", {})
        parse = next((v for k, v in parts.items() if "safe_yaml.parse" in k), 0.0)
        largest = sorted(parts.items(), key=lambda kv: -kv[1])[:3]
        out.append(
            f"- **Validation.** Validating {result['validate_entries']} entries takes"
            f" {result['validate_ratio_vs_parse']:.2f} times a bare parse of their YAML. Our own"
            f" parse, which also records every position, takes {parse:.1f} CPU s, about"
            f" {parse / result['parse_s']:.2f} times the bare parse ({result['parse_s']:.1f} s)."
            " The largest parts: " + ", ".join(f"{k} {v:.1f} s" for k, v in largest) + "."
        )
    if status["slowest_demo_s"] == "NOT met":
        out.append(f"- **Demos.** The slowest demo takes {result['slowest_demo_s']:.1f} s.")
    out += _reader_explanations(result, status)
    if status["live_reload_s"] == "NOT met":
        text = (
            f"- **Live reload.** Under `make serve` (`mkdocs serve {' '.join(make_serve_args())}`),"
            f" at {mid} concepts the page shows the new text and the browser is told to reload"
            f" {result['live_reload_s']:.1f} s after the entry is saved."
        )
        dirty = result.get("live_reload_markdown_dirty_s")
        if dirty is not None:
            text += (
                f" MkDocs itself needs {dirty:.1f} s for the same edit of a hand-written page"
                " under `mkdocs serve --dirty`."
            )
        out.append(text)
    return out


def _largest(files: dict[str, float]) -> str:
    return ", ".join(f"`{path}` {kb:,.0f} KB" for path, kb in files.items())


def _reader_explanations(result: dict, status: dict[str, str]) -> list[str]:
    """Why a reader-weight goal is not met: the requests that weigh most."""
    _, mid, large = result["sizes"]
    requests = result.get("reader_requests", {})
    files = result.get("reader_largest_files", {})
    out = []
    if "NOT met" in (status["first_visit_kb_at_1000"], status["first_visit_kb_at_5000"]):
        out.append(
            f"- **First visit.** A first visit to a concept page transfers"
            f" {result['first_visit_kb_at_1000']:,.0f} KB in"
            f" {requests.get(f'first_visit_{mid}')} requests at {mid} concepts and"
            f" {result['first_visit_kb_at_5000']:,.0f} KB at {large}. The largest at {mid}:"
            f" {_largest(files.get(f'first_visit_{mid}', {}))}."
        )
    if status["search_query_kb_at_5000"] == "NOT met":
        out.append(
            f"- **Search.** Typing `{result.get('search_query')}` until its results show"
            f" transfers {result['search_query_kb_at_5000']:,.0f} KB in"
            f" {requests.get(f'search_query_{large}')} requests at {large} concepts. The largest:"
            f" {_largest(files.get(f'search_query_{large}', {}))}."
        )
    if status["demo_page_kb"] == "NOT met":
        out.append(
            f"- **Demo pages.** The largest, {result['largest_demo_page']}, is"
            f" {result['demo_page_kb']:,.0f} KB of HTML without its image files."
        )
    return out


def docs_section(result: dict, rows) -> str:
    """The measured part of the performance page, markers included."""
    m = result["machine"]
    mid = result["sizes"][1]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    ram = f"{m['ram_gb']} GB RAM" if m["ram_gb"] else "RAM unknown"
    lines = [
        START,
        "",
        f"Measured on {result['date']} by `make bench`: {m['cpu']}, {m['cores']} cores, {ram},"
        f" {m['os']}, Python {m['python']}; {versions}. Load average before the run:"
        f" {m['load_before']} (the machine is shared, so absolute times vary between runs;"
        " the ratios are measured side by side to cancel that out).",
        "",
        markdown_table(rows),
        "",
        READER_METHOD,
        "",
        "![Build time against corpus size](assets/perf-build-time.svg)",
        "",
    ]  # fmt: skip
    notes = explanations(result)
    if notes:
        lines += ["### Goals not met, and why", "", *notes, ""]
    if result.get("hook_cpu_s"):
        lines += [f"### Where the pipeline's time goes ({mid} concepts, the hook's on_files)", ""]
        lines += [*_parts_table(result["hook_cpu_s"], "CPU s"), ""]
    if result.get("validate_cpu_s"):
        lines += [f"### Where validation's time goes ({result['validate_entries']} entries)", ""]
        lines += [*_parts_table(result["validate_cpu_s"], "CPU s"), ""]
    lines += [
        "The last line of the benchmark's output, as recorded:",
        "",
        "```json",
        json.dumps(summary_json(result), sort_keys=True),
        "```",
        "",
        END,
    ]
    return "\n".join(lines)


def write_docs(result: dict, rows, page: Path = DOC_PAGE, image: Path = PLOT) -> None:
    """Rewrite the measured part of the performance page, and its plot."""
    plot(result, image)
    text = page.read_text(encoding="utf-8")
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not (start and end):
        raise RuntimeError(f"{page} lacks the {START} ... {END} markers")
    page.write_text(head + docs_section(result, rows) + tail, encoding="utf-8")


def summary_json(result: dict) -> dict:
    """The figures of the last output line, rounded."""
    keys = ("build_ratio_vs_markdown", "scaling_5000_over_1000", "page_kb_at_1000",
            "page_kb_at_5000", "validate_ratio_vs_parse", "slowest_demo_s", "live_reload_s",
            "live_reload_markdown_s", "live_reload_markdown_dirty_s",
            "search_index_bytes_per_concept", "peak_rss_mb",
            "first_visit_kb_at_1000", "first_visit_kb_at_5000", "search_query_kb_at_5000",
            "demo_page_kb", "reader_requests", "linkcheck_s", "linkcheck_links",
            "build_s", "build_wall_s", "markdown_build_s", "markdown_build_wall_s",
            "build_ratio_vs_markdown_with_probe",
            "markdown_probe_build_s", "validate_s", "parse_s", "sizes", "quick")  # fmt: skip
    return {k: _round(result.get(k)) for k in keys}


def _round(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value
