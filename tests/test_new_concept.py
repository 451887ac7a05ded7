"""The scaffold: sensible slugs, a complete commented entry, and it never destroys work."""

import datetime as dt
import shutil

import pytest

from glossary.commands.new_concept import main, slugify
from glossary.corpus import load_corpus
from tests.conftest import FIXTURE


@pytest.fixture
def root(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "c")
    return tmp_path / "c"


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Goodhart's Law", "goodharts-law"),
        ("Goodhart’s Law", "goodharts-law"),
        ("Exploration vs. Exploitation", "exploration-vs-exploitation"),
        ("Überanpassung à la carte", "uberanpassung-a-la-carte"),
        ("  RLHF (Learning from Human Feedback)  ", "rlhf-learning-from-human-feedback"),
        ("Q-learning", "q-learning"),
    ],
)  # fmt: skip
def test_slugify(title, slug):
    assert slugify(title) == slug


def test_creates_a_complete_entry_the_validator_guides(root, capsys):
    code = main(["Reward Tampering", "--track", "Alignment failures", "--related", "alpha-concept",
                 "--root", str(root), "--today", "2026-11-20"])  # fmt: skip
    assert code == 0
    path = root / "concepts" / "reward-tampering.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=concept.schema.json\n")
    assert "added: 2026-11-20" in text
    problems = load_corpus(root, only=[path], today=dt.date(2026, 11, 27)).errors
    rules = sorted({p.rule for p in problems})
    assert rules == ["minItems", "placeholder"]
    placeholder_fields = {p.message.split()[0] for p in problems if p.rule == "placeholder"}
    assert placeholder_fields == {"summary", "lead", "definition", "analogy", "example",
                                  "why_it_matters"}  # fmt: skip
    assert "created concepts/reward-tampering.yaml" in capsys.readouterr().out


def test_never_overwrites_an_existing_entry(root, capsys):
    existing = root / "concepts" / "alpha-concept.yaml"
    before = existing.read_bytes()
    assert main(["Alpha Concept", "--root", str(root)]) == 1
    assert existing.read_bytes() == before
    assert "already exists; nothing was written" in capsys.readouterr().err


def test_refuses_a_title_differing_only_in_case_or_punctuation(root, capsys):
    (root / "concepts" / "alpha-concept.yaml").rename(root / "concepts" / "first.yaml")
    assert main(["alpha-CONCEPT!", "--root", str(root)]) == 1
    assert not (root / "concepts" / "alpha-concept.yaml").exists()
    assert "already has a title like" in capsys.readouterr().err


def test_usage_errors_exit_2(root):
    with pytest.raises(SystemExit) as exit_info:
        main(["!!!", "--root", str(root)])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["Fine", "--level", "expert", "--root", str(root)])
    assert exit_info.value.code == 2
