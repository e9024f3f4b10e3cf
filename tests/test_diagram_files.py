"""Tests for build_tools.outputs.diagram.files: the published SVG and PDF of a flow, their
links, determinism, the cache (a warm build runs no dot) and the real flows."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support.diagram import (  # noqa: F401 (fixtures)
    assert_pdf_pages_fit_and_words_are_big,
    hrefs,
    load_real,
    no_poppler,
    node_groups,
    pdf_uris,
    real_flows,
    requires_dot,
    resolve,
    site_urls,
    small_files,
    small_flow,
)
from support.processes import forbid_processes

from build_tools.core import ids
from build_tools.outputs.diagram import graphviz_backend
from build_tools.outputs.diagram.files import diagram_files
from build_tools.source.model import Flow


@requires_dot
def test_diagram_file_names(small_files: dict[str, bytes]) -> None:
    assert sorted(small_files) == ["diagrams/small-flow.pdf", "diagrams/small-flow.svg"]
    assert small_files["diagrams/small-flow.pdf"].startswith(b"%PDF-")


@requires_dot
def test_pdf_links_resolve(small_flow: Flow, small_files: dict[str, bytes]) -> None:
    uris = pdf_uris(small_files["diagrams/small-flow.pdf"])
    assert {resolve(u, "diagrams/small-flow.pdf") for u in uris} == site_urls(small_flow)


@requires_dot
def test_output_is_deterministic(small_flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without SOURCE_DATE_EPOCH the PDF carries the epoch; with it, that date. Both are
    # checked whatever the environment holds (a set variable must not make this pass vacuously).
    for epoch, stamp in ((None, b"19700101000000"), ("1767225600", b"20260101000000")):
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        first = diagram_files(small_flow, cache_dir=None)
        second = diagram_files(small_flow, cache_dir=None)
        assert first == second
        dates = re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", first["diagrams/small-flow.pdf"])
        assert dates and set(dates) == {stamp}, dates


@requires_dot
def test_second_build_calls_dot_zero_times(small_flow: Flow, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    graphviz_backend.forget_version()
    before = graphviz_backend.DOT_CALLS
    cold = diagram_files(small_flow, cache_dir=tmp_path)
    assert graphviz_backend.DOT_CALLS - before == 3  # dot -V, SVG, PDF

    # A new process: no in-memory state, and any attempt to run a program fails loudly.
    graphviz_backend.forget_version()

    forbid_processes(monkeypatch, "a warm build must not run dot")
    before = graphviz_backend.DOT_CALLS
    warm = diagram_files(small_flow, cache_dir=tmp_path)
    assert graphviz_backend.DOT_CALLS == before
    assert warm == cold


@requires_dot
@no_poppler
@pytest.mark.parametrize("path", real_flows(), ids=lambda p: p.stem)
def test_real_flows(path: Path, tmp_path: Path) -> None:
    flow = load_real(path)
    files = diagram_files(flow, cache_dir=tmp_path)
    root = ET.fromstring(files[ids.diagram_file(flow.id, "svg")])
    assert {resolve(h, ids.diagram_file(flow.id, "svg")) for h in hrefs(root)} == site_urls(flow)
    assert len(node_groups(root)) == len(flow.nodes)
    assert_pdf_pages_fit_and_words_are_big(files[ids.diagram_file(flow.id, "pdf")], flow)


@requires_dot
def test_the_pdf_links_to_full_addresses_when_the_site_has_one(tmp_path, small_flow):
    """The PDF leaves the site (downloaded, printed, passed on): relative links would break."""
    flow = small_flow
    uris = lambda pdf: sorted(set(pdf_uris(pdf)))  # noqa: E731
    with_url = diagram_files(flow, cache_dir=tmp_path, site_url="https://h.example/guide/")
    absolute = uris(with_url[ids.diagram_file(flow.id, "pdf")])
    assert absolute and all(u.startswith("https://h.example/guide/pathways/") for u in absolute)
    relative = uris(diagram_files(flow, cache_dir=tmp_path)[ids.diagram_file(flow.id, "pdf")])
    assert relative and not any(u.startswith("http") for u in relative)
    # The SVG (shown on the site) is the same either way, and links relatively.
    assert with_url[ids.diagram_file(flow.id, "svg")] == \
        diagram_files(flow, cache_dir=tmp_path)[ids.diagram_file(flow.id, "svg")]
