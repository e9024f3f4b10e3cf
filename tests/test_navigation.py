"""build_tools.site.navigation: every flow is in the nav, with no hand edit; hand-written pages stay put."""

from __future__ import annotations

from conftest import ROOT

from build_tools.source.loader import load_text
from build_tools.source.model import Flow
from build_tools.site.navigation import FLOWS_MARKER, arrange, listed_paths

MINI = ROOT / "tests" / "fixtures" / "mini.yml"


def flow(fid: str, title: str, nav_title: str | None = None) -> Flow:
    doc = load_text(MINI, MINI.read_text(encoding="utf-8"))
    return Flow.model_validate({**doc.data, "id": fid, "title": title, "nav_title": nav_title})


FLOWS = [flow("zeta", "Zeta flow"), flow("alpha", "Alpha flow", "Alpha")]


def test_flows_go_where_the_marker_stands_in_id_order():
    nav = [{"Home": "index.md"}, {"About": "about.md"}, FLOWS_MARKER, {"Glossary": "glossary.md"}]
    assert arrange(nav, FLOWS) == [{"Home": "index.md"}, {"About": "about.md"},
                                   {"Alpha": "pathways/alpha/index.md"},
                                   {"Zeta flow": "pathways/zeta/index.md"}, {"Glossary": "glossary.md"}]


def test_the_marker_works_inside_a_section_and_with_a_title():
    nav = [{"Home": "index.md"}, {"Guides": [{"Pathways": FLOWS_MARKER}, {"More": "more.md"}]}]
    out = arrange(nav, FLOWS)
    assert out[1]["Guides"][:2] == [{"Alpha": "pathways/alpha/index.md"},
                                    {"Zeta flow": "pathways/zeta/index.md"}]


def test_without_a_marker_flows_follow_the_first_entry():
    nav = [{"Home": "index.md"}, {"About": "about.md"}]
    assert listed_paths(arrange(nav, FLOWS)) == ["index.md", "pathways/alpha/index.md",
                                                 "pathways/zeta/index.md", "about.md"]


def test_a_flow_listed_by_hand_stays_where_it_was_put():
    nav = [{"Home": "index.md"}, FLOWS_MARKER, {"Zeta here": "pathways/zeta/index.md"}]
    assert arrange(nav, FLOWS) == [{"Home": "index.md"}, {"Alpha": "pathways/alpha/index.md"},
                                   {"Zeta here": "pathways/zeta/index.md"}]


def test_removing_a_flow_removes_it_and_no_nav_means_none():
    nav = [{"Home": "index.md"}, FLOWS_MARKER]
    assert arrange(nav, []) == [{"Home": "index.md"}]
    assert arrange(None, FLOWS) is None
