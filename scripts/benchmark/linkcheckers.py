"""The internal link check, lychee (what `make linkcheck` runs) against LinkChecker (what it ran
before), on the same built site: alternated runs, median seconds, links each checked."""

import functools
import http.server
import io
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from glossary.commands.linkcheck import check_site as lychee_check

# The AnchorCheck plugin turns a missing #anchor into a warning; LinkChecker exits 1 on warnings.
LINKCHECKER_CONFIG = """\
[checking]
threads=8
maxrequestspersecond=1000
[filtering]
ignorewarnings=http-redirected
[AnchorCheck]
"""

# LinkChecker run as root switches to the user "nobody" before it loads its plugins; in a private
# checkout "nobody" cannot read them and the anchor check silently disappears. It only talks to
# our own loopback server here, so it keeps our user. -I: scripts/linkcheck.py is not its package.
_LAUNCHER = (
    "import sys; from linkcheck.command import linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.exit(cli.linkchecker())"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # LinkChecker caps itself at 10 requests a second unless the server opts in to more.
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


# LinkChecker's time grows much faster than the site: on the 1000-concept site one run had not
# finished after 19 minutes. A run that reaches this limit is stopped and reported as such.
LINKCHECKER_LIMIT_S = 120
STOPPED = -9  # the exit code reported for a run stopped at the limit


def linkchecker_check(site: Path, out=sys.stdout) -> int:
    """Serve site on a loopback port (over file:// LinkChecker skips anchors of folder URLs) and
    run LinkChecker with its anchor check over it; its exit code, or STOPPED at the time limit."""
    limit = LINKCHECKER_LIMIT_S
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "linkcheckerrc"
            config.write_text(LINKCHECKER_CONFIG)
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            args = ["--config", str(config), "--no-status", "-o", "text", url]
            cmd = [sys.executable, "-I", "-c", _LAUNCHER, *args]
            try:
                result = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
            except subprocess.TimeoutExpired:
                out.write(f"stopped after {limit:g} s\n")
                return STOPPED
        out.write(result.stdout)
        return result.returncode
    finally:
        server.shutdown()
        server.server_close()


# The count each checker prints last: lychee's internal links (every occurrence), LinkChecker's
# URLs (each once: it caches by URL, and counts the external ones it does not fetch).
CHECKERS = {
    "lychee": (lychee_check, re.compile(r"(\d+) internal links checked")),
    "linkchecker": (linkchecker_check, re.compile(r"(\d+) links in \d+ URLs checked")),
}


def _timed(check, site: Path) -> tuple[float, float, int, str]:
    """Wall and CPU seconds (this process and its children), exit code and output of one run."""
    out = io.StringIO()
    cpu_before = _cpu()
    start = time.perf_counter()
    code = check(site, out)
    wall = time.perf_counter() - start
    return wall, _cpu() - cpu_before, code, out.getvalue()


def _cpu() -> float:
    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def compare(site: Path, repeats: int = 3) -> dict:
    """Both checkers on site, alternated repeats times: for each, median wall and CPU seconds,
    links checked, exit code (0: no problem found) and the last report; and the wall-time ratio.
    A checker stopped at its time limit is not run again: its seconds are None, `stopped` True."""
    runs: dict[str, list[tuple[float, float, int, str]]] = {name: [] for name in CHECKERS}
    for r in range(repeats):
        order = list(CHECKERS) if r % 2 == 0 else list(reversed(CHECKERS))
        for name in order:
            if not (runs[name] and runs[name][-1][2] == STOPPED):
                runs[name].append(_timed(CHECKERS[name][0], site))
    result: dict = {"repeats": repeats}
    for name, done in runs.items():
        count = CHECKERS[name][1].search(done[-1][3])
        stopped = done[-1][2] == STOPPED
        result[name] = {
            "seconds": None if stopped else statistics.median(run[0] for run in done),
            "cpu_s": None if stopped else statistics.median(run[1] for run in done),
            "links": int(count[1]) if count else None,
            "exit_code": done[-1][2],
            "stopped": stopped,
            "report": done[-1][3],
        }
    seconds = [result[name]["seconds"] for name in ("linkchecker", "lychee")]
    result["ratio"] = seconds[0] / seconds[1] if None not in seconds else None
    return result
