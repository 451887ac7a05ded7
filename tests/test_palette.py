"""The site's trimmed copy of the theme's palette (docs/assets/palette.css) says what the
theme's own palette.css says for the colours mkdocs.yml chooses."""

import re
from pathlib import Path

import material

from tests.conftest import ROOT

THEME_PALETTE = next((Path(material.__file__).parent / "templates/assets/stylesheets").glob(
    "palette.*.min.css"
))  # fmt: skip
OURS = ROOT / "docs" / "assets" / "palette.css"
# What the theme's main stylesheet already defines: the light scheme, indigo primary and accent.
THEME_DEFAULTS = {"scheme": "default", "primary": "indigo", "accent": "indigo"}


def rules(css: str) -> dict[tuple[str, str], dict[str, str]]:
    """Each rule's declarations by (enclosing @media, selector), whitespace normalised."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for media, body in re.findall(r"(@media[^{]*)\{((?:[^{}]*\{[^{}]*\})*)\s*\}", css):
        for key, value in rules(body).items():
            found[(" ".join(media.split()), key[1])] = value
    css = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}", "", css)
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = re.split(r";(?![^(]*\))", body)
        found[("", re.sub(r"\s+", "", selector))] = {
            name.strip(): " ".join(value.split())
            for name, _, value in (d.partition(":") for d in declarations if d.strip())
        }
    return found


def chosen_colours() -> set[str]:
    """The selectors of the colours mkdocs.yml picks that the theme's main stylesheet lacks."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    picked = re.findall(r"^\s+(scheme|primary|accent): (.+?)\s*$", config, re.M)
    names = [(kind, name.replace(" ", "-")) for kind, name in picked]  # as the theme writes them
    return {
        f"[data-md-color-{kind}={name}]" for kind, name in names if THEME_DEFAULTS[kind] != name
    }


def test_our_palette_copies_the_themes_rules_exactly():
    theirs, ours = rules(THEME_PALETTE.read_text(encoding="utf-8")), rules(OURS.read_text())
    assert ours
    for key, declarations in ours.items():
        assert theirs.get(key) == declarations, key


def test_our_palette_has_every_colour_mkdocs_yml_picks():
    selectors = {selector for _, selector in rules(OURS.read_text())}
    assert chosen_colours() == {
        "[data-md-color-scheme=slate]",
        "[data-md-color-accent=deep-orange]",
    }
    assert chosen_colours() <= selectors
