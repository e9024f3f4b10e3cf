"""The flow as a graph: its arrows, what the start reaches, loops, and a topological order.

One module for every walk over a flow's arrows, so that ``check``, the questionnaire and the
FHIR export agree on what is reachable and in which order nodes come:

* :func:`adjacency`: each node's successors, in order, leaving out references to nodes that
  do not exist (``check`` reports those; no walk here trips over them);
* :func:`reachable`: the nodes some path from the given roots passes through (forwards, or
  backwards over :func:`predecessors`, as the dead-end rule does);
* :func:`breadth_first`: nodes in breadth-first order (the reading order of pages and charts);
* :func:`loops`: every arrow that closes a loop, with the loop's nodes;
* :func:`topological_order`: the nodes the start reaches, each after every node that leads to
  it, ties broken by a key each caller chooses (reading order; the questionnaire also puts
  outcomes last). A loop raises :class:`LoopError`.

Pure: a graph is a ``{node id: [successor ids]}`` mapping, so this module imports nothing of
the model and the model can use it.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Graph = Mapping[str, list[str]]


class LoopError(ValueError):
    """The graph has a loop, so no node on it can come after every node leading to it."""

    def __init__(self, stuck: str) -> None:
        super().__init__(f"a loop holds back '{stuck}'")
        #: The first node (in the graph's order) that a loop keeps from being placed.
        self.stuck = stuck


def adjacency(flow: Any) -> dict[str, list[str]]:
    """``{node id: [ids it leads to]}`` for a flow, in file order, existing targets only."""
    nodes = flow.node_map()
    return {nid: [e.target for e in node.edges() if e.target in nodes] for nid, node in nodes.items()}


def predecessors(graph: Graph) -> dict[str, list[str]]:
    """The graph with every arrow turned round."""
    reverse: dict[str, list[str]] = {nid: [] for nid in graph}
    for nid, targets in graph.items():
        for t in targets:
            reverse[t].append(nid)
    return reverse


def reachable(graph: Graph, roots: Iterable[str]) -> set[str]:
    """Every node a path from one of ``roots`` passes through, roots included."""
    seen = {r for r in roots if r in graph}
    queue = deque(seen)
    while queue:
        for t in graph[queue.popleft()]:
            if t not in seen:
                seen.add(t)
                queue.append(t)
    return seen


def breadth_first(graph: Graph, start: str) -> list[str]:
    """The nodes ``start`` reaches, breadth-first, each arrow followed in order."""
    if start not in graph:
        return []
    order, seen, queue = [], {start}, deque([start])
    while queue:
        nid = queue.popleft()
        order.append(nid)
        for t in graph[nid]:
            if t not in seen:
                seen.add(t)
                queue.append(t)
    return order


def loops(graph: Graph) -> list[tuple[str, list[str]]]:
    """Every arrow that closes a loop: (the node it leaves, the loop's nodes from the first
    one repeated at the end). An iterative depth-first search from each node in order, so a
    loop is reported once, from the arrow that closes it."""
    out: list[tuple[str, list[str]]] = []
    colour: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in graph:
        if root in colour:
            continue
        stack = [(root, iter(graph[root]))]
        trail = [root]
        colour[root] = 1
        while stack:
            nid, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[nid] = 2
                stack.pop()
                trail.pop()
            elif colour.get(nxt) == 1:
                out.append((nid, trail[trail.index(nxt):] + [nxt]))
            elif nxt not in colour:
                colour[nxt] = 1
                stack.append((nxt, iter(graph[nxt])))
                trail.append(nxt)
    return out


def topological_order(graph: Graph, start: str, key: Callable[[str], Any]) -> list[str]:
    """The nodes ``start`` reaches, each after every node that leads to it (Kahn's algorithm);
    among the nodes free to go next, the one with the smallest ``key``.

    Raises :class:`LoopError` when a loop keeps some of them from being placed.
    """
    reached = reachable(graph, [start])
    indegree = {nid: 0 for nid in graph if nid in reached}
    for nid in indegree:
        for t in graph[nid]:
            indegree[t] += 1
    ready = [(key(start), start)] if start in indegree and indegree[start] == 0 else []
    order: list[str] = []
    while ready:
        _, nid = heapq.heappop(ready)
        order.append(nid)
        for t in graph[nid]:
            indegree[t] -= 1
            if indegree[t] == 0:
                heapq.heappush(ready, (key(t), t))
    if len(order) != len(indegree):
        raise LoopError(next(nid for nid in indegree if indegree[nid] > 0))
    return order
