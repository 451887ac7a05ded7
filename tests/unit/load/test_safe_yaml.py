"""The safe loader: plain data, exact positions, and every unsafe construct reported."""

from glossary.load.safe_yaml import MAX_BYTES, decode, parse


def rules(text: str) -> list[tuple[str, int, int]]:
    return [(p.rule, p.line, p.col) for p in parse(text, "f.yaml").problems]


def test_yaml_1_1_surprises_stay_strings():
    data = parse("a: no\nb: on\nc: yes\nd: off\ne: 2024-01-02\nf: '012'\n", "f.yaml").data
    assert data == {"a": "no", "b": "on", "c": "yes", "d": "off", "e": "2024-01-02", "f": "012"}


def test_only_true_and_false_are_booleans():
    assert parse("a: true\nb: false\nc: True\n", "f.yaml").data == {
        "a": True,
        "b": False,
        "c": True,
    }


def test_numbers_and_nulls():
    assert parse("a: 12\nb: 1.5\nc:\nd: ~\n", "f.yaml").data == {
        "a": 12,
        "b": 1.5,
        "c": None,
        "d": None,
    }


def test_positions_of_keys_and_values_are_one_based():
    parsed = parse("title: x\nlist:\n  - a\n  - b\n", "f.yaml")
    assert parsed.keys[("list",)] == (2, 1)
    assert parsed.values[("list", 1)] == (4, 5)
    assert parsed.values[("title",)] == (1, 8)


def test_literal_block_style_is_recorded():
    parsed = parse("d: |\n  line one\n  line two\n", "f.yaml")
    assert parsed.scalars[("d",)].style == "|"
    assert parsed.data["d"] == "line one\nline two\n"


def test_duplicate_key_reported_at_second_occurrence():
    problems = parse("a: 1\nb: 2\na: 3\n", "f.yaml").problems
    assert [(p.rule, p.line, p.col) for p in problems] == [("duplicate-key", 3, 1)]
    assert "first set on line 1" in problems[0].message


def test_anchor_and_alias_are_rejected():
    assert rules("a: &x [1]\nb: *x\n") == [("anchor", 1, 4), ("anchor", 2, 4)]


def test_alias_bomb_is_rejected_without_expanding():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\n"
    found = rules(bomb)
    assert found and all(rule == "anchor" for rule, _, _ in found)


def test_python_tags_are_rejected():
    assert rules("a: !!python/object/apply:os.system [ls]\n") == [("tag", 1, 4)]


def test_custom_tag_is_rejected():
    assert rules("a: !secret value\n") == [("tag", 1, 4)]


def test_tab_indentation_gets_a_clear_message():
    problems = parse("a:\n\tb: 1\n", "f.yaml").problems
    assert [(p.rule, p.line, p.col) for p in problems] == [("tab", 2, 1)]
    assert "spaces" in problems[0].message


def test_syntax_error_has_position():
    assert rules("a: b\n  c: d: e\n") == [("syntax", 2, 4)]


def test_second_document_is_rejected():
    assert rules("a: 1\n---\nb: 2\n") == [("syntax", 2, 1)]


def test_empty_file_gives_no_data():
    parsed = parse("# only a comment\n", "f.yaml")
    assert parsed.data is None and parsed.problems == []


def test_bom_and_crlf_are_accepted():
    text, problems = decode(b"\xef\xbb\xbfa: 1\r\nb: |\r\n  x\r\n  y\r\n", "f.yaml")
    assert problems == []
    assert parse(text, "f.yaml").data == {"a": 1, "b": "x\ny\n"}


def test_invalid_utf8_reports_line_and_column():
    text, problems = decode(b"a: ok\nb: caf\xe9\n", "f.yaml")
    assert text is None
    assert [(p.rule, p.line, p.col) for p in problems] == [("encoding", 2, 7)]


def test_oversized_file_is_refused_before_parsing():
    text, problems = decode(b"a: " + b"x" * MAX_BYTES, "f.yaml")
    assert text is None and problems[0].rule == "file-too-large"
