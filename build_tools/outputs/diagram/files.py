"""The published diagram files of a flow: ``diagrams/<flow-id>.svg`` and ``diagrams/<flow-id>.pdf``.

:func:`diagram_files` renders through :mod:`.graphviz_backend` (the only place a process is
started, cached by content hash): the SVG at natural size, made into the published file by
:mod:`.standalone`, and the PDF as page-sized windows on the same layout (:mod:`.pdf_pages`)
joined into one document (:mod:`.pdf_join`).
"""

from __future__ import annotations

from pathlib import Path

from build_tools.core import ids
from build_tools.outputs.diagram import graphviz_backend
from build_tools.outputs.diagram.dot import dot_source
from build_tools.outputs.diagram.pdf_join import join_pdfs
from build_tools.outputs.diagram.pdf_pages import pdf_viewports
from build_tools.outputs.diagram.standalone import standalone_svg
from build_tools.source.model import Flow


def diagram_files(flow: Flow, *, cache_dir: Path | None, site_url: str | None = None) -> dict[str, bytes]:
    """The published diagram files, keyed by site path: ``diagrams/<flow-id>.svg`` and ``.pdf``.

    The PDF is the same layout cut into page-sized windows (:func:`.pdf_pages.pdf_viewports`),
    one ``dot`` run each, joined into one document (:func:`.pdf_join.join_pdfs`). With
    ``site_url`` the PDF's links are full addresses (it is a file people download, print and
    pass on).
    """
    raw = graphviz_backend.render(dot_source(flow), "svg", cache_dir=cache_dir)
    svg = standalone_svg(raw, flow)
    pages = [graphviz_backend.render(dot_source(flow, viewport=vp, link_base=site_url), "pdf",
                                     cache_dir=cache_dir)
             for vp in pdf_viewports(raw)]
    pdf = pages[0] if len(pages) == 1 else join_pdfs(pages)
    return {ids.diagram_file(flow.id, "svg"): svg, ids.diagram_file(flow.id, "pdf"): pdf}
