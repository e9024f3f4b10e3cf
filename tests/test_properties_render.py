"""Hostile text in every field: the site still builds, text shows literally, nothing becomes live.

Arbitrary Unicode (right-to-left overrides, NUL, emoji), HTML, Markdown, DOT metacharacters
and Jinja syntax go into every text field of a random valid flow. The generated Markdown is
rendered with the site's own Markdown configuration (read from mkdocs.yml), and the
questionnaire and the SVG are checked as HTML/XML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from support.site_markdown import site_markdown
from hypothesis import given
from strategies import flow_data, property_settings
from support.html_checks import assert_nothing_live, parse

from build_tools.core import ids, markup
from build_tools.site import pipeline
from build_tools.outputs import render_pages
from build_tools.outputs.questionnaire import page as render_questionnaire
from build_tools.outputs.diagram.files import diagram_files
from build_tools.outputs.diagram.inline import inline_svg
from build_tools.source.model import Flow

TODAY = dt.date(2026, 11, 27)
CONFIG = pipeline.Config.load(ROOT / "mkdocs.yml")
SETTINGS = property_settings(max_examples=40)


MD = site_markdown()


def shown(text: str) -> str:
    """How a one-line text is expected to appear: control characters replaced, spaces folded."""
    return " ".join(markup.clean(text).split())


def load(tmp_path: Path, data: dict) -> Flow:
    path = tmp_path / "prop.yml"
    path.write_text("# yaml-language-server: $schema=schema.json\n"
                    + yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = pipeline.check([path], CONFIG, today=TODAY, readability_check=False)
    assert result.errors == [], [str(d) for d in result.errors]  # the site must still build
    return result.flows[0][0]


@SETTINGS
@given(data=flow_data())
def test_pages_show_text_literally_and_run_nothing(tmp_path, data):
    flow = load(tmp_path, data)
    pages = render_pages.render_flow(flow, svg=None, has_questionnaire=True,
                                     overrides_dir=CONFIG.overrides_dir)
    for node in flow.nodes:
        page = pages[ids.node_page(flow.id, node.id)]
        _, front, body = page.split("---\n", 2)
        meta = yaml.safe_load(front)
        # MkDocs prints the title unescaped: it must arrive escaped, and mean the literal title.
        assert html.unescape(meta["title"]) == shown(node.title)
        assert "<" not in meta["title"] and '"' not in meta["title"]
        out = MD.reset().convert(body)
        doc = parse(out)
        assert_nothing_live(doc, node.id)
        h1 = re.search(r"<h1[^>]*>(.*?)</h1>", out, re.S).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", h1)).strip() == shown(node.title).strip()
    overview = MD.reset().convert(pages[ids.overview_page(flow.id)].split("---\n", 2)[2])
    assert_nothing_live(parse(overview), "overview")


@SETTINGS
@given(data=flow_data())
def test_questionnaire_shows_text_literally_and_runs_nothing(tmp_path, data):
    flow = load(tmp_path, data)
    page = render_questionnaire.render(flow)
    doc = parse(page)
    assert_nothing_live(doc, "questionnaire")
    assert sum(1 for tag, _ in doc.tags if tag == "style") == 1
    text = " ".join(" ".join(doc.text).split())
    for node in flow.nodes:
        assert shown(node.title) in text


@property_settings(max_examples=15, deadline=dt.timedelta(seconds=10))  # runs dot
@given(data=flow_data(max_nodes=5))
def test_svg_has_one_group_per_node_and_runs_nothing(tmp_path, data):
    if shutil.which("dot") is None:
        pytest.fail("Graphviz dot is required (make test installs it)")
    flow = load(tmp_path, data)
    files = diagram_files(flow, cache_dir=tmp_path / "cache")
    svg = files[ids.diagram_file(flow.id, "svg")]
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    groups = [g for g in root.iter(f"{ns}g") if "node" in (g.get("class") or "").split()]
    assert len(groups) == len(flow.nodes)  # no label ever adds a node
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        assert tag not in ("script", "foreignObject", "iframe")
        for name, value in el.attrib.items():
            local = name.split("}")[-1]
            assert not local.startswith("on"), (tag, name)
            if local == "href":
                assert value.startswith("../pathways/prop/"), value
    inline = inline_svg(svg, page_docs_path=ids.overview_page(flow.id), flow_id=flow.id)
    assert_nothing_live(parse(str(inline)), "inline svg")
