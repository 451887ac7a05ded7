"""Live reload: a rebuild reuses unchanged work and still gives the pages a full build gives."""

import json
import os
import re
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmark.measure import fetch, free_port, stop
from glossary.corpus import load_corpus
from glossary.link.model import build_model
from live_reload import Fingerprints, drop_rebuilt_from_search, forget_page
from tests.conftest import MKDOCS, ROOT, make_project

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


def test_search_keeps_one_copy_of_each_rebuilt_page():
    # The shape of Material's search plugin between two dirty builds: the index written last
    # time, and the entries of the pages rebuilt now.
    def entry(location):
        return {"location": location, "title": location}

    previous = SimpleNamespace(entries=[entry(x) for x in ("", "a/", "a/#x", "b/", "b/#y", "c/")])
    current = SimpleNamespace(entries=[entry(x) for x in ("a/", "a/#z", "b/")])
    search = SimpleNamespace(search_index_prev=previous, search_index=current)
    config = SimpleNamespace(plugins={"material/search": search, "other": 1})
    drop_rebuilt_from_search(config, pages={"", "a/", "b/", "c/"})
    assert [e["location"] for e in previous.entries] == ["", "c/"]
    drop_rebuilt_from_search(config, pages={"", "a/", "b/"})  # c/ was deleted
    assert [e["location"] for e in previous.entries] == [""]


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
                     "examples/tiny_demo/", "search/search_index.json"]  # fmt: skip
            return all("Alpha Renamed" in (fetch(base + p) or "") for p in pages)

        _wait_for(everywhere, "the new title on every page that shows it", proc, log)
        # The rebuilt demo page links a notebook stylesheet that is there, named by its content.
        demo = fetch(base + "examples/tiny_demo/")
        sheet = re.search(r'href="\.\./\.\./(assets/notebook-[0-9a-f]{12}\.css)"', demo)
        assert sheet and ".jp-OutputArea" in (fetch(base + sheet[1]) or ""), sheet
        edit(project, "the tests use as a known-good", "the tests use as a freshly edited")
        _wait_for(
            lambda: "freshly edited" in (fetch(base + "concepts/") or ""), "summary", proc, log
        )
        after = {p: (site / p / "index.html").stat().st_mtime_ns for p in unchanged}
        assert after == stamps, "pages the edit did not change were rebuilt"
        index = json.loads(fetch(base + "search/search_index.json"))
        locations = [doc["location"] for doc in index["docs"]]
        assert len(locations) == len(set(locations)), "a rebuilt page is indexed twice"
        assert "graph/" in locations, "pages not rebuilt must stay in the search index"
        assert not any("Alpha Concept" in doc["title"] for doc in index["docs"])

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
        _wait_for(lambda: "Gamma" not in (fetch(base + "search/search_index.json") or "Gamma"),
                  "the deleted entry out of search", proc, log)  # fmt: skip
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
