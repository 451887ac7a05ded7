"""Rules across entries: each checked on a tiny corpus that breaks exactly that rule."""

import datetime as dt
import shutil
from pathlib import Path

from glossary.corpus import load_corpus
from tests.conftest import FIXTURE


def corpus_from(tmp_path: Path, edits: dict[str, tuple[str, str]], extra: dict | None = None):
    """The fixture corpus with text replacements {file: (old, new)} and extra files."""
    root = tmp_path / "c"
    shutil.copytree(FIXTURE, root)
    for name, (old, new) in edits.items():
        path = root / "concepts" / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
    for name, text in (extra or {}).items():
        (root / name).write_text(text)
    return load_corpus(root, today=dt.date(2026, 11, 27))


def found(corpus) -> set[tuple[str, str, int, str]]:
    return {(p.path, p.rule, p.line, p.severity) for p in corpus.problems}


def test_fixture_is_clean(tmp_path):
    assert corpus_from(tmp_path, {}).problems == []


def test_prerequisite_cycle_is_an_error_naming_the_cycle(tmp_path):
    corpus = corpus_from(
        tmp_path,
        {"alpha-concept.yaml": ("related:\n", "prerequisites:\n  - beta-concept\nrelated:\n")},
    )
    cycles = [p for p in corpus.errors if p.rule == "prerequisite-cycle"]
    assert len(cycles) == 1
    assert "alpha-concept -> beta-concept -> alpha-concept" in cycles[0].message
    assert (cycles[0].path, cycles[0].line) == ("concepts/beta-concept.yaml", 23)


def test_unknown_prerequisite(tmp_path):
    corpus = corpus_from(
        tmp_path, {"beta-concept.yaml": ("  - alpha-concept\ndemos", "  - gamma\ndemos")}
    )
    assert ("concepts/beta-concept.yaml", "unknown-concept", 23, "error") in found(corpus)


def test_non_reciprocal_related_is_a_warning(tmp_path):
    corpus = corpus_from(
        tmp_path,
        {"beta-concept.yaml": ("related:\n  - alpha-concept\n", "related:\n  - gamma-concept\n")},
        {"concepts/gamma-concept.yaml": (FIXTURE / "concepts/beta-concept.yaml").read_text()
         .replace("Beta Concept", "Gamma Concept")},
    )  # fmt: skip
    assert ("concepts/alpha-concept.yaml", "not-reciprocal", 36, "warning") in found(corpus)
    assert corpus.errors == []


def test_orphan_is_a_warning(tmp_path):
    corpus = corpus_from(
        tmp_path, {}, {"concepts/gamma-concept.yaml": (FIXTURE / "concepts/beta-concept.yaml")
                       .read_text().replace("Beta Concept", "Gamma Concept")}
    )  # fmt: skip
    assert ("concepts/gamma-concept.yaml", "orphan", 2, "warning") in found(corpus)


def test_unused_demo_is_a_warning(tmp_path):
    corpus = corpus_from(tmp_path, {}, {"examples/lonely_demo.py": "# %% [markdown]\n# # Lonely\n"})
    assert ("examples/lonely_demo.py", "unused-demo", 1, "warning") in found(corpus)


def test_duplicate_title_ignores_case(tmp_path):
    corpus = corpus_from(
        tmp_path, {"beta-concept.yaml": ("title: Beta Concept", "title: alpha CONCEPT")}
    )
    assert ("concepts/beta-concept.yaml", "duplicate-title", 2, "error") in found(corpus)


def test_summary_of_two_sentences_is_a_warning(tmp_path):
    corpus = corpus_from(
        tmp_path, {"beta-concept.yaml": ("no news.", "no news. It has a second sentence.")}
    )
    assert ("concepts/beta-concept.yaml", "summary", 3, "warning") in found(corpus)


def test_today_is_not_the_future(tmp_path):
    corpus = corpus_from(
        tmp_path, {"beta-concept.yaml": ("added: 2026-05-22", "added: 2026-11-27")}
    )
    assert corpus.errors == []


def test_news_is_sorted_newest_first(tmp_path):
    corpus = corpus_from(tmp_path, {})
    dates = [n["date"] for n in corpus.concepts["alpha-concept"].news]
    assert dates == sorted(dates, reverse=True)
