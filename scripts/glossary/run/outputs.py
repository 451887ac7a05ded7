"""What a run shows: its printed text, its figures as image files, and the page's notebook."""

import base64
import html
import json
import re
import struct
from dataclasses import dataclass

_PNG = "image/png"
_SVG = "image/svg+xml"


@dataclass(frozen=True)
class Figure:
    """One figure of a run, as the smaller of its PNG and SVG renderings."""

    number: int  # 1-based, in the order the demo draws them
    extension: str  # "svg" or "png"
    data: bytes
    width: int  # CSS pixels, so the page reserves the space before the file arrives
    height: int

    @property
    def file_name(self) -> str:
        """The figure's file name, beside its demo page."""
        return f"figure-{self.number}.{self.extension}"


def printed_text(notebook: dict) -> str:
    """Everything the run printed to standard output, in order."""
    return "".join(
        _joined(output.get("text", ""))
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stdout"
    )


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else value


def _figure(number: int, data: dict) -> Figure:
    png = base64.b64decode(_joined(data[_PNG])) if _PNG in data else None
    svg = _joined(data[_SVG]).encode() if _SVG in data else None
    if png is None and svg is None:
        raise ValueError("no image")
    if png is not None:
        width, height = png_size(png)
    else:
        width, height = _svg_size(svg)
    if svg is not None and (png is None or len(svg) < len(png)):
        return Figure(number, "svg", svg, width, height)
    return Figure(number, "png", png, width, height)


_SVG_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.S)


def _svg_size(svg: bytes) -> tuple[int, int]:
    """CSS pixels of a matplotlib SVG (its size is given in points: 3 points are 4 pixels)."""
    match = _SVG_SIZE.search(svg)
    if not match:
        raise ValueError("an SVG without a size in points")
    return tuple(round(float(v) * 4 / 3) for v in match.groups())


def _image_outputs(notebook: dict):
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            shown = output.get("output_type") in ("display_data", "execute_result")
            data = output.get("data", {})
            if shown and (_PNG in data or _SVG in data):
                yield output


def figures(notebook: dict) -> list[Figure]:
    """Every figure the run drew, numbered from 1."""
    return [_figure(n, out["data"]) for n, out in enumerate(_image_outputs(notebook), 1)]


def image_tag(figure: Figure, src: str, alt: str) -> str:
    """An <img> that takes its space at once and loads only when scrolled near."""
    return (
        f'<img src="{html.escape(src)}" alt="{html.escape(alt)}" width="{figure.width}" '
        f'height="{figure.height}" loading="lazy" decoding="async">'
    )


def page_notebook(notebook: dict, shown: list[Figure], title: str) -> str:
    """The notebook the demo page renders (as JSON): every figure an <img> of its file.

    nbconvert would inline each figure as base64 in the page (hundreds of KB a page); as files,
    they load only when a reader scrolls to them, and the browser can cache them.
    """
    tags = iter(
        image_tag(figure, figure.file_name, f"Figure {figure.number} of the demo “{title}”")
        for figure in shown
    )
    replaced = {id(output): next(tags) for output in _image_outputs(notebook)}

    def output_on_page(output: dict) -> dict:
        if id(output) not in replaced:
            return output
        return {**output, "data": {"text/html": replaced[id(output)]}, "metadata": {}}

    cells = [
        {**cell, "outputs": [output_on_page(o) for o in cell["outputs"]]}
        if "outputs" in cell
        else cell
        for cell in notebook["cells"]
    ]
    return json.dumps({**notebook, "cells": cells}, ensure_ascii=False, indent=1, sort_keys=True)
