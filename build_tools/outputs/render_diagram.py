"""Flow model to decision diagram: DOT text, SVG and PDF files, inline SVG and a text equivalent.

* :func:`dot_source` is pure: it builds DOT text with the ``graphviz`` package's quoting and
  never starts a process. Node names are the node ids (already slugs), so nothing can be
  read as a port. Every label goes through :func:`graphviz.escape` and is
  marked ``nohtml``: a label can never become an HTML-like label, a record field, an escape
  such as ``\\N`` or a new statement. We use plain ``escString`` labels, not HTML-like
  labels, so Graphviz's own escaping is the only quoting rule involved.
* :func:`diagram_files` renders through :mod:`build_tools.outputs.graphviz_backend` (the only place
  a process is started) and post-processes the SVG: a ``<title>`` and ``<desc>`` first,
  colours taken from CSS (``currentColor`` and custom properties, light and dark), links
  that open in the top window.
* :func:`inline_svg` adapts that SVG for one generated page; :data:`DIAGRAM_CSS` styles it
  with Material's palette variables and has print rules.
* :func:`text_equivalent` writes, from the same model, a Markdown list carrying everything
  the chart does. All YAML text in it goes through :func:`build_tools.core.markup.inline`.

Colour is never the only signal: steps are rectangles, questions hexagons, end points
rounded rectangles with a double border, the start has a thick border, and "Not sure"
answers are dashed arrows.

Legible on a desktop, on a phone and on paper (issue 11). A chart shrunk to fit its column
is a thumbnail nobody can read (Material's ``figure { width: fit-content }`` once left every
chart 300 px wide with 4 px labels), so the size of the letters is fixed and the chart's
extent is what adapts:

* **Screen: one layout point per CSS pixel.** :func:`inline_svg` gives the SVG its natural
  width and height in pixels; labels are :data:`LABEL_FONT` (14) px on every screen, and a
  figure narrower than the chart scrolls sideways instead of shrinking it. The flowchart
  page hides Material's navigation and table of contents (front matter ``hide``), so at
  1280 px its full-width column fits both real charts without scrolling.
* **Taller, not wider.** Labels wrap at :data:`NODE_WRAP`/:data:`EDGE_WRAP` characters, so
  fan-outs of four or five answers stay about 1,000 px wide; people scroll down easily.
* **Phones: the start at the top left.** The main path (:func:`main_path`: the start, then
  each first answer) is kept as one straight column with Graphviz ``group`` and heavy
  edges; for both real flows it ends up at the left edge, so the first screen of a phone
  shows the start with no sideways scrolling. Where Graphviz puts that column right of
  centre instead, the SVG is mirrored (boxes and arrows, never letters); where the start is
  still beyond a 320 px phone's column, the figure opens scrolled to it
  (``scroll-initial-target``, Chromium; other browsers ignore it). A scroller's starting
  point cannot otherwise be chosen without JavaScript, so the layout does the work. Above
  the chart, "scroll it sideways" appears only when the chart is wider than its column:
  the wrapper carries the chart's width (``--pw-w``) and the cue's height is clamped to
  ``(chart width - 100cqw) * 100``, zero when it fits.
* **Print.** Pages with a chart print with 10 mm margins (a named ``@page``) and the chart
  as wide as the paper allows, at most one Letter page tall, never below
  :data:`PRINT_MIN_SCALE` of its screen size and never split; link underlines are off
  inside the chart. Labels print at about 9 pt on A4 and Letter.
* **The PDF file** (:func:`diagram_files`): Graphviz 2.43's cairo PDF is always one page (its
  ``page`` attribute paginates PostScript only), so the PDF is drawn page by page through
  ``viewport`` windows on one layout, cut between rows of boxes (:func:`pdf_viewports`)
  and joined without any other program (:func:`join_pdfs`). Pages fit both A4 and Letter;
  labels are never drawn below :data:`MIN_PDF_SCALE` of 14 pt, words at least 8 pt tall.
* **Languages** (issue 15). Every fixed word (the key sentence, "Flowchart: …", tooltips,
  the text equivalent, "Last reviewed") comes from the flow's catalogue
  (:mod:`build_tools.core.i18n`). Chinese and Japanese have no spaces between words, so labels
  wrap by display width (:func:`wrap`): a wide character (East Asian Width W or F) counts
  two columns, a line holds as many columns as an English one (8 Chinese characters in a
  box, about the width of 16 Latin letters) and never more than :data:`CJK_MAX_COLUMNS`,
  breaking between characters but never before closing or after opening punctuation.
  Text with no wide character wraps exactly as before (``textwrap``), so English DOT and
  SVG are unchanged. Those flows name a CJK font (:func:`font_for`: Noto Sans CJK, Debian's
  ``fonts-noto-cjk``, which ``make site`` installs) before the generic family, so Graphviz
  measures and the PDF embeds real glyphs: its text is extractable.
* **You are here.** Every node page links to ``flowchart/#pw-<flow>--n-<node>``, the node's
  group in the inline SVG; ``:target`` gives that box a thick orange border and a yellow
  fill, the page scrolls to it, and a sentence above the chart says what it means.
"""

from __future__ import annotations

import posixpath
import re
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
from markupsafe import Markup

from build_tools.outputs import graphviz_backend
from build_tools.core import i18n, ids, markup
from build_tools.core.errors import InternalError
from build_tools.source.kinds import KINDS, LABELS
from build_tools.source.model import Edge, Flow, edges, reading_order

#: Characters per line of a box's label and of an answer on an arrow. Narrow labels make a
#: chart taller rather than wider: people scroll down easily, sideways reluctantly.
NODE_WRAP = 16
EDGE_WRAP = 13
TITLE_WRAP = 40
#: Label size in layout points. On screen one layout point is drawn as one CSS pixel
#: (:func:`inline_svg`), so labels are 14 px on every screen (body text is 16 px).
LABEL_FONT = 14
TITLE_FONT = 18
#: Drawing at most 7.2 x 9.9 inches. Cairo adds 0.5 inch PDF margins, so a page is at most
#: 8.2 x 10.9 inches (590 x 785 pt): inside both A4 (595 x 842 pt) and Letter (612 x 792 pt).
#: (An explicit ``margin`` would also shift the SVG viewBox in Graphviz 2.43, so none is set.)
PAGE_SIZE = "7.2,9.9"
PAGE_POINTS = tuple(float(v) * 72 for v in PAGE_SIZE.split(","))
#: The PDF never draws labels smaller than this share of their size: 14 pt x 0.5 = 7 pt
#: letters, whose words measure 8.1 pt tall (DejaVu Sans: ascent + descent = 1.163 em).
MIN_PDF_SCALE = 0.5
FONT = "Helvetica,Arial,sans-serif"


KEY_SENTENCE = i18n.N_("Steps are rectangles, questions are hexagons and end points are rounded "
                       "rectangles with a double border. The start has a thick border. Arrows carry "
                       "the answers; dashed arrows are 'Not sure' answers. Each box links to its page.")

#: A line of wide (CJK) characters is never wider than this many columns (12 characters).
CJK_MAX_COLUMNS = 24
#: Fonts with CJK glyphs (Debian's fonts-noto-cjk), by script or language, named before the
#: generic family so Graphviz measures with them and the PDF embeds them.
CJK_FONTS = {"Hans": "Noto Sans CJK SC", "Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
             "ko": "Noto Sans CJK KR"}
#: Punctuation that never starts a line, and that never ends one (CJK line breaking).
_NO_START = set("，。、；：？！）」』》〉】〕…—％,.;:?!)]}'\"")
_NO_END = set("（「『《〈【〔([{")

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


def columns(text: str) -> int:
    """Display width: East Asian wide and fullwidth characters count two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns.

    Text without wide characters wraps as it always has (``textwrap``, words kept whole,
    "Rotationplasty" on an arrow, unless one is absurdly long). Text with them (Chinese,
    Japanese) breaks between characters too, at most :data:`CJK_MAX_COLUMNS` columns a line.
    """
    if all(columns(ch) == 1 for ch in text):
        lines = textwrap.wrap(text, width=width, break_long_words=False)
        if any(len(line) > 2 * width for line in lines):
            lines = textwrap.wrap(text, width=width, break_long_words=True)
        return lines
    width = min(width, CJK_MAX_COLUMNS)
    # Units that are never split: a run of narrow characters (a Latin word, a number), or
    # one wide character; closing punctuation joins the unit before it, opening the one after.
    units: list[str] = []
    pending = ""
    space_before: list[bool] = []
    gap = False
    for part in re.findall(r"\s+|[^\s]", text):
        if part.isspace():
            gap = True
            continue
        wide = columns(part) == 2
        joins_narrow = (not wide and units and not gap and columns(units[-1][-1]) == 1
                        and part not in _NO_END and not pending)
        if part in _NO_START and units and not pending:
            units[-1] += part
        elif joins_narrow:
            units[-1] += part
        elif part in _NO_END:
            pending += part
            continue
        else:
            units.append(pending + part)
            space_before.append(gap)
            pending = ""
        gap = False
    if pending:
        units.append(pending)
        space_before.append(gap)
    # Greedy filling leaves an orphan ("情" alone on the last line): take the narrowest
    # width that needs no more lines than the full width does, so the lines are balanced.
    best = _fill(units, space_before, width)
    for narrower in range(width - 1, 1, -1):
        lines = _fill(units, space_before, narrower)
        if len(lines) > len(best):
            break
        best = lines
    return best


def _fill(units: list[str], space_before: list[bool], width: int) -> list[str]:
    """Greedy line filling of unbreakable units, at most ``width`` columns a line."""
    lines: list[str] = []
    line = ""
    for unit, spaced in zip(units, space_before):
        while columns(unit) > width:  # a long Latin word: cut it
            cut = next(i for i in range(len(unit), 0, -1) if columns(unit[:i]) <= width)
            if line:
                lines.append(line)
                line = ""
            lines.append(unit[:cut])
            unit = unit[cut:]
        candidate = line + (" " if spaced and line else "") + unit
        if not line or columns(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = unit
    if line:
        lines.append(line)
    return lines


def font_for(language: str) -> str:
    """The DOT ``fontname`` for labels in ``language``: a CJK font first for CJK languages."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(language.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return FONT
    cjk = CJK_FONTS.get(loc.language) or (CJK_FONTS.get(loc.script or "Hans") if loc.language == "zh" else None)
    return f"{cjk},{FONT}" if cjk else FONT


def _label(text: str, width: int) -> graphviz.nohtml:
    """Wrapped (:func:`wrap`), escaped label text; lines joined by DOT's centred line break ``\\n``."""
    lines = wrap(_plain(text), width) or [""]
    return graphviz.nohtml("\\n".join(_escape(line) for line in lines))


# One reading order for the chart, its text equivalent and the pages.
flow_order = reading_order


def _edges(flow: Flow) -> list[Edge]:
    """Every arrow, in drawing order (the reading order of their source nodes)."""
    return edges(flow, flow_order(flow))


def main_path(flow: Flow) -> list[str]:
    """The start, then from each node its first way on, until an end point.

    The chart draws this path as one straight column down its left edge, so the start is at
    the top left: the first thing a phone shows, with no sideways scrolling.
    """
    first: dict[str, str] = {}
    for edge in _edges(flow):
        first.setdefault(edge.source, edge.target)
    path, node = [], flow.start
    while node is not None and node not in path:
        path.append(node)
        node = first.get(node)
    return path


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

def dot_source(flow: Flow, *, viewport: str | None = None, link_base: str | None = None) -> str:
    """The flow as DOT text. Pure and deterministic: same flow, same bytes.

    Without ``viewport`` the drawing is at its natural size (the SVG). The PDF passes a
    Graphviz ``viewport`` (width, height, zoom, centre): one page's window on the same layout.
    With ``link_base`` (the site's ``site_url``) each box links to its page's full address:
    the PDF leaves the site, so its links must not be relative. The layout is the same.
    """
    fid = _slug(flow.id, "the flow id")
    svg_url = ids.diagram_file(fid, "svg")
    nodes = flow.node_map()
    reviewed = flow.review.last_reviewed.isoformat()
    spine = main_path(flow)
    on_spine = set(spine)

    g = graphviz.Digraph(name=fid)
    _ = i18n.gettext(flow.language)
    font = font_for(flow.language)
    title_lines = wrap(_plain(flow.title), TITLE_WRAP) or [""]
    graph_label = "\\n".join([*(_escape(line) for line in title_lines),
                              _escape(_("Last reviewed %(date)s", date=reviewed))])
    graph_attrs = {
        "id": _dom_id(fid, "graph"),
        "label": graphviz.nohtml(graph_label),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": font,
        "fontsize": str(TITLE_FONT),
        "rankdir": "TB",
        "nodesep": "0.25",
        "ranksep": "0.45",
    }
    if viewport is not None:
        graph_attrs["viewport"] = viewport
    g.attr("graph", _attributes=graph_attrs)
    g.attr("node", _attributes={"fontname": font, "fontsize": str(LABEL_FONT), "margin": "0.15,0.08",
                                "color": "black", "fontcolor": "black"})
    g.attr("edge", _attributes={"fontname": font, "fontsize": str(LABEL_FONT), "color": "black",
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
            "URL": (link_base.rstrip("/") + "/" + ids.page_url(ids.node_page(fid, nid))
                    if link_base else node_url(fid, nid, from_url=svg_url)),
            "target": "_top",
        }
        if nid == flow.start:
            attrs["penwidth"] = "2.5"
        if nid in on_spine:  # with the heavy edges below: one straight column at the left
            attrs["group"] = "main"
        g.node(nid, label=_label(node.title, NODE_WRAP), _attributes=attrs)
    spine_edges = set(zip(spine, spine[1:]))

    for i, edge in enumerate(_edges(flow), start=1):
        src, dst, answer, unsure = edge.source, edge.target, edge.answer, edge.unsure
        if dst not in nodes:
            raise InternalError(f"node {src!r} leads to unknown node {dst!r}; validate the flow first")
        attrs = {"id": _dom_id(fid, f"e{i}"),
                 "class": "pw-answer pw-not-sure" if unsure else ("pw-answer" if answer else "pw-next")}
        if unsure:
            attrs["style"] = "dashed"
        if (src, dst) in spine_edges:
            spine_edges.discard((src, dst))  # only the first of parallel arrows
            attrs["weight"] = "50"
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
#: and print rules. Written to the site's extra CSS (docs file ``assets/pathway-diagram.css``).
#: Markup (see the flowchart and overview templates): ``<div class="pw-chart" style="...">``
#: holding an optional ``<p class="pw-scroll-hint">`` and ``<figure class="pw-diagram">``
#: around the inline ``<svg class="pw-diagram">`` from :func:`inline_svg`.
_VARS = ("--pw-fg:var(--md-default-fg-color,#1b1b1f);"
         "--pw-bg:var(--md-default-bg-color,#fff);"
         "--pw-edge:var(--md-default-fg-color--light,#44444c);"
         "--pw-accent:var(--md-accent-fg-color,#2a56c6);"
         "--pw-question:var(--md-accent-fg-color--transparent,rgba(42,86,198,.1));"
         "--pw-outcome:var(--md-default-fg-color--lightest,rgba(0,0,0,.07));"
         "--pw-focus:var(--md-accent-fg-color,#c2410c);"
         "--pw-here:#b45309;--pw-here-bg:#fff1c2;")
_DARK_VARS = "--pw-here:#ffb366;--pw-here-bg:#4d3a00;"
_PRINT_VARS = ("--pw-fg:#000;--pw-bg:#fff;--pw-edge:#000;--pw-accent:#000;--pw-question:#eee;"
               "--pw-outcome:#fff;--pw-here:#000;--pw-here-bg:#fff;")
#: Printed, a chart is never drawn below this share of its screen size (labels 14 px x 0.7
#: = 7.35 pt letters, words about 8.5 pt tall), even if that makes it taller than a page.
PRINT_MIN_SCALE = 0.7
#: Printed, a chart starts a page and is at most this tall: a Letter page (279 mm) less
#: the 10 mm margins, less a little room.
PRINT_MAX_HEIGHT = "250mm"
DIAGRAM_CSS = "\n".join([
    "/* Pathway decision diagrams (generated by build_tools.outputs.render_diagram). */",
    f".pw-diagram,.pw-chart{{{_VARS}color:var(--pw-fg)}}",
    f"[data-md-color-scheme=slate] :is(.pw-diagram,.pw-chart){{{_DARK_VARS}}}",
    # Material gives figures `width: fit-content`, which left the SVG at 300 px. The chart is
    # drawn at its natural size instead, one layout point per CSS pixel (labels 14 px), and
    # the figure scrolls sideways when the chart is wider than the column.
    ".pw-chart{container-type:inline-size;margin:1em 0}",
    ".md-typeset figure.pw-diagram,figure.pw-diagram{display:block;width:auto;max-width:100%;"
    "margin:0;padding:0 0 .5em;overflow-x:auto;overflow-y:hidden;text-align:start}",
    ".md-typeset svg.pw-diagram,svg.pw-diagram{display:block;max-width:none;height:auto;margin:0;overflow:visible}",
    "figure.pw-diagram{position:relative}",
    # The figure is a focusable region (tabindex=0 in the templates) so a keyboard can scroll
    # a chart wider than the column; it shows where focus is.
    "figure.pw-diagram:focus-visible{outline:3px solid var(--pw-focus);outline-offset:2px}",
    ".pw-start-anchor{position:absolute;top:0;height:1px;pointer-events:none;scroll-initial-target:nearest}",
    # The scroll cue: shown only when the chart (--pw-w) is wider than its column (100cqw).
    ".pw-scroll-hint{margin:0!important;overflow:hidden;font-weight:700;"
    "max-height:clamp(0px,(var(--pw-w,0px) - 100cqw) * 100,8em)}",
    ".pw-scroll-hint::after{content:\" \\2192\"}",
    _scoped(_STYLE_RULES, "svg.pw-diagram"),
    # "You are here": a node page links to #<node's id> on the flowchart page.
    "svg.pw-diagram g.node{scroll-margin:9rem 2rem 2rem}",
    "svg.pw-diagram g.node:target :is(polygon,path){stroke:var(--pw-here);stroke-width:6px;fill:var(--pw-here-bg)}",
    "svg.pw-diagram g.node.pw-outcome:target path+path{fill:none}",
    # The sentence saying what the highlight means stays in view (under Material's header)
    # while the page is scrolled to the box.
    ".pw-here-note{display:none}",
    ".pw-chart:has(g.node:target) .pw-here-note{display:block;position:sticky;top:2.6rem;z-index:1;"
    "margin:0 0 .5em;padding:.4em .6em;background:var(--pw-here-bg);color:var(--pw-fg);"
    "border-left:.3rem solid var(--pw-here)}",
    # Printed, a page with a chart has narrow margins (Material's are 25 mm); the chart is
    # never split. (Chromium lays out every page at the first page's width, so the whole
    # document uses the named page, not just the chart.)
    "@page pw-chart{margin:10mm}",
    "@media print{",
    f".pw-diagram,.pw-chart{{{_PRINT_VARS}color:#000}}",
    "body:has(.pw-chart){page:pw-chart}",
    ".md-content__inner:has(.pw-chart){margin-left:0!important;margin-right:0!important}",
    ".pw-chart{break-inside:avoid;margin:0}",
    ".pw-scroll-hint,.pw-start-anchor{display:none}",
    ".md-typeset figure.pw-diagram,figure.pw-diagram{overflow:visible;padding:0}",
    # As wide as the page allows, at most natural size and one page tall, never below
    # PRINT_MIN_SCALE. The SVG sets --pw-w (its width) and --pw-ratio (width / height).
    ".md-typeset svg.pw-diagram,svg.pw-diagram{height:auto!important;max-width:100%!important;"
    f"width:max(min(100%,var(--pw-w),calc({PRINT_MAX_HEIGHT} * var(--pw-ratio))),"
    f"min(100%,calc(var(--pw-w) * {PRINT_MIN_SCALE})))!important}}",
    # The print style underlines every link; not the boxes of a chart.
    ".md-typeset svg.pw-diagram :is(a,text),svg.pw-diagram :is(a,text){text-decoration:none!important}",
    "}",
    "",
])

STANDALONE_CSS = _STANDALONE_VARS.strip() + "\n" + _STYLE_RULES.strip() + "\n"


def _svg_text(flow: Flow) -> tuple[str, str]:
    summary = _plain(flow.summary)
    summary = re.sub(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1", r"\2", summary)
    _ = i18n.gettext(flow.language)
    return _("Flowchart: %(title)s", title=_plain(flow.title)), f"{summary} {_(KEY_SENTENCE)}"


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
    _ = i18n.gettext(flow.language)
    by_id = {_dom_id(fid, f"n-{n.id}"): _("%(kind)s: %(title)s", kind=_(LABELS[n.kind]), title=_plain(n.title))
             for n in flow.nodes}
    for i, edge in enumerate(_edges(flow), start=1):
        source, target = _plain(nodes[edge.source].title), _plain(nodes[edge.target].title)
        if edge.answer is not None:
            text = _("From '%(source)s', answer '%(answer)s', go to '%(target)s'",
                     source=source, answer=_plain(edge.answer.label), target=target)
        else:
            text = _("From '%(source)s', go to '%(target)s'", source=source, target=target)
        by_id[_dom_id(fid, f"e{i}")] = text
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


_PAIR = re.compile(r"(-?[\d.]+),(-?[\d.]+)")


def _mirror_if_start_is_right(root: ET.Element, flow: Flow) -> bool:
    """Mirror the drawing left to right when the start box is in its right half.

    Graphviz keeps the main path straight but may put it at either edge; a phone shows the
    left edge first. Boxes, arrows and label positions are mirrored; letters are not, and
    the chart's title stays at the top left. Returns whether it mirrored.
    """
    graph = next((g for g in root.iter(f"{_S}g") if "graph" in g.get("class", "").split()), None)
    start = next((g for g in root.iter(f"{_S}g") if g.get("id") == _dom_id(flow.id, f"n-{flow.start}")), None)
    if graph is None or start is None:
        return False
    background = next((el for el in graph if _local(el.tag) == "polygon"), None)
    xs = [float(x) for x, _ in _PAIR.findall(background.get("points", ""))] if background is not None else []
    box = [float(x) for el in start.iter(f"{_S}polygon") for x, _ in _PAIR.findall(el.get("points", ""))]
    if not xs or not box:
        return False
    left, right = min(xs), max(xs)
    if (min(box) + max(box)) / 2 <= (left + right) / 2:
        return False

    def flip(x: str) -> str:
        return f"{left + right - float(x):.2f}"

    for el in graph.iter():
        name = _local(el.tag)
        if el is background or (name == "text" and el in list(graph)):
            continue  # the background is symmetric; the title stays at the top left
        if name in {"polygon", "polyline"} and el.get("points"):
            el.set("points", _PAIR.sub(lambda m: f"{flip(m.group(1))},{m.group(2)}", el.get("points")))
        elif name == "path" and el.get("d"):
            el.set("d", _PAIR.sub(lambda m: f"{flip(m.group(1))},{m.group(2)}", el.get("d")))
        elif name == "ellipse" and el.get("cx"):
            el.set("cx", flip(el.get("cx")))
        elif name == "text" and el.get("x"):
            el.set("x", flip(el.get("x")))
            anchor = el.get("text-anchor")
            if anchor in {"start", "end"}:
                el.set("text-anchor", "end" if anchor == "start" else "start")
    return True


def standalone_svg(raw: bytes, flow: Flow) -> bytes:
    """Graphviz's SVG made accessible, CSS-coloured (light and dark) and safe to embed."""
    root = _parse(raw)
    fid = flow.id
    title_text, desc_text = _svg_text(flow)
    title_id, desc_id = _dom_id(fid, "title"), _dom_id(fid, "desc")
    _mirror_if_start_is_right(root, flow)
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


def diagram_files(flow: Flow, *, cache_dir: Path | None, site_url: str | None = None) -> dict[str, bytes]:
    """The published diagram files, keyed by site path: ``diagrams/<flow-id>.svg`` and ``.pdf``.

    The PDF is the same layout cut into page-sized windows (:func:`pdf_viewports`), one
    ``dot`` run each, joined into one document (:func:`join_pdfs`). With ``site_url`` the
    PDF's links are full addresses (it is a file people download, print and pass on).
    """
    raw = graphviz_backend.render(dot_source(flow), "svg", cache_dir=cache_dir)
    svg = standalone_svg(raw, flow)
    pages = [graphviz_backend.render(dot_source(flow, viewport=vp, link_base=site_url), "pdf",
                                     cache_dir=cache_dir)
             for vp in pdf_viewports(raw)]
    pdf = pages[0] if len(pages) == 1 else join_pdfs(pages)
    return {ids.diagram_file(flow.id, "svg"): svg, ids.diagram_file(flow.id, "pdf"): pdf}


# --------------------------------------------------------------------------- PDF pages

def _view_box(root: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 0 0").split())
    return width, height


def _extents(root: ET.Element, height: float) -> list[tuple[float, float, float, float]]:
    """(left, top, right, bottom) in layout points of every box and every line of text."""
    graph = next(g for g in root.iter(f"{_S}g") if "graph" in g.get("class", "").split())
    m = re.search(r"translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)", graph.get("transform", ""))
    dx, dy = (float(m.group(1)), float(m.group(2))) if m else (0.0, height)
    out: list[tuple[float, float, float, float]] = []
    for el in graph.iter():
        name = _local(el.tag)
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
    root = _parse(raw_svg)
    width, height = _view_box(root)
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


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = re.compile(rb"(\d+) 0 R\b")


def _pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Every object of a (cairo) PDF with a classic cross-reference table, by number."""
    xref_at = int(pdf[pdf.rindex(b"startxref") + 9:].split()[0])
    table = pdf[xref_at:pdf.index(b"trailer", xref_at)].split(b"\n")
    offsets: dict[int, int] = {}
    number = 0
    for line in table[1:]:
        parts = line.split()
        if len(parts) == 2:
            number = int(parts[0])
        elif len(parts) == 3:
            m = _XREF_ENTRY.match(line.strip())
            if m and m.group(3) == b"n" and pdf.startswith(b"%d 0 obj" % number, int(m.group(1))):
                offsets[number] = int(m.group(1))
            number += 1
    starts = sorted(set(offsets.values())) + [xref_at]
    ends = {start: starts[i + 1] for i, start in enumerate(starts[:-1])}
    return {n: pdf[o:ends[o]].rstrip() for n, o in offsets.items()}


def join_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF whose pages are the single pages of ``pdfs``, in order (objects renumbered)."""
    objects: dict[int, bytes] = {}
    kids: list[int] = []
    info = b""
    base = 0
    for pdf in pdfs:
        parsed = _pdf_objects(pdf)

        def renumber(body: bytes, base: int = base) -> bytes:
            head, sep, stream = body.partition(b"stream\n")
            head = _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + base), head)
            head = re.sub(rb"^(\d+) 0 obj", lambda m: b"%d 0 obj" % (int(m.group(1)) + base), head)
            return head + sep + stream

        for n, body in parsed.items():
            if re.search(rb"/Type\s*/(Catalog|Pages)\b", body.partition(b"stream\n")[0]):
                continue
            if b"/Producer" in body and b"stream\n" not in body:
                info = info or re.sub(rb"^\d+ 0 obj", b"", body).rsplit(b"endobj", 1)[0].strip()
                continue
            body = renumber(body)
            if re.search(rb"/Type\s*/Page\b", body.partition(b"stream\n")[0]):
                kids.append(n + base)
            objects[n + base] = body
        base += max(parsed) + 1
    pages, catalog, info_no = base, base + 1, base + 2
    for n in kids:
        objects[n] = re.sub(rb"/Parent \d+ 0 R", b"/Parent %d 0 R" % pages, objects[n])
    objects[pages] = (b"%d 0 obj\n<< /Type /Pages /Kids [ " % pages
                      + b" ".join(b"%d 0 R" % k for k in kids)
                      + b" ] /Count %d >>\nendobj" % len(kids))
    objects[catalog] = b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj" % (catalog, pages)
    objects[info_no] = b"%d 0 obj\n%s\nendobj" % (info_no, info or b"<< >>")
    out = bytearray(b"%PDF-1.5\n%\xb5\xed\xae\xfb\n")
    where: dict[int, int] = {}
    for n in sorted(objects):
        where[n] = len(out)
        out += objects[n] + b"\n"
    xref_at = len(out)
    size = info_no + 1
    out += b"xref\n0 %d\n" % size
    for n in range(size):
        out += (b"%010d 00000 n \n" % where[n]) if n in where else b"0000000000 65535 f \n"
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, catalog, info_no, xref_at))
    return bytes(out)


# --------------------------------------------------------------------------- inline SVG

_DROP_ELEMENTS = {"script", "foreignObject", "style", "iframe", "object", "embed", "image", "use"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


#: The narrowest column a chart is shown in: a 320 px phone less Material's margins.
PHONE_COLUMN = 288


class InlineSvg(Markup):
    """The inline ``<svg>`` markup, plus its size in CSS pixels for the wrapper's style."""

    width: float = 0.0
    height: float = 0.0
    start: tuple[float, float] | None = None  # the start box's left and right, in pixels

    @property
    def start_anchor(self) -> Markup:
        """An empty mark over the start box, for the figure to open scrolled to it.

        ``scroll-initial-target`` (CSS Scroll Snap 2; Chromium 133+) makes the figure open
        scrolled to it, start box at the left edge. Only when the layout could not put the
        start within a 320 px phone's column (288 px); other browsers ignore it.
        """
        if self.start is None or self.start[1] <= PHONE_COLUMN:
            return Markup("")
        left, right = self.start
        left = max(0.0, left - 8)
        return Markup('<span class="pw-start-anchor" aria-hidden="true" '
                      f'style="left:{left:.0f}px;width:{max(right - left, 1):.0f}px"></span>')

    @property
    def chart_style(self) -> str:
        """``style`` for ``<div class="pw-chart">``: the width and ratio :data:`DIAGRAM_CSS` uses."""
        if self.width <= 0 or self.height <= 0:
            return ""
        return f"--pw-w:{self.width:.0f}px;--pw-ratio:{self.width / self.height:.4f}"

    @property
    def wide(self) -> bool:
        """Wider than a 320 px phone: the template adds the "scroll sideways" cue."""
        return self.width > PHONE_COLUMN


def inline_svg(svg: bytes, *, page_docs_path: str, flow_id: str) -> InlineSvg:
    """The standalone SVG adapted for a generated Markdown page at ``page_docs_path``.

    No prolog, comments or blank lines (it sits in a raw HTML block); links rewritten to
    resolve from the page's directory URL; drawn at one layout point per CSS pixel, with
    ``--pw-w`` and ``--pw-ratio`` for the print rules; no ``<style>`` (page CSS is
    :data:`DIAGRAM_CSS`).
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
            # xlink:href, which every engine leaves alone (Zensical rewrites a relative plain
            # href in raw HTML as if it were relative to the source file).
            el.set(_XHREF, relative_url(site_path, page_url))
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    width, height = _view_box(root)
    if width > 0 and height > 0:
        # One layout point per CSS pixel: labels are LABEL_FONT px on every screen.
        root.set("width", f"{width:.0f}")
        root.set("height", f"{height:.0f}")
        root.set("style", f"--pw-w:{width:.0f}px;--pw-ratio:{width / height:.4f}")
    out = InlineSvg(_serialize(root).strip())
    out.width, out.height = width, height
    out.start = _start_box(root)
    return out


def _start_box(root: ET.Element) -> tuple[float, float] | None:
    """Left and right of the start box in viewBox units (pixels on screen)."""
    graph = next((g for g in root.iter(f"{_S}g") if "graph" in g.get("class", "").split()), None)
    start = next((g for g in root.iter(f"{_S}g") if "pw-start" in g.get("class", "").split()), None)
    if graph is None or start is None:
        return None
    m = re.search(r"translate\(\s*([-\d.]+)", graph.get("transform", ""))
    dx = float(m.group(1)) if m else 0.0
    xs = [float(x) for el in start.iter(f"{_S}polygon") for x, _ in _PAIR.findall(el.get("points", ""))]
    return (min(xs) + dx, max(xs) + dx) if xs else None


# --------------------------------------------------------------------------- text equivalent

def text_equivalent(flow: Flow, *, page_docs_path: str) -> Markup:
    """Markdown list carrying everything the chart does, with links to every node's page."""
    nodes = flow.node_map()
    order = flow_order(flow)
    number = {n.id: i for i, n in enumerate(order, start=1)}

    def link(node_id: str) -> str:
        target = ids.relative(page_docs_path, ids.node_page(flow.id, node_id))
        node = nodes[node_id]
        return _("[%(title)s](%(target)s) (item %(number)s)", title=markup.inline(node.title),
                 target=target, number=number[node_id])

    _ = i18n.gettext(flow.language)
    lines: list[str] = []
    for i, node in enumerate(order, start=1):
        kind = _(LABELS[node.kind])
        start = " " + _("Start here.") if node.id == flow.start else ""
        lines.append(f"{i}. " + _("**%(kind)s:** %(link)s.", kind=kind, link=link(node.id)) + start)
        for edge in node.edges():
            if edge.answer is None:
                lines.append("    - " + _("Then go to: %(link)s", link=link(edge.target)))
            else:
                lines.append("    - " + _("Answer “%(answer)s”: go to %(link)s",
                                          answer=markup.inline(edge.answer.label), link=link(edge.target)))
        if KINDS[node.kind].ends:
            lines.append("    - " + _("This is an end point of the flowchart."))
    return Markup("\n".join(lines))
