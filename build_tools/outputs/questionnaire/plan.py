"""The questionnaire's screens: one per node, in an order where every answer leads further down.

:func:`plan` lays the flow out as :class:`Screen` objects, the start first, every node
once, in a topological order (:func:`build_tools.source.graph.topological_order`; ties in
reading order, outcomes last), each with its ways in and out (:class:`Way`: an answer of a
question, or a step's Continue), and gathers the questions for the care team the path can
raise (:class:`AskItem`).

Fragment ids: a node's section has the node's YAML id (``#spread``): the stable link a
hospital can use. Every other id Pathway adds has ``--`` in it (``<id>--t`` a heading,
``a3--`` a radio, ``y2--`` a summary row), and slugs never hold ``--``, so nothing clashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_tools.core.markup import same_words
from build_tools.source import graph
from build_tools.source.kinds import kind_of
from build_tools.source.model import Answer, Flow, Node, reading_order


@dataclass
class Way:
    """One way into a node: an answer of a question, or a step's Continue."""

    source: Screen
    answer: Answer | None
    #: 1-based number of the answer on its question (0 for a step).
    number: int = 0
    #: The toggle that is true when this way is the one taken: ``--a<n>`` or the step's ``--n<k>``.
    var: str = ""
    #: Answers: the radio's id, ``a<n>--``. Every id Pathway adds ends in ``--``; YAML ids never do.
    rid: str = ""
    #: The id of the Back link this way gets on its target, ``b<n>--``.
    back_id: str = ""


@dataclass
class Screen:
    """One node: one section of the page."""

    node: Node
    index: int
    ways_in: list[Way] = field(default_factory=list)
    ways_out: list[Way] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def answered(self) -> bool:
        """The reader picks one of its answers (a question): radios and a Continue per answer."""
        return kind_of(self.node).answered

    @property
    def ends(self) -> bool:
        """An end point (an outcome): the result, with the answers on the path."""
        return kind_of(self.node).ends

    @property
    def fid(self) -> str:
        return self.node.id

    @property
    def var(self) -> str:
        """The toggle that is true when this node is on the path taken."""
        return f"--n{self.index}"

    @property
    def row_id(self) -> str:
        """The id of this question's row in the answer summary."""
        return f"y{self.index}--"

    def target(self, way: Way) -> Screen:
        return self._targets[id(way)]

    _targets: dict = field(default_factory=dict, repr=False)


@dataclass
class AskItem:
    """One question for the care team raised by the path: shown when any of its ``ways`` is."""

    text: str
    #: Toggles (answers ``--a<n>`` or nodes ``--n<k>``): the item shows when one is true.
    vars: list[str]
    unsure: bool


@dataclass
class Plan:
    """The flow laid out as screens, in an order where every answer leads further down."""

    flow: Flow
    screens: list[Screen]
    asks: list[AskItem]

    @property
    def start(self) -> Screen:
        return self.screens[0]

    def questions(self) -> list[Screen]:
        return [s for s in self.screens if s.answered]

    def outcomes(self) -> list[Screen]:
        return [s for s in self.screens if s.ends]


def plan(flow: Flow) -> Plan:
    """The screens of ``flow``: the start first, every node once, in a topological order
    (ties in reading order), outcomes last. Raises ``ValueError`` for a broken reference or
    a loop (``check`` reports those first)."""
    nodes = flow.node_map()
    if flow.start not in nodes:
        raise ValueError(f"'{flow.start}' is not the id of any node in flow '{flow.id}'")
    arrows = graph.adjacency(flow)
    for nid in graph.reachable(arrows, [flow.start]):
        for edge in nodes[nid].edges():
            if edge.target not in nodes:
                raise ValueError(f"'{edge.target}' is not the id of any node in flow '{flow.id}'")
    rank = {n.id: i for i, n in enumerate(reading_order(flow))}
    try:
        # Outcomes wait until everything else is placed.
        order = graph.topological_order(arrows, flow.start, key=lambda nid: (kind_of(nodes[nid]).ends, rank[nid]))
    except graph.LoopError:
        raise ValueError(f"flow '{flow.id}' has a loop") from None
    screens = [Screen(node=nodes[nid], index=i) for i, nid in enumerate(order)]
    by_id = {s.fid: s for s in screens}
    answer_no = 0
    for screen in screens:
        for number, edge in enumerate(screen.node.edges(), start=1):
            if edge.answer is not None:
                way = Way(screen, edge.answer, number, f"--a{answer_no}", rid=f"a{answer_no}--")
                answer_no += 1
            else:
                way = Way(screen, None, 0, screen.var)
            way.back_id = f"b{sum(len(s.ways_in) for s in screens)}--"
            screen.ways_out.append(way)
            target = by_id[edge.target]
            target.ways_in.append(way)
            screen._targets[id(way)] = target
    return Plan(flow, screens, _ask_items(screens))


def _ask_items(screens: list[Screen]) -> list[AskItem]:
    """The questions the path can raise (every answer's and every step's and question's
    ``ask``), once each, in path order; those of "Not sure" answers first."""
    items: dict[str, AskItem] = {}
    for unsure_pass in (True, False):
        for screen in screens:
            if screen.ends:
                continue
            sources = [(w.answer.ask, w.var, w.answer.unsure) for w in screen.ways_out
                       if w.answer is not None]
            sources.append((screen.node.ask, screen.var, False))
            for texts, var, unsure in sources:
                if unsure != unsure_pass:
                    continue
                for text in texts:
                    item = items.setdefault(same_words(text), AskItem(text, [], unsure))
                    if var not in item.vars:
                        item.vars.append(var)
    return list(items.values())
