"""Tests for build_tools.outputs.render_diagram: golden DOT, SVG links, hostile labels, cache, print size.

Golden files live in tests/golden/diagram/. Refresh them with ``pytest --update-golden``.
Tests that run Graphviz carry the ``requires_dot`` marker (they run in CI, where dot is installed);
the PDF checks need poppler-utils (``pdfinfo``, ``pdftotext``), which ``make test`` installs.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.processes import forbid_processes

from build_tools.outputs import graphviz_backend, render_diagram
from build_tools.core import ids
from build_tools.core.errors import InternalError
from build_tools.source.loader import load_text
from build_tools.source.kinds import LABELS as KIND_NAMES
from build_tools.source.model import Flow, Question, Step

GOLDEN = Path(__file__).parent / "golden" / "diagram"
FLOWS = Path(__file__).parent.parent / "flows"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"

_no_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


def requires_dot(test):
    """The registered ``requires_dot`` marker, plus a skip where dot is missing (it is installed in CI)."""
    return pytest.mark.requires_dot(_no_dot(test))

HOSTILE = [
    'Say "hello" to the team',
    "back\\slash and \\N and \\G and \\L and \\n end\\",
    "< > { } | angle and record characters",
    "two\nlines\r\nand\ttab",
    "<script>alert(1)</script>",
    '<b>bold</b> <img src=x onerror="alert(1)">',
    '"]; evil [label="x',
    "x\" -> \"y",
    "}; digraph injected { a",
    "<<table><tr><td>html label</td></tr></table>>",
    "javascript:alert(1)",
    "&amp; &#60; &lt;",
    "]]></text><text>cdata",
]


def flow_from_text(text: str, name: str = "x.yml") -> Flow:
    doc = load_text(Path(name), text)
    assert not doc.diagnostics, [str(d) for d in doc.diagnostics]
    return Flow.model_validate(doc.data)


def make_flow(flow_id: str, nodes: list[dict], *, title: str = "A test flow", summary: str = "Summary.") -> Flow:
    return Flow.model_validate({
        "id": flow_id, "title": title, "summary": summary, "language": "en",
        "review": {"last_reviewed": "2026-01-15", "next_review": "2027-01-15", "reviewed_by": "tests"},
        "sources": [{"id": "s", "title": "S", "publisher": "P", "year": "2026", "url": "https://example.org"}],
        "start": nodes[0]["id"], "nodes": nodes,
    })


def hostile_flow(labels: list[str] = HOSTILE) -> Flow:
    """A question per hostile label, each answer labelled with the same hostile text."""
    n = len(labels)
    nodes: list[dict] = []
    for i, text in enumerate(labels):
        nxt = f"q{i + 1}" if i + 1 < n else "end"
        nodes.append({"id": f"q{i}", "kind": "question", "title": text,
                      "answers": [{"label": text, "next": nxt}, {"label": "Not sure", "next": "end", "unsure": True}]})
    nodes.append({"id": "end", "kind": "outcome", "title": "The end " + labels[0], "body": "Done."})
    return make_flow("hostile", nodes, title=labels[0], summary=labels[-1])


def big_flow(n: int = 20) -> Flow:
    """About ``n`` nodes with long labels and wide fan-out, to test the printed page size."""
    nodes: list[dict] = []
    outcomes = [f"end-{k}" for k in range(4)]
    for i in range(n - len(outcomes)):
        nxt = f"n{i + 1}" if i + 1 < n - len(outcomes) else outcomes[0]
        title = f"Question number {i} with a rather long title that has to wrap onto several lines"
        nodes.append({"id": f"n{i}", "kind": "question", "title": title, "answers": [
            {"label": "Yes, that is what my team has told me", "next": nxt},
            {"label": "No, it is something else entirely", "next": outcomes[(i % 3) + 1]},
            {"label": "Not sure", "next": nxt, "unsure": True}]})
    for k, oid in enumerate(outcomes):
        nodes.append({"id": oid, "kind": "outcome", "title": f"End point {k} with a long descriptive title", "body": "x"})
    return make_flow("big-flow", nodes)


@pytest.fixture(scope="module")
def small_flow() -> Flow:
    return flow_from_text((GOLDEN / "small-flow.yml").read_text(encoding="utf-8"), "small-flow.yml")


@pytest.fixture
def update_golden() -> bool:
    # tests/conftest.py sets UPDATE_GOLDEN=1 for `pytest --update-golden`.
    return os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden(path: Path, actual: str, update: bool) -> None:
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8"), \
        f"{path.name} changed: rerun with UPDATE_GOLDEN=1 and review the diff"


def real_flows() -> list[Path]:
    return sorted(FLOWS.glob("*.yml"))


def load_real(path: Path) -> Flow:
    return flow_from_text(path.read_text(encoding="utf-8"), path.name)


def site_urls(flow: Flow) -> set[str]:
    """Site URLs of every node page of the flow (MkDocs directory URLs)."""
    return {ids.page_url(ids.node_page(flow.id, n.id)) for n in flow.nodes}


def resolve(href: str, from_url: str) -> str:
    """Site URL a relative link from the page/file at ``from_url`` points at."""
    assert not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) and not href.startswith(("/", "#")), href
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    out = posixpath.normpath(posixpath.join(base, href))
    return out + "/" if href.endswith("/") else out


def hrefs(root: ET.Element) -> list[str]:
    return [el.get(XLINK_HREF) or el.get("href") for el in root.iter()
            if el.get(XLINK_HREF) is not None or el.get("href") is not None]


def node_groups(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]


def assert_safe(root: ET.Element) -> None:
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        assert tag not in {"script", "foreignObject", "iframe", "image"}, tag
        for name, value in el.attrib.items():
            assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (name, value)
            assert "javascript:" not in value.lower() or name.endswith("title") or tag in {"title", "desc"}, (name, value)
    for h in hrefs(root):
        assert not h.lower().lstrip().startswith("javascript:"), h


# --------------------------------------------------------------------------- pure DOT


def test_golden_dot(small_flow: Flow, update_golden: bool) -> None:
    check_golden(GOLDEN / "small-flow.dot", render_diagram.dot_source(small_flow), update_golden)


def test_golden_hostile_dot(update_golden: bool) -> None:
    check_golden(GOLDEN / "hostile.dot", render_diagram.dot_source(hostile_flow()), update_golden)


def test_dot_source_is_pure_and_deterministic(small_flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    # Two other processes, with other hash seeds, give the same text: set order, object ids
    # and addresses cannot leak into it (one process comparing with itself would not see that).
    child = ("import sys; from pathlib import Path; from build_tools.source.loader import load_text; "
             "from build_tools.source.model import Flow; from build_tools.outputs import render_diagram; "
             "p = Path(sys.argv[1]); doc = load_text(Path(p.name), p.read_text(encoding='utf-8')); "
             "sys.stdout.buffer.write(render_diagram.dot_source(Flow.model_validate(doc.data)).encode())")
    others = [subprocess.run([sys.executable, "-c", child, str(GOLDEN / "small-flow.yml")],
                             capture_output=True, check=True, timeout=120,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout.decode("utf-8")
              for seed in ("1", "2")]

    def boom(*a, **k):
        raise AssertionError("dot_source must not start a process")

    monkeypatch.setattr(subprocess, "run", boom)
    monkeypatch.setattr(subprocess, "Popen", boom)
    monkeypatch.setattr(graphviz, "pipe", boom)
    assert render_diagram.dot_source(small_flow) == others[0] == others[1]


def test_dot_structure(small_flow: Flow) -> None:
    dot = render_diagram.dot_source(small_flow)
    assert dot.startswith('digraph "small-flow" {')
    # Natural size (one layout point per CSS pixel on screen); the PDF passes a viewport.
    assert "rankdir=TB" in dot and " size=" not in dot and "viewport=" not in dot
    assert 'viewport="1,2,0.5,3,4"' in render_diagram.dot_source(small_flow, viewport="1,2,0.5,3,4")
    assert f"fontsize={render_diagram.LABEL_FONT}" in dot
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
    assert render_diagram.main_path(small_flow) == ["first-visit", "scan-done", "biopsy-result", "plan-meeting"]
    for nid in render_diagram.main_path(small_flow):
        assert "group=main" in statements[nid]
    assert "group=" not in statements["ask-for-scan"]
    heavy = [(a, b) for a, b, attrs in edges if "weight=50" in attrs]
    assert heavy == [("first-visit", "scan-done"), ("scan-done", "biopsy-result"), ("biopsy-result", "plan-meeting")]


def test_long_words_stay_whole() -> None:
    assert str(render_diagram._label("Amputation or rotationplasty", 13)) == "Amputation or\\nrotationplasty"
    absurd = "x" * 100
    assert max(len(line) for line in str(render_diagram._label(absurd, 13)).split("\\n")) == 13


def test_wrapped_label_lines_are_short(small_flow: Flow) -> None:
    """Node titles wrap at NODE_WRAP, answers at EDGE_WRAP, the chart title at TITLE_WRAP, each
    checked against its own limit (a single word longer than a limit stays whole, up to twice it)."""
    limits = {"node": render_diagram.NODE_WRAP, "edge": render_diagram.EDGE_WRAP,
              "graph": render_diagram.TITLE_WRAP}
    flow = big_flow()
    seen = {what: 0 for what in limits}
    wrapped = 0
    for statement in render_diagram.dot_source(flow).splitlines():
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
    assert seen["edge"] == sum(len(n.answers) for n in flow.nodes if isinstance(n, Question))
    assert wrapped == len(flow.nodes)  # every title in big_flow is longer than NODE_WRAP


def test_hostile_labels_are_escaped_in_dot() -> None:
    dot = render_diagram.dot_source(hostile_flow())
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
        render_diagram.dot_source(flow)


def test_relative_url() -> None:
    assert render_diagram.relative_url("pathways/x/a/", "diagrams/x.svg") == "../pathways/x/a/"
    assert render_diagram.relative_url("pathways/x/a/", "pathways/x/") == "a/"
    assert render_diagram.relative_url("pathways/x/a/", "pathways/x/flowchart/") == "../a/"
    assert render_diagram.relative_url("pathways/x/", "pathways/x/") == "./"
    assert render_diagram.relative_url("pathways/x/a/", "") == "pathways/x/a/"


def test_flow_order_is_breadth_first_then_file_order() -> None:
    flow = make_flow("order", [
        {"id": "s", "kind": "step", "title": "S", "body": "x", "next": "q"},
        {"id": "orphan", "kind": "outcome", "title": "Orphan", "body": "x"},
        {"id": "deep", "kind": "outcome", "title": "Deep", "body": "x"},
        {"id": "q", "kind": "question", "title": "Q", "answers": [
            {"label": "A", "next": "mid"}, {"label": "B", "next": "deep"}]},
        {"id": "mid", "kind": "step", "title": "Mid", "body": "x", "next": "deep"},
    ])
    assert [n.id for n in render_diagram.flow_order(flow)] == ["s", "q", "mid", "deep", "orphan"]
    text = str(render_diagram.text_equivalent(flow, page_docs_path="pathways/order/index.md"))
    assert [m for m in re.findall(r"^\d+\. \*\*[^*]+\*\* \[([^\]]+)\]", text, re.M)] == ["S", "Q", "Mid", "Deep", "Orphan"]


# --------------------------------------------------------------------------- text equivalent


def test_text_equivalent_carries_everything(small_flow: Flow) -> None:
    for page in ("pathways/small-flow/index.md", "pathways/small-flow/flowchart.md"):
        text = str(render_diagram.text_equivalent(small_flow, page_docs_path=page))
        assert "\n\n" not in text and "<" not in text
        for node in small_flow.nodes:
            kind = KIND_NAMES[node.kind]
            assert re.search(rf"^\d+\. \*\*{kind}:\*\* \[[^\]]+\]\({node.id}\.md\)", text, re.M), node.id
        for node in small_flow.nodes:
            if isinstance(node, Question):
                for a in node.answers:
                    assert f"    - Answer “{a.label}”: go to [" in text
                    target = small_flow.node_map()[a.next]
                    assert f"[{target.title}]({a.next}.md)" in text
            if isinstance(node, Step):
                assert f"    - Then go to: [{small_flow.node_map()[node.next].title}]({node.next}.md)" in text
        # Every Markdown link resolves to a node page.
        here = posixpath.dirname(page)
        pages = {ids.node_page(small_flow.id, n.id) for n in small_flow.nodes}
        for link in re.findall(r"\]\(([^)]+)\)", text):
            assert posixpath.normpath(posixpath.join(here, link)) in pages


def test_text_equivalent_neutralises_markdown() -> None:
    text = str(render_diagram.text_equivalent(hostile_flow(), page_docs_path="pathways/hostile/index.md"))
    assert "<script" not in text and "<b>" not in text and "<img" not in text
    assert "&#60;script&#62;" in text
    # No unescaped brackets from labels: the only links are ours.
    assert len(re.findall(r"\]\(", text)) == len(re.findall(r"\.md\)", text))


# --------------------------------------------------------------------------- rendering (needs dot)


@pytest.fixture(scope="module")
def small_files(small_flow: Flow, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    return render_diagram.diagram_files(small_flow, cache_dir=tmp_path_factory.mktemp("gvcache"))


@requires_dot
def test_diagram_file_names(small_files: dict[str, bytes]) -> None:
    assert sorted(small_files) == ["diagrams/small-flow.pdf", "diagrams/small-flow.svg"]
    assert small_files["diagrams/small-flow.pdf"].startswith(b"%PDF-")


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
def test_pdf_links_resolve(small_flow: Flow, small_files: dict[str, bytes]) -> None:
    uris = re.findall(rb"/URI \(([^)]*)\)", small_files["diagrams/small-flow.pdf"])
    assert {resolve(u.decode("ascii"), "diagrams/small-flow.pdf") for u in uris} == site_urls(small_flow)


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
    assert "prefers-color-scheme:dark" in style and "@media print" in style
    # Non-colour signals survive: dashed "Not sure" arrows and double-bordered end points.
    edges = [g for g in root.iter(f"{SVG}g") if "pw-not-sure" in g.get("class", "")]
    assert edges and all(g.find(f"{SVG}path").get("stroke-dasharray") for g in edges)
    outcome = next(g for g in node_groups(root) if "pw-outcome" in g.get("class", ""))
    assert len(list(outcome.iter(f"{SVG}path"))) == 2


@requires_dot
@pytest.mark.parametrize("page", ["pathways/small-flow/index.md", "pathways/small-flow/flowchart.md"])
def test_inline_svg(small_flow: Flow, small_files: dict[str, bytes], page: str) -> None:
    markup = render_diagram.inline_svg(small_files["diagrams/small-flow.svg"],
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
    inline = str(render_diagram.inline_svg(evil, page_docs_path="pathways/f/index.md", flow_id="f"))
    root = ET.fromstring(inline)
    assert_safe(root)
    assert hrefs(root) == ["a/"]
    assert "<style" not in inline and "display:none" not in inline


def test_diagram_css() -> None:
    css = render_diagram.DIAGRAM_CSS
    for var in ("--md-default-fg-color", "--md-default-bg-color", "--md-accent-fg-color"):
        assert f"var({var}" in css
    assert "@media print" in css and css.count("{") == css.count("}")
    assert "prefers-color-scheme" not in css  # Material's palette toggle drives the inline colours


@requires_dot
def test_hostile_labels_render_literally(tmp_path: Path) -> None:
    flow = hostile_flow()
    svg = render_diagram.diagram_files(flow, cache_dir=tmp_path)["diagrams/hostile.svg"]
    for root in (ET.fromstring(svg),
                 ET.fromstring(str(render_diagram.inline_svg(svg, page_docs_path="pathways/hostile/index.md",
                                                             flow_id="hostile")))):
        assert_safe(root)
        groups = node_groups(root)
        assert len(groups) == len(flow.nodes)
        edges = [g for g in root.iter(f"{SVG}g") if "edge" in g.get("class", "").split()]
        assert len(edges) == sum(len(n.answers) for n in flow.nodes if isinstance(n, Question))
        by_id = {g.get("id"): g for g in groups}
        for node in flow.nodes:
            group = by_id[f"pw-hostile--n-{node.id}"]
            shown = "".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))
            assert "".join(shown.split()) == "".join(node.title.split()), node.id
            kind = KIND_NAMES[node.kind]
            assert group.find(f"{SVG}title").text == f"{kind}: {render_diagram._plain(node.title)}"
            (a,) = group.iter(f"{SVG}a")
            assert a.get(XLINK_TITLE) == f"{kind}: {render_diagram._plain(node.title)}"
        edge_by_id = {g.get("id"): g for g in edges}
        for i, label in enumerate((e.answer.label if e.answer else None for e in render_diagram._edges(flow)), start=1):
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
    raw = graphviz_backend.render(render_diagram.dot_source(flow), "svg", cache_dir=None)
    root = ET.fromstring(render_diagram.standalone_svg(raw, flow))
    assert_safe(root)
    groups = {g.get("id"): g for g in node_groups(root)}
    assert len(groups) == len(flow.nodes)
    clean = render_diagram._plain
    for node in flow.nodes:
        shown = "".join("".join(t.itertext()) for t in groups[f"pw-hostile--n-{node.id}"].iter(f"{SVG}text"))
        assert "".join(shown.split()) == "".join(clean(node.title).split())


@requires_dot
def test_output_is_deterministic(small_flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without SOURCE_DATE_EPOCH the PDF carries the epoch; with it, that date. Both are
    # checked whatever the environment holds (a set variable must not make this pass vacuously).
    for epoch, stamp in ((None, b"19700101000000"), ("1767225600", b"20260101000000")):
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        first = render_diagram.diagram_files(small_flow, cache_dir=None)
        second = render_diagram.diagram_files(small_flow, cache_dir=None)
        assert first == second
        dates = re.findall(rb"/(?:CreationDate|ModDate) \(D:(\d{14})", first["diagrams/small-flow.pdf"])
        assert dates and set(dates) == {stamp}, dates


@requires_dot
def test_second_build_calls_dot_zero_times(small_flow: Flow, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    graphviz_backend.forget_version()
    before = graphviz_backend.DOT_CALLS
    cold = render_diagram.diagram_files(small_flow, cache_dir=tmp_path)
    assert graphviz_backend.DOT_CALLS - before == 3  # dot -V, SVG, PDF

    # A new process: no in-memory state, and any attempt to run a program fails loudly.
    graphviz_backend.forget_version()

    forbid_processes(monkeypatch, "a warm build must not run dot")
    before = graphviz_backend.DOT_CALLS
    warm = render_diagram.diagram_files(small_flow, cache_dir=tmp_path)
    assert graphviz_backend.DOT_CALLS == before
    assert warm == cold


def _mediaboxes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf)
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)


_no_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                 reason="poppler-utils (pdftotext, pdfinfo) is not installed")
#: Words in a PDF must measure at least this tall (pdftotext's box: ascent + descent).
MIN_WORD_PT = 8.0


def pdf_page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page, from poppler's pdfinfo."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


def pdf_words(pdf: bytes) -> list[tuple[int, float, float, float, float, str]]:
    """(page index, xMin, yMin, xMax, yMax, word) of every word, from ``pdftotext -bbox``."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    words = []
    for index, page in enumerate(out.split("<page ")[1:]):
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            words.append((index, float(x0), float(y0), float(x1), float(y1), html.unescape(word)))
    return words


def assert_pdf_pages_fit_and_words_are_big(pdf: bytes, flow: Flow) -> list[tuple[float, float]]:
    sizes = pdf_page_sizes(pdf)
    assert sizes, "no page in the PDF"
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == len(sizes)
    for w, h in sizes:
        for pw, ph in (A4, LETTER):
            assert w <= pw and h <= ph, f"a {w} x {h} pt page does not fit {pw} x {ph}"
    words = [w for w in pdf_words(pdf) if w[1] >= 0 and w[2] >= 0
             and w[3] <= sizes[w[0]][0] + 0.5 and w[4] <= sizes[w[0]][1] + 0.5]
    heights = [y1 - y0 for _, _, y0, _, y1, _ in words]
    assert min(heights) >= MIN_WORD_PT, f"smallest word {min(heights):.2f} pt"
    # Nothing is lost between pages: every word of every box is on some page, whole.
    shown = {word for *_, word in words}
    for node in flow.nodes:
        for word in render_diagram._plain(node.title).split():
            # A label may wrap after a hyphen ("voulez-" / "vous").
            assert word in shown or set(re.findall(r"[^-]+-?", word)) <= shown, (node.id, word)
    return sizes


@requires_dot
@_no_poppler
def test_pdf_fits_a4_and_letter_in_pages(tmp_path: Path) -> None:
    """A chart too big for one page at 8 pt words is cut into pages, between boxes."""
    flow = big_flow(20)
    assert len(flow.nodes) == 20
    pdf = render_diagram.diagram_files(flow, cache_dir=tmp_path)["diagrams/big-flow.pdf"]
    sizes = assert_pdf_pages_fit_and_words_are_big(pdf, flow)
    assert len(sizes) > 1
    uris = re.findall(rb"/URI \(([^)]*)\)", pdf)
    assert {resolve(u.decode("ascii"), "diagrams/big-flow.pdf") for u in uris} == site_urls(flow)


@requires_dot
def test_start_box_is_drawn_in_the_left_half(tmp_path: Path) -> None:
    """The main path is a straight column; when Graphviz puts it right of centre, the SVG is mirrored."""
    flows = [hostile_flow(), big_flow(20), *(load_real(p) for p in real_flows())]
    mirrored = []
    for flow in flows:
        raw = graphviz_backend.render(render_diagram.dot_source(flow), "svg", cache_dir=tmp_path)
        mirrored.append(render_diagram._mirror_if_start_is_right(ET.fromstring(raw), flow))
        svg = render_diagram.standalone_svg(raw, flow)
        inline = render_diagram.inline_svg(svg, page_docs_path=ids.flowchart_page(flow.id), flow_id=flow.id)
        left, right = inline.start
        assert (left + right) / 2 <= inline.width / 2, flow.id
        if right > render_diagram.PHONE_COLUMN:  # the figure opens scrolled to the start
            assert f'style="left:{max(0, left - 8):.0f}px;' in inline.start_anchor, flow.id
        else:
            assert inline.start_anchor == "", flow.id
        # Mirroring moves boxes, never letters: every label still reads the same.
        root = ET.fromstring(svg)
        for group in node_groups(root):
            assert all(t.get("transform") is None for t in group.iter(f"{SVG}text"))
    assert any(mirrored) and not all(mirrored)


def test_join_pdfs_needs_no_process(small_flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    one = graphviz_backend.render(render_diagram.dot_source(small_flow), "pdf", cache_dir=None)
    forbid_processes(monkeypatch, "joining PDFs is pure")
    joined = render_diagram.join_pdfs([one, one, one])
    assert joined.startswith(b"%PDF-") and joined.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", joined)) == 3
    assert re.search(rb"/Count 3\b", joined)


@requires_dot
@_no_poppler
@pytest.mark.parametrize("path", real_flows(), ids=lambda p: p.stem)
def test_real_flows(path: Path, tmp_path: Path) -> None:
    flow = load_real(path)
    files = render_diagram.diagram_files(flow, cache_dir=tmp_path)
    root = ET.fromstring(files[ids.diagram_file(flow.id, "svg")])
    assert {resolve(h, ids.diagram_file(flow.id, "svg")) for h in hrefs(root)} == site_urls(flow)
    assert len(node_groups(root)) == len(flow.nodes)
    assert_pdf_pages_fit_and_words_are_big(files[ids.diagram_file(flow.id, "pdf")], flow)


@requires_dot
def test_the_pdf_links_to_full_addresses_when_the_site_has_one(tmp_path, small_flow):
    """The PDF leaves the site (downloaded, printed, passed on): relative links would break."""
    flow = small_flow
    uris = lambda pdf: sorted(set(re.findall(rb"/URI \(([^)]*)\)", pdf)))  # noqa: E731
    with_url = render_diagram.diagram_files(flow, cache_dir=tmp_path, site_url="https://h.example/guide/")
    absolute = uris(with_url[ids.diagram_file(flow.id, "pdf")])
    assert absolute and all(u.startswith(b"https://h.example/guide/pathways/") for u in absolute)
    relative = uris(render_diagram.diagram_files(flow, cache_dir=tmp_path)[ids.diagram_file(flow.id, "pdf")])
    assert relative and not any(u.startswith(b"http") for u in relative)
    # The SVG (shown on the site) is the same either way, and links relatively.
    assert with_url[ids.diagram_file(flow.id, "svg")] == \
        render_diagram.diagram_files(flow, cache_dir=tmp_path)[ids.diagram_file(flow.id, "svg")]
