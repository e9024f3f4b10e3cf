"""Graphviz's SVG made into the published file: accessible, coloured by CSS, safe to embed.

:func:`standalone_svg` puts a ``<title>`` and ``<desc>`` first (the flow's title, its
summary and :data:`KEY_SENTENCE`, which says what the shapes mean), gives every box and arrow
a human title instead of Graphviz's internal name, replaces Graphviz's colours by
``currentColor`` so CSS colours it (:data:`.css.STANDALONE_CSS`: light, dark and print),
makes links open in the top window, and mirrors the drawing when the start would be on the
right (:mod:`.mirror`). Every fixed word comes from the flow's catalogue
(:mod:`build_tools.core.i18n`). A right-to-left flow's SVG says ``direction="rtl"``
(:func:`right_to_left_text`): its labels stay logical text, which the browser shapes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from build_tools.core import i18n
from build_tools.core.markup import one_line
from build_tools.outputs.diagram.css import STANDALONE_CSS
from build_tools.outputs.diagram.dot import diagram_edges, dom_id, right_to_left
from build_tools.outputs.diagram.mirror import mirror_if_start_is_right
from build_tools.outputs.diagram.svg_tree import S, XHREF, XTITLE, local, parse, serialize
from build_tools.source.kinds import kind_of
from build_tools.source.model import Flow

KEY_SENTENCE = i18n.N_("Steps are rectangles, questions are hexagons and end points are rounded "
                       "rectangles with a double border. The start has a thick border. Arrows carry "
                       "the answers; dashed arrows are 'Not sure' answers. Each box links to its page.")


def svg_text(flow: Flow) -> tuple[str, str]:
    """The SVG's title and description: "Flowchart: <title>", then the summary and the key."""
    summary = one_line(flow.summary)
    summary = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", summary)
    _ = i18n.gettext(flow.language)
    return _("Flowchart: %(title)s", title=one_line(flow.title)), f"{summary} {_(KEY_SENTENCE)}"


def recolour(root: ET.Element) -> None:
    """Replace Graphviz's hard-coded colours by ``currentColor``/``none``; CSS adds the rest."""
    for group in root.iter(f"{S}g"):
        cls = group.get("class", "").split()
        if "graph" in cls:
            for child in group:
                if local(child.tag) == "polygon" and child.get("stroke") == "transparent":
                    child.set("class", "pw-bg")
                    child.set("fill", "none")
                    child.set("stroke", "none")
    for el in root.iter():
        name = local(el.tag)
        if name == "text":
            el.set("fill", "currentColor")
            continue
        if name not in {"polygon", "path", "ellipse", "polyline"} or el.get("class") == "pw-bg":
            continue
        stroke = el.get("stroke")
        if stroke not in (None, "none", "transparent"):
            el.set("stroke", "currentColor")
        fill = el.get("fill")
        if fill not in (None, "none", "transparent"):
            el.set("fill", "currentColor" if fill == stroke else "none")


def titles(root: ET.Element, flow: Flow) -> None:
    """Human titles and tooltips for node and edge groups instead of Graphviz's internal names.

    Tooltips are set here rather than with DOT's ``tooltip``: Graphviz 2.43 expands ``\\N``,
    ``\\G`` and ``\\L`` in tooltips even when the backslash is escaped.
    """
    fid = flow.id
    nodes = flow.node_map()
    _ = i18n.gettext(flow.language)
    by_id = {dom_id(fid, f"n-{n.id}"): _("%(kind)s: %(title)s", kind=_(kind_of(n).label), title=one_line(n.title))
             for n in flow.nodes}
    for i, edge in enumerate(diagram_edges(flow), start=1):
        source, target = one_line(nodes[edge.source].title), one_line(nodes[edge.target].title)
        if edge.answer is not None:
            text = _("From '%(source)s', answer '%(answer)s', go to '%(target)s'",
                     source=source, answer=one_line(edge.answer.label), target=target)
        else:
            text = _("From '%(source)s', go to '%(target)s'", source=source, target=target)
        by_id[dom_id(fid, f"e{i}")] = text
    for group in root.iter(f"{S}g"):
        gid = group.get("id", "")
        cls = group.get("class", "").split()
        title = group.find(f"{S}title")
        if title is None:
            continue
        if "graph" in cls:
            group.remove(title)
        elif gid in by_id:
            title.text = by_id[gid]
            for a in group.iter(f"{S}a"):
                a.set(XTITLE, by_id[gid])


def right_to_left_text(root: ET.Element) -> None:
    """Text in a right-to-left language: ``direction="rtl"`` (the browser orders and shapes
    each label as Arabic, with numbers and Latin words inside it in their place), and the
    anchors Graphviz computed as left (start) and right (end) edges swapped, since ``start``
    means the right edge in right-to-left text. The inline SVG keeps the attribute, so it
    does not depend on the page's direction."""
    root.set("direction", "rtl")
    for el in root.iter(f"{S}text"):
        anchor = el.get("text-anchor")
        if anchor in {"start", "end"}:
            el.set("text-anchor", "end" if anchor == "start" else "start")


def standalone_svg(raw: bytes, flow: Flow) -> bytes:
    """Graphviz's SVG made accessible, CSS-coloured (light and dark) and safe to embed."""
    root = parse(raw)
    fid = flow.id
    title_text, desc_text = svg_text(flow)
    title_id, desc_id = dom_id(fid, "title"), dom_id(fid, "desc")
    mirror_if_start_is_right(root, flow)
    if right_to_left(flow):
        right_to_left_text(root)
    titles(root, flow)
    recolour(root)
    for a in root.iter(f"{S}a"):
        if a.get(XHREF) is not None:
            a.set("target", "_top")
    title = ET.Element(f"{S}title", {"id": title_id})
    title.text = title_text
    desc = ET.Element(f"{S}desc", {"id": desc_id})
    desc.text = desc_text
    style = ET.Element(f"{S}style")
    style.text = "\n" + STANDALONE_CSS
    for pos, el in enumerate((title, desc, style)):
        el.tail = "\n"
        root.insert(pos, el)
    root.text = "\n"
    root.set("class", "pw-diagram")
    root.set("role", "graphics-document document")
    root.set("aria-labelledby", title_id)
    root.set("aria-describedby", desc_id)
    root.set("lang", flow.language)
    body = serialize(root)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body + "\n").encode("utf-8")
