"""A real browser (Debian's Chromium, driven by Playwright) on the real site, served locally."""

import functools
import http.server
import os
import shutil
import threading

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
HOW_TO_GET_CHROMIUM = (
    f"Chromium not found at {CHROMIUM}. Install Debian's build: "
    "`sudo apt-get install chromium` (or set CHROMIUM to its path). "
    "Playwright's own browser download is not used."
)


def _chromium_path() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(HOW_TO_GET_CHROMIUM)  # in CI the browser tests must run, never skip
    pytest.skip(HOW_TO_GET_CHROMIUM)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(real_site):
    """The built site served on a free loopback port."""
    handler = functools.partial(QuietHandler, directory=str(real_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless."""
    from playwright.sync_api import sync_playwright

    executable = _chromium_path()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh tab that records page errors and every request leaving the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.foreign_requests = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((site_url, "data:", "blob:"))
            else tab.foreign_requests.append(request.url)
        ),
    )
    yield tab
    assert tab.errors == [], tab.errors
    assert tab.foreign_requests == [], tab.foreign_requests
    context.close()
