"""Tests for build_tools.outputs.questionnaire.plan: every node once, in an order where answers lead down."""

from __future__ import annotations

import pytest
from support.questionnaire import FIXTURE, built, load_flow  # noqa: F401 (fixture)

from build_tools.outputs.questionnaire import plan as rq
from build_tools.source.kinds import kind_of


def test_plan_has_every_node_once_in_a_topological_order(built):
    flow, _ = built
    p = rq.plan(flow)
    fids = [s.fid for s in p.screens]
    assert fids[0] == flow.start
    assert sorted(fids) == sorted(n.id for n in flow.nodes), "one screen per node, no unfolding"
    for s in p.screens:
        for w in s.ways_out:
            assert s.target(w).index > s.index, (s.fid, s.target(w).fid)
    kinds = [kind_of(s.node).ends for s in p.screens]
    assert kinds == sorted(kinds), "outcomes come last, so the answer summary follows them"


def test_plan_fixture_order_and_ways():
    p = rq.plan(load_flow(FIXTURE))
    assert [s.fid for s in p.screens] == ["first-question", "about-results", "second-question",
                                         "good-to-talk", "open-questions"]
    second = p.screens[2]
    assert [(w.source.fid, w.number) for w in second.ways_in] == [
        ("first-question", 2), ("first-question", 3), ("about-results", 0)]


def test_ask_items_are_unique_and_unsure_first():
    p = rq.plan(load_flow(FIXTURE))
    assert [(i.text, i.unsure) for i in p.asks] == [
        ("Have I had a scan yet?", True),
        ("When will I have a scan?", False),
        ("Who will tell me the results?", False),
        ("What can help me feel better?", False),
        ("How do I know if I am well enough?", False),
    ]


def test_screens_know_their_kind_from_the_kind_table(built):
    flow, _ = built
    p = rq.plan(flow)
    for s in p.screens:
        assert (s.answered, s.ends) == (kind_of(s.node).answered, kind_of(s.node).ends)
    assert p.questions() == [s for s in p.screens if s.answered] and p.questions()
    assert p.outcomes() == [s for s in p.screens if s.ends] and p.outcomes()


def test_a_broken_reference_or_a_loop_is_refused():
    flow = load_flow(FIXTURE)
    first = flow.nodes[0]
    broken = first.model_copy(update={"answers": [first.answers[0].model_copy(update={"next": "nowhere"}),
                                                  *first.answers[1:]]})
    with pytest.raises(ValueError, match="'nowhere' is not the id of any node"):
        rq.plan(flow.model_copy(update={"nodes": [broken, *flow.nodes[1:]]}))
    # The fixture's second question leads back to the first: a loop.
    second = next(n for n in flow.nodes[1:] if kind_of(n).answered)
    looped = second.model_copy(update={"answers": [second.answers[0].model_copy(update={"next": first.id}),
                                                   *second.answers[1:]]})
    nodes = [looped if n is second else n for n in flow.nodes]
    with pytest.raises(ValueError, match="has a loop"):
        rq.plan(flow.model_copy(update={"nodes": nodes}))
