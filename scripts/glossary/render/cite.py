"""What a concept page says about itself: its address, last change, citation and source links."""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode

# LaTeX's special characters, spelled so that BibTeX's brace counting stays balanced (`\{` would
# still count as a brace and break the entry) and `"` cannot end a quoted field.
_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    '"': r"{\textquotedbl}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
SITE_NAME = "AI Concepts, Shown"  # mkdocs.yml's site_name, for outputs rendered without it
_LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))


@dataclass(frozen=True)
class Site:
    """Where the site is published: its name, base URL and source repository (if any)."""

    name: str
    url: str = "/"
    repo_url: str | None = None


def concept_url(site_url: str, slug: str) -> str:
    """The published address of a concept's page."""
    return f"{site_url.rstrip('/')}/concepts/{slug}/"


def last_updated(added: dt.date, committed: dt.date | None) -> dt.date:
    """The last commit's date, or `added` without history (and never before `added`)."""
    return max(added, committed) if committed else added


def long_date(day: dt.date) -> str:
    """'May 21, 2026'."""
    return f"{day:%B} {day.day}, {day.year}"


def citation(title: str, site: Site, slug: str, day: dt.date) -> str:
    """A plain-text reference to the page."""
    return f"“{title}”. {site.name}. Last updated {long_date(day)}. {concept_url(site.url, slug)}"


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field shows it, LaTeX specials included."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m.group()], text)


def bibtex(title: str, site: Site, slug: str, day: dt.date) -> str:
    """A BibTeX @misc entry for the page, keyed by its slug."""
    url = concept_url(site.url, slug)
    fields = [
        # Double braces keep the title's capitals as written.
        ("title", f"{{{bibtex_escape(title)}}}"),
        ("howpublished", bibtex_escape(site.name)),
        ("year", str(day.year)),
        ("url", url.replace("%", r"\%").replace("#", r"\#")),
        ("note", f"Last updated {day.isoformat()}"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{slug},\n{body}\n}}"


def edit_url(repo_url: str, slug: str) -> str:
    """Where the entry's YAML is edited on the repository's host."""
    return f"{repo_url.rstrip('/')}/edit/main/concepts/{slug}.yaml"


def report_url(repo_url: str, title: str, page_url: str) -> str:
    """A new issue on the repository, titled and pointing at the page."""
    query = urlencode({"title": f"Error in “{title}”", "body": f"Page: {page_url}\n\n"})
    return f"{repo_url.rstrip('/')}/issues/new?{query}"
