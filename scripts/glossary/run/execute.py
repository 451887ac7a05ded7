"""Execute a demo file as a notebook (jupytext reads it, nbclient runs it), with a cache."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import jupytext
import nbclient
import nbformat

from glossary.load.claims import BUILD_SEED

# Bump when the way a demo is run changes, so that cached runs made the old way are not reused.
RUN_FORMAT = "2"
# Each figure both ways: the pages keep whichever file is smaller (see outputs.py).
_FIGURE_FORMATS = "--InlineBackend.figure_formats=['png','svg']"
# SVG figures name their clip paths from a random salt unless given one: fixed, two runs of a
# demo draw byte-identical figures.
_FIXED_SVG_IDS = (
    "--IPKernelApp.exec_lines=import matplotlib; matplotlib.rcParams['svg.hashsalt'] = 'demo'"
)
CELL_TIMEOUT_S = 300  # a demo runs in seconds; a cell stuck this long is a bug, not a slow run


def run_key(source: bytes, requirements: bytes) -> str:
    """What a cached run depends on: the demo's bytes, the pinned packages, Python, the runner."""
    digest = hashlib.sha256()
    for part in (source, requirements, sys.version.encode(), RUN_FORMAT.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:20]


def execute(path: Path, cwd: Path) -> nbformat.NotebookNode:
    """Run examples/<name>.py cell by cell in a fresh kernel; raise CellExecutionError on error."""
    notebook = jupytext.read(path)
    # jupytext gives each cell a random id; numbered ones keep two builds' pages identical.
    for number, cell in enumerate(notebook.cells, 1):
        cell["id"] = f"c{number}"
    # The seed the pages report; it is every demo's default, so `python examples/x.py` agrees.
    env = dict(os.environ, DEMO_SEED=str(BUILD_SEED), PYTHONHASHSEED="0")
    # Reproducible builds' convention: figures record this fixed date, not the time of the run.
    env.setdefault("SOURCE_DATE_EPOCH", "0")
    env.update(PYDEVD_DISABLE_FILE_VALIDATION="1")
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,  # no timestamps: two runs of a demo give the same notebook
        extra_arguments=[_FIGURE_FORMATS, _FIXED_SVG_IDS],
        resources={"metadata": {"path": str(cwd)}},
    )
    # The kernel's own start-up chatter (a transport warning) is noise in the build log; a
    # demo's errors and output come back over the kernel's channels, not its stderr.
    client.execute(env=env, stderr=subprocess.DEVNULL)
    return notebook


def demo_key(path: Path, cwd: Path) -> str:
    """run_key of examples/<name>.py in the project at cwd."""
    requirements = cwd / "requirements.txt"
    return run_key(path.read_bytes(), requirements.read_bytes() if requirements.is_file() else b"")


def cached_execute(path: Path, cwd: Path, cache_dir: Path, key: str, fresh: bool) -> str:
    """The executed notebook as JSON: from the cache when allowed and present, else run now."""
    cached = cache_dir / f"{path.stem}-{key}.ipynb"
    if not fresh and cached.is_file():
        return cached.read_text(encoding="utf-8")
    text = nbformat.writes(execute(path, cwd))
    cache_dir.mkdir(parents=True, exist_ok=True)
    for old in cache_dir.glob(f"{path.stem}-*.ipynb"):  # one run per demo is kept
        old.unlink()
    temporary = cached.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(cached)  # whole or not at all, even if the build is stopped mid-write
    return text
