"""The flow as DOT text: pure, deterministic, and quoted by the ``graphviz`` package.

:func:`dot_source` never starts a process. Node names are the node ids (already slugs), so
nothing can be read as a port. Every label goes through :func:`graphviz.escape` and is
marked ``nohtml``: a label can never become an HTML-like label, a record field, an escape
such as ``\\N`` or a new statement. We use plain ``escString`` labels, not HTML-like
labels, so Graphviz's own escaping is the only quoting rule involved.

* **Taller, not wider.** Labels wrap at :data:`NODE_WRAP`/:data:`EDGE_WRAP` characters
  (:mod:`.labels`), so fan-outs of four or five answers stay about 1,000 px wide; people
  scroll down easily.
* **Phones: the start at the top left.** The main path (:func:`main_path`: the start, then
  each first answer) is kept as one straight column with Graphviz ``group`` and heavy
  edges; for both real flows it ends up at the left edge, so the first screen of a phone
  shows the start with no sideways scrolling (:mod:`.mirror` handles the other case).
* **Languages.** The title's "Last reviewed" comes from the flow's catalogue
  (:mod:`build_tools.core.i18n`); labels are drawn in :func:`.labels.font_for`'s font.
* **Right to left** (Arabic, Hebrew, Persian, Urdu: :func:`build_tools.core.i18n.direction`).
  The chart reads the way its page does: down, then from right to left. Rows still run top
  to bottom (sideways charts get wide, and people scroll down easily, sideways reluctantly),
  but within a row a node's first answer is drawn rightmost (``ordering=out``, each node's
  arrows given in reverse), so the main path runs down the right edge and the start is at
  the top right: where a right-to-left reader looks first, and what a phone shows first,
  since a right-to-left page's scroller opens at its right edge. The title stands at the
  top right. The SVG and the PDF come from the same DOT, so both read this way
  (:mod:`.mirror` turns its rule around; :mod:`.standalone` marks the text right to left).
  The review date is written as the language writes it: an ISO date inside right-to-left
  text is reordered by the Unicode bidi algorithm (after Arabic letters its numbers are
  Arabic numbers, which a hyphen does not join), so it would show as 28-11-2026.
"""

from __future__ import annotations

import posixpath

import graphviz

from build_tools.core import i18n, ids
from build_tools.core.errors import InternalError
from build_tools.core.markup import one_line
from build_tools.outputs.diagram.labels import font_for, wrap
from build_tools.source.kinds import kind_of
from build_tools.source.model import Edge, Flow, edges, reading_order

#: Characters per line of a box's label and of an answer on an arrow. Narrow labels make a
#: chart taller rather than wider: people scroll down easily, sideways reluctantly.
NODE_WRAP = 16
EDGE_WRAP = 13
TITLE_WRAP = 40
#: Label size in layout points. On screen one layout point is drawn as one CSS pixel
#: (:mod:`.inline`), so labels are 14 px on every screen (body text is 16 px).
LABEL_FONT = 14
TITLE_FONT = 18

# One reading order for the chart, its text equivalent and the pages.
flow_order = reading_order


def right_to_left(flow: Flow) -> bool:
    """The flow's language is written right to left: the chart reads from the top right."""
    return i18n.direction(flow.language) == "rtl"


def checked_slug(value: str, what: str) -> str:
    """``value``, which must be a slug (validate runs first; this is the last wall)."""
    if not ids.is_slug(value):
        raise InternalError(f"{what} {value!r} is not a slug; validate the flow before rendering it")
    return value


def diagram_edges(flow: Flow) -> list[Edge]:
    """Every arrow, in drawing order (the reading order of their source nodes)."""
    return edges(flow, flow_order(flow))


def main_path(flow: Flow) -> list[str]:
    """The start, then from each node its first way on, until an end point.

    The chart draws this path as one straight column down its left edge, so the start is at
    the top left: the first thing a phone shows, with no sideways scrolling.
    """
    first: dict[str, str] = {}
    for edge in diagram_edges(flow):
        first.setdefault(edge.source, edge.target)
    path, node = [], flow.start
    while node is not None and node not in path:
        path.append(node)
        node = first.get(node)
    return path


def dom_id(flow_id: str, part: str) -> str:
    """The id of a part of the chart (``graph``, ``n-<node>``, ``e<n>``, ``title``) in the SVG."""
    # "--" never occurs inside a slug, so these ids cannot clash across flows or with headings.
    return f"pw-{flow_id}--{part}"


def relative_url(target: str, from_url: str) -> str:
    """Link from the page or file at site URL ``from_url`` to the site URL ``target``."""
    base_dir = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    rel = posixpath.relpath(target.rstrip("/") or ".", base_dir or ".")
    return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)


def node_url(flow_id: str, node_id: str, *, from_url: str) -> str:
    return relative_url(ids.page_url(ids.node_page(flow_id, node_id)), from_url)


def escape(text: str) -> str:
    """Graphviz escaping, plus ``&``: Graphviz reads ``&amp;``/``&#60;`` in any label as entities."""
    return graphviz.escape(text.replace("&", "&amp;"))


def label(text: str, width: int) -> graphviz.nohtml:
    """Wrapped (:func:`.labels.wrap`), escaped label text; lines joined by DOT's centred line break ``\\n``."""
    lines = wrap(one_line(text), width) or [""]
    return graphviz.nohtml("\\n".join(escape(line) for line in lines))


def dot_source(flow: Flow, *, viewport: str | None = None, link_base: str | None = None) -> str:
    """The flow as DOT text. Pure and deterministic: same flow, same bytes.

    Without ``viewport`` the drawing is at its natural size (the SVG). The PDF passes a
    Graphviz ``viewport`` (width, height, zoom, centre): one page's window on the same layout.
    With ``link_base`` (the site's ``site_url``) each box links to its page's full address:
    the PDF leaves the site, so its links must not be relative. The layout is the same.
    """
    fid = checked_slug(flow.id, "the flow id")
    svg_url = ids.diagram_file(fid, "svg")
    nodes = flow.node_map()
    reviewed = flow.review.last_reviewed.isoformat()
    spine = main_path(flow)
    on_spine = set(spine)
    order_of = {n.id: i for i, n in enumerate(flow_order(flow))}

    g = graphviz.Digraph(name=fid)
    _ = i18n.gettext(flow.language)
    font = font_for(flow.language)
    rtl = right_to_left(flow)
    title_lines = wrap(one_line(flow.title), TITLE_WRAP) or [""]
    date = i18n.format_date(flow.review.last_reviewed, flow.language) if rtl else reviewed
    graph_label = "\\n".join([*(escape(line) for line in title_lines),
                              escape(_("Last reviewed %(date)s", date=date))])
    graph_attrs = {
        "id": dom_id(fid, "graph"),
        "label": graphviz.nohtml(graph_label),
        "labelloc": "t",
        "labeljust": "r" if rtl else "l",
        "fontname": font,
        "fontsize": str(TITLE_FONT),
        "rankdir": "TB",
        "nodesep": "0.25",
        "ranksep": "0.45",
    }
    if rtl:  # each node's ways out drawn in the order given: reversed below, so right to left
        graph_attrs["ordering"] = "out"
    if viewport is not None:
        graph_attrs["viewport"] = viewport
    g.attr("graph", _attributes=graph_attrs)
    g.attr("node", _attributes={"fontname": font, "fontsize": str(LABEL_FONT), "margin": "0.15,0.08",
                                "color": "black", "fontcolor": "black"})
    g.attr("edge", _attributes={"fontname": font, "fontsize": str(LABEL_FONT), "color": "black",
                                "fontcolor": "black", "arrowsize": "0.8"})

    for node in flow_order(flow):
        nid = checked_slug(node.id, "the node id")
        kind = kind_of(node)
        classes = f"pw-{kind.name}" + (" pw-start" if nid == flow.start else "")
        attrs = {
            "id": dom_id(fid, f"n-{nid}"),
            "class": classes,
            **kind.shape,
            "fillcolor": kind.print_fill,
            "URL": (link_base.rstrip("/") + "/" + ids.page_url(ids.node_page(fid, nid))
                    if link_base else node_url(fid, nid, from_url=svg_url)),
            "target": "_top",
        }
        if nid == flow.start:
            attrs["penwidth"] = "2.5"
        if nid in on_spine:  # with the heavy edges below: one straight column at the left
            attrs["group"] = "main"
        g.node(nid, label=label(node.title, NODE_WRAP), _attributes=attrs)
    spine_edges = set(zip(spine, spine[1:]))

    numbered = list(enumerate(diagram_edges(flow), start=1))  # ids keep the reading order
    if rtl:  # a node's first answer drawn rightmost, its main path at the right edge
        numbered.sort(key=lambda pair: (order_of[pair[1].source], -pair[0]))
    for i, edge in numbered:
        src, dst, answer, unsure = edge.source, edge.target, edge.answer, edge.unsure
        if dst not in nodes:
            raise InternalError(f"node {src!r} leads to unknown node {dst!r}; validate the flow first")
        attrs = {"id": dom_id(fid, f"e{i}"),
                 "class": "pw-answer pw-not-sure" if unsure else ("pw-answer" if answer else "pw-next")}
        if unsure:
            attrs["style"] = "dashed"
        if (src, dst) in spine_edges:
            spine_edges.discard((src, dst))  # only the first of parallel arrows
            attrs["weight"] = "50"
        g.edge(checked_slug(src, "the node id"), checked_slug(dst, "the node id"),
               label=label(answer.label, EDGE_WRAP) if answer is not None else None, _attributes=attrs)
    return g.source
