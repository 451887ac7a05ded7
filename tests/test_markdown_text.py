"""Contributed Markdown never reaches a page as live code."""

import random
from html.parser import HTMLParser

from markdown_text import _MD, concept_link, link_scheme, plain_paragraphs, render, scan


def url_for(slug: str) -> str:
    return f"../{slug}/"


def elements(html: str) -> list[tuple[str, dict]]:
    """Every element the browser would build from html: (tag, attributes)."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    Collect().feed(html)
    return found


def assert_inert(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag not in {"script", "img", "iframe", "style", "object"}, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        assert not attrs.get("href", "").lower().startswith(("javascript:", "data:")), attrs


def test_script_tags_are_shown_as_text():
    html = render("Hi <script>alert(1)</script>", url_for)
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_event_handler_markup_is_shown_as_text():
    assert_inert(
        render('<img src="x" onerror="alert(1)"> <a href="#" onclick="x()">a</a>', url_for)
    )


def test_javascript_and_data_links_lose_their_href():
    html = render("[a](javascript:alert(1)) [b](data:text/html,x) <javascript:alert(2)>", url_for)
    assert_inert(html)
    # Either shown as text or kept as a link without a target: never a live href.
    assert all(attrs.get("href") is None for tag, attrs in elements(html) if tag == "a")
    assert "javascript:alert(1)" not in [attrs.get("href") for _, attrs in elements(html)]


def test_attribute_lists_cannot_add_handlers():
    assert_inert(
        render(
            'A paragraph\n{: onclick="alert(1)" }\n\n[x](https://e.org){: onclick="y()" }', url_for
        )
    )


def test_html_block_with_blank_lines_stays_text():
    assert_inert(render("<div>\n\n<script>\nalert(1)\n</script>\n\n</div>", url_for))


def test_concept_links_point_at_concept_pages():
    html = render("See [reward hacking](reward-hacking.md#analogy).", url_for)
    assert 'href="../reward-hacking/#analogy"' in html


def test_code_keeps_markup_literal():
    html = render("Use `<b>` here", url_for)
    assert "<code>&lt;b&gt;</code>" in html


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


def test_tables_keep_their_alignment_and_strikethrough_works():
    html = render("| a | b |\n|---|:-:|\n| 1 | ~~2~~ |", url_for)
    assert '<th align="center">b</th>' in html
    assert '<td align="center"><s>2</s></td>' in html
    assert "style" not in html


def test_plain_prose_fast_path_renders_as_the_parser_does():
    # Random texts over characters that are markup in some position: whenever the fast path
    # takes a text, its HTML must be the parser's, byte for byte.
    pieces = ["word", "Ünï", " ", "  ", "\n", "\n\n", "\n \n", "-", "+", "*", "1", "2.", ")", "=",
              '"', "'", "#", "&", "<", ">", "_", "`", "~", "|", "[", "]", "(", "\\", "\t",
              "\u00a0", "\u2028", "\u3000", ":", "!", "."]  # fmt: skip
    rng = random.Random(0)
    taken = 0
    for _ in range(40000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        fast = plain_paragraphs(text)
        if fast is not None:
            taken += 1
            assert fast == _MD.render(text, {"url_for": url_for}).rstrip("\n"), repr(text)
    assert taken > 1000  # the comparison ran on many texts, not on none


def test_fast_path_is_taken_only_for_text_without_markup():
    assert plain_paragraphs('One "line".\nTwo.\n\nThree.') == (
        "<p>One &quot;line&quot;.\nTwo.</p>\n<p>Three.</p>"
    )
    for text in ["a *b*", "- a", "a\n1. b", "a\n===", "    code", "a  \nb", "[a](b.md)", "a & b"]:
        assert plain_paragraphs(text) is None, text
