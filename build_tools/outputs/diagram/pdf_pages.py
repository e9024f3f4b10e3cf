"""The PDF's pages: page-sized windows on the chart's one layout, cut between rows of boxes.

Graphviz 2.43's cairo PDF is always one page (its ``page`` attribute paginates PostScript
only), so the PDF is drawn page by page through Graphviz ``viewport`` windows on one layout
(:func:`pdf_viewports`), one ``dot`` run each, and the pages are joined (:mod:`.pdf_join`).
Pages fit both A4 and Letter; labels are never drawn below :data:`MIN_PDF_SCALE` of 14 pt,
words at least 8 pt tall.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from build_tools.outputs.diagram.dot import LABEL_FONT
from build_tools.outputs.diagram.svg_tree import graph_group, local, parse, translation, view_box

#: Drawing at most 7.2 x 9.9 inches. Cairo adds 0.5 inch PDF margins, so a page is at most
#: 8.2 x 10.9 inches (590 x 785 pt): inside both A4 (595 x 842 pt) and Letter (612 x 792 pt).
#: (An explicit ``margin`` would also shift the SVG viewBox in Graphviz 2.43, so none is set.)
PAGE_SIZE = "7.2,9.9"
PAGE_POINTS = tuple(float(v) * 72 for v in PAGE_SIZE.split(","))
#: The PDF never draws labels smaller than this share of their size: 14 pt x 0.5 = 7 pt
#: letters, whose words measure 8.1 pt tall (DejaVu Sans: ascent + descent = 1.163 em).
MIN_PDF_SCALE = 0.5


def _extents(root: ET.Element, height: float) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in layout points of every box and every line of text."""
    graph = graph_group(root)
    if graph is None:
        return []
    dx, dy = translation(graph, default=(0.0, height))
    out: list[tuple[float, float, float, float]] = []
    for el in graph.iter():
        name = local(el.tag)
        if name == "polygon" and el.get("points") and el.get("stroke") != "transparent":
            pts = [tuple(float(v) for v in p.split(",")) for p in el.get("points").split() if "," in p]
            if pts:
                xs, ys = [x for x, _ in pts], [y for _, y in pts]
                out.append((min(xs) + dx, min(ys) + dy, max(xs) + dx, max(ys) + dy))
        elif name == "text" and el.get("y") and el.get("x"):
            size = float(el.get("font-size", LABEL_FONT))
            x, y = float(el.get("x")) + dx, float(el.get("y")) + dy
            half = len("".join(el.itertext())) * size * 0.35  # a generous half-width
            out.append((x - half, y - size, x + half, y + size * 0.3))
    return out


def _cuts(spans: list[tuple[float, float]], total: float, band: float) -> list[tuple[float, float]]:
    """Split ``0..total`` into pieces of at most ``band``, cutting between ``spans`` when possible."""
    pieces, start = [], 0.0
    while start < total - 0.5:
        limit = start + band
        if limit >= total:
            end = total
        else:
            free = [lo - 2 for lo, _ in spans if start + band / 4 < lo - 2 <= limit
                    and not any(a < lo - 2 < b for a, b in spans)]
            end = max(free) if free else limit
        pieces.append((start, end))
        start = end
    return pieces


def pdf_viewports(raw_svg: bytes) -> list[str]:
    """Graphviz ``viewport`` values, one per PDF page, for the natural-size SVG ``raw_svg``.

    One page when the whole chart fits at ``MIN_PDF_SCALE`` or more. Otherwise the chart is
    drawn at the largest scale from ``MIN_PDF_SCALE`` that fits, and cut into page-sized
    pieces, top to bottom then left to right, each cut between boxes and lines of text when
    there is room for one.
    """
    root = parse(raw_svg)
    width, height = view_box(root)
    page_w, page_h = PAGE_POINTS
    fit = min(1.0, page_w / width, page_h / height)

    def viewport(zoom: float, left: float, right: float, top: float, bottom: float) -> str:
        # Centre in Graphviz coordinates: y grows upwards from the bottom of the drawing.
        return (f"{(right - left) * zoom:.2f},{(bottom - top) * zoom:.2f},{zoom:.4f},"
                f"{(left + right) / 2:.2f},{height - (top + bottom) / 2:.2f}")

    if fit >= MIN_PDF_SCALE:
        return [viewport(fit, 0.0, width, 0.0, height)]
    zoom = min(1.0, max(MIN_PDF_SCALE, page_w / width))
    boxes = _extents(root, height)
    columns = _cuts(sorted((a, c) for a, _, c, _ in boxes), width, page_w / zoom)
    rows = _cuts(sorted((b, d) for _, b, _, d in boxes), height, page_h / zoom)
    return [viewport(zoom, left, right, top, bottom) for top, bottom in rows for left, right in columns]
