"""The page's citation, BibTeX entry, last-updated date and repository links."""

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import markdown
from bs4 import BeautifulSoup

from glossary.corpus import load_corpus
from glossary.link.model import build_model
from glossary.render.cite import Site, bibtex, bibtex_escape, citation, last_updated, report_url
from glossary.render.page import concept_page
from tests.conftest import FIXTURE

SITE = Site("AI Concepts, Shown", "https://example.org/glossary/")
DAY = dt.date(2026, 6, 3)


def test_citation_names_title_site_date_and_url():
    assert citation("Beam search", SITE, "beam-search", DAY) == (
        "“Beam search”. AI Concepts, Shown. Last updated June 3, 2026. "
        "https://example.org/glossary/concepts/beam-search/"
    )


def test_bibtex_entry_is_misc_keyed_by_slug():
    entry = bibtex("Beam search", SITE, "beam-search", DAY)
    assert entry.startswith("@misc{beam-search,\n") and entry.endswith("\n}")
    assert "  title = {{Beam search}},\n" in entry
    assert "  url = {https://example.org/glossary/concepts/beam-search/},\n" in entry
    assert "  year = {2026},\n" in entry and "note = {Last updated 2026-06-03}" in entry


def test_bibtex_escapes_braces_quotes_and_latex_specials():
    title = 'The "{x}" of 50% & $y_1$ #2 ^~ \\'
    escaped = bibtex_escape(title)
    assert escaped == (
        r"The {\textquotedbl}\textbraceleft{}x\textbraceright{}{\textquotedbl} of 50\% \& "
        r"\$y\_1\$ \#2 \textasciicircum{}\textasciitilde{} \textbackslash{}"
    )
    entry = bibtex("Unbalanced { brace", SITE, "s", DAY)
    # BibTeX counts every brace, escaped or not: the entry's braces must balance.
    assert entry.count("{") == entry.count("}")
    assert '"' not in bibtex('a "quoted" title', SITE, "s", DAY)


def test_last_updated_prefers_history_and_falls_back_to_added():
    added = dt.date(2026, 5, 21)
    assert last_updated(added, None) == added
    assert last_updated(added, DAY) == DAY
    assert last_updated(added, dt.date(2026, 1, 1)) == added  # history older than the entry


def test_report_url_opens_a_titled_issue():
    url = report_url("https://github.com/o/r/", "A & B", "https://example.org/concepts/a/")
    parts = urlsplit(url)
    assert parts.path == "/o/r/issues/new"
    query = parse_qs(parts.query)
    assert query["title"] == ["Error in “A & B”"]
    assert "https://example.org/concepts/a/" in query["body"][0]


def _rendered(runs, site: Site, updated: dt.date | None = None) -> BeautifulSoup:
    model = build_model(load_corpus(FIXTURE, today=dt.date(2026, 11, 27)))
    text = concept_page(model.corpus.concepts["alpha-concept"], model, runs, site, updated)
    text = text.split("\n---\n", 1)[1]  # drop the front matter
    extensions = ["admonition", "attr_list", "md_in_html", "pymdownx.details",
                  "pymdownx.superfences"]  # fmt: skip
    return BeautifulSoup(markdown.markdown(text, extensions=extensions), "html.parser")


def test_repository_links_only_with_a_repository(fixture_runs):
    assert not _rendered(fixture_runs, SITE).find(
        "a", string=re.compile("Edit this entry|Report an error")
    )
    soup = _rendered(fixture_runs, Site(SITE.name, SITE.url, "https://github.com/o/r"), DAY)
    footer = soup.select_one("p.concept-footer")
    assert footer.get_text().startswith("Last updated June 3, 2026")
    links = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert (
        links["Edit this entry"] == "https://github.com/o/r/edit/main/concepts/alpha-concept.yaml"
    )
    assert links["Report an error"].startswith("https://github.com/o/r/issues/new?title=")


def test_citation_is_collapsed_below_the_page(fixture_runs):
    details = _rendered(fixture_runs, SITE).find("details")
    assert details is not None and "open" not in details.attrs
    assert details.summary.get_text() == "Cite this page"
    assert details.find("code").get_text().startswith("@misc{alpha-concept,")
