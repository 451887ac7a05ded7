"""The projects a benchmark builds: the pipeline at a corpus size, its hand-written Markdown twin,
and a strict `mkdocs build` of either with its CPU time and peak memory."""

import gc
import importlib.util
import io
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmark.entries import generate_entries
from benchmark.stopwatch import Stopwatch
from glossary import ROOT
from glossary.load.safe_yaml import Parsed


def copy_demos(examples: Path, dest: Path) -> None:
    """Every demo of examples/ into dest, each with its claim file."""
    dest.mkdir(parents=True, exist_ok=True)
    for demo in sorted(examples.glob("*.py")):
        shutil.copy(demo, dest)
        shutil.copy(demo.with_name(f"{demo.stem}.claim.yaml"), dest)


def make_pipeline_project(dest: Path, n: int, examples: Path, demo_cache: Path | None) -> Path:
    """A copy of the site project whose concepts/ holds n synthetic entries."""
    dest.mkdir(parents=True)
    # requirements.txt too: a cached demo run is keyed on the pinned packages.
    for name in ("mkdocs.yml", "docs", "scripts", "requirements.txt"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    (dest / "docs" / "index.md").write_text("# Home\n\n[Concepts](concepts/index.md)\n")
    copy_demos(examples, dest / "examples")
    concepts = dest / "concepts"
    concepts.mkdir()
    shutil.copy(ROOT / "concepts" / "concept.schema.json", concepts)
    names = sorted(p.stem for p in examples.glob("*.py"))
    for slug, text in generate_entries(n, names).items():
        (concepts / f"{slug}.yaml").write_text(text, encoding="utf-8")
    if demo_cache is not None and demo_cache.is_dir():
        shutil.copytree(demo_cache, dest / ".cache")
    return dest


_BASELINE_HOOK = '''"""Benchmark baseline: the generated pages are plain files in docs/.

This hook only adds the demo pages (the notebooks the real hook wrote from its runs) with their
header and shared stylesheet, and cuts the theme's stylesheet and files, exactly as the real hook
does; the site model the header needs was pickled by the benchmark, so no entry is read and no
demo run here.
"""

import pickle
from pathlib import Path

from mkdocs.plugins import event_priority

import mkdocs_hook as real  # MkDocs puts the hook's folder, scripts/, on sys.path to load it


@event_priority(50)
def on_files(files, config):
    root = Path(config.config_file_path).resolve().parent
    state = pickle.loads((root / "bench-state.pickle").read_bytes())
    real._state.model = state["model"]
    real.drop_unused_theme_files(files)
    for name in state["demos"]:
        notebook = (root / real.DEMO_PAGES / "examples" / f"{name}.ipynb").read_text("utf-8")
        files.append(real.demo_page_file(name, notebook, root, config))
    return files


on_page_content = real.on_page_content
on_env = real.on_env
on_post_template = real.on_post_template
on_post_page = real.on_post_page
on_post_build = real.on_post_build
'''


class _SlimPickler(pickle.Pickler):
    """Pickles the site model without the parse trees (positions) that pages never use."""

    def reducer_override(self, obj):
        if isinstance(obj, Parsed):
            return Parsed, ()
        return NotImplemented


def hook_output(project: Path) -> tuple[dict[str, bytes], bytes, dict[str, float]]:
    """What the real hook generates for project ({src_uri: content}), its pickled site model, and
    the CPU seconds of each part of its on_files."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    spec = importlib.util.spec_from_file_location(
        "bench_real_hook", project / "scripts" / "mkdocs_hook.py"
    )
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    cwd = Path.cwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"))
        config.plugins._current_plugin = None  # as outside an event, for File.generated
        watch = Stopwatch()
        targets = [
            (hook, "load_corpus", "validation (corpus.load_corpus)"),
            (hook, "build_model", "text rendering and autolinks (link.model.build_model)"),
            (hook, "concept_page", "concept page Markdown (render.page.concept_page)"),
        ]
        gc.collect()
        gc.freeze()  # as in a fresh `mkdocs build`: the collector skips this process's own heap
        with watch.patch(targets):
            files = watch.wrap("indexes, tag pages, feeds, the rest", hook.on_files)(
                Files([]), config
            )
    finally:
        gc.unfreeze()
        os.chdir(cwd)
    generated = {f.src_uri: f.content_bytes for f in files if getattr(f, "generated_by", None)}
    demos = [
        f.src_uri.removeprefix("examples/").removesuffix(".ipynb")
        for f in files
        if f.src_uri.startswith("examples/") and f.src_uri.count("/") == 1
    ]
    buffer = io.BytesIO()
    _SlimPickler(buffer).dump({"model": hook._state.model, "demos": demos})
    return generated, buffer.getvalue(), watch.totals


def make_markdown_project(dest: Path, pipeline: Path) -> tuple[Path, dict[str, float]]:
    """The same site as `pipeline`, its generated pages written by hand into docs/; and the
    CPU seconds of each part of the real hook while it generated them."""
    dest.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "scripts", "examples"):
        src = pipeline / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    if (pipeline / ".cache").is_dir():
        shutil.copytree(pipeline / ".cache", dest / ".cache")
    (dest / "concepts").mkdir()
    generated, state, hook_times = hook_output(pipeline)
    for src_uri, content in generated.items():
        target = dest / "docs" / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (dest / "bench-state.pickle").write_bytes(state)
    (dest / "scripts" / "bench_baseline_hook.py").write_text(_BASELINE_HOOK, encoding="utf-8")
    _edit_config(dest, "- scripts/mkdocs_hook.py", "- scripts/bench_baseline_hook.py")
    return dest, hook_times


def without_notebook_probe(dest: Path, markdown: Path) -> Path:
    """A copy of a Markdown project where mkdocs-jupyter does not open every .md page.

    mkdocs-jupyter 0.26 reads each Markdown file of docs/ with jupytext, three times a build,
    to see whether it is a notebook; its `ignore` option (checked before reading) stops that.
    Pages the hook generates have no file on disk and are never read this way.
    """
    shutil.copytree(markdown, dest, ignore=shutil.ignore_patterns("site"))
    _edit_config(dest, '      include: ["*/examples/*.ipynb"]\n',
                 '      include: ["*/examples/*.ipynb"]\n      ignore: ["*.md"]\n')  # fmt: skip
    return dest


def _edit_config(project: Path, old: str, new: str) -> None:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if old not in config:
        msg = f"mkdocs.yml no longer holds {old.strip()!r}; update benchmark/projects.py"
        raise RuntimeError(msg)
    (project / "mkdocs.yml").write_text(config.replace(old, new), encoding="utf-8")


def same_pages(site: Path, other: Path, slugs: list[str] | None = None) -> float:
    """The share of concept pages (all, or those of slugs) byte for byte the same in both sites."""
    if slugs is None:
        slugs = [p.parent.name for p in (site / "concepts").glob("*/index.html")]
    pages = [Path("concepts") / slug / "index.html" for slug in slugs]
    same = sum(
        (other / page).is_file() and (site / page).read_bytes() == (other / page).read_bytes()
        for page in pages
    )
    return same / len(pages)


def mkdocs_env() -> dict[str, str]:
    """The environment of every mkdocs run here: no banners, demos taken from the cache."""
    return dict(
        os.environ, NO_MKDOCS_2_WARNING="1", PYDEVD_DISABLE_FILE_VALIDATION="1", DEMO_CACHE="true"
    )


# Runs a command, then writes its CPU seconds (user + system) and peak RSS (KiB) to a file. The
# build's own rusage, seen from here, would not do for memory: Linux carries the peak of the
# forked parent (this benchmark, hundreds of MB) across exec.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]);"
    " u = resource.getrusage(resource.RUSAGE_CHILDREN);"
    " open(sys.argv[1], 'w').write(f'{u.ru_utime + u.ru_stime} {u.ru_maxrss}'); sys.exit(code)"
)


def build(project: Path, site: Path) -> dict:
    """One strict `mkdocs build`: CPU seconds (what the ratios use: on a shared machine they
    do not count the time other work holds the CPU), wall seconds, peak RSS (MB)."""
    shutil.rmtree(site, ignore_errors=True)
    log, usage = project / "build.log", project / "build.rusage"
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    args = [sys.executable, "-c", _RUSAGE_WRAPPER, str(usage), *mkdocs]
    with log.open("w") as out:
        start = time.perf_counter()
        result = subprocess.run(
            args, cwd=project, stdout=out, stderr=subprocess.STDOUT, env=mkdocs_env()
        )
        wall = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"build of {project} failed:\n{log.read_text()[-4000:]}")
    cpu, rss = usage.read_text().split()
    return {"seconds": float(cpu), "wall_s": wall, "peak_rss_mb": int(rss) / 1024}


def search_index_bytes(site: Path) -> int:
    """The search index on disk: Material's one JSON file, or all of Pagefind's folder."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return material.stat().st_size
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())


def page_weight(site: Path, slugs: list[str]) -> dict:
    """Median page of the given concepts (KB), search index per concept (bytes), site (MB)."""
    sizes = [(site / "concepts" / slug / "index.html").stat().st_size for slug in slugs]
    pages = len(list((site / "concepts").glob("*/index.html")))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "page_kb": statistics.median(sizes) / 1024,
        "search_index_bytes_per_concept": search_index_bytes(site) / pages,
        "site_mb": total / 1024**2,
    }
