"""Reading a built site the way a browser would: pages, links, where assets come from, and
what its search index holds."""

import gzip
import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup

SITE_URL = "http://site.test/"  # a stand-in origin for resolving relative links


def page(site: Path, url_path: str) -> BeautifulSoup:
    """The parsed HTML of the page at url_path ('concepts/x/')."""
    return BeautifulSoup(
        (site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def target_file(site: Path, page_url: str, href: str) -> Path | None:
    """The file a same-site link points at, or None for links leaving the site."""
    absolute = urljoin(SITE_URL + page_url, href)
    parsed = urlparse(absolute)
    if not absolute.startswith(SITE_URL):
        return None
    path = site / parsed.path.lstrip("/")
    return path / "index.html" if absolute.split("#")[0].endswith("/") else path


def third_party_assets_by_page(site: Path) -> dict[str, list[str]]:
    """Every page of site that loads an asset from another host, with those URLs."""
    offenders = {}
    for html_file in sorted(site.rglob("*.html")):
        found = third_party_assets(html_file.read_text(encoding="utf-8"))
        if found:
            offenders[str(html_file.relative_to(site))] = found
    return offenders


def third_party_assets(html: str) -> list[str]:
    """URLs of scripts, styles, images, frames and fonts loaded from another host."""
    soup = BeautifulSoup(html, "html.parser")
    loaded = []
    for tag, attr in (("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src")):
        loaded += [el.get(attr, "") for el in soup.find_all(tag)]
    for link in soup.find_all("link"):
        if {"stylesheet", "preload", "icon", "modulepreload"} & set(link.get("rel", [])):
            loaded.append(link.get("href", ""))
    for script in soup.find_all("script"):
        text = script.string or ""
        loaded += [part.split('"')[0] for part in text.split('import("')[1:]]
    return [url for url in loaded if urlparse(url).netloc]


def search_index(site: Path) -> dict[str, dict]:
    """The pages in the site's Pagefind index, by URL, each as Pagefind stores it: its text
    (`content`), `meta` (with the `title`) and `word_count`."""
    bundle = site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = {}
    for language in entry["languages"].values():
        meta = gzip.decompress((bundle / f"pagefind.{language['hash']}.pf_meta").read_bytes())
        for fragment in (bundle / "fragment").glob("*.pf_fragment"):
            # A rebuild leaves earlier fragments on disk; the metadata names the current ones.
            if fragment.stem.encode() in meta:
                data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
                record = json.loads(data)
                pages[record["url"]] = record
    return pages
