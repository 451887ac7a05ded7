"""A run's result lines, and its claim's verdict on them."""

from glossary.check.expression import parse_check
from glossary.check.results import judge, numbers, result_lines
from glossary.load.claims import Check, Claim

CLAIM = Claim(
    (
        Check(parse_check("accuracy >= 0.9"), "Accurate.", False),
        Check(parse_check("ablation_accuracy < 0.5 * accuracy"), "Halved without it.", True),
    )
)


def test_result_lines_are_kept_as_printed_and_only_numbers_are_parsed():
    printed = "training...\naccuracy=0.950\n  note=text\nnot a result = 3\naccuracy=0.960\n"
    assert result_lines(printed) == {"accuracy": "0.960", "note": "text"}
    assert numbers({"accuracy": "0.960", "note": "text"}) == {"accuracy": 0.96}


def test_a_claim_passes_only_when_every_check_holds():
    assert judge(CLAIM, {"accuracy": "0.95", "ablation_accuracy": "0.30"}).passed
    failed = judge(CLAIM, {"accuracy": "0.95", "ablation_accuracy": "0.60"})
    assert not failed.passed
    assert failed.failures("demo") == [
        "demo: claim failed: ablation_accuracy < 0.5 * accuracy"
        " (ablation_accuracy = 0.6, 0.5 * accuracy = 0.475)"
    ]


def test_a_name_the_run_did_not_print_fails_the_claim_by_name():
    verdict = judge(CLAIM, {"accuracy": "0.95", "ablation_accuracy": "nan"})
    assert not verdict.passed
    assert verdict.failures("demo") == ["demo: printed no number for `ablation_accuracy`"]
    assert judge(CLAIM, {"accuracy": "0.95"}).missing == ("ablation_accuracy",)
