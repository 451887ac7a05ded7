"""The hook's state between builds, for fast previews under `mkdocs serve --dirty`.

MkDocs decides per file with `File.is_modified()`. For a file a hook generates it always says yes,
so every concept page would be rebuilt after each save. The hook marks its files with what changed
since the last successful build instead, and this module keeps that record; it also keeps the last
corpus and site model (so an unchanged entry is neither checked nor rendered again) and the
compiled theme templates.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.structure.files import File

from glossary.link.model import SiteModel
from glossary.load.entry import Corpus


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


def drop_rebuilt_from_search(config, pages: set[str]) -> None:
    """Before Material's search writes its index in a dirty build, remove the previous entries of
    every page rebuilt now, and of every page that is gone (`pages` holds the URLs of the pages
    that exist). Material itself drops only the entries of the first rebuilt page (it expects one
    page per rebuild), so the others would be listed twice."""
    for plugin in config.plugins.values():
        previous = getattr(plugin, "search_index_prev", None)
        current = getattr(plugin, "search_index", None)
        if previous is None or current is None:
            continue
        rebuilt = {entry["location"].split("#")[0] for entry in current.entries}
        previous.entries = [
            entry
            for entry in previous.entries
            if (page := entry["location"].split("#")[0]) in pages and page not in rebuilt
        ]


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
    page_urls: set[str] = field(default_factory=set)  # the pages of this build
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    templates: TemplateCache = field(default_factory=TemplateCache)
