"""Check every internal link and #anchor of a built site with LinkChecker.

Usage: python scripts/linkcheck.py SITE_DIR
The site is served over loopback HTTP (over file:// LinkChecker skips anchors with directory
URLs), so raw-HTML links, links into demo pages and anchors are all checked.
Exit codes: 0 all links good, 1 broken links or anchors, 2 usage.
"""

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

# The AnchorCheck plugin turns a missing #anchor into a warning; LinkChecker exits 1 on warnings.
CONFIG = """\
[checking]
threads=8
maxrequestspersecond=1000
[filtering]
ignorewarnings=http-redirected
[AnchorCheck]
"""


# LinkChecker run as root switches to the user "nobody" before it loads its plugins. In a private
# checkout (a folder of mode 0700, as a CI clone may be) "nobody" cannot read them, and the anchor
# check silently disappears. Here it only talks to our own loopback server, so it keeps our user.
LAUNCHER = (
    "import sys; from linkcheck.command import linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.exit(cli.linkchecker())"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        # LinkChecker caps itself at 10 requests a second unless the server opts in to more.
        self.send_header("LinkChecker", "allow")
        super().end_headers()

    def log_message(self, *args) -> None:  # the checker's report is the output that matters
        pass


def check_site(site: Path, out=sys.stdout) -> int:
    """Serve site on a free loopback port and run LinkChecker over it; its exit code."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False) as cfg:
            cfg.write(CONFIG)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                LAUNCHER,
                "--config",
                cfg.name,
                "--no-status",
                "-o",
                "text",
                url,
            ],
            capture_output=True,
            text=True,
        )
        out.write(result.stdout)
        return result.returncode
    finally:
        server.shutdown()
        Path(cfg.name).unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit code."""
    parser = argparse.ArgumentParser(description="Check internal links and anchors of a site.")
    parser.add_argument("site", type=Path, help="a built site folder (mkdocs build --site-dir)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"linkcheck.py: {args.site} has no index.html; build the site first", file=sys.stderr)
        return 2
    return check_site(args.site)
