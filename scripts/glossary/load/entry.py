"""The entry model: a valid entry as a Concept, and the Corpus of every entry and problem."""

import datetime as dt
from dataclasses import dataclass, field

from glossary.check.scan import Finding
from glossary.load.demos import Demo
from glossary.load.safe_yaml import Parsed
from glossary.problems import Problem, errors


@dataclass
class Concept:
    """One valid entry, with the positions of its fields for later cross-file checks."""

    slug: str
    path: str  # as shown in messages, e.g. concepts/goal-misgeneralization.yaml
    title: str
    summary: str
    added: dt.date
    track: str
    level: str
    tags: list[str]
    aliases: list[str]
    lead: str
    definition: str
    analogy: str
    example: str
    why_it_matters: str
    news: list[dict]
    related: list[str]
    prerequisites: list[str]
    demos: list[str]
    sources: list[dict]
    autolink: bool
    parsed: Parsed = field(repr=False, compare=False)
    # scan findings by text field, from loading: the cross-entry checks and autolinks use them
    findings: dict[str, list[Finding]] = field(repr=False, compare=False)

    @classmethod
    def from_entry(
        cls, slug: str, shown: str, parsed: Parsed, findings: dict[str, list[Finding]]
    ) -> "Concept":
        """The concept of an entry that passed every check on its own (optional fields filled)."""
        data = parsed.data
        return cls(
            slug=slug,
            path=shown,
            title=data["title"],
            summary=data["summary"],
            added=dt.date.fromisoformat(data["added"]),
            track=data["track"],
            level=data["level"],
            tags=data["tags"],
            aliases=data.get("aliases", []),
            lead=data["lead"],
            definition=data["definition"],
            analogy=data["analogy"],
            example=data["example"],
            why_it_matters=data["why_it_matters"],
            news=sorted(data.get("news") or [], key=lambda n: n["date"], reverse=True),
            related=data["related"],
            prerequisites=data.get("prerequisites", []),
            demos=data["demos"],
            sources=data["sources"],
            autolink=data.get("autolink", True),
            parsed=parsed,
            findings=findings,
        )


@dataclass
class Corpus:
    """All concepts that loaded, the demos, and every problem found, sorted by place."""

    concepts: dict[str, Concept]
    demos: dict[str, Demo]
    problems: list[Problem]
    # shown path -> (file bytes, day checked, concept or None, the entry's own problems), so that
    # the next load in the same process (live reload) can skip every entry that did not change
    entries: dict[str, tuple[bytes, dt.date, Concept | None, list[Problem]]] = field(
        default_factory=dict, repr=False
    )

    @property
    def errors(self) -> list[Problem]:
        """The problems that fail a build."""
        return errors(self.problems)
