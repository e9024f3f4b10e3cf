"""Flow model to decision diagram: DOT text, SVG and PDF files, inline SVG and a text equivalent.

* :func:`dot_source` is pure: it builds DOT text with the ``graphviz`` package's quoting and
  never starts a process. Node names are the node ids (already slugs), so nothing can be
  read as a port. Every label goes through :func:`graphviz.escape` and is
  marked ``nohtml``: a label can never become an HTML-like label, a record field, an escape
  such as ``\\N`` or a new statement. We use plain ``escString`` labels, not HTML-like
  labels, so Graphviz's own escaping is the only quoting rule involved.
* :func:`diagram_files` renders through :mod:`build_tools.graphviz_backend` (the only place
  a process is started) and post-processes the SVG: a ``<title>`` and ``<desc>`` first,
  colours taken from CSS (``currentColor`` and custom properties, light and dark), links
  that open in the top window.
* :func:`inline_svg` adapts that SVG for one generated page; :data:`DIAGRAM_CSS` styles it
  with Material's palette variables and has print rules.
* :func:`text_equivalent` writes, from the same model, a Markdown list carrying everything
  the chart does. All YAML text in it goes through :func:`build_tools.markup.inline`.

Colour is never the only signal: steps are rectangles, questions hexagons, end points
rounded rectangles with a double border, the start has a thick border, and "Not sure"
answers are dashed arrows.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
from markupsafe import Markup

from build_tools import graphviz_backend, ids, markup
from build_tools.errors import InternalError
from build_tools.kinds import KINDS, LABELS
from build_tools.model import Edge, Flow, edges, reading_order

NODE_WRAP = 26
EDGE_WRAP = 22
TITLE_WRAP = 60
#: Drawing at most 7.2 x 9.9 inches. Cairo adds 0.5 inch PDF margins, so a page is at most
#: 8.2 x 10.9 inches (590 x 785 pt): inside both A4 (595 x 842 pt) and Letter (612 x 792 pt).
#: (An explicit ``margin`` would also shift the SVG viewBox in Graphviz 2.43, so none is set.)
PAGE_SIZE = "7.2,9.9"
FONT = "Helvetica,Arial,sans-serif"


KEY_SENTENCE = ("Steps are rectangles, questions are hexagons and end points are rounded "
                "rectangles with a double border. The start has a thick border. Arrows carry "
                "the answers; dashed arrows are 'Not sure' answers. Each box links to its page.")

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_S = f"{{{_SVG_NS}}}"
_XHREF = f"{{{_XLINK_NS}}}href"
_XTITLE = f"{{{_XLINK_NS}}}title"
ET.register_namespace("", _SVG_NS)
ET.register_namespace("xlink", _XLINK_NS)


# --------------------------------------------------------------------------- model helpers

def _slug(value: str, what: str) -> str:
    if not ids.is_slug(value):
        raise InternalError(f"{what} {value!r} is not a slug; validate the flow before rendering it")
    return value


def _plain(text: str) -> str:
    """YAML text as one line: control characters replaced, whitespace runs collapsed."""
    return " ".join(markup.clean(text).split())


def _escape(text: str) -> str:
    """Graphviz escaping, plus ``&``: Graphviz reads ``&amp;``/``&#60;`` in any label as entities."""
    return graphviz.escape(text.replace("&", "&amp;"))


def _label(text: str, width: int) -> graphviz.nohtml:
    """Wrapped, escaped label text; lines joined by DOT's centred line break ``\\n``."""
    lines = textwrap.wrap(_plain(text), width=width, break_long_words=True) or [""]
    return graphviz.nohtml("\\n".join(_escape(line) for line in lines))


# One reading order for the chart, its text equivalent and the pages.
flow_order = reading_order


def _edges(flow: Flow) -> list[Edge]:
    """Every arrow, in drawing order (the reading order of their source nodes)."""
    return edges(flow, flow_order(flow))


def _dom_id(flow_id: str, part: str) -> str:
    # "--" never occurs inside a slug, so these ids cannot clash across flows or with headings.
    return f"pw-{flow_id}--{part}"


# --------------------------------------------------------------------------- URLs

def relative_url(target: str, from_url: str) -> str:
    """Link from the page or file at site URL ``from_url`` to the site URL ``target``."""
    base_dir = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    rel = posixpath.relpath(target.rstrip("/") or ".", base_dir or ".")
    return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)


def node_url(flow_id: str, node_id: str, *, from_url: str) -> str:
    return relative_url(ids.page_url(ids.node_page(flow_id, node_id)), from_url)


# --------------------------------------------------------------------------- DOT

def dot_source(flow: Flow) -> str:
    """The flow as DOT text. Pure and deterministic: same flow, same bytes."""
    fid = _slug(flow.id, "the flow id")
    svg_url = ids.diagram_file(fid, "svg")
    nodes = flow.node_map()
    reviewed = flow.review.last_reviewed.isoformat()

    g = graphviz.Digraph(name=fid)
    title_lines = textwrap.wrap(_plain(flow.title), width=TITLE_WRAP) or [""]
    graph_label = "\\n".join([*(_escape(line) for line in title_lines),
                              _escape(f"Last reviewed {reviewed}")])
    g.attr("graph", _attributes={
        "id": _dom_id(fid, "graph"),
        "label": graphviz.nohtml(graph_label),
        "labelloc": "t",
        "fontname": FONT,
        "fontsize": "16",
        "rankdir": "TB",
        "size": PAGE_SIZE,
        "nodesep": "0.3",
        "ranksep": "0.45",
    })
    g.attr("node", _attributes={"fontname": FONT, "fontsize": "12", "margin": "0.15,0.08",
                                "color": "black", "fontcolor": "black"})
    g.attr("edge", _attributes={"fontname": FONT, "fontsize": "11", "color": "black",
                                "fontcolor": "black", "arrowsize": "0.8"})

    for node in flow_order(flow):
        nid = _slug(node.id, "the node id")
        kind = node.kind
        classes = f"pw-{kind}" + (" pw-start" if nid == flow.start else "")
        attrs = {
            "id": _dom_id(fid, f"n-{nid}"),
            "class": classes,
            **KINDS[kind].shape,
            "fillcolor": KINDS[kind].print_fill,
            "URL": node_url(fid, nid, from_url=svg_url),
            "target": "_top",
        }
        if nid == flow.start:
            attrs["penwidth"] = "2.5"
        g.node(nid, label=_label(node.title, NODE_WRAP), _attributes=attrs)

    for i, edge in enumerate(_edges(flow), start=1):
        src, dst, answer, unsure = edge.source, edge.target, edge.answer, edge.unsure
        if dst not in nodes:
            raise InternalError(f"node {src!r} leads to unknown node {dst!r}; validate the flow first")
        attrs = {"id": _dom_id(fid, f"e{i}"),
                 "class": "pw-answer pw-not-sure" if unsure else ("pw-answer" if answer else "pw-next")}
        if unsure:
            attrs["style"] = "dashed"
        g.edge(_slug(src, "the node id"), _slug(dst, "the node id"),
               label=_label(answer.label, EDGE_WRAP) if answer is not None else None, _attributes=attrs)
    return g.source


# --------------------------------------------------------------------------- SVG post-processing

_STYLE_RULES = """
.pw-bg{fill:var(--pw-bg)}
.node :is(polygon,path,ellipse){fill:var(--pw-bg);stroke:var(--pw-fg)}
.node.pw-question :is(polygon,path){fill:var(--pw-question);stroke:var(--pw-accent)}
.node.pw-outcome :is(polygon,path){fill:var(--pw-outcome)}
.node.pw-outcome path+path{fill:none}
.edge :is(path,polyline){stroke:var(--pw-edge);fill:none}
.edge polygon{fill:var(--pw-edge);stroke:var(--pw-edge)}
text{fill:var(--pw-fg)}
a:is(:hover,:focus) :is(polygon,path){stroke-width:3px}
a:focus-visible :is(polygon,path){stroke:var(--pw-focus);stroke-width:4px}
a:is(:hover,:focus-visible) text{text-decoration:underline}
"""

_STANDALONE_VARS = """
:root{--pw-fg:#1b1b1f;--pw-bg:#ffffff;--pw-edge:#44444c;--pw-accent:#2a56c6;--pw-question:#eaf0fd;--pw-outcome:#f1f1f3;--pw-focus:#c2410c;color:var(--pw-fg);background:var(--pw-bg)}
@media (prefers-color-scheme:dark){:root{--pw-fg:#e8e8ee;--pw-bg:#1e2129;--pw-edge:#b8bcc8;--pw-accent:#8fb0ff;--pw-question:#283352;--pw-outcome:#2c303a;--pw-focus:#ffb366}}
@media print{:root{--pw-fg:#000;--pw-bg:#fff;--pw-edge:#000;--pw-accent:#000;--pw-question:#eee;--pw-outcome:#fff}}
"""


def _scoped(rules: str, scope: str) -> str:
    return "\n".join(f"{scope} {line}" for line in rules.strip().splitlines())


#: CSS for diagrams shown inside site pages: Material's palette variables, with fallbacks,
#: and print rules. Write it to the site's extra CSS (docs file ``assets/pathway-diagram.css``).
#: The inline ``<svg>`` has class ``pw-diagram``; its wrapper may be ``<figure class="pw-diagram">``
#: or ``<figure class="pw-figure">``.
_VARS = ("--pw-fg:var(--md-default-fg-color,#1b1b1f);"
         "--pw-bg:var(--md-default-bg-color,#fff);"
         "--pw-edge:var(--md-default-fg-color--light,#44444c);"
         "--pw-accent:var(--md-accent-fg-color,#2a56c6);"
         "--pw-question:var(--md-accent-fg-color--transparent,rgba(42,86,198,.1));"
         "--pw-outcome:var(--md-default-fg-color--lightest,rgba(0,0,0,.07));"
         "--pw-focus:var(--md-accent-fg-color,#c2410c);")
_PRINT_VARS = "--pw-fg:#000;--pw-bg:#fff;--pw-edge:#000;--pw-accent:#000;--pw-question:#eee;--pw-outcome:#fff;"
DIAGRAM_CSS = "\n".join([
    "/* Pathway decision diagrams (generated by build_tools.render_diagram). */",
    f".pw-diagram{{{_VARS}color:var(--pw-fg)}}",
    "svg.pw-diagram{display:block;width:100%;height:auto;margin:0 auto;overflow:visible}",
    "figure.pw-diagram,.pw-figure{margin:1em 0;overflow-x:auto}",
    # On a phone the whole chart would shrink below a readable text size: keep it at least
    # 36rem wide and let the figure scroll sideways (its links keep it keyboard-reachable).
    "@media screen and (max-width:44.9375em){svg.pw-diagram{min-width:36rem}}",
    _scoped(_STYLE_RULES, "svg.pw-diagram"),
    "@media print{",
    f".pw-diagram{{{_PRINT_VARS}color:#000}}",
    "svg.pw-diagram{max-width:100%!important;max-height:24cm}",
    "figure.pw-diagram,.pw-figure{overflow:visible;break-inside:avoid;page-break-inside:avoid}",
    "}",
    "",
])

STANDALONE_CSS = _STANDALONE_VARS.strip() + "\n" + _STYLE_RULES.strip() + "\n"


def _svg_text(flow: Flow) -> tuple[str, str]:
    summary = _plain(flow.summary)
    summary = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", summary)
    return f"Flowchart: {_plain(flow.title)}", f"{summary} {KEY_SENTENCE}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _recolour(root: ET.Element) -> None:
    """Replace Graphviz's hard-coded colours by ``currentColor``/``none``; CSS adds the rest."""
    for group in root.iter(f"{_S}g"):
        cls = group.get("class", "").split()
        if "graph" in cls:
            for child in group:
                if _local(child.tag) == "polygon" and child.get("stroke") == "transparent":
                    child.set("class", "pw-bg")
                    child.set("fill", "none")
                    child.set("stroke", "none")
    for el in root.iter():
        name = _local(el.tag)
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


def _titles(root: ET.Element, flow: Flow) -> None:
    """Human titles and tooltips for node and edge groups instead of Graphviz's internal names.

    Tooltips are set here rather than with DOT's ``tooltip``: Graphviz 2.43 expands ``\\N``,
    ``\\G`` and ``\\L`` in tooltips even when the backslash is escaped.
    """
    fid = flow.id
    nodes = flow.node_map()
    by_id = {_dom_id(fid, f"n-{n.id}"): f"{LABELS[n.kind]}: {_plain(n.title)}" for n in flow.nodes}
    for i, edge in enumerate(_edges(flow), start=1):
        text = f"From '{_plain(nodes[edge.source].title)}'"
        if edge.answer is not None:
            text += f", answer '{_plain(edge.answer.label)}'"
        by_id[_dom_id(fid, f"e{i}")] = f"{text}, go to '{_plain(nodes[edge.target].title)}'"
    for group in root.iter(f"{_S}g"):
        gid = group.get("id", "")
        cls = group.get("class", "").split()
        title = group.find(f"{_S}title")
        if title is None:
            continue
        if "graph" in cls:
            group.remove(title)
        elif gid in by_id:
            title.text = by_id[gid]
            for a in group.iter(f"{_S}a"):
                a.set(_XTITLE, by_id[gid])


def _parse(svg: bytes) -> ET.Element:
    # The SVG is Graphviz's own output (or ours); expat never fetches the external DTD.
    return ET.fromstring(svg)


def _serialize(root: ET.Element) -> str:
    text = ET.tostring(root, encoding="unicode")
    return re.sub(r"\n\s*\n", "\n", text)


def standalone_svg(raw: bytes, flow: Flow) -> bytes:
    """Graphviz's SVG made accessible, CSS-coloured (light and dark) and safe to embed."""
    root = _parse(raw)
    fid = flow.id
    title_text, desc_text = _svg_text(flow)
    title_id, desc_id = _dom_id(fid, "title"), _dom_id(fid, "desc")
    _titles(root, flow)
    _recolour(root)
    for a in root.iter(f"{_S}a"):
        if a.get(_XHREF) is not None:
            a.set("target", "_top")
    title = ET.Element(f"{_S}title", {"id": title_id})
    title.text = title_text
    desc = ET.Element(f"{_S}desc", {"id": desc_id})
    desc.text = desc_text
    style = ET.Element(f"{_S}style")
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
    body = _serialize(root)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n' + body + "\n").encode("utf-8")


def diagram_files(flow: Flow, *, cache_dir: Path | None) -> dict[str, bytes]:
    """The published diagram files, keyed by site path: ``diagrams/<flow-id>.svg`` and ``.pdf``."""
    dot = dot_source(flow)
    svg = standalone_svg(graphviz_backend.render(dot, "svg", cache_dir=cache_dir), flow)
    pdf = graphviz_backend.render(dot, "pdf", cache_dir=cache_dir)
    return {ids.diagram_file(flow.id, "svg"): svg, ids.diagram_file(flow.id, "pdf"): pdf}


# --------------------------------------------------------------------------- inline SVG

_DROP_ELEMENTS = {"script", "foreignObject", "style", "iframe", "object", "embed", "image", "use"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def inline_svg(svg: bytes, *, page_docs_path: str, flow_id: str) -> Markup:
    """The standalone SVG adapted for a generated Markdown page at ``page_docs_path``.

    No prolog, comments or blank lines (it sits in a raw HTML block); links rewritten to
    resolve from the page's directory URL; no fixed size (scales to a phone, never beyond
    its natural width); no ``<style>`` (page CSS is :data:`DIAGRAM_CSS`).
    """
    fid = _slug(flow_id, "the flow id")
    root = _parse(svg)
    svg_url = ids.diagram_file(fid, "svg")
    page_url = ids.page_url(page_docs_path)

    def prune(parent: ET.Element) -> None:
        for child in list(parent):
            if not isinstance(child.tag, str) or _local(child.tag) in _DROP_ELEMENTS:
                parent.remove(child)
            else:
                prune(child)

    prune(root)
    for el in root.iter():
        for name in list(el.attrib):
            local = _local(name)
            if local.lower().startswith("on") or local == "target":
                del el.attrib[name]
        href = el.attrib.pop(_XHREF, None) or el.attrib.pop("href", None)
        if href is not None:
            if _SCHEME.match(href) or href.startswith(("/", "#", "\\")):
                continue  # never expected from our own SVG: drop the link rather than guess
            site_path = posixpath.normpath(posixpath.join(posixpath.dirname(svg_url), href))
            if href.endswith("/"):
                site_path += "/"
            el.set("href", relative_url(site_path, page_url))
    width = root.attrib.pop("width", "")
    root.attrib.pop("height", None)
    if width.endswith("pt"):
        root.set("style", f"max-width:{width}")
    text = _serialize(root)
    return Markup(text.strip())


# --------------------------------------------------------------------------- text equivalent

def text_equivalent(flow: Flow, *, page_docs_path: str) -> Markup:
    """Markdown list carrying everything the chart does, with links to every node's page."""
    nodes = flow.node_map()
    order = flow_order(flow)
    number = {n.id: i for i, n in enumerate(order, start=1)}

    def link(node_id: str) -> str:
        target = ids.relative(page_docs_path, ids.node_page(flow.id, node_id))
        node = nodes[node_id]
        return f"[{markup.inline(node.title)}]({target}) (item {number[node_id]})"

    lines: list[str] = []
    for i, node in enumerate(order, start=1):
        kind = LABELS[node.kind]
        start = " Start here." if node.id == flow.start else ""
        lines.append(f"{i}. **{kind}:** {link(node.id)}.{start}")
        for edge in node.edges():
            if edge.answer is None:
                lines.append(f"    - Then go to: {link(edge.target)}")
            else:
                lines.append(f"    - Answer “{markup.inline(edge.answer.label)}”: go to {link(edge.target)}")
        if KINDS[node.kind].ends:
            lines.append("    - This is an end point of the flowchart.")
    return Markup("\n".join(lines))
