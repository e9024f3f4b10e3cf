"""Tests for build_tools.outputs.fhir.items: one item per node in a topological order, stable
answer codes, and refusals where an exact Questionnaire cannot be written."""

from __future__ import annotations

import pytest
from support.fhir import MADE, SITE, check_everything, make_flow, resource_of

from build_tools.outputs.fhir import resource as rf
from build_tools.outputs.fhir.items import FhirExportError, item_order


def test_answer_codes_are_slugs_unique_within_a_question():
    flow = make_flow("q", {"q": ("question", [("Yes!", "o"), ("yes?", "o"), ("Ναι", "o"),
                                              ("Όχι", "o"), ("Yes-2", "o")]),
                           "o": ("outcome",)})
    r = resource_of(flow)
    codes = [o["valueCoding"]["code"] for o in r["item"][0]["answerOption"]]
    assert codes == ["yes", "yes-2", "answer-3", "answer-4", "yes-2-5"]
    check_everything(flow, r)


@pytest.mark.parametrize("name, spec, message", [
    ("loop", {"q": ("question", [("A", "s"), ("B", "o")]), "s": ("step", "q"), "o": ("outcome",)}, "loop"),
    ("unreachable", {"q": ("question", [("A", "o"), ("B", "o")]), "x": ("step", "o"),
                     "o": ("outcome",)}, "cannot be reached"),
    ("broken", {"q": ("question", [("A", "o"), ("B", "nowhere")]), "o": ("outcome",)}, "not a node"),
    ("no questions", {"q": ("step", "o"), "o": ("outcome",)}, "no questions"),
])
def test_refuses_what_it_cannot_encode(name, spec, message):
    flow = make_flow("q", spec)
    with pytest.raises(FhirExportError, match=message):
        rf.render(flow, site_url=SITE)


def test_refuses_clashing_link_ids():
    flow = make_flow("q", {"q": ("question", [("A", "q--why"), ("B", "q--why")]),
                           "q--why": ("outcome",)})
    with pytest.raises(FhirExportError, match="linkId"):
        rf.render(flow, site_url=SITE)
    twice = make_flow("q", {"q": ("question", [("A", "o"), ("B", "o")]), "o": ("outcome",)})
    twice = twice.model_copy(update={"nodes": [*twice.nodes, twice.nodes[-1]]})
    with pytest.raises(FhirExportError, match="share an id"):
        rf.render(twice, site_url=SITE)


def test_items_come_after_every_node_leading_to_them_ties_in_reading_order():
    # Reading (breadth-first) order puts x before y, but y leads to x.
    assert [n.id for n in item_order(MADE["not-breadth-first"])] == ["q1", "y", "x", "o1", "o2"]
    assert [n.id for n in item_order(MADE["diamond"])] == ["s0", "q1", "q2", "q3", "q4", "o1", "o2"]
    assert [i["linkId"] for i in resource_of(MADE["diamond"])["item"]] == ["s0", "q1", "q2", "q3", "q4", "o1", "o2"]


def test_a_loop_names_the_first_node_it_holds_back():
    flow = make_flow("q", {"q": ("question", [("A", "s"), ("B", "o")]), "s": ("step", "t"), "t": ("step", "s"),
                           "o": ("outcome",)})
    with pytest.raises(FhirExportError, match="has a loop through 's'"):
        item_order(flow)
