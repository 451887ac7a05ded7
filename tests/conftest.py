"""Shared helpers: a throwaway copy of the site project, and a real `mkdocs build` of it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "corpus"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def make_project(dest: Path, corpus: Path = FIXTURE) -> Path:
    """A site project in dest: the real mkdocs.yml, docs/ and scripts/ with corpus's entries."""
    for name in ("mkdocs.yml", "docs", "scripts"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    shutil.copytree(corpus / "concepts", dest / "concepts")
    shutil.copy(ROOT / "concepts" / "concept.schema.json", dest / "concepts")
    shutil.copytree(corpus / "examples", dest / "examples")
    # The real home page links the real corpus; a fixture project gets a neutral one.
    (dest / "docs" / "index.md").write_text("# Home\n\n[Concepts](concepts/index.md)\n")
    return dest


def mkdocs_build(
    project: Path, site: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run a real, strict `mkdocs build` of project into site, with env's variables added."""
    # The publishing settings come from the environment: a test sets them, never the caller's shell.
    inherited = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL")}
    env = dict(
        inherited, NO_MKDOCS_2_WARNING="1", PYDEVD_DISABLE_FILE_VALIDATION="1", **(env or {})
    )
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture corpus built into a site, once per test session."""
    project = make_project(tmp_path_factory.mktemp("fixture-project"))
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The repository's own site, built strictly once per test session."""
    docs_before = sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*"))
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr[-5000:]
    # Concept pages are generated in memory: the build writes nothing into docs/.
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "docs").rglob("*")) == docs_before
    return site


@pytest.fixture(scope="session")
def fixture_runs(tmp_path_factory):
    """The fixture corpus's demos, really run (as a build runs them), by name."""
    from glossary.corpus import load_corpus
    from glossary.run.demos import run_demos

    corpus = load_corpus(FIXTURE)
    cache = tmp_path_factory.mktemp("demo-runs")
    runs, problems = run_demos(corpus.demos, FIXTURE, cache, fresh=True)
    assert problems == []
    return runs
