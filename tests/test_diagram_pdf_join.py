"""Tests for build_tools.outputs.diagram.pdf_join: one PDF from dot's single pages, with pypdf.

The joined file keeps what each page had: its size, its links (absolute under site_url), its
text and its embedded fonts; it is the same bytes every time, and joining runs no program.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from pypdf import PdfReader
from support.diagram import big_flow, no_poppler, pdf_fonts, pdf_uris, requires_dot, small_flow  # noqa: F401
from support.processes import forbid_processes

from build_tools.outputs.diagram import graphviz_backend
from build_tools.outputs.diagram.dot import dot_source
from build_tools.outputs.diagram.pdf_join import join_pdfs
from build_tools.outputs.diagram.pdf_pages import pdf_viewports
from build_tools.source.model import Flow

SITE = "https://h.example/guide/"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[bytes]:
    """The single-page PDFs dot draws for a chart too big for one page."""
    flow, cache = big_flow(20), tmp_path_factory.mktemp("gvcache")
    raw = graphviz_backend.render(dot_source(flow), "svg", cache_dir=cache)
    return [graphviz_backend.render(dot_source(flow, viewport=vp, link_base=SITE), "pdf", cache_dir=cache)
            for vp in pdf_viewports(raw)]


def page_text(pdf: bytes, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()


@requires_dot
def test_join_pdfs_needs_no_process(small_flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    one = graphviz_backend.render(dot_source(small_flow), "pdf", cache_dir=None)
    forbid_processes(monkeypatch, "joining PDFs is pure")
    joined = join_pdfs([one, one, one])
    assert joined.startswith(b"%PDF-") and joined.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", joined)) == 3
    assert re.search(rb"/Count 3\b", joined)


@requires_dot
def test_the_joined_pdf_keeps_each_pages_size_links_and_document_information(pages, monkeypatch) -> None:
    assert len(pages) > 2
    forbid_processes(monkeypatch, "joining PDFs is pure")
    joined = join_pdfs(pages)
    assert joined == join_pdfs(pages)  # deterministic: no /ID, no time stamp of its own
    reader = PdfReader(io.BytesIO(joined))
    singles = [PdfReader(io.BytesIO(p)) for p in pages]
    assert len(reader.pages) == len(pages)
    assert [tuple(p.mediabox) for p in reader.pages] == [tuple(s.pages[0].mediabox) for s in singles]
    assert pdf_uris(joined) == [u for p in pages for u in pdf_uris(p)]
    assert pdf_uris(joined) and all(u.startswith(SITE + "pathways/big-flow/") for u in pdf_uris(joined))
    info = reader.metadata
    assert info["/Producer"].startswith("cairo") and info["/CreationDate"] == singles[0].metadata["/CreationDate"]


@requires_dot
@no_poppler
def test_the_joined_pdf_keeps_each_pages_text_and_embeds_every_font(pages) -> None:
    joined = join_pdfs(pages)
    texts = [page_text(joined, number) for number in range(1, len(pages) + 1)]
    assert texts == [page_text(single, 1) for single in pages]
    assert "Question number\n0 with a rather" in texts[0] and sum(bool(t.strip()) for t in texts) > 1
    fonts = pdf_fonts(joined)
    assert fonts and all(embedded for _, embedded in fonts), fonts
