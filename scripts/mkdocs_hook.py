"""MkDocs hook: event wiring only. The pages come from the glossary package (scripts/glossary/);
what is kept between the builds of one `mkdocs serve` is in live_reload.py."""

import logging
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
from glossary.render.demo_page import demo_page
from glossary.render.feeds import atom_feed, concepts_json
from glossary.render.home import home_page
from glossary.render.indexes import concepts_index, demos_index, tag_counts, tag_page, tags_index
from glossary.render.page import concept_page
from glossary.search_index import SearchIndexError, index_site
from live_reload import ServeState, SiteFile, forget_page

_state = ServeState()
log = logging.getLogger("mkdocs.hooks.search")


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


def demo_file(name: str, root: Path, config) -> File:
    """examples/<name>.py as a file of the site, for mkdocs-jupyter to convert."""
    return File(
        f"examples/{name}.py",
        src_dir=str(root),
        dest_dir=config["site_dir"],
        use_directory_urls=config["use_directory_urls"],
    )


# Priority 50 runs this before mkdocs-jupyter's on_files, so the demos added here get converted.
@event_priority(50)
def on_files(files: Files, config) -> Files:
    """Validate every entry, then add the concept, index, tag and data files and the demos."""
    root = Path(config.config_file_path).resolve().parent
    corpus = _state.corpus = load_corpus(root, previous=_state.corpus)
    if corpus.errors:
        listing = "\n".join(str(p) for p in corpus.errors)
        raise PluginError(f"{len(corpus.errors)} problem(s) in concepts/:\n{listing}")
    model = _state.model = build_model(corpus, _state.model)
    site_url = config.site_url or "/"
    site = Site(config.site_name, site_url, config.repo_url)
    committed = last_commit_dates(root)  # once per build, for every entry
    fingerprints = _state.fingerprints

    def add(path: str, content: str) -> None:
        file = SiteFile.generated(config, path, content=content)
        file.changed = fingerprints.changed(path, content)
        files.append(file)

    for concept in corpus.concepts.values():
        page = concept_page(concept, model, site, committed.get(concept.path))
        add(f"concepts/{concept.slug}.md", page)
    # docs/index.md is the hand-written intro; the home page appends sections made from the entries.
    intro = files.get_file_from_path("index.md")
    if intro is not None:
        files.remove(intro)
        add("index.md", home_page(model, intro.content_string))
    add("concepts/index.md", concepts_index(model))
    add("demos/index.md", demos_index(model))
    add("tags/index.md", tags_index(model))
    for tag, members in tag_counts(model).items():
        add(f"tags/{tag}.md", tag_page(tag, members))
    add("concepts.json", concepts_json(model, site_url))
    add("feed.xml", atom_feed(model, site_url))
    for name in corpus.demos:
        files.append(demo_file(name, root, config))
        shown = [(c.slug, c.title) for c in corpus.concepts.values() if name in c.demos]
        if fingerprints.changed(f"examples/{name}.py", tuple(shown)):
            forget_page(config["site_dir"], f"examples/{name}.py")  # its header lists them
    for path in fingerprints.gone():  # an entry deleted or renamed: its old page goes too
        if path.endswith(".md"):
            forget_page(config["site_dir"], path)
    return files


# Last, after any plugin that still writes pages.
@event_priority(-100)
def on_post_build(config) -> None:
    """Remember what the site holds; index the written pages for search (under serve, in the
    background, so that a live reload does not wait for it)."""
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
    """Under serve, compile the theme's templates once, not once per rebuild."""
    if _state.serving:
        env.bytecode_cache = _state.templates
    return env


def on_page_content(html_text: str, page, config, files: Files) -> str:
    """Put a header on each demo page: who uses it, how to run it, where to download it."""
    src = page.file.src_uri
    if not (src.startswith("examples/") and src.endswith(".py")):
        return html_text
    name = src.removeprefix("examples/").removesuffix(".py")
    users = [c for c in _state.model.corpus.concepts.values() if name in c.demos]

    def url(src_uri: str) -> str:
        return get_relative_url(files.get_file_from_path(src_uri).url, page.url)

    return demo_page(html_text, name, users, url)
