"""The bad-input corpus: each malformed or hostile entry is reported with its rule and place.

Each file in bad_entries/ says on its second line what it must produce:
`# expect: RULE LINE:COL[, RULE LINE:COL ...]` (errors only; warnings are not listed).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.corpus import load_corpus
from glossary.load.safe_yaml import MAX_BYTES
from tests.conftest import FIXTURE, ROOT

BAD = sorted((Path(__file__).parent / "bad_entries").glob("*.yaml"))
GOOD = sorted((Path(__file__).parent / "good_entries").glob("*.yaml"))
_EXPECT = re.compile(rb"^# expect: (.+)$", re.M)


def expected(case: Path) -> set[tuple[str, int, int]]:
    spec = _EXPECT.search(case.read_bytes()).group(1).decode()
    found = set()
    for item in spec.split(","):
        rule, pos = item.split()
        line, col = pos.split(":")
        found.add((rule, int(line), int(col)))
    return found


def corpus_with(tmp_path: Path, *entries: Path) -> Path:
    """A copy of the fixture corpus (two valid entries and a demo) plus the given entries."""
    root = tmp_path / "corpus"
    shutil.copytree(FIXTURE, root)
    for entry in entries:
        shutil.copy(entry, root / "concepts" / entry.name)
    return root


def test_the_corpus_is_large_enough():
    assert len(BAD) >= 25


@pytest.mark.parametrize("case", BAD, ids=lambda p: p.stem)
def test_bad_entry_reports_exact_rule_and_place(case, tmp_path):
    root = corpus_with(tmp_path, case)
    corpus = load_corpus(root, only=[root / "concepts" / case.name])
    got = {(p.rule, p.line, p.col) for p in corpus.errors}
    assert got == expected(case), "\n".join(map(str, corpus.problems))
    assert all(p.path == f"concepts/{case.name}" for p in corpus.problems)


def test_oversized_entry_is_refused(tmp_path):
    big = tmp_path / "oversized.yaml"
    big.write_text("title: Big\ndefinition: |\n" + "  filler text\n" * (MAX_BYTES // 10))
    root = corpus_with(tmp_path, big)
    corpus = load_corpus(root, only=[root / "concepts" / big.name])
    assert [(p.rule, p.line) for p in corpus.errors] == [("file-too-large", 1)]


@pytest.mark.parametrize("case", GOOD, ids=lambda p: p.stem)
def test_inputs_a_user_expects_to_work(case, tmp_path):
    root = corpus_with(tmp_path, case)
    corpus = load_corpus(root, only=[root / "concepts" / case.name])
    assert corpus.errors == []
    assert case.stem in corpus.concepts


def test_unquoted_date_and_unicode_title_load_as_written(tmp_path):
    root = corpus_with(tmp_path, *GOOD)
    corpus = load_corpus(root)
    assert str(corpus.concepts["unquoted-date"].added) == "2026-05-20"
    assert corpus.concepts["non-ascii-title"].title.startswith("Überanpassung — Ωmega")


def test_cli_reports_every_problem_of_every_file_in_one_run(tmp_path):
    root = corpus_with(tmp_path, *BAD)
    files = [str(root / "concepts" / case.name) for case in BAD]
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), "--root", str(root), *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for case in BAD:
        for rule, line, col in expected(case):
            assert f"concepts/{case.name}:{line}:{col}: " in result.stdout, (case.name, rule)
    assert re.search(
        r"checked \d+ entries: \d+ error\(s\), \d+ warning\(s\)$", result.stdout.strip()
    )
