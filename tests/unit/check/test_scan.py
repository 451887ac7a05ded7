"""The Markdown scan: what an author linked or embedded, outside code, and where."""

from glossary.check.scan import concept_link, link_scheme, scan


def test_scan_skips_code_and_finds_positions():
    found = scan("line one `<b>` ok\n<i>x</i> [a](b.md)\n```\n<div>\n```\n")
    assert [(f.kind, f.value, f.line, f.col) for f in found] == [
        ("html", "<i>", 1, 0),
        ("html", "</i>", 1, 4),
        ("link", "b.md", 1, 13),
    ]


def test_link_helpers():
    assert link_scheme("JavaScript:alert(1)") == "javascript"
    assert link_scheme("reward-hacking.md") is None
    assert concept_link("reward-hacking.md#x") == ("reward-hacking", "#x")
    assert concept_link("../x.md") is None
