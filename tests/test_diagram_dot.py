"""Tests for build_tools.outputs.diagram.dot: golden DOT, purity, structure, escaping, addresses, order."""

from __future__ import annotations

import os
import re
import subprocess

import graphviz
import pytest
from support.diagram import (  # noqa: F401 (fixtures)
    GOLDEN,
    big_flow,
    check_golden,
    hostile_flow,
    make_flow,
    small_flow,
    update_golden,
)

from build_tools.core.errors import InternalError
from build_tools.outputs.diagram.dot import (
    EDGE_WRAP,
    LABEL_FONT,
    NODE_WRAP,
    TITLE_WRAP,
    dot_source,
    flow_order,
    label,
    main_path,
    relative_url,
)
from build_tools.outputs.diagram.text_equivalent import text_equivalent
from build_tools.source.kinds import KINDS
from build_tools.source.model import Flow


def test_golden_dot(small_flow: Flow, update_golden: bool) -> None:
    check_golden(GOLDEN / "small-flow.dot", dot_source(small_flow), update_golden)


def test_golden_hostile_dot(update_golden: bool) -> None:
    check_golden(GOLDEN / "hostile.dot", dot_source(hostile_flow()), update_golden)


def test_dot_source_is_pure_and_deterministic(small_flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    # Two other processes, with other hash seeds, give the same text: set order, object ids
    # and addresses cannot leak into it (one process comparing with itself would not see that).
    child = ("import sys; from pathlib import Path; from build_tools.source.loader import load_text; "
             "from build_tools.source.model import Flow; from build_tools.outputs.diagram.dot import dot_source; "
             "p = Path(sys.argv[1]); doc = load_text(Path(p.name), p.read_text(encoding='utf-8')); "
             "sys.stdout.buffer.write(dot_source(Flow.model_validate(doc.data)).encode())")
    others = [subprocess.run([sys.executable, "-c", child, str(GOLDEN / "small-flow.yml")],
                             capture_output=True, check=True, timeout=120,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout.decode("utf-8")
              for seed in ("1", "2")]

    def boom(*a, **k):
        raise AssertionError("dot_source must not start a process")

    monkeypatch.setattr(subprocess, "run", boom)
    monkeypatch.setattr(subprocess, "Popen", boom)
    monkeypatch.setattr(graphviz, "pipe", boom)
    assert dot_source(small_flow) == others[0] == others[1]


def test_dot_structure(small_flow: Flow) -> None:
    dot = dot_source(small_flow)
    assert dot.startswith('digraph "small-flow" {')
    # Natural size (one layout point per CSS pixel on screen); the PDF passes a viewport.
    assert "rankdir=TB" in dot and " size=" not in dot and "viewport=" not in dot
    assert 'viewport="1,2,0.5,3,4"' in dot_source(small_flow, viewport="1,2,0.5,3,4")
    assert f"fontsize={LABEL_FONT}" in dot
    statements = {m.group(1): m.group(2) for m in re.finditer(r'^\t"?([a-z0-9-]+)"? \[(.*)\]$', dot, re.M)}
    for node in small_flow.nodes:
        attrs = statements[node.id]
        assert f'URL="../pathways/small-flow/{node.id}/"' in attrs
        assert f'class="pw-{node.kind}' in attrs
        assert "tooltip=" not in attrs  # set in the SVG instead (Graphviz expands escapes in tooltips)
    assert "shape=box" in statements["first-visit"] and "penwidth=2.5" in statements["first-visit"]
    assert "shape=hexagon" in statements["scan-done"]
    assert "peripheries=2" in statements["plan-meeting"] and "rounded" in statements["plan-meeting"]
    edges = re.findall(r'^\t"?([a-z0-9-]+)"? -> "?([a-z0-9-]+)"? \[(.*)\]$', dot, re.M)
    assert len(edges) == 1 + 3 + 3
    dashed = [e for e in edges if "style=dashed" in e[2]]
    assert len(dashed) == 2 and all('label="Not sure"' in e[2] for e in dashed)
    assert all("label=" in e[2] for e in edges if e[0] != "first-visit")
    # Long labels wrap, narrowly: the chart grows taller rather than wider.
    assert 'label="Your first visit\\nto the bone\\ntumour clinic"' in statements["first-visit"]
    # The main path (start, then each first answer) is one straight column: group + weight.
    assert main_path(small_flow) == ["first-visit", "scan-done", "biopsy-result", "plan-meeting"]
    for nid in main_path(small_flow):
        assert "group=main" in statements[nid]
    assert "group=" not in statements["ask-for-scan"]
    heavy = [(a, b) for a, b, attrs in edges if "weight=50" in attrs]
    assert heavy == [("first-visit", "scan-done"), ("scan-done", "biopsy-result"), ("biopsy-result", "plan-meeting")]


def test_long_words_stay_whole() -> None:
    assert str(label("Amputation or rotationplasty", 13)) == "Amputation or\\nrotationplasty"
    absurd = "x" * 100
    assert max(len(line) for line in str(label(absurd, 13)).split("\\n")) == 13


def test_wrapped_label_lines_are_short(small_flow: Flow) -> None:
    """Node titles wrap at NODE_WRAP, answers at EDGE_WRAP, the chart title at TITLE_WRAP, each
    checked against its own limit (a single word longer than a limit stays whole, up to twice it)."""
    limits = {"node": NODE_WRAP, "edge": EDGE_WRAP,
              "graph": TITLE_WRAP}
    flow = big_flow()
    seen = {what: 0 for what in limits}
    wrapped = 0
    for statement in dot_source(flow).splitlines():
        m = re.search(r'\blabel="((?:[^"\\]|\\.)*)"', statement)
        if m is None:
            continue
        what = ("graph" if statement.lstrip().startswith("graph ") else
                "edge" if " -> " in statement else "node")
        seen[what] += 1
        lines = m.group(1).split("\\n")
        wrapped += what == "node" and len(lines) > 1
        for line in lines:
            limit = limits[what]
            assert len(line) <= limit or (" " not in line and len(line) <= 2 * limit), (what, line, limit)
    assert seen["node"] == len(flow.nodes) and seen["graph"] == 1
    assert seen["edge"] == sum(len(n.answers) for n in flow.nodes if KINDS[n.kind].answered)
    assert wrapped == len(flow.nodes)  # every title in big_flow is longer than NODE_WRAP


def test_hostile_labels_are_escaped_in_dot() -> None:
    dot = dot_source(hostile_flow())
    # Every quoted string is closed: strip the strings and no stray quote or brace remains.
    skeleton = re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot, flags=re.S)
    assert '"' not in skeleton.replace('""', "")
    assert skeleton.count("{") == 1 and skeleton.count("}") == 1
    assert "injected" not in skeleton and "evil" not in skeleton
    # Backslashes are doubled, so \N, \G and \L are shown, not expanded.
    for piece in ("back\\\\slash", "\\\\N and \\\\G", "\\\\L", "\\\\n end\\\\"):
        assert piece in dot, piece
    assert not re.search(r"(?<!\\)\\[NGLETH]", dot.replace("\\\\", ""))
    # No HTML-like label: every label is a quoted string.
    assert "label=<" not in dot


def test_invalid_ids_are_refused() -> None:
    flow = make_flow("Bad Id", [{"id": "a", "kind": "outcome", "title": "A", "body": "x"}])
    with pytest.raises(InternalError):
        dot_source(flow)


def test_relative_url() -> None:
    assert relative_url("pathways/x/a/", "diagrams/x.svg") == "../pathways/x/a/"
    assert relative_url("pathways/x/a/", "pathways/x/") == "a/"
    assert relative_url("pathways/x/a/", "pathways/x/flowchart/") == "../a/"
    assert relative_url("pathways/x/", "pathways/x/") == "./"
    assert relative_url("pathways/x/a/", "") == "pathways/x/a/"


def test_flow_order_is_breadth_first_then_file_order() -> None:
    flow = make_flow("order", [
        {"id": "s", "kind": "step", "title": "S", "body": "x", "next": "q"},
        {"id": "orphan", "kind": "outcome", "title": "Orphan", "body": "x"},
        {"id": "deep", "kind": "outcome", "title": "Deep", "body": "x"},
        {"id": "q", "kind": "question", "title": "Q", "answers": [
            {"label": "A", "next": "mid"}, {"label": "B", "next": "deep"}]},
        {"id": "mid", "kind": "step", "title": "Mid", "body": "x", "next": "deep"},
    ])
    assert [n.id for n in flow_order(flow)] == ["s", "q", "mid", "deep", "orphan"]
    text = str(text_equivalent(flow, page_docs_path="pathways/order/index.md"))
    assert [m for m in re.findall(r"^\d+\. \*\*[^*]+\*\* \[([^\]]+)\]", text, re.M)] == ["S", "Q", "Mid", "Deep", "Orphan"]
