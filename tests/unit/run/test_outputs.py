"""What a run shows: printed text, figures as the smaller file with their size, the page."""

import base64
import io
import json

import matplotlib
import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from glossary.run.outputs import figures, page_notebook, png_size, printed_text

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the file-only backend)


def _png(width_in: float) -> bytes:
    fig, ax = plt.subplots(figsize=(width_in, 1), dpi=50)
    ax.plot(range(200), [i % 7 for i in range(200)])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="216pt" height="72pt"><path d="M0 0"/></svg>'


def _notebook(*datas: dict) -> dict:
    """A notebook as a run's file holds it (multi-line text stored as lists of lines)."""
    outputs = [new_output("stream", name="stdout", text="score=0.5\nsteps=3\n")]
    outputs += [new_output("display_data", data=data) for data in datas]
    outputs.append(new_output("stream", name="stderr", text="warning=1\n"))
    return json.loads(
        nbformat.writes(new_notebook(cells=[new_code_cell("plot()", outputs=outputs)]))
    )


def test_printed_text_is_standard_output_only():
    assert printed_text(_notebook()) == "score=0.5\nsteps=3\n"


def test_each_figure_is_the_smaller_rendering_with_its_size_in_pixels():
    png = _png(4)
    small_svg = {"image/png": base64.b64encode(png).decode(), "image/svg+xml": SVG}
    big_svg = {"image/png": base64.b64encode(png).decode(), "image/svg+xml": SVG + " " * len(png)}
    first, second = figures(_notebook(small_svg, big_svg))
    assert (first.number, first.extension, first.data) == (1, "svg", SVG.encode())
    assert (second.number, second.extension, second.data) == (2, "png", png)
    # The PNG's pixel size sets both, so a page reserves the same box for either file.
    assert (
        (first.width, first.height) == png_size(png) == (second.width, second.height) == (200, 50)
    )
    (only_svg,) = figures(_notebook({"image/svg+xml": SVG}))
    assert (only_svg.width, only_svg.height) == (288, 96)  # 3 points are 4 CSS pixels


def test_the_page_notebook_shows_each_figure_as_a_lazy_file():
    png = {"image/png": base64.b64encode(_png(4)).decode(), "text/plain": "<Figure>"}
    notebook = _notebook(png)
    drawn = figures(notebook)
    page = json.loads(page_notebook(notebook, drawn, "A demo"))
    (image,) = [o for o in page["cells"][0]["outputs"] if o["output_type"] == "display_data"]
    assert list(image["data"]) == ["text/html"]
    tag = "".join(image["data"]["text/html"])  # nbformat may store text as a list of lines
    assert 'src="figure-1.png"' in tag and 'loading="lazy"' in tag
    assert 'width="200" height="50"' in tag and "A demo" in tag
    # The notebook readers download keeps its figures inline.
    assert "image/png" in notebook["cells"][0]["outputs"][1]["data"]
