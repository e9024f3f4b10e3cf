"""Tests for build_tools.outputs.diagram.standalone: the published SVG is accessible, coloured
by CSS, links resolve and any label is shown literally."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.diagram import (  # noqa: F401 (fixtures)
    SVG,
    XLINK_TITLE,
    assert_safe,
    hostile_flow,
    hrefs,
    node_groups,
    requires_dot,
    resolve,
    site_urls,
    small_files,
    small_flow,
)

from build_tools.core.markup import one_line
from build_tools.outputs.diagram import graphviz_backend
from build_tools.outputs.diagram.css import STANDALONE_CSS
from build_tools.outputs.diagram.dot import diagram_edges, dot_source
from build_tools.outputs.diagram.files import diagram_files
from build_tools.outputs.diagram.inline import inline_svg
from build_tools.outputs.diagram.standalone import standalone_svg
from build_tools.source.kinds import KINDS
from build_tools.source.kinds import LABELS as KIND_NAMES
from build_tools.source.model import Flow


@requires_dot
def test_standalone_svg_parses_and_links_resolve(small_flow: Flow, small_files: dict[str, bytes]) -> None:
    root = ET.fromstring(small_files["diagrams/small-flow.svg"])
    links = hrefs(root)
    assert len(links) == len(small_flow.nodes)
    assert {resolve(h, "diagrams/small-flow.svg") for h in links} == site_urls(small_flow)
    for a in root.iter(f"{SVG}a"):
        assert a.get("target") == "_top"
    assert len(node_groups(root)) == len(small_flow.nodes)


@requires_dot
def test_standalone_svg_is_accessible(small_flow: Flow, small_files: dict[str, bytes]) -> None:
    root = ET.fromstring(small_files["diagrams/small-flow.svg"])
    first = list(root)[:3]
    assert [el.tag for el in first] == [f"{SVG}title", f"{SVG}desc", f"{SVG}style"]
    assert first[0].text == "Flowchart: Which scan comes next?"
    assert "example flow" in first[1].text and "**" not in first[1].text
    assert root.get("aria-labelledby") == first[0].get("id")
    assert root.get("aria-describedby") == first[1].get("id")
    assert "graphics-document" in root.get("role", "")
    # Each node group has a human title saying its kind in words.
    titles = {g.find(f"{SVG}title").text for g in node_groups(root)}
    assert "Question: Have you had an MRI scan of the whole bone?" in titles
    assert "End point: The team meets to plan your treatment" in titles


@requires_dot
def test_colours_come_from_css(small_files: dict[str, bytes]) -> None:
    root = ET.fromstring(small_files["diagrams/small-flow.svg"])
    for el in root.iter():
        for attr in ("fill", "stroke"):
            if el.get(attr) is not None:
                assert el.get(attr) in {"none", "currentColor"}, (el.tag, attr, el.get(attr))
    style = root.find(f"{SVG}style").text
    assert style == "\n" + STANDALONE_CSS  # the palette file, then the drawing's rules
    assert "prefers-color-scheme:dark" in style and "@media print" in style
    # Non-colour signals survive: dashed "Not sure" arrows and double-bordered end points.
    edges = [g for g in root.iter(f"{SVG}g") if "pw-not-sure" in g.get("class", "")]
    assert edges and all(g.find(f"{SVG}path").get("stroke-dasharray") for g in edges)
    outcome = next(g for g in node_groups(root) if "pw-outcome" in g.get("class", ""))
    assert len(list(outcome.iter(f"{SVG}path"))) == 2


@requires_dot
def test_hostile_labels_render_literally(tmp_path: Path) -> None:
    flow = hostile_flow()
    svg = diagram_files(flow, cache_dir=tmp_path)["diagrams/hostile.svg"]
    for root in (ET.fromstring(svg),
                 ET.fromstring(str(inline_svg(svg, page_docs_path="pathways/hostile/index.md", flow_id="hostile")))):
        assert_safe(root)
        groups = node_groups(root)
        assert len(groups) == len(flow.nodes)
        edges = [g for g in root.iter(f"{SVG}g") if "edge" in g.get("class", "").split()]
        assert len(edges) == sum(len(n.answers) for n in flow.nodes if KINDS[n.kind].answered)
        by_id = {g.get("id"): g for g in groups}
        for node in flow.nodes:
            group = by_id[f"pw-hostile--n-{node.id}"]
            shown = "".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))
            assert "".join(shown.split()) == "".join(node.title.split()), node.id
            kind = KIND_NAMES[node.kind]
            assert group.find(f"{SVG}title").text == f"{kind}: {one_line(node.title)}"
            (a,) = group.iter(f"{SVG}a")
            assert a.get(XLINK_TITLE) == f"{kind}: {one_line(node.title)}"
        edge_by_id = {g.get("id"): g for g in edges}
        for i, label in enumerate((e.answer.label if e.answer else None for e in diagram_edges(flow)), start=1):
            edge = edge_by_id[f"pw-hostile--e{i}"]
            shown = "".join("".join(t.itertext()) for t in edge.iter(f"{SVG}text"))
            assert "".join(shown.split()) == "".join(label.split())
        assert {resolve(h, "diagrams/hostile.svg" if root.get("width", "").endswith("pt") else "pathways/hostile/")
                for h in hrefs(root)} == site_urls(flow)
    text = svg.decode("utf-8")
    assert "<script" not in text and "<b>" not in text and "<img" not in text
    assert "&lt;script&gt;" in text and "\\N and \\G and \\L" in text


@requires_dot
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60)
                .filter(lambda s: s.strip()), min_size=1, max_size=6))
def test_any_label_renders_literally(labels: list[str]) -> None:
    flow = hostile_flow(labels)
    raw = graphviz_backend.render(dot_source(flow), "svg", cache_dir=None)
    root = ET.fromstring(standalone_svg(raw, flow))
    assert_safe(root)
    groups = {g.get("id"): g for g in node_groups(root)}
    assert len(groups) == len(flow.nodes)
    clean = one_line
    for node in flow.nodes:
        shown = "".join("".join(t.itertext()) for t in groups[f"pw-hostile--n-{node.id}"].iter(f"{SVG}text"))
        assert "".join(shown.split()) == "".join(clean(node.title).split())
