"""Contributed Markdown never reaches a page as live code."""

from html.parser import HTMLParser

from glossary.render.text import render


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


def test_script_tags_are_left_out():
    html = render("Hi <script>alert(1)</script>", url_for)
    assert_inert(html)
    assert "<script" not in html and html.startswith("<p>Hi ")


def test_event_handler_markup_is_left_out():
    assert_inert(
        render('<img src="x" onerror="alert(1)"> <a href="#" onclick="x()">a</a>', url_for)
    )


def test_javascript_and_data_links_lose_their_href():
    html = render("[a](javascript:alert(1)) [b](data:text/html,x) <javascript:alert(2)>", url_for)
    assert_inert(html)
    # Kept as links without a target: never a live href.
    assert [attrs.get("href") for tag, attrs in elements(html) if tag == "a"] == ["", "", ""]


def test_attribute_lists_cannot_add_handlers():
    assert_inert(
        render(
            'A paragraph\n{: onclick="alert(1)" }\n\n[x](https://e.org){: onclick="y()" }', url_for
        )
    )


def test_html_block_with_blank_lines_stays_inert():
    assert_inert(render("<div>\n\n<script>\nalert(1)\n</script>\n\n</div>", url_for))


def test_concept_links_point_at_concept_pages():
    html = render("See [reward hacking](reward-hacking.md#analogy).", url_for)
    assert 'href="../reward-hacking/#analogy"' in html


def test_code_keeps_markup_literal():
    html = render("Use `<b>` here", url_for)
    assert "<code>&lt;b&gt;</code>" in html


def test_tables_keep_their_alignment_and_strikethrough_works():
    html = render("| a | b |\n|---|:-:|\n| 1 | ~~2~~ |", url_for)
    assert '<th align="center">b</th>' in html
    assert '<td align="center"><del>2</del></td>' in html
    assert "style" not in html
