"""When each entry last changed, from the git history of concepts/."""

import datetime as dt
import subprocess
from pathlib import Path


def last_commit_dates(root: Path) -> dict[str, dt.date]:
    """The date of the last commit touching each root/concepts/ file ('concepts/x.yaml' keys);
    empty when git or its history is unavailable (a copy outside any repository)."""
    try:
        # One `git log` for the whole folder, not one per entry: the newest commit comes first,
        # so the first date seen for a path is its last change. --relative gives paths from root.
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--relative", "--", "concepts"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, dt.date] = {}
    for commit in out.split("\0")[1:]:
        day, *paths = commit.split("\n")
        for path in filter(None, paths):
            dates.setdefault(path, dt.date.fromisoformat(day))
    return dates
