"""The start at the top left: the drawing mirrored when Graphviz put the main path on the right.

**Phones.** :func:`.dot.main_path` is kept as one straight column; for both real flows
Graphviz puts it at the left edge, so the first screen of a phone shows the start with no
sideways scrolling. Where Graphviz puts that column right of centre instead, the SVG is
mirrored (boxes and arrows, never letters); where the start is still beyond a 320 px
phone's column, the figure opens scrolled to it (:attr:`.inline.InlineSvg.start_anchor`).
A scroller's starting point cannot otherwise be chosen without JavaScript, so the layout
does the work. A right-to-left chart (:func:`.dot.right_to_left`) is the other way round:
its start belongs at the top right, where a right-to-left page's scroller opens.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from build_tools.outputs.diagram.dot import dom_id, right_to_left
from build_tools.outputs.diagram.svg_tree import PAIR, S, graph_group, local
from build_tools.source.model import Flow


def mirror_if_start_is_right(root: ET.Element, flow: Flow) -> bool:
    """Mirror the drawing left to right when the start box is in its right half (in its left
    half for a right-to-left language).

    Graphviz keeps the main path straight but may put it at either edge; a phone shows the
    left edge first (the right edge, on a right-to-left page). Boxes, arrows and label
    positions are mirrored; letters are not, and the chart's title stays at the top left
    (top right). Returns whether it mirrored.
    """
    graph = graph_group(root)
    start = next((g for g in root.iter(f"{S}g") if g.get("id") == dom_id(flow.id, f"n-{flow.start}")), None)
    if graph is None or start is None:
        return False
    background = next((el for el in graph if local(el.tag) == "polygon"), None)
    xs = [float(x) for x, _ in PAIR.findall(background.get("points", ""))] if background is not None else []
    box = [float(x) for el in start.iter(f"{S}polygon") for x, _ in PAIR.findall(el.get("points", ""))]
    if not xs or not box:
        return False
    left, right = min(xs), max(xs)
    start_is_right = (min(box) + max(box)) / 2 > (left + right) / 2
    if start_is_right == right_to_left(flow):
        return False

    def flip(x: str) -> str:
        return f"{left + right - float(x):.2f}"

    for el in graph.iter():
        name = local(el.tag)
        if el is background or (name == "text" and el in list(graph)):
            continue  # the background is symmetric; the title stays at the top left
        if name in {"polygon", "polyline"} and el.get("points"):
            el.set("points", PAIR.sub(lambda m: f"{flip(m.group(1))},{m.group(2)}", el.get("points")))
        elif name == "path" and el.get("d"):
            el.set("d", PAIR.sub(lambda m: f"{flip(m.group(1))},{m.group(2)}", el.get("d")))
        elif name == "ellipse" and el.get("cx"):
            el.set("cx", flip(el.get("cx")))
        elif name == "text" and el.get("x"):
            el.set("x", flip(el.get("x")))
            anchor = el.get("text-anchor")
            if anchor in {"start", "end"}:
                el.set("text-anchor", "end" if anchor == "start" else "start")
    return True
