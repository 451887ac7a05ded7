"""Check the external URLs of entries (sources and news); report dead ones by entry and field.

Usage: python scripts/check_external.py [--max-age-days N]
Needs the network, so it is not part of `make test`. Results are cached in
.cache/external-links.json: a re-run only asks again for URLs older than --max-age-days.
Exit codes: 0 all reachable, 1 dead links, 2 usage.
"""

import argparse
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from glossary import ROOT
from glossary.corpus import load_corpus

USER_AGENT = "Mozilla/5.0 (compatible; ai-concepts-linkcheck/1.0)"
TIMEOUT_S = 20


def external_links(corpus) -> list[tuple[str, int, int, str, str]]:
    """(path, line, col, field, url) for every source and news URL."""
    found = []
    for concept in corpus.concepts.values():
        for field in ("sources", "news"):
            for i, item in enumerate(getattr(concept, field)):
                line, col = concept.parsed.values.get((field, i, "url"), (1, 1))
                found.append((concept.path, line, col, f"{field}[{i}].url", item["url"]))
    return found


def fetch_status(url: str) -> str:
    """'ok' or a short reason the URL is dead; HEAD first, GET when HEAD is refused."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S):
                return "ok"
        except urllib.error.HTTPError as err:
            if method == "HEAD" and err.code in (403, 405, 501):
                continue
            return f"HTTP {err.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            return f"unreachable ({getattr(err, 'reason', err)})"
    return "unreachable"


def check(root: Path, cache_file: Path, max_age_s: float, fetch=fetch_status) -> list[str]:
    """Problems as `path:line:col: field: reason (url)`; the cache is read and updated."""
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    links = external_links(load_corpus(root))
    now = time.time()
    stale = sorted({url for *_, url in links if now - cache.get(url, {}).get("at", 0) > max_age_s})
    with ThreadPoolExecutor(max_workers=8) as pool:
        for url, status in zip(stale, pool.map(fetch, stale), strict=True):
            cache[url] = {"status": status, "at": now}
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(cache, indent=1, sort_keys=True))
    return [
        f"{path}:{line}:{col}: {field}: {cache[url]['status']} ({url})"
        for path, line, col, field, url in links
        if cache[url]["status"] != "ok"
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit code."""
    parser = argparse.ArgumentParser(description="Check external URLs in sources and news.")
    parser.add_argument("--max-age-days", type=float, default=7.0, help="re-check older results")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cache_file = args.root / ".cache" / "external-links.json"
    problems = check(args.root, cache_file, args.max_age_days * 86400)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} dead external link(s)")
    return 1 if problems else 0
