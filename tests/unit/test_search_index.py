"""The search index: Pagefind run on built pages, with the site's settings."""

import pytest

from glossary.search_index import SearchIndexError, index_site
from tests.site_html import search_index

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Site navigation</nav>{body}<footer>Site footer</footer></body></html>"""


def write(site, path, title, body):
    (site / path).mkdir(parents=True, exist_ok=True)
    (site / path / "index.html").write_text(PAGE.format(title=title, body=body), encoding="utf-8")


def test_indexes_marked_content_only_and_titles_without_permalinks(tmp_path):
    write(tmp_path, "concepts/kept", "Kept", '<div data-pagefind-body><h1>Kept title'
          '<a class="headerlink" href="#kept">¶</a></h1><p>Body words.</p>'
          '<p data-pagefind-ignore="all">Cite this page</p></div>')  # fmt: skip
    write(tmp_path, "tags/listing", "Listing", "<h1>A listing</h1><p>Repeated summaries.</p>")
    assert index_site(tmp_path, low_priority=True) == 1  # as under serve; builds run it plain
    pages = search_index(tmp_path)
    assert list(pages) == ["/concepts/kept/"]
    kept = pages["/concepts/kept/"]
    assert kept["meta"]["title"] == "Kept title"
    assert "Body words" in kept["content"]
    for left_out in ("¶", "Cite this page", "Site navigation", "Site footer"):
        assert left_out not in kept["content"]


def test_a_failure_carries_pagefinds_own_message(tmp_path):
    with pytest.raises(
        SearchIndexError,
        match=r"Pagefind failed \(exit 1\):\nError: Pagefind was not able to build an index",
    ):
        index_site(tmp_path)  # an empty folder: nothing to index
