"""The published SVG adapted for one generated page: inline, drawn at one point per pixel.

**Screen: one layout point per CSS pixel.** :func:`inline_svg` gives the SVG its natural
width and height in pixels; labels are :data:`.dot.LABEL_FONT` (14) px on every screen, and
a figure narrower than the chart scrolls sideways instead of shrinking it. The flowchart
page hides Material's navigation and table of contents (front matter ``hide``), so at
1280 px its full-width column fits both real charts without scrolling. Above the chart,
"scroll it sideways" appears only when the chart is wider than its column (the wrapper
carries the chart's width, ``--pw-w``; see ``pathway-diagram.css``), and where the start box
is still beyond a 320 px phone's column the figure opens scrolled to it
(:attr:`InlineSvg.start_anchor`).

The SVG sits in a raw HTML block of a Markdown page, so nothing in it may be live: scripts,
styles, foreign objects, event handlers and links that leave the site are dropped.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

from build_tools.core import ids
from build_tools.outputs.diagram.dot import checked_slug, relative_url
from build_tools.outputs.diagram.svg_tree import PAIR, S, XHREF, graph_group, local, parse, serialize, translation, view_box

_DROP_ELEMENTS = {"script", "foreignObject", "style", "iframe", "object", "embed", "image", "use"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: The narrowest column a chart is shown in: a 320 px phone less Material's margins.
PHONE_COLUMN = 288


class InlineSvg(Markup):
    """The inline ``<svg>`` markup, plus its size in CSS pixels for the wrapper's style."""

    width: float = 0.0
    height: float = 0.0
    start: tuple[float, float] | None = None  # the start box's left and right, in pixels
    rtl: bool = False  # a right-to-left chart: its figure opens scrolled to the right edge

    @property
    def start_anchor(self) -> Markup:
        """An empty mark over the start box, for the figure to open scrolled to it.

        ``scroll-initial-target`` (CSS Scroll Snap 2; Chromium 133+) makes the figure open
        scrolled to it, start box at the left edge. Only when the layout could not put the
        start within a 320 px phone's column (288 px) from the edge the figure opens at (the
        right one for a right-to-left chart); other browsers ignore it.
        """
        if self.start is None:
            return Markup("")
        left, right = self.start
        if (self.width - left if self.rtl else right) <= PHONE_COLUMN:
            return Markup("")
        left = max(0.0, left - 8)
        return Markup('<span class="pw-start-anchor" aria-hidden="true" '
                      f'style="left:{left:.0f}px;width:{max(right - left, 1):.0f}px"></span>')

    @property
    def chart_style(self) -> str:
        """``style`` for ``<div class="pw-chart">``: the width and ratio ``pathway-diagram.css`` uses."""
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
    ``--pw-w`` and ``--pw-ratio`` for the print rules; no ``<style>`` (the page's stylesheet
    is :data:`.css.DIAGRAM_CSS`).
    """
    fid = checked_slug(flow_id, "the flow id")
    root = parse(svg)
    svg_url = ids.diagram_file(fid, "svg")
    page_url = ids.page_url(page_docs_path)

    def prune(parent: ET.Element) -> None:
        for child in list(parent):
            if not isinstance(child.tag, str) or local(child.tag) in _DROP_ELEMENTS:
                parent.remove(child)
            else:
                prune(child)

    prune(root)
    for el in root.iter():
        for name in list(el.attrib):
            name_local = local(name)
            if name_local.lower().startswith("on") or name_local == "target":
                del el.attrib[name]
        href = el.attrib.pop(XHREF, None) or el.attrib.pop("href", None)
        if href is not None:
            if _SCHEME.match(href) or href.startswith(("/", "#", "\\")):
                continue  # never expected from our own SVG: drop the link rather than guess
            site_path = posixpath.normpath(posixpath.join(posixpath.dirname(svg_url), href))
            if href.endswith("/"):
                site_path += "/"
            # xlink:href, which every engine leaves alone (Zensical rewrites a relative plain
            # href in raw HTML as if it were relative to the source file).
            el.set(XHREF, relative_url(site_path, page_url))
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    width, height = view_box(root)
    if width > 0 and height > 0:
        # One layout point per CSS pixel: labels are LABEL_FONT px on every screen.
        root.set("width", f"{width:.0f}")
        root.set("height", f"{height:.0f}")
        root.set("style", f"--pw-w:{width:.0f}px;--pw-ratio:{width / height:.4f}")
    out = InlineSvg(serialize(root).strip())
    out.width, out.height = width, height
    out.start = start_box(root)
    out.rtl = root.get("direction") == "rtl"
    return out


def start_box(root: ET.Element) -> tuple[float, float] | None:
    """Left and right of the start box in viewBox units (pixels on screen)."""
    graph = graph_group(root)
    start = next((g for g in root.iter(f"{S}g") if "pw-start" in g.get("class", "").split()), None)
    if graph is None or start is None:
        return None
    dx, _ = translation(graph)
    xs = [float(x) for el in start.iter(f"{S}polygon") for x, _ in PAIR.findall(el.get("points", ""))]
    return (min(xs) + dx, max(xs) + dx) if xs else None
