"""`python scripts/validate.py`: output, JSON format and exit codes (0 clean, 1 errors, 2 usage)."""

import json
import shutil
import subprocess
import sys

from tests.conftest import FIXTURE, ROOT

VALIDATE = [sys.executable, str(ROOT / "scripts" / "validate.py")]
BAD = ROOT / "tests" / "bad_entries"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*VALIDATE, *args], capture_output=True, text=True)


def test_clean_corpus_exits_0_with_summary():
    result = run("--root", str(FIXTURE))
    assert result.returncode == 0
    assert result.stdout.strip() == "checked 2 entries: 0 error(s), 0 warning(s)"


def test_errors_exit_1_with_file_line_col(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    shutil.copy(BAD / "duplicate-key.yaml", root / "concepts")
    result = run("--root", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "concepts/duplicate-key.yaml:6:1: duplicate key"
    )
    assert result.stdout.strip().endswith("checked 3 entries: 1 error(s), 0 warning(s)")


def test_json_format_for_tools(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    shutil.copy(BAD / "level-out-of-range.yaml", root / "concepts")
    result = run(
        "--root", str(root), "--format", "json", str(root / "concepts/level-out-of-range.yaml")
    )
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert report["errors"] == 1 and report["files"] == 1
    error = next(p for p in report["problems"] if p["severity"] == "error")
    assert error == {
        "path": "concepts/level-out-of-range.yaml", "line": 7, "col": 8, "severity": "error",
        "rule": "enum",
        "message": "level must be one of foundational, intermediate, advanced; got 'expert'",
    }  # fmt: skip


def test_usage_errors_exit_2():
    assert run("--format", "xml").returncode == 2
    missing = run("no/such/file.yaml")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_the_real_corpus_is_clean():
    result = run()
    assert result.returncode == 0, result.stdout
