"""Clean-ups for the HTML that mkdocs-jupyter (via nbconvert) puts on demo pages."""

import re

# nbconvert's lab template imports mermaid from a CDN and adds an empty MathJax <script src="">.
# Demos draw no mermaid diagrams, and the site must load nothing from third-party hosts.
_MERMAID_LOADER = re.compile(
    r"<script type=\"module\">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*?</script>", re.S
)
_EMPTY_SCRIPT = re.compile(r"<!-- Load mathjax -->\s*<script src=\"\">\s*</script>")


_CODE_BLOCK = '<div class="highlight-ipynb '


def focusable_code(html: str) -> str:
    """Let keyboard users scroll wide code cells: each code block can take focus (axe rule)."""
    return html.replace(_CODE_BLOCK, '<div tabindex="0" class="highlight-ipynb ')


def strip_remote_loaders(html: str) -> str:
    """Remove the notebook template's CDN loaders (mermaid) and its empty MathJax script tag."""
    return _EMPTY_SCRIPT.sub("", _MERMAID_LOADER.sub("", html))
