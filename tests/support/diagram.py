"""Flows, fixtures and checks shared by the tests of build_tools.outputs.diagram.

Golden files live in tests/golden/diagram/ (``make golden`` rewrites them). Tests that run
Graphviz carry the ``requires_dot`` marker; the PDF checks need poppler-utils (``pdfinfo``,
``pdftotext``), which ``make test`` installs. Test modules import the fixtures they use
(``small_flow``, ``small_files``, ``update_golden``) from here.
"""

from __future__ import annotations

import html
import io
import os
import posixpath
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_tools.core import ids
from build_tools.source.loader import load_text
from build_tools.source.model import Flow

GOLDEN = Path(__file__).parent.parent / "golden" / "diagram"
FLOWS = Path(__file__).parent.parent.parent / "flows"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"

_no_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")
no_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")


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


@pytest.fixture(scope="module")
def small_files(small_flow: Flow, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz 'dot' is not installed")
    from build_tools.outputs.diagram.files import diagram_files

    return diagram_files(small_flow, cache_dir=tmp_path_factory.mktemp("gvcache"))


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


# --------------------------------------------------------------------------- PDF

A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
#: Words in a PDF must measure at least this tall (pdftotext's box: ascent + descent).
MIN_WORD_PT = 8.0


def pdf_uris(pdf: bytes) -> list[str]:
    """The address of every link annotation, page by page, read with pypdf (which decodes the
    PDF's string escapes, so the answer does not depend on how a writer spelled them)."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and action.get_object().get("/URI") is not None:
                out.append(str(action.get_object()["/URI"]))
    return out


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


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(name, embedded) of every font, from poppler's pdffonts."""
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    rows = out.splitlines()[2:]
    # Columns: name, type (may hold spaces), encoding, emb, sub, uni, object, ID.
    return [(row.split()[0], row.split()[-5] == "yes") for row in rows if row.strip()]


def assert_pdf_pages_fit_and_words_are_big(pdf: bytes, flow: Flow) -> list[tuple[float, float]]:
    from build_tools.core.markup import one_line

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
        for word in one_line(node.title).split():
            # A label may wrap after a hyphen ("voulez-" / "vous").
            assert word in shown or set(re.findall(r"[^-]+-?", word)) <= shown, (node.id, word)
    return sizes
