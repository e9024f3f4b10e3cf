"""Tests for build_tools.outputs.fhir.enable_when: the flat enableWhen lists enable exactly the
nodes the reader's answers reach, even when answers are changed; broken encodings (mutants) are caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import flow_data
from support.fhir import (
    ALL_FLOWS,
    FAST,
    MADE,
    SIMPLE_TEXT,
    answer_states,
    check_everything,
    enabled_items,
    fails_to_play,
    items_of,
    mutate,
    paths,
    problems,
    resource_of,
    visited,
)

from build_tools.outputs.fhir.enable_when import enable_conditions
from build_tools.outputs.fhir.items import item_order
from build_tools.source.model import Flow


@pytest.mark.parametrize("flow", ALL_FLOWS)
def test_changed_answers_disable_what_they_no_longer_reach(flow):
    resource = resource_of(flow)
    for answers in answer_states(flow):
        assert enabled_items(resource, answers) == visited(flow, answers), answers


@FAST
@given(data=flow_data(text=SIMPLE_TEXT, max_nodes=12), picks=st.data())
def test_generated_flows_play(data, picks):
    flow = Flow.model_validate(data)
    resource = resource_of(flow)
    check_everything(flow, resource)
    questions = [n for n in flow.nodes if n.kind == "question"]
    for _ in range(20):  # random remembered answers, including off-path ones
        answers = {q.id: picks.draw(st.integers(0, len(q.answers) - 1)) for q in questions
                   if picks.draw(st.booleans())}
        assert enabled_items(resource, answers) == visited(flow, answers)


def test_mutant_all_instead_of_any_is_caught():
    def change(r):
        for item in r["item"]:
            if item.get("enableBehavior") == "any":
                item["enableBehavior"] = "all"
    assert fails_to_play(MADE["diamond"], mutate(MADE["diamond"], change))


def test_mutant_steps_not_passing_conditions_through_is_caught():
    """Naive encoding: only the answers that point straight at a node enable it."""
    flow = MADE["step-from-two-questions"]

    def change(r):
        for link in ("s2", "q3"):
            items_of(r)[link].pop("enableWhen", None)
            items_of(r)[link].pop("enableBehavior", None)
    assert fails_to_play(flow, mutate(flow, change))


def test_mutant_missing_route_is_caught():
    flow = MADE["answer-and-step"]

    def change(r):
        item = items_of(r)["o1"]
        item["enableWhen"] = item["enableWhen"][:1]
        item.pop("enableBehavior", None)
    assert fails_to_play(flow, mutate(flow, change))


def test_mutant_forward_reference_and_wrong_code_are_caught():
    flow = MADE["not-breadth-first"]
    swapped = mutate(flow, lambda r: r["item"].reverse())
    assert any("not an earlier item" in p for p in problems(swapped))

    def wrong_code(r):
        items_of(r)["x"]["enableWhen"][0]["answerCoding"]["code"] = "nope"
    assert any("is not an answer" in p for p in problems(mutate(flow, wrong_code)))

    def at_a_step(r):
        items_of(r)["x"]["enableWhen"][0]["question"] = "y"
    assert any("a display item" in p for p in problems(mutate(flow, at_a_step)))


def test_mutant_conjunction_as_two_conditions_with_any_is_caught():
    """Writing "q1 = A and q2 = B" as a flat any-list is wrong; our single q2 = B is right."""
    flow = MADE["conjunction"]
    items = items_of(resource_of(flow))
    assert [c["question"] for c in items["o3"]["enableWhen"]] == ["q2"]

    def change(r):
        item = items_of(r)["o3"]
        q1_a = items_of(r)["q1"]["answerOption"][0]["valueCoding"]
        item["enableWhen"] = [{"question": "q1", "operator": "=", "answerCoding": dict(q1_a)},
                              *item["enableWhen"]]
        item["enableBehavior"] = "any"
    assert fails_to_play(flow, mutate(flow, change))


def test_the_encoding_relies_on_disabled_items_having_no_answer():
    """A client that breaks the R4 rule still plays every forward path right, and goes wrong
    only when the reader changes an earlier answer (as the module docstring says)."""
    flow = MADE["conjunction"]
    resource = resource_of(flow)
    for path in paths(flow):
        for k in range(len(path) + 1):
            answers = dict(path[:k])
            assert enabled_items(resource, answers, compliant=False) == visited(flow, answers)
    changed_mind = {"q1": 1, "q2": 0}  # A then B reached o3; then q1 changed to B
    assert visited(flow, changed_mind) == {"q1", "o1"}
    assert enabled_items(resource, changed_mind) == {"q1", "o1"}
    assert enabled_items(resource, changed_mind, compliant=False) == {"q1", "o1", "o3"}


def test_conditions_pass_through_steps_and_the_start_needs_none():
    flow = MADE["step-from-two-questions"]
    when = enable_conditions(flow, item_order(flow))
    assert when["q1"] == [] and when["q2"] == [("q1", 1)]
    # s is reached by q1 = A or q2 = C; the steps after it pass those conditions on.
    assert when["s"] == when["s2"] == when["q3"] == [("q1", 0), ("q2", 0)]
    flow = MADE["diamond"]
    assert enable_conditions(flow, item_order(flow))["q1"] == []  # the start is a step: always
