"""build_tools.outputs.render_pages: a flow becomes an overview, a flowchart page and one page per node.

Pages are Markdown with YAML front matter. Material prints the front matter's title and
description into HTML without escaping them (``<title>`` and ``<meta name="description"
content="…">``), so these tests print them the same way and parse the result.
"""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from test_markup import SITE, parsed

from build_tools.core import ids
from build_tools.site import pipeline
from build_tools.outputs import render_pages
from build_tools.source.model import Flow

FIXTURES = ROOT / "tests" / "fixtures"
CONFIG = pipeline.Config.from_options(ROOT, {}, docs_dir="content", custom_dir="site_overrides")
TODAY = dt.date(2026, 11, 27)
#: Breaks out of a double-quoted attribute and starts a live element.
BREAKOUT = '"><b onclick="alert(1)">out</b>'


def load(path: Path) -> Flow:
    flow, doc = pipeline.load_flow(path)
    assert flow is not None, [str(d) for d in doc.diagnostics]
    return flow


def flow_with(tmp_path: Path, **changes) -> Flow:
    """The mini flow with some fields of its nodes changed: changes[node_id] = {field: value}."""
    text = (FIXTURES / "mini.yml").read_text(encoding="utf-8")
    from build_tools.source.loader import load_text

    data = load_text(Path("mini.yml"), text).data
    for node in data["nodes"]:
        node.update(changes.get(node["id"].replace("-", "_"), {}))
    data.update(changes.get("flow", {}))
    return Flow.model_validate(data)


def render(flow: Flow, **kw) -> dict[str, str]:
    kw.setdefault("has_questionnaire", True)
    return render_pages.render_flow(flow, svg=None, overrides_dir=CONFIG.overrides_dir, **kw)


def split(page: str) -> tuple[dict, str]:
    _, front, body = page.split("---\n", 2)
    return yaml.safe_load(front), body


def as_material_prints_it(meta: dict) -> str:
    """The head Material writes from front matter, without escaping (as its templates do)."""
    return (f'<html><head><title>{meta["title"]} - Site</title>'
            f'<meta name="description" content="{meta.get("description", "")}"></head></html>')


# --------------------------------------------------------------------------- which pages


def test_one_overview_one_flowchart_and_one_page_per_node():
    flow = load(FIXTURES / "mini.yml")
    pages = render(flow)
    assert set(pages) == {ids.overview_page("mini"), ids.flowchart_page("mini"),
                          *(ids.node_page("mini", n.id) for n in flow.nodes)}
    assert len(pages) == len(flow.nodes) + 2


def test_every_page_has_front_matter_with_title_review_and_sources():
    flow = load(FIXTURES / "mini.yml")
    for path, page in render(flow).items():
        meta, _ = split(page)
        assert meta["title"] and meta["description"], path
        assert meta["review"] == {"last_reviewed": dt.date(2026, 1, 10),
                                  "next_review": dt.date(2027, 1, 10), "reviewed_by": "Test team"}, path
        assert [s["url"] for s in meta["sources"]] == ["https://example.org/a"], path


def test_node_page_cites_only_the_sources_the_node_uses(tmp_path):
    flow = flow_with(tmp_path, the_question={"sources": []})
    meta, _ = split(render(flow)[ids.node_page("mini", "the-question")])
    assert meta["sources"] == []


# --------------------------------------------------------------------------- front matter is safe (M6)


@pytest.mark.parametrize("where", ["step-body", "outcome-body", "question-title", "summary"])
def test_description_cannot_break_out_of_its_attribute(tmp_path, where):
    node_field = {"step-body": ("first_step", "body"), "outcome-body": ("end_this", "body"),
                  "question-title": ("the_question", "title")}
    if where == "summary":
        flow = flow_with(tmp_path, flow={"summary": BREAKOUT})
        page = ids.overview_page("mini")
    else:
        node_id, field = node_field[where]
        flow = flow_with(tmp_path, **{node_id: {field: BREAKOUT}})
        page = ids.node_page("mini", node_id.replace("_", "-"))
    meta, _ = split(render(flow)[page])
    assert html.unescape(meta["description"]) == BREAKOUT
    assert not set(meta["description"]) & set('<>"'), meta["description"]
    head = parsed(as_material_prints_it(meta))
    assert [t for t, _ in head.tags] == ["html", "head", "title", "meta"], head.tags
    assert head.tags[-1][1]["content"] == BREAKOUT


def test_title_cannot_close_the_title_element(tmp_path):
    title = "</title><script>alert(1)</script>" + BREAKOUT
    flow = flow_with(tmp_path, end_this={"title": title})
    meta, _ = split(render(flow)[ids.node_page("mini", "end-this")])
    assert html.unescape(meta["title"]) == title
    head = parsed(as_material_prints_it(meta))
    assert [t for t, _ in head.tags] == ["html", "head", "title", "meta"]


def test_description_is_the_body_of_a_step_or_outcome_and_the_title_of_a_question():
    flow = load(FIXTURES / "mini.yml")
    pages = render(flow)
    assert split(pages[ids.node_page("mini", "first-step")])[0]["description"] == "Some information."
    assert split(pages[ids.node_page("mini", "the-question")])[0]["description"] == "Is it this or that?"
    assert split(pages[ids.overview_page("mini")])[0]["description"] == "A flow used by the tests."


def test_description_is_one_line_of_at_most_300_characters(tmp_path):
    flow = flow_with(tmp_path, first_step={"body": "Word\n\nnext   line. " * 100})
    meta, _ = split(render(flow)[ids.node_page("mini", "first-step")])
    assert len(meta["description"]) == 300 and "\n" not in meta["description"]
    assert "  " not in meta["description"]


def test_the_hostile_fixture_gives_safe_front_matter_on_every_page():
    flow = load(FIXTURES / "hostile.yml")
    pages = render(flow)
    assert any(BREAKOUT[:5] in html.unescape(split(p)[0]["description"]) for p in pages.values())
    for path, page in pages.items():
        meta, _ = split(page)
        head = parsed(as_material_prints_it(meta))
        assert [t for t, _ in head.tags] == ["html", "head", "title", "meta"], path
        assert set(head.tags[-1][1]) == {"name", "content"}, path


# --------------------------------------------------------------------------- page bodies


def test_the_node_title_is_the_only_top_heading(tmp_path):
    flow = flow_with(tmp_path, end_this={"body": "# Not a top heading\n\nText\n===\n\nMore."})
    _, body = split(render(flow)[ids.node_page("mini", "end-this")])
    out = SITE.reset().convert(body)
    assert len(re.findall(r"<h1\b", out)) == 1, out
    assert re.search(r"<h1[^>]*>This</h1>", out)
    assert re.search(r"<h2[^>]*>Not a top heading</h2>", out)


def test_site_only_markup_in_a_body_is_shown_as_typed(tmp_path):
    text = '!!! danger "Box"\n    inside\n\n| a | b |\n|---|---|\n\nTerm\n: meaning'
    flow = flow_with(tmp_path, first_step={"body": text})
    _, body = split(render(flow)[ids.node_page("mini", "first-step")])
    out = SITE.reset().convert(body)
    for tag in ("<table", "<dl", 'class="admonition', "<details"):
        assert tag not in out, (tag, out)
    shown = html.unescape(re.sub(r"<[^>]+>", "", out))
    assert '!!! danger "Box"' in shown and "| a | b |" in shown and ": meaning" in shown


def test_question_page_lists_answers_with_links_and_gathers_questions_to_ask():
    flow = load(FIXTURES / "mini.yml")
    _, body = split(render(flow)[ids.node_page("mini", "the-question")])
    assert "- **This**: go to [This](end-this.md)" in body
    assert "- **Not sure**: go to [That](end-that.md)" in body
    assert "## Questions to ask your care team\n\n- What does it depend on?" in body
    assert "Because it matters." in body and "Why this question matters" in body


def test_pages_link_back_to_what_came_before_with_the_answer():
    flow = load(FIXTURES / "mini.yml")
    _, body = split(render(flow)[ids.node_page("mini", "end-that")])
    assert "## What came before" in body
    assert "- [Is it this or that?](the-question.md), if the answer was “That”" in body
    assert "- [Is it this or that?](the-question.md), if the answer was “Not sure”" in body


def test_predecessors_name_every_way_into_a_node():
    flow = load(FIXTURES / "mini.yml")
    before = render_pages.predecessors(flow)
    assert before["first-step"] == []
    assert [(n.id, label) for n, label in before["the-question"]] == [("first-step", None)]
    assert [(n.id, label) for n, label in before["end-that"]] == [("the-question", "That"),
                                                                  ("the-question", "Not sure")]


@pytest.mark.parametrize("has_questionnaire", [True, False])
def test_overview_links_the_questionnaire_only_when_there_is_one(has_questionnaire):
    flow = load(FIXTURES / "mini.yml")
    _, body = split(render(flow, has_questionnaire=has_questionnaire)[ids.overview_page("mini")])
    assert ("(../../embed/mini.html)" in body) is has_questionnaire


def test_all_links_between_pages_resolve():
    flow = load(FIXTURES / "mini.yml")
    pages = render(flow)
    targets = set(pages) | {ids.diagram_file("mini", "svg"), ids.diagram_file("mini", "pdf"),
                            ids.questionnaire_file("mini")}
    import posixpath

    for path, page in pages.items():
        for link in re.findall(r"\]\(([^)\s]+)\)", split(page)[1]):
            target = link.split("#", 1)[0]
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) in targets, (path, link)


def test_inline_diagram_goes_into_overview_and_flowchart_only_when_drawn():
    flow = load(FIXTURES / "mini.yml")
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" width="1pt" height="1pt">'
           b'<title>t</title></svg>')
    drawn = render_pages.render_flow(flow, svg=svg, has_questionnaire=True)
    plain = render(flow)
    for page in (ids.overview_page("mini"), ids.flowchart_page("mini")):
        assert '<figure class="pw-diagram"' in drawn[page]
        assert "<figure" not in plain[page]
