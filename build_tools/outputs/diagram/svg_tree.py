"""Reading and writing Graphviz's SVG with ElementTree: names, parsing, the drawing's frame.

Shared by the modules that change the SVG (:mod:`.standalone`, :mod:`.mirror`,
:mod:`.inline`) and the one that measures it (:mod:`.pdf_pages`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
#: ``{namespace}`` prefixes for ElementTree tag and attribute names.
S = f"{{{SVG_NS}}}"
XHREF = f"{{{XLINK_NS}}}href"
XTITLE = f"{{{XLINK_NS}}}title"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

#: An ``x,y`` pair in ``points`` or a path's ``d``.
PAIR = re.compile(r"(-?[\d.]+),(-?[\d.]+)")


def parse(svg: bytes) -> ET.Element:
    # The SVG is Graphviz's own output (or ours); expat never fetches the external DTD.
    return ET.fromstring(svg)


def serialize(root: ET.Element) -> str:
    text = ET.tostring(root, encoding="unicode")
    return re.sub(r"\n\s*\n", "\n", text)


def local(tag: str) -> str:
    """A tag or attribute name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def view_box(root: ET.Element) -> tuple[float, float]:
    """The drawing's width and height in layout points."""
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 0 0").split())
    return width, height


def graph_group(root: ET.Element) -> ET.Element | None:
    """Graphviz's ``<g class="graph">``, which holds the whole drawing."""
    return next((g for g in root.iter(f"{S}g") if "graph" in g.get("class", "").split()), None)


def translation(group: ET.Element, default: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    """The ``translate(x y)`` of a group's ``transform``: where its coordinates start."""
    m = re.search(r"translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)", group.get("transform", ""))
    return (float(m.group(1)), float(m.group(2))) if m else default
