"""The branching of the FHIR resource: one flat ``enableWhen`` list per item, and why it is exact.

A node must be enabled exactly when the reader's answers reach it. In FHIR, an item's
``enableWhen`` is a flat list of conditions, combined by ``enableBehavior`` ``all`` or
``any``, with no nesting; a condition can only test the answer of a *question* item
(a step is a ``display`` item and is never answered).

Write ``reached(n)`` for "the reader's path passes through ``n``". In a loop-free flow the
path is fixed by the answers, and it passes through ``n`` exactly when it takes one of the
edges into ``n``::

    reached(start) = true
    reached(n)     = OR over the edges into n of:
                       answer a of question q  ->  reached(q) AND q is answered a
                       step s                  ->  reached(s)

The conjunction ``reached(q) AND q is answered a`` looks like it needs nesting, but FHIR
already supplies it. The R4 definition of ``Questionnaire.item.enableWhen`` says that when
the logic depends on a disabled item it "should proceed as though the item is not valued",
even if a value is kept in memory: a disabled question has no answer. So, if ``q``'s own
``enableWhen`` is exactly ``reached(q)`` (by induction, in topological order), the single
condition ``q = a`` is true exactly when ``reached(q) AND q is answered a``. A chain such as
"answer A to q1, then answer B to q2" is therefore just ``q2 = B``: q2 has an answer only
while q1 = A.

A step cannot be named in a condition, so a node reached through a step takes the step's
own conditions instead: ``reached(s)`` is already, by induction, an OR of answer
conditions, and an OR of ORs is one flat OR. So every ``reached(n)`` is one flat list of
``question = code`` conditions with ``enableBehavior: any`` (left out when there is only
one condition, where it makes no difference), and the nodes reached from the start only
through steps get no ``enableWhen`` at all. No ``all`` and no nesting is ever needed.
This holds for every loop-free flow, including diamonds (two routes merging), steps
between questions and a step reached from several questions. Because the items are in
topological order, every condition names an earlier item, so a client can decide
enablement in one pass from the top.

Where it cannot work, the exporter refuses with :class:`.items.FhirExportError` instead of
writing something wrong (``check`` reports all of these as errors first):

* a loop: a node on a cycle would need its own answer to enable itself;
* a node that cannot be reached from the start: "never" cannot be written as an
  ``enableWhen`` (an empty list means "always");
* a reference to a node that does not exist, or two nodes with one id (a ``linkId``
  must be unique);
* a flow with no questions (there is nothing for a portal to ask).

How far the encoding relies on the "not valued" rule: on a forward path only the questions on the
path have answers, so even a client that ignores the rule enables exactly the path. It
matters when the reader goes back and changes an earlier answer while the client keeps
the answers given on the abandoned route: a client that still counts those would show
nodes off the path. No flat ``enableWhen`` can prevent that in general (a node with two
routes would need an OR of ANDs), so the exporter does not try; the tests play such
"changed my mind" states against a client that follows the rule.

Cost: a node reached through steps repeats the conditions of every route into those steps,
so one item's list can be as long as the number of answers in the flow. Real flows stay
short: a node after a merge lists one condition per answer that leads into the merge.
"""

from __future__ import annotations

from build_tools.outputs.fhir.items import FhirExportError
from build_tools.source.model import Flow, Node


def enable_conditions(flow: Flow, order: list[Node]) -> dict[str, list[tuple[str, int]]]:
    """For each node, the (question id, 0-based answer index) pairs that enable it, any of
    which suffices; an empty list means "always" (see the module docstring). ``order`` is
    :func:`.items.item_order`'s."""
    position = {n.id: i for i, n in enumerate(order)}
    always = {flow.start}
    atoms: dict[str, set[tuple[str, int]]] = {n.id: set() for n in order}
    for node in order:  # topological: every route into a node is known before it is used
        for i, edge in enumerate(node.edges()):
            if edge.answer is not None:  # answer i of a question
                atoms[edge.target].add((node.id, i))
            else:  # a step passes its own conditions on
                if node.id in always:
                    always.add(edge.target)
                atoms[edge.target] |= atoms[node.id]
    out = {}
    for node in order:
        when = [] if node.id in always else sorted(atoms[node.id], key=lambda a: (position[a[0]], a[1]))
        if any(position[qid] >= position[node.id] for qid, _ in when):  # cannot happen: topological
            raise FhirExportError(f"flow '{flow.id}': '{node.id}' would depend on a later question")
        out[node.id] = when
    return out
