"""Tests for build_tools.outputs.diagram.mirror: the start box is drawn in the left half."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from support.diagram import SVG, big_flow, hostile_flow, load_real, node_groups, real_flows, requires_dot

from build_tools.core import ids
from build_tools.outputs.diagram import graphviz_backend
from build_tools.outputs.diagram.dot import dot_source
from build_tools.outputs.diagram.inline import PHONE_COLUMN, inline_svg
from build_tools.outputs.diagram.mirror import mirror_if_start_is_right
from build_tools.outputs.diagram.standalone import standalone_svg


@requires_dot
def test_start_box_is_drawn_in_the_left_half(tmp_path: Path) -> None:
    """The main path is a straight column; when Graphviz puts it right of centre, the SVG is mirrored."""
    flows = [hostile_flow(), big_flow(20), *(load_real(p) for p in real_flows())]
    mirrored = []
    for flow in flows:
        raw = graphviz_backend.render(dot_source(flow), "svg", cache_dir=tmp_path)
        mirrored.append(mirror_if_start_is_right(ET.fromstring(raw), flow))
        svg = standalone_svg(raw, flow)
        inline = inline_svg(svg, page_docs_path=ids.flowchart_page(flow.id), flow_id=flow.id)
        left, right = inline.start
        assert (left + right) / 2 <= inline.width / 2, flow.id
        if right > PHONE_COLUMN:  # the figure opens scrolled to the start
            assert f'style="left:{max(0, left - 8):.0f}px;' in inline.start_anchor, flow.id
        else:
            assert inline.start_anchor == "", flow.id
        # Mirroring moves boxes, never letters: every label still reads the same.
        root = ET.fromstring(svg)
        for group in node_groups(root):
            assert all(t.get("transform") is None for t in group.iter(f"{SVG}text"))
    assert any(mirrored) and not all(mirrored)
