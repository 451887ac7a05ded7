"""Machine-readable outputs: /concepts.json (every concept) and /feed.xml (Atom, newest first)."""

import json
from xml.sax.saxutils import escape, quoteattr

from glossary.link.model import SiteModel
from glossary.render.cite import SITE_NAME, concept_url


def concepts_json(model: SiteModel, site_url: str) -> str:
    """Every concept as JSON (shape documented on the Data page); stable order and bytes."""
    items = [
        {
            "slug": c.slug,
            "title": c.title,
            "summary": c.summary,
            "url": concept_url(site_url, c.slug),
            "path": f"concepts/{c.slug}/",
            "track": c.track,
            "level": c.level,
            "tags": c.tags,
            "aliases": c.aliases,
            "related": c.related,
            "prerequisites": c.prerequisites,
            "referenced_by": model.backlinks[c.slug],
            "demos": c.demos,
            "added": c.added.isoformat(),
            "sources": c.sources,
        }
        for c in sorted(model.corpus.concepts.values(), key=lambda c: c.slug)
    ]
    return json.dumps({"version": 1, "concepts": items}, ensure_ascii=False, indent=1) + "\n"


def atom_feed(model: SiteModel, site_url: str) -> str:
    """An Atom feed of concepts, newest `added` first; no build timestamps, so builds repeat."""
    concepts = sorted(model.corpus.concepts.values(), key=lambda c: (-c.added.toordinal(), c.slug))
    home = site_url.rstrip("/") + "/"
    updated = f"{concepts[0].added.isoformat()}T00:00:00Z" if concepts else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(SITE_NAME)}: new concepts</title>",
        f"  <id>{escape(home)}</id>",
        f"  <link href={quoteattr(home)}/>",
        f'  <link rel="self" href={quoteattr(home + "feed.xml")}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(SITE_NAME)}</name></author>",
    ]
    for c in concepts:
        url = concept_url(site_url, c.slug)
        lines += [
            "  <entry>",
            f"    <title>{escape(c.title)}</title>",
            f"    <id>{escape(url)}</id>",
            f"    <link href={quoteattr(url)}/>",
            f"    <updated>{c.added.isoformat()}T00:00:00Z</updated>",
            f"    <summary>{escape(c.summary)}</summary>",
            f"    <category term={quoteattr(c.track)}/>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
