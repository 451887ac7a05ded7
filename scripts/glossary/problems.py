"""The one shape every reported problem takes: `path:line:col: message [rule]`."""

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem found in an entry, at a 1-based line and column."""

    path: str
    line: int
    col: int
    message: str
    rule: str
    severity: str = ERROR

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message} [{self.rule}]"

    def as_dict(self) -> dict:
        """The problem as plain data, for `--format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that fail a build."""
    return [p for p in problems if p.severity == ERROR]
