"""Tests for build_tools.outputs.diagram.inline: the SVG on a page, drawn at one point per pixel, with nothing live."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from support.diagram import (  # noqa: F401 (fixtures)
    SVG,
    assert_safe,
    hrefs,
    requires_dot,
    resolve,
    site_urls,
    small_files,
    small_flow,
)

from build_tools.core import ids
from build_tools.outputs.diagram.inline import inline_svg
from build_tools.source.model import Flow


@requires_dot
@pytest.mark.parametrize("page", ["pathways/small-flow/index.md", "pathways/small-flow/flowchart.md"])
def test_inline_svg(small_flow: Flow, small_files: dict[str, bytes], page: str) -> None:
    markup = inline_svg(small_files["diagrams/small-flow.svg"],
                        page_docs_path=page, flow_id="small-flow")
    inline = str(markup)
    assert inline.startswith("<svg") and inline.endswith("</svg>")
    assert "<?xml" not in inline and "<!" not in inline and "\n\n" not in inline
    assert not re.search(r"^\s*$", inline, re.M)
    root = ET.fromstring(inline)
    # One layout point per CSS pixel: width and height are the viewBox's, in pixels.
    _, _, vb_w, vb_h = (float(v) for v in root.get("viewBox").split())
    assert root.get("width") == f"{vb_w:.0f}" and root.get("height") == f"{vb_h:.0f}"
    assert root.get("style") == f"--pw-w:{vb_w:.0f}px;--pw-ratio:{vb_w / vb_h:.4f}"
    assert markup.width == vb_w and markup.chart_style == root.get("style") and markup.wide
    assert root.find(f"{SVG}style") is None and root.find(f"{SVG}title") is not None
    page_url = ids.page_url(page)
    links = hrefs(root)
    assert len(links) == len(small_flow.nodes)
    assert {resolve(h, page_url) for h in links} == site_urls(small_flow)
    ids_seen = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids_seen) == len(set(ids_seen)) and all("small-flow" in i for i in ids_seen)
    assert all(el.get("target") is None for el in root.iter())


def test_inline_svg_drops_unsafe_content() -> None:
    evil = (b'<?xml version="1.0"?><!-- c --><svg xmlns="http://www.w3.org/2000/svg" '
            b'xmlns:xlink="http://www.w3.org/1999/xlink" width="10pt" height="10pt" viewBox="0 0 10 10">'
            b'<script>alert(1)</script><style>body{display:none}</style>'
            b'<g onclick="x()"><a xlink:href="javascript:alert(1)"><text>t</text></a>'
            b'<a href="https://evil.example/"><text>u</text></a>'
            b'<a xlink:href="../pathways/f/a/"><text>ok</text></a></g></svg>')
    inline = str(inline_svg(evil, page_docs_path="pathways/f/index.md", flow_id="f"))
    root = ET.fromstring(inline)
    assert_safe(root)
    assert hrefs(root) == ["a/"]
    assert "<style" not in inline and "display:none" not in inline
