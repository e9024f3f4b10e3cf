"""build_tools.source.graph: the one set of walks over a flow's arrows (check, questionnaire, FHIR)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.diagram import make_flow

from build_tools.source import graph


def test_adjacency_follows_each_node_in_order_and_leaves_out_missing_targets():
    flow = make_flow("g", [
        {"id": "s", "kind": "step", "title": "S", "body": "x", "next": "q"},
        {"id": "q", "kind": "question", "title": "Q", "answers": [
            {"label": "A", "next": "end"}, {"label": "B", "next": "nowhere"}, {"label": "C", "next": "s"}]},
        {"id": "end", "kind": "outcome", "title": "E", "body": "x"},
    ])
    assert graph.adjacency(flow) == {"s": ["q"], "q": ["end", "s"], "end": []}
    assert graph.predecessors(graph.adjacency(flow)) == {"s": ["q"], "q": ["s"], "end": ["q"]}


ARROWS = {"a": ["b", "c"], "b": ["d"], "c": ["d", "b"], "d": [], "lone": ["d"]}


def test_reachable_forwards_and_backwards():
    assert graph.reachable(ARROWS, ["a"]) == {"a", "b", "c", "d"}
    assert graph.reachable(ARROWS, ["b"]) == {"b", "d"}
    assert graph.reachable(graph.predecessors(ARROWS), ["b"]) == {"a", "b", "c"}
    assert graph.reachable(ARROWS, ["missing"]) == set()


def test_breadth_first_visits_each_reached_node_once_in_arrow_order():
    assert graph.breadth_first(ARROWS, "a") == ["a", "b", "c", "d"]
    assert graph.breadth_first(ARROWS, "missing") == []


def test_loops_are_reported_once_each_from_the_arrow_that_closes_them():
    arrows = {"s": ["a"], "a": ["b"], "b": ["a", "c"], "c": ["c"], "d": []}
    assert graph.loops(arrows) == [("b", ["a", "b", "a"]), ("c", ["c", "c"])]
    assert graph.loops(ARROWS) == []


def test_topological_order_puts_each_node_after_those_leading_to_it_ties_by_key():
    assert graph.topological_order(ARROWS, "a", key=str) == ["a", "c", "b", "d"]
    # The key decides among the nodes free to go next, never against an arrow.
    rank = {"a": 0, "b": 1, "c": 2, "d": 3}
    assert graph.topological_order(ARROWS, "a", key=rank.__getitem__) == ["a", "c", "b", "d"]
    assert graph.topological_order({"s": ["x", "y"], "x": [], "y": []}, "s",
                                   key=lambda n: {"s": 0, "x": 2, "y": 1}[n]) == ["s", "y", "x"]
    # Only what the start reaches ("lone" is not).
    assert "lone" not in graph.topological_order(ARROWS, "a", key=str)


def test_a_loop_raises_naming_the_first_node_it_holds_back():
    with pytest.raises(graph.LoopError) as caught:
        graph.topological_order({"s": ["a"], "a": ["b"], "b": ["a", "c"], "c": []}, "s", key=str)
    assert caught.value.stuck == "a"
    with pytest.raises(graph.LoopError):
        graph.topological_order({"s": ["s"]}, "s", key=str)


@given(st.integers(2, 12).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
    st.permutations(range(n)))))
def test_any_loop_free_graph_is_ordered_and_any_loop_is_found(case):
    n, pairs, rank = case
    dag = {str(i): sorted({str(b) for a, b in pairs if a == i and b > i}) for i in range(n)}
    order = graph.topological_order(dag, "0", key=lambda nid: rank[int(nid)])
    assert set(order) == graph.reachable(dag, ["0"]) and len(order) == len(set(order))
    position = {nid: k for k, nid in enumerate(order)}
    assert all(position[a] < position[b] for a in order for b in dag[a])
    assert graph.loops(dag) == []
    # One arrow back from the deepest reached node to the start closes a loop.
    last = order[-1]
    if last != "0":
        looped = {**dag, last: [*dag[last], "0"]}
        assert graph.loops(looped)
        with pytest.raises(graph.LoopError):
            graph.topological_order(looped, "0", key=str)
