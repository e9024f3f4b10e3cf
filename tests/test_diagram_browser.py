"""Diagrams people can read (issue 11), measured in Chromium on a built site.

The site is the real project plus a fixture flow on another topic, in French
(``tests/fixtures/diagrams/velo-creve.yml``). For every page that shows a chart, at
1280 x 900 and 390 x 844:

* the median rendered height of the node-label text (``getBoundingClientRect``) is at
  least 12 px at 1280 and 11 px at 390 (and so is the letters' em size);
* at 390 the start node is on the first screen horizontally, readable, and where the chart
  is wider than its column a visible cue says it scrolls;
* printed with ``page.pdf()`` and the page's own ``@page`` rules, on A4 and on Letter, the
  label words measure at least 8 pt (``pdftotext -bbox``, poppler-utils), the chart is not
  split over pages and no link underline crosses it;
* ``diagrams/<flow>.pdf`` has A4- and Letter-safe pages with words at least 8 pt;
* every node page links to ``flowchart/#<node's SVG id>``, where that node is highlighted
  with ``:target`` (no JavaScript) and the page says so in words.

Print measurement: a style that hides everything but the node labels (``visibility``
keeps the layout) is added before a second ``page.pdf()``, so every word left in the PDF
is a node-label word.

Reproduce the numbers: ``PATHWAY_DIAGRAM_REPORT=1 .venv/bin/python -m pytest
tests/test_diagram_browser.py -q -s`` prints them.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest

from build_tools.core import i18n
from conftest import ROOT, build_site, copy_project
from support.diagram import MIN_WORD_PT, assert_pdf_pages_fit_and_words_are_big, flow_from_text, pdf_words

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = ROOT / "tests" / "fixtures" / "diagrams" / "velo-creve.yml"
FLOWS = ["treatment-pathway", "limb-salvage", "velo-creve"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MIN_LABEL_PX = {1280: 12.0, 390: 11.0}


def _language(url: str) -> str:
    """The language of a chart page's words: its flow's (the fixture is French)."""
    if url.startswith("zh-Hans/"):
        return "zh-Hans"
    return flow_from_text(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name).language \
        if "/velo-creve/" in url else "en"
REPORT = os.environ.get("PATHWAY_DIAGRAM_REPORT") == "1"

# Node-label text, its median rendered height and em size (font-size x the screen scale).
LABELS_JS = """() => {
  const svg = document.querySelector('svg.pw-diagram');
  const texts = [...svg.querySelectorAll('g.node text')];
  const median = xs => { xs = xs.sort((a, b) => a - b); return xs[xs.length >> 1]; };
  return {
    height: median(texts.map(t => t.getBoundingClientRect().height)),
    em: median(texts.map(t => parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().d)),
    count: texts.length,
  };
}"""

ONLY_LABELS = ("body *{visibility:hidden!important}"
               "svg.pw-diagram g.node text{visibility:visible!important}")


def _needs_tools() -> None:
    from support.browser import require_chromium

    require_chromium()
    for tool in ("dot", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (make test installs graphviz and poppler-utils)")


@pytest.fixture(scope="module")
def chart_site(tmp_path_factory) -> Path:
    """The project's site plus the French fixture flow, built as `make site` builds it."""
    _needs_tools()
    project = copy_project(tmp_path_factory.mktemp("diagrams") / "project")
    shutil.copy(FIXTURE, project / "flows" / FIXTURE.name)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - Home: index.md\n" in config
    (project / "mkdocs.yml").write_text(config.replace(
        "  - Home: index.md\n", "  - Home: index.md\n  - pathways/velo-creve/index.md\n"), encoding="utf-8")
    proc = build_site(project, project / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "site"


@pytest.fixture(scope="module")
def chart_pages(chart_site: Path) -> list[str]:
    """Every page of the site that shows a chart (found, not listed), as site URLs."""
    found = sorted(path.parent.relative_to(chart_site).as_posix() + "/"
                   for path in chart_site.rglob("index.html")
                   if re.search(r'<svg\b[^>]*class="pw-diagram"', path.read_text(encoding="utf-8")))
    for flow in FLOWS:  # both real flows and the fixture, overview and flowchart page
        assert f"pathways/{flow}/" in found and f"pathways/{flow}/flowchart/" in found, (flow, found)
    return found


@pytest.fixture(scope="module")
def served(chart_site: Path):
    from support.browser import chromium, serve

    with serve(chart_site) as server, chromium() as browser:
        yield server, browser


def _page(served, viewport: dict):
    server, browser = served
    context = browser.new_context(viewport=viewport)
    return server, context, context.new_page()


def _report(*parts) -> None:
    if REPORT:
        print("\n[diagram]", *parts, end="")


# --------------------------------------------------------------------------- screen


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_node_labels_are_legible_on_screen(served, chart_pages, viewport) -> None:
    server, context, page = _page(served, viewport)
    too_small = []
    for url in chart_pages:
        page.goto(server.url(url))
        got = page.evaluate(LABELS_JS)
        _report(f"{viewport['width']}px {url}: median label height {got['height']:.1f} px, em {got['em']:.1f} px")
        assert got["count"] > 0, url
        if min(got["height"], got["em"]) < MIN_LABEL_PX[viewport["width"]]:
            too_small.append(f"{url}: {got}")
    context.close()
    assert too_small == []


def test_phone_shows_the_start_and_says_the_chart_scrolls(served, chart_pages) -> None:
    server, context, page = _page(served, PHONE)
    for url in chart_pages:
        page.goto(server.url(url))
        # Scroll the window down to the chart, never sideways.
        page.evaluate("""() => { const r = document.querySelector('svg.pw-diagram g.pw-start').getBoundingClientRect();
                                 window.scrollTo(0, scrollY + r.top - 120); }""")
        got = page.evaluate("""() => {
          const svg = document.querySelector('svg.pw-diagram');
          const figure = svg.closest('figure');
          const start = svg.querySelector('g.node.pw-start');
          const label = [...start.querySelectorAll('text')].map(t => t.getBoundingClientRect().height);
          const box = start.getBoundingClientRect();
          const hint = document.querySelector('.pw-scroll-hint');
          const hb = hint && hint.getBoundingClientRect();
          return {
            start: [box.left, box.right], label: Math.min(...label),
            wider: svg.getBoundingClientRect().width > figure.clientWidth + 1,
            scrollLeft: figure.scrollLeft, pageWidth: document.documentElement.scrollWidth,
            hint: hb ? {height: hb.height, left: hb.left, right: hb.right, text: hint.innerText,
                        above: hb.bottom <= figure.getBoundingClientRect().top + 1} : null,
          };
        }""")
        _report(f"390px {url}: start node x {got['start'][0]:.0f}-{got['start'][1]:.0f}, hint {got['hint']}")
        assert got["pageWidth"] <= PHONE["width"], url  # the figure scrolls, not the page
        assert got["scrollLeft"] == 0, url
        # The start box is on screen without any sideways scrolling, and readable.
        assert 0 <= got["start"][0] and got["start"][1] <= PHONE["width"], (url, got)
        assert got["label"] >= MIN_LABEL_PX[390], (url, got)
        assert got["wider"], f"{url}: at a readable size the chart is wider than a phone"
        hint = got["hint"]
        assert hint is not None and hint["height"] >= 10 and hint["above"], (url, got)
        cue = i18n.gettext(_language(url))(
            "This chart is wider than the page: scroll it sideways to see all of it.")
        assert 0 <= hint["left"] and hint["right"] <= PHONE["width"] and hint["text"].strip() == cue
    context.close()


def test_scroll_cue_only_when_the_chart_is_wider(served, chart_pages) -> None:
    """At 1280 the full-width flowchart page fits the chart: no cue; the overview column may not."""
    server, context, page = _page(served, DESKTOP)
    for url in chart_pages:
        page.goto(server.url(url))
        got = page.evaluate("""() => {
          const svg = document.querySelector('svg.pw-diagram');
          const hint = document.querySelector('.pw-scroll-hint');
          return {wider: svg.getBoundingClientRect().width > svg.closest('figure').clientWidth + 1,
                  hint: hint ? hint.getBoundingClientRect().height : 0,
                  width: svg.getBoundingClientRect().width, natural: svg.viewBox.baseVal.width};
        }""")
        # Never shrunk to a thumbnail: one layout point per CSS pixel, scrolling when wider.
        assert abs(got["width"] - got["natural"]) < 1, (url, got)
        assert (got["hint"] > 0) == got["wider"], (url, got)
        if url.endswith("/flowchart/"):
            assert not got["wider"], f"{url}: the full-width flowchart page should fit the chart at 1280"
    context.close()


def test_a_phone_opens_on_the_start_even_when_the_layout_cannot_put_it_left(served, tmp_path) -> None:
    """A chain of questions whose exits all lead to shared end points: Graphviz draws the main
    path in the middle (at 500 px even mirrored). The figure opens scrolled to the start."""
    from support.browser import serve
    from support.diagram import big_flow

    from build_tools.outputs.diagram.css import DIAGRAM_CSS
    from build_tools.outputs.diagram.files import diagram_files
    from build_tools.outputs.diagram.inline import inline_svg

    flow = big_flow(20)
    files = diagram_files(flow, cache_dir=tmp_path / "cache")
    svg = inline_svg(files["diagrams/big-flow.svg"], page_docs_path="pathways/big-flow/flowchart.md",
                     flow_id="big-flow")
    assert svg.start[0] > PHONE["width"]  # the case this test is about
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html lang=en><head><meta name=viewport content='width=device-width'>"
        f"<title>t</title><style>{DIAGRAM_CSS}</style></head><body style='margin:16px'>"
        f"<div class=pw-chart style='{svg.chart_style}'><figure class=pw-diagram>{svg}{svg.start_anchor}"
        f"</figure></div></body></html>", encoding="utf-8")
    _, browser = served
    with serve(tmp_path) as server:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.goto(server.url("index.html"))
        left, right = page.evaluate("""() => { const r = document.querySelector('g.pw-start').getBoundingClientRect();
                                              return [r.left, r.right]; }""")
        context.close()
    assert 0 <= left and right <= PHONE["width"], (left, right)


# --------------------------------------------------------------------------- print


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printed_labels_are_at_least_8pt(served, chart_pages, paper) -> None:
    server, context, page = _page(served, DESKTOP)
    for url in chart_pages:
        page.goto(server.url(url))
        page.emulate_media(media="print")
        decorations = page.evaluate("""() => [...document.querySelectorAll(
            'svg.pw-diagram a, svg.pw-diagram text')].map(e => getComputedStyle(e).textDecorationLine)""")
        assert set(decorations) == {"none"}, f"{url}: a print underline crosses the chart"
        page.emulate_media(media=None)
        full = page.pdf(format=paper, prefer_css_page_size=True)
        page.add_style_tag(content=ONLY_LABELS)
        labels = pdf_words(page.pdf(format=paper, prefer_css_page_size=True))
        heights = sorted(y1 - y0 for _, _, y0, _, y1, _ in labels)
        median = statistics.median(heights)
        _report(f"print {paper} {url}: median label word {median:.2f} pt, smallest {heights[0]:.2f} pt, "
                f"pages {sorted({w[0] for w in labels})}")
        assert heights[0] >= MIN_WORD_PT, f"{url} on {paper}: smallest label word {heights[0]:.2f} pt"
        assert len({w[0] for w in labels}) == 1, f"{url}: the chart is split over pages"
        want = (595.3, 841.9) if paper == "A4" else (612.0, 792.0)  # the page's own rules keep the paper
        for w, h in _page_sizes(full):
            assert abs(w - want[0]) < 2 and abs(h - want[1]) < 2, (url, paper, w, h)
    context.close()


def _page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


@pytest.mark.parametrize("flow_id", FLOWS)
def test_pdf_file_fits_a4_and_letter_with_8pt_words(chart_site, flow_id) -> None:
    pdf = (chart_site / "diagrams" / f"{flow_id}.pdf").read_bytes()
    source = FIXTURE if flow_id == "velo-creve" else ROOT / "flows" / f"{flow_id}.yml"
    flow = flow_from_text(source.read_text(encoding="utf-8"), source.name)
    sizes = assert_pdf_pages_fit_and_words_are_big(pdf, flow)
    heights = sorted(y1 - y0 for _, _, y0, _, y1, _ in pdf_words(pdf))
    _report(f"diagrams/{flow_id}.pdf: pages {sizes}, median word {statistics.median(heights):.2f} pt, "
            f"smallest {heights[0]:.2f} pt")


# --------------------------------------------------------------------------- you are here


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("flow_id", FLOWS)
def test_node_pages_link_to_their_box_highlighted(served, chart_site, flow_id, viewport) -> None:
    server, context, page = _page(served, viewport)
    flowchart = (chart_site / "pathways" / flow_id / "flowchart" / "index.html").read_text(encoding="utf-8")
    _ = i18n.gettext(_language(f"pathways/{flow_id}/"))  # the fixture is French: its words are too
    # the highlight is explained in words
    assert _("the box with the thick orange border and yellow background is the page you came from.") \
        in flowchart.replace("&#39;", "'")
    nodes = sorted(p.parent.name for p in (chart_site / "pathways" / flow_id).glob("*/index.html")
                   if p.parent.name != "flowchart")
    assert nodes
    for node in nodes:
        page.goto(server.url(f"pathways/{flow_id}/{node}/"))
        link = page.get_by_role("link", name=_("See this on the flowchart"))
        assert link.get_attribute("href") == f"../flowchart/#pw-{flow_id}--n-{node}", node
        link.click()
        page.wait_for_url(f"**/pathways/{flow_id}/flowchart/#pw-{flow_id}--n-{node}")
        got = page.evaluate("""(id) => {
          const g = document.getElementById(id);
          const shape = g.querySelector('polygon, path');
          const other = document.querySelector('svg.pw-diagram g.node:not(:target) polygon');
          const box = g.getBoundingClientRect();
          const note = document.querySelector('.pw-here-note');
          return {target: g.matches(':target'), width: getComputedStyle(shape).strokeWidth,
                  stroke: getComputedStyle(shape).stroke, otherStroke: getComputedStyle(other).stroke,
                  box: [box.left, box.top, box.right, box.bottom], vw: innerWidth, vh: innerHeight,
                  note: note ? note.getBoundingClientRect().height : 0,
                  scripts: [...document.scripts].filter(s => s.closest('.pw-chart')).length};
        }""", f"pw-{flow_id}--n-{node}")
        assert got["target"] and got["width"] == "6px" and got["stroke"] != got["otherStroke"], (node, got)
        assert got["note"] > 0, f"{node}: the 'You are here' sentence is not shown"
        assert got["scripts"] == 0
        left, top, right, bottom = got["box"]  # scrolled into view, sideways too on a phone
        assert right > 0 and left < got["vw"] and bottom > 0 and top < got["vh"], (node, got)
    context.close()


def test_screenshots_for_review(served, chart_pages, tmp_path_factory) -> None:
    """Screenshots of every chart page at 1280 and 390 and its printed chart, for a person to look at.

    Written to $PATHWAY_SCREENSHOTS (or a temporary folder). The test checks they were made.
    """
    out = Path(os.environ.get("PATHWAY_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    out.mkdir(parents=True, exist_ok=True)
    server, browser = served
    made = []
    for viewport in (DESKTOP, PHONE):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for url in chart_pages:
            page.goto(server.url(url))
            page.evaluate("document.querySelector('.pw-chart').scrollIntoView()")
            page.evaluate("scrollBy(0, -64)")
            name = out / f"{url.strip('/').replace('/', '_')}-{viewport['width']}.png"
            page.screenshot(path=str(name))
            made.append(name)
            if viewport is DESKTOP:
                pdf = out / f"{url.strip('/').replace('/', '_')}-print-A4.pdf"
                pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
                made.append(pdf)
        context.close()
    assert all(path.stat().st_size > 1000 for path in made)
    _report(f"screenshots in {out}")
