"""A demo run's `name=value` result lines, and the verdict of its claim's checks on them."""

import math
import re
from dataclasses import dataclass

from glossary.check.expression import Outcome, evaluate
from glossary.load.claims import Check, Claim

_RESULT_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(\S+)$")


def result_lines(text: str) -> dict[str, str]:
    """The `name=value` lines of a demo's printed output, as written (the last one wins)."""
    found = {}
    for line in text.splitlines():
        match = _RESULT_LINE.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def numbers(results: dict[str, str]) -> dict[str, float]:
    """The results that are numbers, parsed."""
    parsed = {}
    for name, text in results.items():
        try:
            parsed[name] = float(text)
        except ValueError:
            continue
    return parsed


@dataclass(frozen=True)
class Verdict:
    """The checks of a claim on one run: each outcome, and the names the run did not print."""

    outcomes: tuple[tuple[Check, Outcome | None], ...]
    missing: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Every check held, on numbers the run printed."""
        return not self.missing and all(o is not None and o.passed for _, o in self.outcomes)

    def failures(self, demo: str) -> list[str]:
        """One line per failed check, naming the demo, the check and the values measured."""
        lines = [f"{demo}: printed no number for `{name}`" for name in self.missing]
        for check, outcome in self.outcomes:
            if outcome is not None and not outcome.passed:
                values = ", ".join(
                    f"{op.text} = {value:g}"
                    for op, value in zip(check.comparison.operands, outcome.values, strict=True)
                    if not op.is_number
                )
                lines.append(f"{demo}: claim failed: {check.comparison.text} ({values})")
        return lines


def judge(claim: Claim, results: dict[str, str]) -> Verdict:
    """Evaluate every check of the claim on a run's printed results."""
    values = numbers(results)
    missing = tuple(n for n in claim.names if n not in values or math.isnan(values[n]))
    outcomes = tuple(
        (c, None if set(c.comparison.names) & set(missing) else evaluate(c.comparison, values))
        for c in claim.checks
    )
    return Verdict(outcomes, missing)
