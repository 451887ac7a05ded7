"""Run every measurement, print the table and the JSON line, and rewrite the performance page."""

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import benchmark
from benchmark.demos import bench as bench_demos
from benchmark.entries import middle_slugs
from benchmark.linkcheckers import CHECKERS as LINK_CHECKERS
from benchmark.linkcheckers import compare as compare_link_checkers
from benchmark.measure import (
    make_serve_args,
    measure_builds,
    measure_live_reload,
    measure_validation,
)
from benchmark.reader_weight import largest_demo_page, measure_reader
from benchmark.report import (
    DOC_PAGE,
    PLOT,
    machine,
    summary_json,
    table_rows,
    text_table,
    write_docs,
)
from glossary import ROOT

FIXTURE_EXAMPLES = ROOT / "tests" / "fixtures" / "corpus" / "examples"
# Five alternated pairs: single paired ratios of builds on this shared machine spread by +-10%.
FULL = {"sizes": (250, 1000, 5000), "validate": 10_000, "repeats": 5, "validate_repeats": 5}
QUICK = {"sizes": (20, 40, 80), "validate": 200, "repeats": 1, "validate_repeats": 3}


def run(args) -> dict:
    """Every measurement the arguments ask for, in one result."""
    plan = dict(QUICK if args.quick else FULL)
    if args.repeats:
        plan["repeats"] = args.repeats
    small, mid, large = plan["sizes"]
    examples = FIXTURE_EXAMPLES if args.quick else ROOT / "examples"

    def log(msg: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    result: dict = {"sizes": list(plan["sizes"]), "quick": args.quick, "machine": machine()}
    result["date"] = dt.date.today().isoformat()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        log(f"validation: {plan['validate']} entries")
        v = measure_validation(work, plan["validate"], plan["validate_repeats"], examples)
        result.update(validate_ratio_vs_parse=v["ratio"], validate_s=v["validate_s"],
                      parse_s=v["parse_s"], validate_entries=v["entries"],
                      validate_cpu_s=v["breakdown"])  # fmt: skip
        # --quick keeps only what exercises each code path: it runs beside other tests.
        b = measure_builds(work, plan["sizes"], plan["repeats"], examples, log, not args.quick)
        result["build_s"] = {str(n): t for n, t in sorted(b["times"].items())}
        result["build_wall_s"] = {str(n): t for n, t in sorted(b["wall"].items())}
        result["markdown_build_s"] = b["markdown_s"]
        result["markdown_build_wall_s"] = b["markdown_wall_s"]
        result["build_ratio_vs_markdown"] = b["ratio"]
        result["build_ratios"] = b["ratios"]
        result["build_ratio_vs_markdown_with_probe"] = b["ratio_probe"]
        result["markdown_probe_build_s"] = b["markdown_probe_s"]
        result["same_pages"] = b["same_pages"]
        result["same_pages_across_sizes"] = b["same_pages_across_sizes"]
        result["hook_cpu_s"] = b["hook_cpu_s"]
        result["scaling_5000_over_1000"] = b["times"][large] / b["times"][mid]
        result["page_kb_at_1000"] = b["weight"][mid]["page_kb"]
        result["page_kb_at_5000"] = b["weight"][large]["page_kb"]
        result["search_index_bytes_per_concept"] = b["weight"][mid][
            "search_index_bytes_per_concept"
        ]
        result["site_mb"] = {str(n): w["site_mb"] for n, w in sorted(b["weight"].items())}
        result["peak_rss_mb"] = b["rss"]
        # The smallest corpus is nearest the real one: a demo page lists the concepts using it.
        demo, size = largest_demo_page(b["projects"][small] / "site")
        result["demo_page_kb"], result["largest_demo_page"] = size / 1000, demo
        if not args.skip_reader:
            log("reader: first visits and a search, in Chromium")
            result.update(reader_figures(b["projects"], mid, large))
        # The smallest corpus, nearest the real one: LinkChecker takes far too long on the others.
        log(f"link check: lychee and LinkChecker, alternated, {small} concepts")
        checks = compare_link_checkers(b["projects"][small] / "site", 1 if args.quick else 3)
        result["linkcheck_concepts"] = small
        result["linkcheck_s"] = {name: checks[name]["seconds"] for name in LINK_CHECKERS}
        result["linkcheck_links"] = {name: checks[name]["links"] for name in LINK_CHECKERS}
        result["linkcheck_clean"] = all(
            checks[name]["exit_code"] == 0 for name in LINK_CHECKERS if not checks[name]["stopped"]
        )
        if not args.skip_live_reload:
            pipeline, markdown = b["projects"][mid], b["markdown"]
            entry = sorted((pipeline / "concepts").glob("*.yaml"))[0]
            url_path = f"concepts/{entry.stem}/"
            edits = 1 if args.quick else 2
            log("live reload: pipeline, as `make serve` runs it")
            live = measure_live_reload(pipeline, entry, url_path, edits, make_serve_args())
            result["live_reload_s"] = live["seconds"]
            result["serve_startup_s"] = live["startup_s"]
            page = markdown / "docs" / "concepts" / f"{entry.stem}.md"
            if not args.quick:
                log("live reload: hand-written Markdown")
                live = measure_live_reload(markdown, page, url_path, edits)
                result["live_reload_markdown_s"] = live["seconds"]
                # Supporting evidence only: a failure here loses nothing else.
                log("live reload: hand-written Markdown, mkdocs serve --dirty")
                try:
                    # Without our hook, a strict dirty build fails on MkDocs' own warning.
                    dirty = ("--dirty", "--no-strict")
                    live = measure_live_reload(markdown, page, url_path, edits, dirty)
                    result["live_reload_markdown_dirty_s"] = live["seconds"]
                except RuntimeError as err:
                    log(f"skipped: {err}")
        if not args.skip_demos:
            names = sorted(p.stem for p in examples.glob("*.py"))
            log(f"demos: {len(names)}")
            demos = bench_demos(names, plan["repeats"], examples)
            result["demos"] = demos["demos"]
            result["slowest_demo_s"] = demos["slowest_demo_s"]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def reader_figures(projects: dict[int, Path], mid: int, large: int) -> dict:
    """First visit at the mid and large sizes and a search at the large one, in KB (1000 bytes).

    The page is a concept from the middle of the mid corpus: the same entry with the same
    neighbours in both corpora. The query is the first word of its title, found in any corpus.
    """
    middle = middle_slugs(mid)
    slug = middle[len(middle) // 2]
    query = slug.split("-")[0]
    sites = {n: projects[n] / "site" for n in (mid, large)}
    reader = measure_reader(sites, f"concepts/{slug}/", large, query)
    visits, search = reader["first_visit"], reader["search"]
    return {
        "first_visit_kb_at_1000": visits[mid]["bytes"] / 1000,
        "first_visit_kb_at_5000": visits[large]["bytes"] / 1000,
        # None until the site has the search box the measure types into (reader_weight.py).
        "search_query_kb_at_5000": search["bytes"] / 1000 if search else None,
        "reader_requests": {
            f"first_visit_{mid}": visits[mid]["requests"],
            f"first_visit_{large}": visits[large]["requests"],
            f"search_query_{large}": search["requests"] if search else None,
        },
        "reader_largest_files": {
            f"first_visit_{mid}": _kb(visits[mid]["files"]),
            f"search_query_{large}": _kb(search["files"]) if search else {},
        },
        "search_query": query,
    }


def _kb(files: dict[str, int], top: int = 4) -> dict[str, float]:
    return {path: size / 1000 for path, size in list(files.items())[:top]}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and the JSON line; rewrite docs/ on a full run."""
    parser = argparse.ArgumentParser(description=benchmark.__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test")
    parser.add_argument("--repeats", type=int, help="alternated build and validation repeats")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the projects")
    parser.add_argument("--skip-demos", action="store_true")
    parser.add_argument("--skip-live-reload", action="store_true")
    parser.add_argument("--skip-reader", action="store_true", help="no browser measures")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/")
    args = parser.parse_args(argv)
    result = run(args)
    rows = table_rows(result)
    print(text_table(rows))
    if not (args.quick or args.no_docs):
        write_docs(result, rows)
        print(f"wrote {DOC_PAGE.relative_to(ROOT)} and {PLOT.relative_to(ROOT)}")
    print(json.dumps(summary_json(result), sort_keys=True))
    return 0
