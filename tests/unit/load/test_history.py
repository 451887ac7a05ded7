"""Last-change dates from git: per entry from one `git log`, and nothing without history."""

import datetime as dt
import os
import subprocess

from glossary.load.history import last_commit_dates


def _git(repo, *args, date="2026-01-01T12:00:00"):
    env = dict(os.environ, GIT_COMMITTER_DATE=date, GIT_AUTHOR_DATE=date)
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_dates_come_from_each_files_last_commit(tmp_path):
    (tmp_path / "concepts").mkdir()
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "t@example.org")
    _git(tmp_path, "config", "user.name", "T")
    for name in ("a", "b"):
        (tmp_path / "concepts" / f"{name}.yaml").write_text("title: x\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "add", date="2026-02-01T12:00:00")
    (tmp_path / "concepts" / "b.yaml").write_text("title: y\n")
    _git(tmp_path, "commit", "-qam", "edit b", date="2026-03-05T12:00:00")
    (tmp_path / "concepts" / "c.yaml").write_text("title: z\n")  # never committed
    assert last_commit_dates(tmp_path) == {
        "concepts/a.yaml": dt.date(2026, 2, 1),
        "concepts/b.yaml": dt.date(2026, 3, 5),
    }


def test_no_history_outside_a_repository(tmp_path):
    (tmp_path / "concepts").mkdir()
    (tmp_path / "concepts" / "a.yaml").write_text("title: x\n")
    assert last_commit_dates(tmp_path) == {}
