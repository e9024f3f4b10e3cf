"""Tests for build_tools.outputs.diagram.pdf_pages: a chart too big for one page is cut into
pages that fit A4 and Letter, between boxes, with words at least 8 pt tall."""

from __future__ import annotations

from pathlib import Path

from support.diagram import (
    assert_pdf_pages_fit_and_words_are_big,
    big_flow,
    no_poppler,
    pdf_uris,
    requires_dot,
    resolve,
    site_urls,
    small_flow,  # noqa: F401 (fixture)
)

from build_tools.outputs.diagram import graphviz_backend
from build_tools.outputs.diagram.dot import dot_source
from build_tools.outputs.diagram.files import diagram_files
from build_tools.outputs.diagram.pdf_pages import MIN_PDF_SCALE, PAGE_POINTS, pdf_viewports
from build_tools.source.model import Flow


@requires_dot
@no_poppler
def test_pdf_fits_a4_and_letter_in_pages(tmp_path: Path) -> None:
    """A chart too big for one page at 8 pt words is cut into pages, between boxes."""
    flow = big_flow(20)
    assert len(flow.nodes) == 20
    pdf = diagram_files(flow, cache_dir=tmp_path)["diagrams/big-flow.pdf"]
    sizes = assert_pdf_pages_fit_and_words_are_big(pdf, flow)
    assert len(sizes) > 1
    assert {resolve(u, "diagrams/big-flow.pdf") for u in pdf_uris(pdf)} == site_urls(flow)


def _viewport(value: str) -> tuple[float, ...]:
    return tuple(float(v) for v in value.split(","))


@requires_dot
def test_a_small_chart_is_one_page_and_a_big_one_is_cut_into_page_sized_windows(small_flow: Flow) -> None:
    (one,) = pdf_viewports(graphviz_backend.render(dot_source(small_flow), "svg", cache_dir=None))
    width, height, zoom, *_ = _viewport(one)
    assert zoom >= MIN_PDF_SCALE and width <= PAGE_POINTS[0] + 0.01 and height <= PAGE_POINTS[1] + 0.01
    windows = [_viewport(v) for v in pdf_viewports(graphviz_backend.render(dot_source(big_flow(20)), "svg",
                                                                          cache_dir=None))]
    assert len(windows) > 1
    for width, height, zoom, *_ in windows:
        assert zoom >= MIN_PDF_SCALE  # never smaller letters to save a page
        assert width <= PAGE_POINTS[0] + 0.01 and height <= PAGE_POINTS[1] + 0.01
