"""Claim files: a valid one loads; each rule has a tiny bad file, reported at line and column."""

import pytest

from glossary.load.claims import load_claim

GOOD = """\
figure: 2
checks:
  - check: accuracy >= 0.9
    says: The model is accurate.
  - check: ablation_accuracy < 0.6
    ablation: true
    says: Without the cause, it is not.
"""


def _swap(old: str, new: str) -> str:
    """GOOD with one piece of text replaced: the smallest bad input for one rule."""
    return GOOD.replace(old, new)


def load(tmp_path, text: str):
    path = tmp_path / "demo.claim.yaml"
    path.write_text(text, encoding="utf-8")
    return load_claim(path, "examples/demo.claim.yaml")


def test_a_valid_claim_loads_its_checks_in_order(tmp_path):
    claim, problems = load(tmp_path, GOOD)
    assert problems == []
    assert claim.figure == 2
    assert [c.comparison.text for c in claim.checks] == [
        "accuracy >= 0.9",
        "ablation_accuracy < 0.6",
    ]
    assert [c.ablation for c in claim.checks] == [False, True]
    assert claim.names == ("accuracy", "ablation_accuracy")


def test_a_missing_claim_file_is_a_problem(tmp_path):
    claim, problems = load_claim(tmp_path / "nope.claim.yaml", "examples/nope.claim.yaml")
    assert claim is None
    assert [str(p) for p in problems] == [
        "examples/nope.claim.yaml:1:1: no claim file: write the demo's checks in"
        " examples/nope.claim.yaml (see examples/README.md) [claim]"
    ]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("- a\n", "1:1", "a claim file is a mapping"),
        ("checks: []\n", "1:9", "checks: a list of one or more checks"),
        ("figure: 1\n", "1:1", "checks: a list of one or more checks"),
        (GOOD + "threshold: 3\n", "8:1", "unknown key 'threshold'"),
        (_swap("figure: 2", "figure: 0"), "1:9", "figure: the number"),
        (_swap("figure: 2", "figure: two"), "1:9", "figure: the number"),
        (_swap("  - check: accuracy >= 0.9\n    says: The model is accurate.\n", "  - 3\n"),
         "3:5", "each check is a mapping"),
        (_swap("    says: The model is accurate.\n", ""), "3:5", "says: what the check means"),
        (_swap("ablation: true", "ablation: yes"), "6:15", "ablation: true or false"),
        (_swap("ablation: true", "ablation: true\n    weight: 2"), "7:5", "unknown key 'weight'"),
        (_swap("accuracy >= 0.9", "accuracy => 0.9"), "3:21", "check: not a comparison"),
        (_swap("accuracy >= 0.9", "len(accuracy) >= 0.9"), "3:12", "check: only result names"),
        (_swap("accuracy >= 0.9", "'accuracy >= len(x)'"), "3:25", "check: only result names"),
        (_swap("    ablation: true\n", ""), "2:1", "no check is marked `ablation: true`"),
        ("checks:\n  - check: a < 1\n    says: x\n    says: y\n", "4:5", "duplicate"),
    ],
)  # fmt: skip
def test_each_rule_names_the_line_and_column(tmp_path, text, where, message):
    claim, problems = load(tmp_path, text)
    assert claim is None
    shown = [str(p) for p in problems]
    assert any(
        s.startswith(f"examples/demo.claim.yaml:{where}: ") and message in s for s in shown
    ), shown
