"""Running demos: a cached run is reused only when allowed and only for the same demo bytes."""

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from glossary.corpus import load_corpus
from glossary.run.demos import run_demos
from glossary.run.execute import cached_execute, demo_key, run_key
from tests.conftest import FIXTURE


def test_the_key_changes_with_the_demo_and_the_pins():
    assert run_key(b"a", b"pins") == run_key(b"a", b"pins")
    assert run_key(b"a", b"pins") != run_key(b"b", b"pins")
    assert run_key(b"a", b"pins") != run_key(b"a", b"other pins")


@pytest.fixture
def project(tmp_path):
    shutil.copytree(FIXTURE / "examples", tmp_path / "examples")
    return tmp_path


def test_a_cached_run_is_reused_unless_fresh_runs_are_asked_for(project, fixture_runs):
    path = project / "examples" / "tiny_demo.py"
    key = demo_key(path, project)
    cache = project / "cache"
    cache.mkdir()
    # A stored run with a marker the demo itself never prints.
    stored = fixture_runs["tiny_demo"].notebook.replace("total=4", "total=40")
    (cache / f"tiny_demo-{key}.ipynb").write_text(stored)
    assert "total=40" in cached_execute(path, project, cache, key, fresh=False)
    # In a thread, as the build runs it: nbclient leaves an asyncio loop behind in the thread
    # that runs a kernel, and Playwright's sync API refuses to start in such a thread later.
    with ThreadPoolExecutor(1) as pool:
        again = pool.submit(cached_execute, path, project, cache, key, True).result()
    assert "total=4\\n" in again and "total=40" not in again
    # The fresh run replaced the stored one: one run per demo is kept.
    assert [p.name for p in cache.iterdir()] == [f"tiny_demo-{key}.ipynb"]


def test_a_failing_claim_or_error_is_reported_by_demo_and_the_rest_still_run(project, tmp_path):
    claim = project / "examples" / "tiny_demo.claim.yaml"
    claim.write_text(claim.read_text().replace("total == 4", "total > 4"))
    shutil.copy(project / "examples" / "tiny_demo.py", project / "examples" / "broken.py")
    shutil.copy(
        FIXTURE / "examples" / "tiny_demo.claim.yaml", project / "examples" / "broken.claim.yaml"
    )
    with (project / "examples" / "broken.py").open("a") as demo:
        demo.write("\n# %%\nraise ValueError('no')\n")
    (project / "concepts").mkdir()
    demos = load_corpus(project).demos
    runs, problems = run_demos(demos, project, tmp_path / "runs", fresh=True)
    assert runs == {}
    assert problems == [
        "broken: the demo raised an error: ValueError: no",
        "tiny_demo: claim failed: total > 4 (total = 4)",
    ]
