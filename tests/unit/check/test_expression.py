"""Claim checks: only comparisons of result names and numbers parse; they evaluate as written."""

import pytest

from glossary.check.expression import CheckSyntaxError, evaluate, parse_check


def test_a_chain_reads_its_names_and_holds_only_if_every_link_holds():
    check = parse_check("1 < true_peak_n < max_n")
    assert check.names == ("true_peak_n", "max_n")
    assert evaluate(check, {"true_peak_n": 16, "max_n": 4096}).passed
    assert not evaluate(check, {"true_peak_n": 4096, "max_n": 4096}).passed
    assert not evaluate(check, {"true_peak_n": 1, "max_n": 4096}).passed


def test_arithmetic_on_either_side_is_evaluated():
    check = parse_check("a - b >= 0.2")
    assert evaluate(check, {"a": 0.9, "b": 0.6}).values == pytest.approx((0.3, 0.2))
    assert not evaluate(check, {"a": 0.7, "b": 0.6}).passed
    assert evaluate(parse_check("x <= 0.5 * y"), {"x": 1, "y": 2}).passed
    assert not evaluate(parse_check("x < 0.5 * y"), {"x": 1, "y": 2}).passed


def test_min_and_max_take_two_or_more_values():
    check = parse_check("min(below, above) < 9")
    assert check.names == ("below", "above") and check.shown == "min(below, above) < 9"
    assert evaluate(check, {"below": 10, "above": 3}).passed
    assert not evaluate(check, {"below": 10, "above": 9}).passed
    assert evaluate(parse_check("max(a, b - 1) >= 2"), {"a": 1, "b": 3}).passed


def test_operands_say_whether_they_are_thresholds():
    left, right = parse_check("x < -0.5").operands
    assert not left.is_number and right.is_number


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a >= b + 0.1", "a ≥ b + 0.1"),
        ("(a - b) / c > 1", "(a − b) / c > 1"),
        ("a - (b - c) <= 0", "a − (b − c) ≤ 0"),
        ("x == 0.1", "x = 0.1"),
    ],
)
def test_a_check_is_shown_with_reader_signs_and_the_brackets_it_needs(text, shown):
    assert parse_check(text).shown == shown


@pytest.mark.parametrize(
    ("text", "col", "message"),
    [
        ("accuracy", 1, "a check compares"),
        ("a in b", 1, "< <= > >= == only"),
        ("a != b", 1, "< <= > >= == only"),
        ("a < len(b)", 5, "only result names, numbers"),
        ("a < min(b)", 5, "only result names, numbers"),
        ("a < max(b, c, key=d)", 5, "only result names, numbers"),
        ("a < b.c", 5, "only result names, numbers"),
        ('a < "x"', 5, "only numbers and result names"),
        ("a < True", 5, "only numbers and result names"),
        ('__import__("os") == 1', 1, "only result names, numbers"),
        ("a < b ** 2", 5, "only result names, numbers"),
        ("a <", 4, "not a comparison"),
    ],
)
def test_anything_else_is_refused_with_its_column(text, col, message):
    with pytest.raises(CheckSyntaxError, match=message) as raised:
        parse_check(text)
    assert raised.value.col == col
