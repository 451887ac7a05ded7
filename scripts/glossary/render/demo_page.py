"""The demo pages: the HTML mkdocs-jupyter (via nbconvert) makes, cleaned up and given a header."""

import html
import re
from collections.abc import Callable

# nbconvert's lab template imports mermaid from a CDN and adds an empty MathJax <script src="">.
# Demos draw no mermaid diagrams, and the site must load nothing from third-party hosts.
_MERMAID_LOADER = re.compile(
    r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*?</script>", re.S
)
_EMPTY_SCRIPT = re.compile(r"<!-- Load mathjax -->\s*<script src=\"\">\s*</script>")


# nbconvert inlines the whole JupyterLab stylesheet (about 590 KB) into every notebook page.
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)

_CODE_BLOCK = '<div class="highlight-ipynb '


def focusable_code(text: str) -> str:
    """Let keyboard users scroll wide code cells: each code block can take focus (axe rule)."""
    return text.replace(_CODE_BLOCK, '<div tabindex="0" class="highlight-ipynb ')


def shared_styles(text: str) -> tuple[str, str]:
    """Move a notebook page's inline styles out: (page without them, their CSS). The demo pages
    then share one cached file of the rules they use (notebook_css.py)."""
    css = "\n".join(match.group(1).strip() for match in _STYLE.finditer(text))
    return _STYLE.sub("", text), css


def strip_remote_loaders(text: str) -> str:
    """Remove the notebook template's CDN loaders (mermaid) and its empty MathJax script tag."""
    return _EMPTY_SCRIPT.sub("", _MERMAID_LOADER.sub("", text))


def demo_page(
    html_text: str, name: str, users: list, url_for: Callable[[str], str], stylesheet: str
) -> str:
    """A demo page's HTML, cleaned up, with a header after its title: who uses the demo, how to
    run it, where to download it. `url_for` turns a source path into a link from the page;
    `stylesheet` is the link to the notebook styles that shared_styles took out."""
    html_text = focusable_code(strip_remote_loaders(html_text))
    html_text = f'<link rel="stylesheet" href="{html.escape(stylesheet)}">' + html_text
    links = ", ".join(
        f'<a href="{url_for(f"concepts/{c.slug}.md")}">{html.escape(c.title)}</a>' for c in users
    )
    header = (
        '<div class="admonition note demo-header">'
        f'<p class="demo-concepts">Shows: {links or "no concept yet"}</p>'
        f'<p class="demo-run">Run it yourself: <code>python examples/{name}.py</code> · '
        f'Download <a href="{name}.py" download>{name}.py</a> or '
        f'<a href="{name}.ipynb" download>{name}.ipynb</a> · '
        f'<a href="{url_for("demos/index.md")}">All demos</a></p>'
        "</div>"
    )
    # After the notebook's own title, so the page still opens with its heading.
    head, sep, rest = html_text.partition("</h1>")
    return head + sep + header + rest if sep else header + html_text
