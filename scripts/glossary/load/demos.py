"""What the concept pages need to know about a demo: its title, its claim and its checks."""

import re
from dataclasses import dataclass, replace
from pathlib import Path

from glossary.load.claims import Claim, claim_path, load_claim
from glossary.problems import Problem

_CELL = re.compile(r"^# %%", re.M)
_CLAIM = re.compile(r"\*\*Claim:?\*\*:?\s*(.+?)(?:\n\s*\n|\Z)", re.S)


@dataclass(frozen=True)
class Demo:
    """A demo script in examples/."""

    name: str
    title: str
    claim: str  # the claim in words, from the demo's first cell
    checks: Claim | None = None  # the claim as data, from examples/<name>.claim.yaml


def first_markdown_cell(source: str) -> str:
    """The text of the first `# %% [markdown]` cell, without the comment markers."""
    cells = _CELL.split(source)
    for cell in cells[1:]:
        header, _, body = cell.partition("\n")
        if "[markdown]" in header:
            lines = [
                line[2:] if line.startswith("# ") else line.lstrip("#")
                for line in body.splitlines()
            ]
            return "\n".join(lines).strip()
    return ""


def read_demo(path: Path) -> Demo:
    """Title (the first `#` heading) and claim (the `**Claim:**` paragraph) of a demo file."""
    text = first_markdown_cell(path.read_text(encoding="utf-8"))
    title = next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")),
        path.stem.replace("_", " ").capitalize(),
    )
    claim = _CLAIM.search(text)
    return Demo(path.stem, title, " ".join(claim.group(1).split()) if claim else "")


def find_demos(examples_dir: Path) -> tuple[dict[str, Demo], list[Problem]]:
    """Every demo in examples/, by name, with its checks; and the problems of its claim files."""
    demos, problems = {}, []
    for path in sorted(examples_dir.glob("*.py")):
        checks, found = load_claim(claim_path(path), f"examples/{claim_path(path).name}")
        demos[path.stem] = replace(read_demo(path), checks=checks)
        problems += found
    return demos, problems
