"""The theme's stylesheet, cut to the rules whose classes and elements the site names."""

from glossary.render.theme_css import page_names, source_words, stylesheet_path, used_rules

CSS = (
    ".md-typeset h1{color:red}"
    ".md-typeset .tabbed-set{display:flex}"
    ".md-typeset .tabbed-set,.md-typeset table{margin:0}"
    "[data-md-color-scheme=slate] .md-tooltip:hover::before{opacity:1}"
    "@media screen and (min-width:60em){.md-sidebar{width:12rem}.md-annotation{z-index:1}}"
    "@media print{.md-annotation{display:none}}"
    "@font-face{font-family:x;src:url(x.woff2)}"
)


def test_rules_stay_only_when_every_name_they_use_occurs():
    names = page_names('<h1 class="md-typeset">T</h1><table></table><nav class="md-sidebar">')
    names |= source_words("el.classList.add('md-tooltip')")  # a script adds it at run time
    kept = used_rules(CSS, names)
    assert ".md-typeset h1{color:red}" in kept
    assert ".md-typeset .tabbed-set{display:flex}" not in kept  # nothing names tabbed-set
    assert ".md-typeset .tabbed-set,.md-typeset table{margin:0}" in kept  # one selector is used
    assert "[data-md-color-scheme=slate] .md-tooltip:hover::before{opacity:1}" in kept
    assert "@media screen and (min-width:60em){.md-sidebar{width:12rem}}" in kept
    assert "@media print" not in kept  # every rule inside went, so the block goes too
    assert "@font-face{font-family:x;src:url(x.woff2)}" in kept


def test_the_file_is_named_by_its_content():
    assert stylesheet_path("a{}") == stylesheet_path("a{}")
    assert stylesheet_path("a{}") != stylesheet_path("b{}")
    assert stylesheet_path("a{}").startswith("assets/stylesheets/main-")


def test_a_pages_inline_scripts_count_as_names_it_may_add():
    names = page_names('<p class="a">x</p><script>el.classList.add("md-dialog--active")</script>')
    assert {"p", "a", "script", "md-dialog--active"} <= names
    assert "md-dialog--active" not in page_names('<p class="a">x</p><script src="s.js"></script>')
