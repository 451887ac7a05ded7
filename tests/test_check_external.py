"""`python scripts/check_external.py`: dead source and news URLs, reported by entry and field."""

import http.server
import json
import shutil
import threading

import pytest

from glossary.commands.check_external import check, fetch_status
from tests.conftest import FIXTURE


class _Statuses(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 (the name http.server calls)
        code = 405 if self.path == "/no-head" else (404 if self.path == "/dead" else 200)
        self.send_response(code)
        self.end_headers()

    def do_GET(self):  # noqa: N802
        self.send_response(404 if self.path == "/dead" else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Statuses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_fetch_status_against_a_loopback_server(local_server):
    assert fetch_status(local_server + "/fine") == "ok"
    assert fetch_status(local_server + "/no-head") == "ok"  # falls back to GET
    assert fetch_status(local_server + "/dead") == "HTTP 404"


def test_external_check_reports_by_entry_and_field_and_caches(local_server, tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    beta = root / "concepts" / "beta-concept.yaml"
    beta.write_text(beta.read_text().replace("https://example.org/paper", local_server + "/dead"))
    alpha = root / "concepts" / "alpha-concept.yaml"
    alpha.write_text(alpha.read_text().replace("https://example.org/", local_server + "/"))
    alpha.write_text(alpha.read_text().replace("https://arxiv.org/abs/0000.00000", local_server))
    cache = tmp_path / "cache.json"
    problems = check(root, cache, max_age_s=3600)
    assert problems == [
        f"concepts/beta-concept.yaml:28:10: sources[0].url: HTTP 404 ({local_server}/dead)"
    ]
    asked = []
    again = check(root, cache, 3600, fetch=lambda url: asked.append(url) or "ok")
    assert again == problems and asked == []  # everything came from the cache
    assert json.loads(cache.read_text())[local_server + "/dead"]["status"] == "HTTP 404"
