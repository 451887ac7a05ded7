"""The hook's state between builds, for fast previews under `mkdocs serve --dirty`.

MkDocs decides per file with `File.is_modified()`. For a file a hook generates it always says yes,
so every concept page would be rebuilt after each save. The hook marks its files with what changed
since the last successful build instead, and this module keeps that record; it also keeps the last
corpus and site model (so an unchanged entry is neither checked nor rendered again) and the
compiled theme templates, and runs the search indexer beside the builds.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2
from mkdocs.structure.files import File

from glossary.link.model import SiteModel
from glossary.load.entry import Corpus
from glossary.search_index import SearchIndexError, index_site

log = logging.getLogger("mkdocs.hooks.search")


class SiteFile(File):
    """A generated file that a dirty build rebuilds only when the hook says it changed."""

    changed = True

    def is_modified(self) -> bool:
        """Changed since the last build, or never written."""
        return self.changed or not os.path.isfile(self.abs_dest_path)


class Fingerprints:
    """What each file held at the last successful build, to tell which files changed since."""

    def __init__(self):
        self._built: dict[str, int] = {}
        self._pending: dict[str, int] = {}

    def changed(self, key: str, content: object) -> bool:
        """Does content differ from the last build's? Remembered once the build succeeds."""
        fingerprint = hash(content)
        self._pending[key] = fingerprint
        return self._built.get(key) != fingerprint

    def gone(self) -> list[str]:
        """Keys the last successful build had that this build has not given (yet)."""
        return [key for key in self._built if key not in self._pending]

    def build_succeeded(self) -> None:
        """The pending fingerprints are now what the site holds."""
        self._built = self._pending
        self._pending = {}


def forget_page(site_dir: str, src_uri: str) -> None:
    """Delete a page's built HTML (directory URLs): a dirty build then rebuilds it, or, for a page
    the site no longer has, it stops being served."""
    stem = src_uri.rsplit(".", 1)[0]
    folder = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem
    Path(site_dir, folder, "index.html").unlink(missing_ok=True)


class BackgroundSearchIndex:
    """Pagefind under serve, in a thread of its own and at low CPU priority: a live reload
    shows the rebuilt pages without waiting for the index, which follows a moment later (about
    5 s of CPU at 1,000 concepts). Builds that finish while it runs are folded into one more
    run, over the site as it is then."""

    def __init__(self, index: Callable[[str], int] | None = None):
        self._index = index or partial(index_site, low_priority=True)
        self._lock = threading.Lock()
        self._pending: str | None = None  # the site to index next
        self._running = False

    def request(self, site_dir: str) -> None:
        """Index site_dir soon; if a run is going, run once more after it."""
        with self._lock:
            self._pending = site_dir
            if not self._running:
                self._running = True
                threading.Thread(target=self._work, name="search-index", daemon=True).start()

    def _work(self) -> None:
        while True:
            with self._lock:
                site_dir, self._pending = self._pending, None
                if site_dir is None:
                    self._running = False
                    return
            start = time.perf_counter()
            try:
                pages = self._index(site_dir)
            except SearchIndexError as error:
                log.error("Search index not updated: %s", error)
            else:
                log.info("Search index: %d pages in %.1f s", pages, time.perf_counter() - start)


class TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory between the builds of one process.

    MkDocs makes a new Jinja environment for every build, so each rebuild would parse and compile
    every template of the theme again. Jinja keys each entry by the template's source checksum,
    so an edited template is compiled afresh.
    """

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill the bucket from memory, if this template was compiled before."""
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self._compiled[bucket.key] = bucket.bytecode_to_string()


@dataclass
class ServeState:
    """What one process keeps between its builds: MkDocs loads a hook module once per process."""

    serving: bool = False  # under `mkdocs serve`, where builds repeat
    corpus: Corpus | None = None  # the last load, whose unchanged entries the next one reuses
    model: SiteModel | None = None  # the last site model, likewise
    runs: dict = field(default_factory=dict)  # the last build's demo runs, by demo name
    demo_pages: dict = field(default_factory=dict)  # demo -> (nbconvert's CSS, its page's HTML)
    demo_stylesheets: dict = field(default_factory=dict)  # demo -> (site path, CSS) it links
    styled_pages: dict = field(default_factory=dict)  # the demo_pages those stylesheets fit
    site_names: set = field(default_factory=set)  # classes and elements of every page written
    script_words: set = field(default_factory=set)  # words of the scripts pages load or inline
    theme_source: tuple = ("", "")  # the theme's stylesheet: (its site path, its text)
    theme_names: set = field(default_factory=set)  # the names theme_css was cut for
    theme_css: tuple = ("", "")  # the cut stylesheet: (its site path, its text)
    theme_pending: list = field(default_factory=list)  # pages written since, to link it
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    search: BackgroundSearchIndex = field(default_factory=BackgroundSearchIndex)
    templates: TemplateCache = field(default_factory=TemplateCache)
