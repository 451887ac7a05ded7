"""MkDocs hook: event wiring only. The pages come from the glossary package (scripts/glossary/);
what is kept between the builds of one `mkdocs serve` is in live_reload.py."""

import logging
import os
import re
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from glossary.corpus import load_corpus
from glossary.link.model import build_model
from glossary.load.history import last_commit_dates
from glossary.render.cite import Site
from glossary.render.demo_page import demo_page, shared_styles
from glossary.render.feeds import atom_feed, concepts_json
from glossary.render.home import home_page
from glossary.render.indexes import concepts_index, demos_index, tag_counts, tag_page, tags_index
from glossary.render.notebook_css import shared_stylesheets
from glossary.render.page import concept_page
from glossary.render.theme_css import page_names, source_words, stylesheet_path, used_rules
from glossary.run.demos import run_demos
from glossary.search_index import SearchIndexError, index_site
from live_reload import ServeState, SiteFile, forget_page

_state = ServeState()
log = logging.getLogger("mkdocs.hooks.search")
DEMO_RUNS = ".cache/demos/runs"  # each demo's executed notebook, by what the run depends on
DEMO_PAGES = ".cache/demos/pages"  # the notebooks the demo pages render (figures as files)
# A demo page's stylesheet link until on_post_page names the file: its name is the hash of the
# rules every demo page uses, known only once all of them are rendered.
PENDING_STYLESHEET = "assets/notebook-pending.css"
# Theme files no page loads: Material's own search (the site searches with Pagefind), and the
# stylesheets the pages link a cut or a copy of instead (main.css here, palette.css in main.html).
UNUSED_THEME_FILES = re.compile(
    r"assets/javascripts/(lunr|workers)/|assets/stylesheets/(main|palette)\.\w+\.min\.css"
)
# Every page's link to the theme's stylesheet until on_post_build names the file: the rules kept
# depend on the names of every written page.
PENDING_THEME_STYLESHEET = "assets/stylesheets/main-pending.css"


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return "'dirty' build" not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    """Note whether builds will repeat (serve). Under `mkdocs serve --dirty` (make serve),
    silence MkDocs' warning that a dirty build may leave pages stale: this hook tells MkDocs which
    generated pages changed, and the site's own pages do not depend on the generated ones. Left
    in, the warning fails every strict build."""
    _state.serving = command == "serve"
    if dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)


def demo_page_file(name: str, notebook: str, root: Path, config) -> File:
    """The demo's page notebook (this build's run, figures as files) as a file on disk, for
    mkdocs-jupyter to render: it reads pages from disk, not from memory. Rewritten only when it
    changed, so that a dirty build leaves an unchanged demo page alone."""
    src_dir = root / DEMO_PAGES
    path = src_dir / "examples" / f"{name}.ipynb"
    if not path.is_file() or path.read_text(encoding="utf-8") != notebook:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook, encoding="utf-8")
    return File(
        f"examples/{name}.ipynb",
        src_dir=str(src_dir),
        dest_dir=config["site_dir"],
        use_directory_urls=config["use_directory_urls"],
    )


def drop_unused_theme_files(files: Files) -> None:
    """Leave out of the site the theme files that no page loads."""
    for file in [f for f in files if UNUSED_THEME_FILES.match(f.src_uri)]:
        files.remove(file)


def demos_fresh() -> bool:
    """DEMO_CACHE=false (CI): run every demo now rather than reuse a cached run."""
    return os.environ.get("DEMO_CACHE", "true").strip().lower() in ("false", "0", "no")


# Priority 50 runs this before mkdocs-jupyter's on_files, so the demos added here get converted.
@event_priority(50)
def on_files(files: Files, config) -> Files:
    """Validate every entry, then add the concept, index, tag and data files and the demos."""
    _state.theme_pending.clear()  # pages a failed build (under serve) wrote are written anew
    root = Path(config.config_file_path).resolve().parent
    corpus = _state.corpus = load_corpus(root, previous=_state.corpus)
    if corpus.errors:
        listing = "\n".join(str(p) for p in corpus.errors)
        raise PluginError(f"{len(corpus.errors)} problem(s) in concepts/:\n{listing}")
    model = _state.model = build_model(corpus, _state.model)
    drop_unused_theme_files(files)
    cache = root / DEMO_RUNS
    runs, failed = run_demos(corpus.demos, root, cache, demos_fresh(), _state.runs)
    if failed:
        listing = "\n".join(failed)
        raise PluginError(f"{len(failed)} demo problem(s); the pages cannot show them:\n{listing}")
    _state.runs = runs
    for name in set(_state.demo_pages) - set(runs):  # a demo deleted: its page's needs go too
        del _state.demo_pages[name]
    site_url = config.site_url or "/"
    site = Site(config.site_name, site_url, config.repo_url)
    committed = last_commit_dates(root)  # once per build, for every entry
    fingerprints = _state.fingerprints

    def add(path: str, content: str | bytes) -> None:
        file = SiteFile.generated(config, path, content=content)
        file.changed = fingerprints.changed(path, content)
        files.append(file)

    for concept in corpus.concepts.values():
        page = concept_page(concept, model, runs, site, committed.get(concept.path))
        add(f"concepts/{concept.slug}.md", page)
    # docs/index.md is the hand-written intro; the home page appends sections made from the entries.
    intro = files.get_file_from_path("index.md")
    if intro is not None:
        files.remove(intro)
        add("index.md", home_page(model, intro.content_string, runs))
    add("concepts/index.md", concepts_index(model))
    add("demos/index.md", demos_index(model))
    add("tags/index.md", tags_index(model))
    for tag, members in tag_counts(model).items():
        add(f"tags/{tag}.md", tag_page(tag, members))
    add("concepts.json", concepts_json(model, site_url))
    add("feed.xml", atom_feed(model, site_url))
    for name, run in runs.items():
        files.append(demo_page_file(name, run.page, root, config))
        shown = [(c.slug, c.title) for c in corpus.concepts.values() if name in c.demos]
        if fingerprints.changed(f"examples/{name}.ipynb", tuple(shown)):
            forget_page(config["site_dir"], f"examples/{name}.ipynb")  # its header lists them
        # Beside the page: its figures, and the demo to download as a script or a notebook.
        for figure in run.figures:
            add(f"examples/{name}/{figure.file_name}", figure.data)
        add(f"examples/{name}/{name}.py", (root / "examples" / f"{name}.py").read_bytes())
        add(f"examples/{name}/{name}.ipynb", run.notebook)
    for path in fingerprints.gone():  # an entry deleted or renamed: its old page goes too
        if path.endswith(".md"):
            forget_page(config["site_dir"], path)
    return files


# Last, after any plugin that still writes pages.
@event_priority(-100)
def on_post_build(config) -> None:
    """Write the demo pages' shared stylesheet and the theme's, cut to the names of the pages
    written; remember what the site holds; index the written pages for search (under serve, in
    the background, so that a live reload does not wait)."""
    theme_path, theme_css = _cut_theme_stylesheet(config)
    for path, css in {**dict(_state.demo_stylesheets.values()), theme_path: theme_css}.items():
        target = Path(config["site_dir"], path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css, encoding="utf-8")
    # The pages written in this build link the pending name; a page a dirty build left alone
    # keeps the file it linked, still in the site folder and cut for names it held.
    pending, final = Path(PENDING_THEME_STYLESHEET).name + '"', Path(theme_path).name + '"'
    for page in _state.theme_pending:
        page.write_text(page.read_text("utf-8").replace(pending, final, 1), encoding="utf-8")
    _state.theme_pending.clear()
    _state.fingerprints.build_succeeded()
    if _state.serving:
        _state.search.request(config["site_dir"])
        return
    start = time.perf_counter()
    try:
        pages = index_site(config["site_dir"])
    except SearchIndexError as error:
        raise PluginError(f"Search index: {error}") from None
    log.info("Search index: %d pages in %.1f s", pages, time.perf_counter() - start)


def on_env(env, config, files: Files):
    """Cut nbconvert's stylesheet down to the rules the demo pages
    use (every page's content is rendered by now, none written yet); under serve, compile the
    theme's templates once, not once per rebuild."""
    # A dirty build (serve --dirty) renders only the demo pages that changed. The stylesheet is
    # judged on those and on every other demo page this process rendered before (their HTML,
    # remembered, is what their files still hold), so it serves them all. A page not rebuilt
    # keeps its link to the file it had: still in the site folder (a dirty build deletes
    # nothing) and still enough for it, its HTML being unchanged. A clean build renders every
    # demo page, so all of them link one file.
    if _state.demo_pages != _state.styled_pages:
        _state.demo_stylesheets = shared_stylesheets(_state.demo_pages)
        _state.styled_pages = dict(_state.demo_pages)
    if _state.serving:
        env.bytecode_cache = _state.templates
    return env


def _demo_name(page) -> str | None:
    src = page.file.src_uri
    if src.startswith("examples/") and src.endswith(".ipynb"):
        return src.removeprefix("examples/").removesuffix(".ipynb")
    return None


def on_page_content(html_text: str, page, config, files: Files) -> str:
    """Put a header on each demo page (who uses it, how to run it, where to download it), and
    move the notebook styles it inlines into one shared stylesheet (written in on_post_build)."""
    name = _demo_name(page)
    if name is None:
        return html_text
    users = [c for c in _state.model.corpus.concepts.values() if name in c.demos]

    def url(src_uri: str) -> str:
        return get_relative_url(files.get_file_from_path(src_uri).url, page.url)

    html_text, css = shared_styles(html_text)
    link = get_relative_url(PENDING_STYLESHEET, page.url)
    html_text = demo_page(html_text, name, users, url, link)
    _state.demo_pages[name] = (css, html_text)
    return html_text


def _script_words(config) -> set[str]:
    """Every word of the theme's script every page loads and of the site's own scripts: names
    they may put on a page while a reader uses it. Read once per process."""
    if not _state.script_words:
        scripts = list(Path(config.docs_dir, "assets").glob("*.js"))
        for folder in map(Path, config.theme.dirs):
            scripts += folder.glob("assets/javascripts/bundle.*.min.js")
        _state.script_words = set().union(*(source_words(p.read_text("utf-8")) for p in scripts))
    return _state.script_words


def _cut_theme_stylesheet(config) -> tuple[str, str]:
    """The theme's stylesheet cut to the names of every page this process wrote (a name, once
    seen, is kept) and of the scripts: its site path and text, cut again only when they change."""
    names = _state.site_names | _script_words(config)
    if names != _state.theme_names:
        _, css = _theme_stylesheet(config)
        _state.theme_css = (stylesheet_path(kept := used_rules(css, names)), kept)
        _state.theme_names = names
    return _state.theme_css


def _theme_stylesheet(config) -> tuple[str, str]:
    """The theme's main stylesheet: its path in the site, and its text. Read once per process."""
    if not _state.theme_source[0]:
        for folder in config.theme.dirs:
            for path in sorted(Path(folder, "assets", "stylesheets").glob("main.*.min.css")):
                _state.theme_source = (f"assets/stylesheets/{path.name}", path.read_text("utf-8"))
                return _state.theme_source
        raise PluginError("the theme's assets/stylesheets/main.*.min.css was not found")
    return _state.theme_source


def _link_theme_stylesheet(output: str, written_to: Path, config) -> str:
    """Point a page at the pending theme stylesheet and note the names it uses; on_post_build
    cuts the stylesheet and names the file."""
    original = _theme_stylesheet(config)[0]
    if f'{original}"' not in output:
        return output
    _state.site_names |= page_names(output)
    _state.theme_pending.append(written_to)
    return output.replace(f'{original}"', f'{PENDING_THEME_STYLESHEET}"', 1)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """The theme's own pages (404.html) link the cut stylesheet too."""
    if not template_name.endswith(".html"):
        return output_content
    return _link_theme_stylesheet(output_content, Path(config["site_dir"], template_name), config)


def on_post_page(output: str, page, config) -> str:
    """Link the theme's stylesheet (named in on_post_build) and a demo page's own (named in
    on_env)."""
    output = _link_theme_stylesheet(output, Path(page.file.abs_dest_path), config)
    name = _demo_name(page)
    if name not in _state.demo_stylesheets:
        return output
    pending = f'href="{get_relative_url(PENDING_STYLESHEET, page.url)}"'
    path = _state.demo_stylesheets[name][0]
    return output.replace(pending, f'href="{get_relative_url(path, page.url)}"', 1)
