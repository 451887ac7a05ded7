"""Live reload: a rebuild reuses unchanged work and still gives the pages a full build gives."""

import logging
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest

from benchmark.measure import fetch, free_port, stop
from glossary.corpus import load_corpus
from glossary.link.model import build_model
from glossary.search_index import SearchIndexError
from live_reload import BackgroundSearchIndex, Fingerprints, forget_page
from tests.conftest import MKDOCS, ROOT, make_project
from tests.site_html import search_index

ALPHA = Path("concepts/alpha-concept.yaml")


def edit(project: Path, old: str, new: str) -> None:
    path = project / ALPHA
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_fingerprints_report_changes_since_the_last_successful_build():
    prints = Fingerprints()
    assert prints.changed("a.md", "one")  # never built
    prints.build_succeeded()
    assert not prints.changed("a.md", "one")
    assert prints.changed("a.md", "two")
    # That build failed: the site still holds "one", so "two" is still a change.
    assert prints.changed("a.md", "two")
    prints.build_succeeded()
    assert not prints.changed("a.md", "two")


def test_forget_page_deletes_the_built_html_of_that_page_only(tmp_path):
    for built in ("concepts/index.html", "concepts/x/index.html", "index.html"):
        (tmp_path / built).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / built).write_text("old")
    forget_page(str(tmp_path), "concepts/x.md")
    assert not (tmp_path / "concepts/x/index.html").exists()
    assert (tmp_path / "concepts/index.html").exists()
    forget_page(str(tmp_path), "concepts/index.md")
    forget_page(str(tmp_path), "gone/never-built.md")  # nothing to delete: no error
    assert not (tmp_path / "concepts/index.html").exists()
    assert (tmp_path / "index.html").exists()


def test_background_search_index_folds_requests_made_while_it_runs():
    started, release, indexed = threading.Event(), threading.Event(), []
    finished = threading.Semaphore(0)

    def index(site_dir: str) -> int:
        started.set()
        release.wait(timeout=60)
        indexed.append(site_dir)
        finished.release()
        return 1

    search = BackgroundSearchIndex(index)
    search.request("first")
    assert started.wait(timeout=60)
    for site_dir in ("second", "third", "latest"):  # three builds while the first run goes on
        search.request(site_dir)
    release.set()
    assert finished.acquire(timeout=60) and finished.acquire(timeout=60)
    search.request("again")  # idle again: a new request starts a new run
    assert finished.acquire(timeout=60)
    assert indexed == ["first", "latest", "again"]


def test_background_search_index_logs_a_failure_and_goes_on(caplog):
    done = threading.Semaphore(0)

    def index(site_dir: str) -> int:
        done.release()
        if site_dir == "bad":
            raise SearchIndexError("Pagefind failed (exit 1):\nError: no pages")
        return 3

    search = BackgroundSearchIndex(index)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.search"):
        search.request("bad")
        assert done.acquire(timeout=60)
        search.request("good")
        assert done.acquire(timeout=60)
        _wait_until(lambda: "3 pages" in caplog.text)
    assert "Search index not updated: Pagefind failed (exit 1):\nError: no pages" in caplog.text


def _wait_until(check, timeout: float = 60) -> None:
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < timeout
        time.sleep(0.05)


def test_reloaded_corpus_and_model_equal_fresh_ones(tmp_path):
    project = make_project(tmp_path)
    corpus = load_corpus(project)
    model = build_model(corpus)

    edit(project, "in plain everyday words", "in plain words, edited")  # alpha's analogy
    again = load_corpus(project, previous=corpus)
    fresh = load_corpus(project)
    assert again.concepts == fresh.concepts and again.problems == fresh.problems
    assert again.concepts["beta-concept"] is corpus.concepts["beta-concept"]  # not reparsed
    rebuilt, fresh_model = build_model(again, model), build_model(fresh)
    assert rebuilt.html == fresh_model.html and rebuilt.backlinks == fresh_model.backlinks
    assert "edited" in rebuilt.html["alpha-concept"]["analogy"]
    assert rebuilt.html["beta-concept"] is model.html["beta-concept"]  # not rendered again

    # A new title can change any entry's automatic links: nothing is reused then.
    edit(project, "title: Alpha Concept", "title: Alpha Renamed")
    third = load_corpus(project, previous=again)
    assert build_model(third, rebuilt).html == build_model(load_corpus(project)).html

    edit(project, "title: Alpha Renamed", "title: TODO")
    broken = load_corpus(project, previous=third)
    assert [p.rule for p in broken.errors] == [p.rule for p in load_corpus(project).errors]
    assert broken.errors


def test_make_serve_uses_dirty_rebuilds():
    assert re.search(r"mkdocs serve --dirty\b", (ROOT / "Makefile").read_text())


def searchable(site: Path) -> dict[str, str] | None:
    """The titles in the site's search index by URL; None while Pagefind is writing it."""
    try:
        return {url: page["meta"]["title"] for url, page in search_index(site).items()}
    except (OSError, ValueError, EOFError):  # BadGzipFile is an OSError
        return None


def _wait_for(check, what: str, proc, log: Path, timeout: float = 300) -> None:
    start = time.monotonic()
    while not check():
        if proc.poll() is not None or time.monotonic() - start > timeout:
            pytest.fail(f"{what} never happened; serve log:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)


@pytest.mark.build
def test_serve_dirty_rebuilds_what_an_edit_changes(tmp_path):
    project = make_project(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    # --verbose logs the temporary site folder, whose files tell which pages a rebuild skipped.
    args = [*MKDOCS, "serve", "--dirty", "--verbose", "--dev-addr", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        _wait_for(lambda: fetch(base + "concepts/alpha-concept/"), "first build", proc, log)
        time.sleep(1.0)  # let the watcher settle
        site = Path(re.search(r"Config value 'site_dir' = '([^']+)'", log.read_text())[1])
        unchanged = ("graph", "tags", "tags/second")  # a written page and two generated ones
        stamps = {p: (site / p / "index.html").stat().st_mtime_ns for p in unchanged}

        edit(project, "title: Alpha Concept", "title: Alpha Renamed")

        def everywhere() -> bool:
            pages = ["concepts/alpha-concept/", "concepts/beta-concept/", "concepts/",
                     "examples/tiny_demo/"]  # fmt: skip
            return all("Alpha Renamed" in (fetch(base + p) or "") for p in pages)

        _wait_for(everywhere, "the new title on every page that shows it", proc, log)
        # The rebuilt demo page links a notebook stylesheet that is there, named by its content.
        demo = fetch(base + "examples/tiny_demo/")
        sheet = re.search(r'href="\.\./\.\./(assets/notebook-[0-9a-f]{12}\.css)"', demo)
        assert sheet and ".jp-OutputArea" in (fetch(base + sheet[1]) or ""), sheet
        # A rebuilt page and one left alone both link a theme stylesheet that is there.
        for path in ("concepts/alpha-concept/", "graph/"):
            html = fetch(base + path) or ""
            theme = re.search(
                r'href="\.\./(?:\.\./)?(assets/stylesheets/main-[0-9a-f]{12}\.css)"', html
            )
            assert theme and ".md-typeset" in (fetch(base + theme[1]) or ""), (path, theme)
        # Search follows in the background, once Pagefind has indexed the rebuilt site.
        _wait_for(
            lambda: (searchable(site) or {}).get("/concepts/alpha-concept/") == "Alpha Renamed",
            "the new title in the search index",
            proc,
            log,
        )
        edit(project, "the tests use as a known-good", "the tests use as a freshly edited")
        _wait_for(
            lambda: "freshly edited" in (fetch(base + "concepts/") or ""), "summary", proc, log
        )
        after = {p: (site / p / "index.html").stat().st_mtime_ns for p in unchanged}
        assert after == stamps, "pages the edit did not change were rebuilt"

        # A new entry appears on its neighbour's page; deleted, its page and search entries go.
        beta = (project / "concepts" / "beta-concept.yaml").read_text(encoding="utf-8")
        gamma = project / "concepts" / "gamma-concept.yaml"
        gamma.write_text(beta.replace("title: Beta Concept", "title: Gamma Concept"), "utf-8")
        _wait_for(
            lambda: "Gamma Concept" in (fetch(base + "concepts/alpha-concept/") or ""),
            "the new entry's backlink",
            proc,
            log,
        )
        assert fetch(base + "concepts/gamma-concept/")
        gamma.unlink()
        _wait_for(
            lambda: "Gamma Concept" not in (fetch(base + "concepts/alpha-concept/") or "Gamma"),
            "the deleted entry's backlink gone",
            proc,
            log,
        )

        def gamma_unsearchable() -> bool:
            index = searchable(site)
            return index is not None and "/concepts/gamma-concept/" not in index

        _wait_for(gamma_unsearchable, "the deleted entry out of search", proc, log)
        assert fetch(base + "concepts/gamma-concept/") is None

        # A broken entry: the error names file, line and column. (MkDocs then holds requests
        # until a build succeeds again.)
        edit(project, "title: Alpha Renamed", "title: TODO")
        _wait_for(lambda: "concepts/alpha-concept.yaml:2:" in log.read_text(), "error", proc, log)
        edit(project, "title: TODO", "title: Alpha Again")
        _wait_for(
            lambda: "Alpha Again" in (fetch(base + "concepts/beta-concept/") or ""),
            "recovery after the fix",
            proc,
            log,
        )
        assert "Traceback" not in log.read_text()
    finally:
        stop(proc)
