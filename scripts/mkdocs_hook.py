"""MkDocs hook: glue only. It wires MkDocs events to the plain functions in scripts/."""

import html
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Corpus, load_corpus  # noqa: E402
from index_render import concepts_index, demos_index  # noqa: E402
from notebook_html import strip_remote_loaders  # noqa: E402
from page_render import concept_page  # noqa: E402

_state: dict[str, Corpus] = {}


# Priority 50 runs this before mkdocs-jupyter's on_files, so the demos added here get converted.
@event_priority(50)
def on_files(files: Files, config) -> Files:
    """Validate every entry, then add the concept pages, the indexes and the demo scripts."""
    root = Path(config.config_file_path).resolve().parent
    corpus = load_corpus(root)
    if corpus.errors:
        listing = "\n".join(str(p) for p in corpus.errors)
        raise PluginError(f"{len(corpus.errors)} problem(s) in concepts/:\n{listing}")
    _state["corpus"] = corpus
    for concept in corpus.concepts.values():
        page = concept_page(concept, corpus)
        files.append(File.generated(config, f"concepts/{concept.slug}.md", content=page))
    files.append(File.generated(config, "concepts/index.md", content=concepts_index(corpus)))
    files.append(File.generated(config, "demos/index.md", content=demos_index(corpus)))
    for name in corpus.demos:
        files.append(
            File(
                f"examples/{name}.py",
                src_dir=str(root),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    return files


def on_page_content(html_text: str, page, config, files: Files) -> str:
    """Put a header on each demo page: who uses it, how to run it, where to download it."""
    src = page.file.src_uri
    if not (src.startswith("examples/") and src.endswith(".py")):
        return html_text
    html_text = strip_remote_loaders(html_text)
    name = src.removeprefix("examples/").removesuffix(".py")
    corpus = _state["corpus"]
    users = [c for c in corpus.concepts.values() if name in c.demos]

    def url(src_uri: str) -> str:
        return get_relative_url(files.get_file_from_path(src_uri).url, page.url)

    links = ", ".join(
        f'<a href="{url(f"concepts/{c.slug}.md")}">{html.escape(c.title)}</a>' for c in users
    )
    index_url = url("demos/index.md")
    header = (
        '<div class="admonition note demo-header">'
        f'<p class="demo-concepts">Shows: {links or "no concept yet"}</p>'
        f'<p class="demo-run">Run it yourself: <code>python examples/{name}.py</code> · '
        f'<a href="{name}.py" download>Download {name}.py</a> · '
        f'<a href="{index_url}">All demos</a></p>'
        "</div>"
    )
    # After the notebook's own title, so the page still opens with its heading.
    head, sep, rest = html_text.partition("</h1>")
    return head + sep + header + rest if sep else header + html_text
