"""What a reader's browser downloads: a first visit to a page, a search query, a demo page.

A built site is served by Python's http.server on loopback, without compression (the worst case
a static host gives), to Debian's Chromium driven by Playwright, each visit in a fresh browser
context (a cold cache). The server counts the bytes it sends (status line, headers and body:
what the browser's developer tools call "transferred"), so every request counts whoever made it:
the page, a Web Worker, the browser itself (its favicon request), a fetch made after the load
event. Playwright's events miss some of these: on a Material page, the page's "response" events
lacked the favicon and sitemap.xml, and the context's "requestfinished" events also lacked the
search index that the search worker fetches.
"""

import contextlib
import functools
import http.server
import os
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As the browser tests launch it (tests/browser/conftest.py): nothing but the page's own requests.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 900}  # what loads lazily depends on what is on screen
SEARCH_BOX, SEARCH_RESULT = "[data-site-search]", "[data-site-search-results] a"
QUIET_S = 1.0  # the network is idle once no response has been sent or is being sent for this long


class Ledger:
    """Every response the server has sent, as (path, bytes), and how many it is sending now."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sent: list[tuple[str, int]] = []
        self._busy = 0
        self._last = time.monotonic()

    def begin(self) -> None:
        """A request has arrived."""
        with self._lock:
            self._busy += 1
            self._last = time.monotonic()

    def end(self, path: str, size: int) -> None:
        """The response to a request for path is sent: size bytes."""
        with self._lock:
            self._busy -= 1
            self._sent.append((path, size))
            self._last = time.monotonic()

    def mark(self) -> int:
        """A position in the ledger, to count from."""
        with self._lock:
            return len(self._sent)

    def since(self, mark: int) -> list[tuple[str, int]]:
        """The responses sent after mark."""
        with self._lock:
            return self._sent[mark:]

    def wait_idle(self, quiet: float = QUIET_S, timeout: float = 300.0) -> None:
        """Return once nothing has been requested or sent for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                idle = self._busy == 0 and time.monotonic() - self._last >= quiet
            if idle:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"the network was still busy after {timeout:.0f} s")
            time.sleep(0.05)


class _CountingWriter:
    """A socket writer that counts the bytes written through it."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def write(self, data) -> int:
        written = self.raw.write(data)
        self.count += len(data)  # after the write: bytes a dropped connection lost do not count
        return written

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """http.server's own static file handler, quiet, recording each response in a ledger."""

    def __init__(self, *args, ledger: Ledger, **kwargs):
        self.ledger = ledger
        super().__init__(*args, **kwargs)

    def setup(self):
        super().setup()
        self.wfile = _CountingWriter(self.wfile)

    def parse_request(self) -> bool:
        self._start = self.wfile.count
        self._counted = super().parse_request()
        if self._counted:
            self.ledger.begin()
        return self._counted

    def handle_one_request(self):
        self._counted = False
        try:
            super().handle_one_request()
        finally:
            if self._counted:
                path = unquote(urlsplit(self.path).path)
                self.ledger.end(path, self.wfile.count - self._start)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a tab closed mid-response is not the measure's concern


@contextlib.contextmanager
def serve(site: Path):
    """Serve site on a free loopback port: yields (base URL ending in "/", ledger)."""
    ledger = Ledger()
    handler = functools.partial(_Handler, directory=str(site), ledger=ledger)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", ledger
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str:
    """Debian's Chromium, or an error saying how to get it."""
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise RuntimeError(
            f"Chromium not found at {CHROMIUM}: install Debian's build (`apt-get install"
            " chromium`) or set CHROMIUM to its path; or skip this part with --skip-reader"
        )
    return path


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def tally(sent: list[tuple[str, int]]) -> dict:
    """Bytes and requests of some responses, and the bytes of each path, largest first."""
    files: dict[str, int] = {}
    for path, size in sent:
        files[path] = files.get(path, 0) + size
    return {
        "bytes": sum(size for _, size in sent),
        "requests": len(sent),
        "files": dict(sorted(files.items(), key=lambda kv: -kv[1])),
    }


@contextlib.contextmanager
def _fresh_tab(browser, base: str):
    """A tab in a new context (an empty cache); fails if the page reaches beyond base."""
    context = browser.new_context(viewport=VIEWPORT)
    foreign: list[str] = []
    context.on(
        "request",
        lambda r: None if r.url.startswith((base, "data:", "blob:")) else foreign.append(r.url),
    )
    try:
        yield context.new_page()
    finally:
        context.close()
    if foreign:  # they would be missing from the count; built pages must load nothing foreign
        raise RuntimeError(f"requests beyond the site: {foreign[:5]}")


def first_visit(browser, base: str, ledger: Ledger, path: str) -> dict:
    """Everything a first visit to base + path transfers, until the network is idle."""
    with _fresh_tab(browser, base) as tab:
        mark = ledger.mark()
        tab.goto(base + path, wait_until="load")
        ledger.wait_idle()
        return tally(ledger.since(mark))


def search_query(browser, base: str, ledger: Ledger, path: str, query: str) -> dict | None:
    """What typing query into the search box of base + path transfers, once the page is loaded,
    until its results are shown and the network is idle; None if the page has no search box."""
    with _fresh_tab(browser, base) as tab:
        tab.goto(base + path, wait_until="load")
        ledger.wait_idle()
        if not tab.locator(SEARCH_BOX).count():
            return None
        mark = ledger.mark()
        tab.locator(f"{SEARCH_BOX}:visible").first.click(timeout=10_000)
        tab.keyboard.type(query, delay=80)  # key by key, as a reader types
        tab.locator(f"{SEARCH_RESULT}:visible").first.wait_for(timeout=60_000)
        ledger.wait_idle()
        return tally(ledger.since(mark))


def largest_demo_page(site: Path) -> tuple[str, int]:
    """The demo page with the most HTML (its own file, not its figures): (name, bytes)."""
    pages = sorted(site.glob("examples/*/index.html"), key=lambda p: (-p.stat().st_size, p))
    if not pages:
        raise RuntimeError(f"{site} has no demo pages")
    return pages[0].parent.name, pages[0].stat().st_size


def measure_reader(visits: dict[str, Path], page: str, search: str, query: str) -> dict:
    """First visits to page on each of visits' sites ({label: site}), and query typed on the
    page of the site labelled search: {"first_visit": {label: tally}, "search": tally or None}."""
    out: dict = {"first_visit": {}}
    with chromium() as browser:
        for label, site in visits.items():
            with serve(site) as (base, ledger):
                out["first_visit"][label] = first_visit(browser, base, ledger, page)
                if label == search:
                    out["search"] = search_query(browser, base, ledger, page, query)
    return out
