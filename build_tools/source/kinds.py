"""The node-kind table: everything about a kind of node, declared once.

A flow has three kinds of node. The pydantic model of each kind (:mod:`build_tools.source.model`)
says what an editor writes and which arrows leave it (``edges()``). This table says the
rest, for every output at once:

* ``label``: how readers see the kind named (pages, chart tooltips, text equivalent): the
  English msgid, marked with ``N_`` and translated where it is shown (:mod:`build_tools.core.i18n`);
* ``shape``: its Graphviz attributes, so colour is never the only signal in a diagram;
* ``print_fill``: its fill in the printed PDF (the SVG takes colours from CSS instead);
* ``template``: the partial that writes the kind-specific part of its page;
* ``answered``: readers choose among its answers (a question);
* ``ends``: it is an end point (an outcome);
* ``cites``: it must cite at least one source (information a reader may act on).

Adding a fourth kind means: a model class with ``kind: Literal[...]`` and ``edges()``, one
row here, and one template. Nothing else lists the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from build_tools.core.i18n import N_
from build_tools.source.model import NODE_KINDS, Outcome, Question, Step


@dataclass(frozen=True)
class Kind:
    name: str
    model: type
    label: str
    shape: Mapping[str, str]
    print_fill: str
    template: str
    answered: bool = False
    ends: bool = False
    cites: bool = True
    extra: Mapping[str, str] = field(default_factory=dict)


_ROWS = (
    Kind("step", Step, label=N_("Step"),
         shape={"shape": "box", "style": "filled"}, print_fill="#ffffff",
         template="node-step.md.jinja"),
    Kind("question", Question, label=N_("Question"),
         shape={"shape": "hexagon", "style": "filled"}, print_fill="#eeeeee",
         template="node-question.md.jinja", answered=True, cites=False),
    Kind("outcome", Outcome, label=N_("End point"),
         shape={"shape": "box", "style": "rounded,filled", "peripheries": "2"}, print_fill="#ffffff",
         template="node-outcome.md.jinja", ends=True),
)

#: Every kind, by the name editors write after ``kind:``.
KINDS: Mapping[str, Kind] = MappingProxyType({row.name: row for row in _ROWS})

if set(KINDS) != set(NODE_KINDS) or any(KINDS[k].model is not NODE_KINDS[k] for k in KINDS):
    raise ImportError("build_tools.source.kinds and build_tools.source.model disagree about the node kinds")


def kind_of(node) -> Kind:
    """The table row of a node."""
    return KINDS[node.kind]


def has_questions(flow) -> bool:
    """Whether readers answer anything in ``flow``: the questionnaire and the FHIR export
    exist only for such flows."""
    return any(KINDS[n.kind].answered for n in flow.nodes)


#: How each kind is named to readers, by kind name (English msgids; translate with ``_()``).
LABELS: Mapping[str, str] = MappingProxyType({k: row.label for k, row in KINDS.items()})
