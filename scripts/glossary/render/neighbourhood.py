"""A small static map of a concept and its neighbours, drawn at build time as inline SVG."""

import html
import math

MAX_NEIGHBOURS = 12  # keeps every page the same size however large the corpus grows
WIDTH, HEIGHT = 640, 300
RADIUS_X, RADIUS_Y = 230, 110


def _label(text: str, limit: int = 26) -> str:
    return html.escape(text if len(text) <= limit else text[: limit - 1] + "…")


def neighbourhood_svg(concept, model) -> str:
    """SVG of the concept in the middle, linked to its related, prerequisite and citing concepts."""
    concepts = model.corpus.concepts
    kinds: dict[str, str] = {}
    for slug in model.backlinks[concept.slug]:
        kinds[slug] = "cited-by"
    for slug in concept.prerequisites:
        kinds[slug] = "prerequisite"
    for slug in concept.related:
        kinds.setdefault(slug, "related")
    neighbours = [s for s in kinds if s in concepts][:MAX_NEIGHBOURS]
    cx, cy = WIDTH / 2, HEIGHT / 2
    edges, nodes = [], []
    for i, slug in enumerate(neighbours):
        angle = 2 * math.pi * i / max(len(neighbours), 1) - math.pi / 2
        x, y = cx + RADIUS_X * math.cos(angle), cy + RADIUS_Y * math.sin(angle)
        other = concepts[slug]
        edges.append(
            f'<line class="nb-edge nb-{kinds[slug]}" x1="{cx:.0f}" y1="{cy:.0f}" '
            f'x2="{x:.0f}" y2="{y:.0f}"/>'
        )
        nodes.append(
            f'<a href="../{slug}/" data-slug="{slug}">'
            f"<title>{html.escape(other.title)}: {html.escape(other.summary)}</title>"
            f'<circle class="nb-node track-{model.track_number(other.track)}" '
            f'cx="{x:.0f}" cy="{y:.0f}" r="7"/>'
            f'<text x="{x:.0f}" y="{y + 20:.0f}" text-anchor="middle">{_label(other.title)}</text>'
            "</a>"
        )
    centre = (
        f'<circle class="nb-node nb-centre track-{model.track_number(concept.track)}" '
        f'cx="{cx:.0f}" cy="{cy:.0f}" r="11"/>'
        f'<text class="nb-centre-label" x="{cx:.0f}" y="{cy + 26:.0f}" text-anchor="middle">'
        f"{_label(concept.title, 34)}</text>"
    )
    label = html.escape(f"{concept.title} and the concepts around it")
    svg = (
        f'<svg class="concept-neighbourhood" viewBox="0 0 {WIDTH} {HEIGHT}">'
        + "".join(edges) + centre + "".join(nodes) + "</svg>"
    )  # fmt: skip
    # The wrapping div names the map as one group of links (a div keeps it one HTML block);
    # role="img" on the svg would hide its links, and not every validator allows a group role there.
    return f'<div class="concept-neighbourhood-wrap" role="group" aria-label="{label}">{svg}</div>'
