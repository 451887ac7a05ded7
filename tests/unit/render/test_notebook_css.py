"""nbconvert's stylesheet cut down to the rules the demo pages can use."""

import tinycss2

from glossary.render.notebook_css import shared_stylesheets, stylesheet_path, used_rules

PAGE = (
    '<div class="jupyter-wrapper"><div class="jp-Cell jp-mod-noOutputs">'
    '<div class="highlight"><pre><span class="n">x</span></pre></div>'
    '<a class="anchor-link" href="#x">¶</a></div></div>'
)


def selectors(css: str) -> list[str]:
    """The preludes of the top-level rules, as written."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [tinycss2.serialize(rule.prelude).strip() for rule in rules]


def test_a_rule_stays_when_one_of_its_selectors_matches_and_goes_when_none_does():
    css = (
        ".jupyter-wrapper .highlight pre { color: red }\n"
        ".jp-Toolbar, .jp-Cell .n { margin: 0 }\n"
        ".jp-FileBrowser { display: flex }\n"
        ".jupyter-wrapper > .jp-Dialog { color: blue }\n"
        ".highlight > .n { color: green }\n"  # .n exists, but not as a child of .highlight
    )
    kept = used_rules(css, [PAGE])
    assert selectors(kept) == [".jupyter-wrapper .highlight pre", ".jp-Toolbar, .jp-Cell .n"]
    assert "color: red" in kept  # the declarations come along unchanged


def test_state_and_pseudo_elements_count_as_possible_when_the_element_exists():
    css = (
        ".anchor-link:hover { color: red }\n"
        ".jupyter-wrapper h1:hover .anchor-link { display: inline }\n"
        ".highlight pre::before, .jp-Toolbar:focus { content: '' }\n"
        ".jp-Button:hover { color: blue }\n"
        ".jp-Cell:first-child:not(.jp-Toolbar) { margin: 0 }\n"
        ".jp-Cell:not(.jp-mod-noOutputs) { padding: 0 }\n"
    )
    kept = selectors(used_rules(css, [PAGE]))
    # :hover and ::before hold on an existing element; the page has no .jp-Button; its only
    # .jp-Cell has .jp-mod-noOutputs; but h1:hover needs an h1 the page does not have.
    assert kept == [
        ".anchor-link:hover",
        ".highlight pre::before, .jp-Toolbar:focus",
        ".jp-Cell:first-child:not(.jp-Toolbar)",
    ]


def test_attribute_tests_hold_as_scripts_change_attributes_but_classes_must_exist():
    css = (
        "[data-md-color-scheme=slate] .highlight pre { background: black }\n"
        "[data-md-color-scheme=slate] table.dataframe { color: white }\n"
        ".jupyter-wrapper .md-typeset__scrollwrap { margin: 0 }\n"  # added by the theme's script
    )
    kept = selectors(used_rules(css, [PAGE]))
    assert kept == [
        "[data-md-color-scheme=slate] .highlight pre",
        ".jupyter-wrapper .md-typeset__scrollwrap",
    ]


def test_root_html_body_and_universal_rules_stay_when_they_match():
    css = (
        ":root { --jp-a: 1px }\n"
        "html { font-size: 100% }\n"
        "body > .jupyter-wrapper { margin: 0 }\n"
        ".jupyter-wrapper * { box-sizing: border-box }\n"
        ".jupyter-wrapper { --jp-layout-color0: white; --jp-border-width: 1px }\n"
        ".jupyter-wrapper :root { --jp-b: 2px }\n"  # :root is never inside anything
    )
    kept = used_rules(css, [PAGE])
    assert selectors(kept) == [
        ":root",
        "html",
        "body > .jupyter-wrapper",
        ".jupyter-wrapper *",
        ".jupyter-wrapper",
    ]
    assert "--jp-layout-color0: white" in kept


def test_media_blocks_keep_their_used_rules_and_go_when_empty():
    css = (
        "@media print { .jp-Toolbar { display: none } .highlight { border: 0 } }\n"
        "@media (min-width: 2000px) { .jp-FileBrowser { width: 50% } }\n"
        "@supports (display: grid) { .jp-Cell { display: grid } }\n"
    )
    kept = used_rules(css, [PAGE])
    assert "@media print" in kept and ".highlight" in kept and "jp-Toolbar" not in kept
    assert "min-width: 2000px" not in kept and "jp-FileBrowser" not in kept
    assert "@supports (display: grid)" in kept and ".jp-Cell" in kept


def test_at_rules_it_cannot_judge_are_kept_whole():
    css = (
        '@charset "UTF-8";\n'
        "@font-face { font-family: X; src: url(x.woff2) }\n"
        "@keyframes blink { 50% { opacity: 0 } }\n"
        ".jp-Spinner { animation: blink 1s }\n"
    )
    kept = used_rules(css, [PAGE])
    assert '@charset "UTF-8";' in kept and "@font-face" in kept and "@keyframes blink" in kept
    assert "jp-Spinner" not in kept


def test_a_selector_it_cannot_read_keeps_its_rule():
    css = (
        ".jupyter-wrapper <> .n { color: red }\n"  # not a selector soupsieve can parse
        "pre || td { color: blue }\n"  # valid CSS (the column combinator) soupsieve lacks
        ".jp-Toolbar <> .jp-Button { color: green }\n"
    )
    kept = selectors(used_rules(css, [PAGE]))
    assert ".jupyter-wrapper <> .n" in kept and "pre || td" in kept
    # The cheap test comes first: a class no page has rules a selector out, parsed or not.
    assert ".jp-Toolbar <> .jp-Button" not in kept


def test_sibling_selectors_and_several_pages():
    other = '<div class="jp-OutputArea"><pre></pre><table class="dataframe"></table></div>'
    css = (
        ".jp-OutputArea pre + table { margin: 0 }\n"
        ".jp-OutputArea table ~ pre { margin: 1px }\n"  # order is not judged: kept
        ".jp-Cell + table { margin: 2px }\n"  # no table beside a .jp-Cell on any page
    )
    kept = selectors(used_rules(css, [PAGE, other]))
    assert kept == [".jp-OutputArea pre + table", ".jp-OutputArea table ~ pre"]


def test_a_rule_repeated_later_keeps_only_its_last_copy():
    css = ".highlight { color: red }\n.jp-Cell { color: blue }\n.highlight { color: red }\n"
    assert selectors(used_rules(css, [PAGE])) == [".jp-Cell", ".highlight"]


def test_output_is_deterministic_and_named_by_its_content():
    css = ".jp-Cell { margin: 0 }\n.highlight { color: red }\n.jp-Toolbar { color: blue }\n"
    first, second = used_rules(css, [PAGE]), used_rules(css, [PAGE])
    assert first == second
    assert stylesheet_path(first) == stylesheet_path(second)
    assert stylesheet_path(first) != stylesheet_path(css)
    assert stylesheet_path(first).startswith("assets/notebook-")


def test_pages_given_the_same_css_share_one_stylesheet_that_serves_them_all():
    css = ".jp-Cell { margin: 0 }\n.dataframe { color: red }\n.jp-Toolbar { color: blue }\n"
    table = '<table class="dataframe"></table>'
    sheets = shared_stylesheets({"a": (css, PAGE), "b": (css, table)})
    assert sheets["a"] == sheets["b"]
    path, used = sheets["a"]
    assert selectors(used) == [".jp-Cell", ".dataframe"] and path == stylesheet_path(used)
