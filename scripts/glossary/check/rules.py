"""Rules beyond the schema: dates, safe Markdown, and links between entries and demos."""

import datetime as dt
import re

from glossary.check.scan import SAFE_SCHEMES, TEXT_FIELDS, Finding, concept_link, link_scheme, scan
from glossary.load.safe_yaml import Parsed
from glossary.problems import WARNING, Problem

_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")


def _at(parsed: Parsed, where: tuple) -> tuple[int, int]:
    return parsed.values.get(where, (1, 1))


def text_position(parsed: Parsed, name: str, line: int, col: int) -> tuple[int, int]:
    """File position of a spot inside a text field; exact for `|` blocks, else the value start."""
    scalar = parsed.scalars.get((name,))
    if scalar is None:
        return _at(parsed, (name,))
    if scalar.style == "|":
        file_line = scalar.line + 1 + line
        raw = parsed.lines[file_line - 1] if file_line <= len(parsed.lines) else ""
        return file_line, len(raw) - len(raw.lstrip(" ")) + col + 1
    return scalar.line, scalar.col


def check_placeholders(parsed: Parsed, shown: str) -> list[Problem]:
    """An error for each text field still holding a TODO placeholder from the scaffold."""
    problems = []
    for name, value in parsed.data.items():
        if not isinstance(value, str) or "TODO" not in value:
            continue
        line_in_text = value[: value.index("TODO")].count("\n")
        col_in_line = value.index("TODO") - (value.rfind("\n", 0, value.index("TODO")) + 1)
        line, col = text_position(parsed, name, line_in_text, col_in_line)
        msg = f"{name} still holds a TODO placeholder; replace it with the real text"
        problems.append(Problem(shown, line, col, msg, "placeholder"))
    return problems


def _check_date(parsed, shown, where, value, today, name) -> list[Problem]:
    line, col = _at(parsed, where)
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return [Problem(shown, line, col, f"{name} '{value}' is not a real date", "date")]
    if day > today:
        msg = f"{name} {value} is in the future (today is {today.isoformat()})"
        return [Problem(shown, line, col, msg, "date")]
    return []


def scan_fields(data: dict) -> dict[str, list[Finding]]:
    """The scan findings of each text field, by field name: made once, used by both checks."""
    return {name: scan(data[name]) for name in TEXT_FIELDS}


def _finding_problem(name: str, finding: Finding) -> tuple[str, str] | None:
    """(message, rule) when a finding in text field `name` breaks a rule, else None."""
    if finding.kind == "html":
        return f"raw HTML {finding.value[:40]!r} in {name}; write Markdown instead", "raw-html"
    scheme = link_scheme(finding.value)
    if scheme and scheme not in SAFE_SCHEMES:
        msg = f"{scheme}: link in {name}; only http(s) and mailto links are allowed"
        return msg, "link-scheme"
    if scheme is None and not concept_link(finding.value):
        msg = (
            f"link '{finding.value}' in {name}: link a concept as 'slug.md' "
            "or use a full http(s) address"
        )
        return msg, "link-target"
    return None


def check_entry(
    parsed: Parsed, shown: str, today: dt.date, findings: dict[str, list[Finding]]
) -> list[Problem]:
    """Rules that need only the entry itself (it already matches the schema); `findings` is
    scan_fields(parsed.data)."""
    data = parsed.data
    problems = _check_date(parsed, shown, ("added",), data["added"], today, "added")
    for i, item in enumerate(data.get("news") or []):
        where = ("news", i, "date")
        problems += _check_date(parsed, shown, where, item["date"], today, f"news[{i}].date")
    summary = data["summary"]
    line, col = _at(parsed, ("summary",))
    if "\n" in summary.strip():
        problems.append(Problem(shown, line, col, "summary must be one line", "summary"))
    elif _SENTENCE_BREAK.search(summary.strip()):
        msg = "summary should be one sentence (it is shown in lists and previews)"
        problems.append(Problem(shown, line, col, msg, "summary", WARNING))
    for name in TEXT_FIELDS:
        for finding in findings[name]:
            broken = _finding_problem(name, finding)
            if broken:  # positioned only then: a position inside a block splits the file's lines
                line, col = text_position(parsed, name, finding.line, finding.col)
                problems.append(Problem(shown, line, col, *broken))
    return problems


def _slug_list_problems(concept, name, known_slugs) -> list[Problem]:
    problems = []
    for i, slug in enumerate(getattr(concept, name)):
        line, col = _at(concept.parsed, (name, i))
        if slug == concept.slug:
            msg = f"{name} lists the entry itself ('{slug}')"
            problems.append(Problem(concept.path, line, col, msg, "self-reference"))
        elif slug not in known_slugs:
            msg = f"{name}: no concept '{slug}' (no file concepts/{slug}.yaml)"
            problems.append(Problem(concept.path, line, col, msg, "unknown-concept"))
    return problems


def text_links(concept) -> list[tuple[str, str, Finding]]:
    """(slug, field name, finding) of every `slug.md` link in the entry's text fields."""
    links = []
    for name in TEXT_FIELDS:
        for finding in concept.findings[name]:
            link = concept_link(finding.value) if finding.kind == "link" else None
            if link:
                links.append((link[0], name, finding))
    return links


def _cycle_problems(concepts) -> list[Problem]:
    """An error at each prerequisite that closes a cycle, naming the whole cycle."""
    problems = []
    done: set[str] = set()

    def visit(slug: str, trail: list[str]) -> None:
        trail = trail + [slug]
        concept = concepts[slug]
        for i, nxt in enumerate(concept.prerequisites):
            if nxt in trail:
                cycle = " -> ".join(trail[trail.index(nxt) :] + [nxt])
                line, col = _at(concept.parsed, ("prerequisites", i))
                msg = f"prerequisites form a cycle: {cycle}"
                problems.append(Problem(concept.path, line, col, msg, "prerequisite-cycle"))
            elif nxt in concepts and nxt not in done:
                visit(nxt, trail)
        done.add(slug)

    for slug in sorted(concepts):
        if slug not in done:
            visit(slug, [])
    return problems


def check_corpus(concepts: dict, known_slugs: set[str], demos: dict) -> list[Problem]:
    """Rules across entries: links resolve, titles are unique, demos exist; plus warnings."""
    problems: list[Problem] = []
    titles: dict[str, str] = {}
    referenced: set[str] = set()
    used_demos: set[str] = set()
    for slug, concept in sorted(concepts.items()):
        problems += _slug_list_problems(concept, "related", known_slugs)
        problems += _slug_list_problems(concept, "prerequisites", known_slugs)
        referenced.update(concept.related, concept.prerequisites)
        for target, name, finding in text_links(concept):
            referenced.add(target)
            if target not in known_slugs:
                line, col = text_position(concept.parsed, name, finding.line, finding.col)
                msg = f"link to '{target}.md': no concept '{target}'"
                problems.append(Problem(concept.path, line, col, msg, "unknown-concept"))
        key = concept.title.casefold()
        line, col = _at(concept.parsed, ("title",))
        if key in titles:
            msg = f"title '{concept.title}' is already used by {titles[key]}"
            problems.append(Problem(concept.path, line, col, msg, "duplicate-title"))
        else:
            titles[key] = concept.path
        for i, demo in enumerate(concept.demos):
            used_demos.add(demo)
            if demo not in demos:
                line, col = _at(concept.parsed, ("demos", i))
                msg = f"demo '{demo}' not found (no file examples/{demo}.py)"
                problems.append(Problem(concept.path, line, col, msg, "unknown-demo"))
        for i, other in enumerate(concept.related):
            if other in concepts and slug not in concepts[other].related:
                line, col = _at(concept.parsed, ("related", i))
                msg = f"'{other}' does not list '{slug}' in its related concepts"
                problems.append(Problem(concept.path, line, col, msg, "not-reciprocal", WARNING))
    problems += _cycle_problems(concepts)
    if len(concepts) > 1:
        for slug in sorted(set(concepts) - referenced):
            line, col = _at(concepts[slug].parsed, ("title",))
            msg = "no other concept links to this one (add it to a related list)"
            problems.append(Problem(concepts[slug].path, line, col, msg, "orphan", WARNING))
    if concepts:
        for name in sorted(set(demos) - used_demos):
            msg = "no concept lists this demo in its demos"
            problems.append(Problem(f"examples/{name}.py", 1, 1, msg, "unused-demo", WARNING))
    return problems
