"""A demo's claim as data: examples/<name>.claim.yaml, the checks its result lines must pass.

The one place a claim's thresholds live. The demo tests assert every check on several seeds; the
build asserts them on its own run and shows the measured values on the concept pages.
"""

from dataclasses import dataclass
from pathlib import Path

from glossary.check.expression import CheckSyntaxError, Comparison, parse_check
from glossary.load.safe_yaml import decode, parse
from glossary.problems import Problem

RULE = "claim"
TEST_SEEDS = (0, 1, 2)  # the seeds the test suite checks every claim on (tests/demos/)
BUILD_SEED = 0  # the seed a build's run uses: the demos' default, as `python examples/x.py`
_TOP_KEYS = {"figure", "checks"}
_CHECK_KEYS = {"check", "says", "ablation"}


@dataclass(frozen=True)
class Check:
    """One check of a claim: the comparison, what it means in words, and whether it is the
    ablation (the claimed cause switched off, and the effect gone)."""

    comparison: Comparison
    says: str
    ablation: bool


@dataclass(frozen=True)
class Claim:
    """The checks of one demo, and which of its figures (1-based) shows the claim best."""

    checks: tuple[Check, ...]
    figure: int | None = None  # None: the demo's last figure

    @property
    def names(self) -> tuple[str, ...]:
        """Every result name the checks read, in order of first use."""
        seen = dict.fromkeys(name for c in self.checks for name in c.comparison.names)
        return tuple(seen)


def claim_path(demo: Path) -> Path:
    """Where the claim of examples/<name>.py lives."""
    return demo.with_name(f"{demo.stem}.claim.yaml")


def load_claim(path: Path, shown: str) -> tuple[Claim | None, list[Problem]]:
    """Read and check one claim file; the claim is None when it has any problem."""
    if not path.is_file():
        msg = f"no claim file: write the demo's checks in {shown} (see examples/README.md)"
        return None, [Problem(shown, 1, 1, msg, RULE)]
    text, problems = decode(path.read_bytes(), shown)
    if text is None:
        return None, problems
    parsed = parse(text, shown)
    if parsed.problems:
        return None, parsed.problems

    def problem(at: tuple, message: str, col_offset: int = 0, key: bool = False) -> None:
        """Report at the value found at `at` (or at its key, for problems with the key)."""
        first, second = (parsed.keys, parsed.values) if key else (parsed.values, parsed.keys)
        line, col = first.get(at) or second.get(at) or (1, 1)
        problems.append(Problem(shown, line, col + col_offset, message, RULE))

    data = parsed.data
    if not isinstance(data, dict):
        problem((), "a claim file is a mapping with `checks:` (and optionally `figure:`)")
        return None, problems
    for key in sorted(set(data) - _TOP_KEYS):
        problems.append(Problem(shown, *parsed.keys[(key,)], f"unknown key '{key}'", RULE))
    figure = data.get("figure")
    if "figure" in data and (isinstance(figure, bool) or not isinstance(figure, int) or figure < 1):
        problem(("figure",), "figure: the number of the demo's figure to show, from 1")
    checks = data.get("checks")
    if not isinstance(checks, list) or not checks:
        problem(("checks",) if "checks" in data else (), "checks: a list of one or more checks")
        return None, problems
    parsed_checks = [_check(item, ("checks", i), parsed, problem) for i, item in enumerate(checks)]
    if not any(c.ablation for c in parsed_checks if c):
        msg = "no check is marked `ablation: true`: a claim needs its ablation"
        problem(("checks",), msg, key=True)
    if problems:
        return None, problems
    return Claim(tuple(parsed_checks), figure), problems


def _check(item, at: tuple, parsed, problem) -> Check | None:
    """One entry of `checks:`, or None (with problems reported) if it is not a valid check."""
    if not isinstance(item, dict):
        problem(at, "each check is a mapping with `check:` and `says:`")
        return None
    for key in sorted(set(item) - _CHECK_KEYS):
        problem((*at, key), f"unknown key '{key}' (a check has check, says, ablation)", key=True)
    text, says, ablation = item.get("check"), item.get("says"), item.get("ablation", False)
    ok = True
    if not isinstance(says, str) or not says.strip():
        problem(at if "says" not in item else (*at, "says"), "says: what the check means, in words")
        ok = False
    if not isinstance(ablation, bool):
        problem((*at, "ablation"), "ablation: true or false")
        ok = False
    if not isinstance(text, str) or not text.strip():
        problem(at if "check" not in item else (*at, "check"), "check: a comparison, e.g. `a < b`")
        return None
    try:
        comparison = parse_check(text)
    except CheckSyntaxError as error:
        # Plain scalars start where their text does; quoted ones one column later.
        quote = 1 if parsed.styles.get((*at, "check")) in ("'", '"') else 0
        problem((*at, "check"), f"check: {error}", error.col - 1 + quote)
        return None
    return Check(comparison, " ".join(says.split()), ablation) if ok else None
