"""The resource's items: one per node, in a topological order, with stable answer codes.

Every node is one top-level item whose ``linkId`` is the node id, in a topological order
(a node comes after every node that leads to it; among the nodes that are free to go
next, the one first in :func:`build_tools.source.model.reading_order`), from
:func:`build_tools.source.graph.topological_order`.

* A **question** is a ``choice`` item. Each answer is an ``answerOption.valueCoding``:
  ``display`` is the label; ``code`` is the slug of the label (``"Not sure"`` ->
  ``not-sure``), so a portal's stored answers stay meaningful and a reordering of the
  answers cannot silently change what a stored code means. A label with no slug (no Latin
  letters or digits) gets ``answer-<n>`` (its 1-based position); a slug already taken in
  the same question gets ``-<n>`` added. ``system`` is
  ``<site_url>/fhir/<flow-id>/<question-id>``: one code system per question, so codes
  only need to be unique within their question. A question's ``body`` and ``why`` are
  ``display`` items nested in it (``<id>--body``, ``<id>--why``; ``--`` never occurs in a
  node id); ``why`` carries the core ``questionnaire-itemControl`` extension ``help``.
* A **step** or an **outcome** is a ``display`` item. Display items may not hold nested
  items (invariant que-1), so the ``text`` is the title, a blank line and the body.
* Each item's ``enableWhen`` comes from :mod:`.enable_when`; its text from :mod:`.text`.
"""

from __future__ import annotations

from build_tools.core import ids
from build_tools.core.markup import one_line
from build_tools.outputs.fhir.text import prose
from build_tools.source import graph
from build_tools.source.kinds import kind_of
from build_tools.source.model import Flow, Node, reading_order, successors

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"


class FhirExportError(ValueError):
    """The flow cannot be written as a Questionnaire whose enablement is exact."""


def item_order(flow: Flow) -> list[Node]:
    """Every node, each after all nodes that lead to it; ties broken by reading order.

    Raises :class:`FhirExportError` for a broken reference, a loop or an unreachable node.
    """
    nodes = flow.node_map()
    if flow.start not in nodes:
        raise FhirExportError(f"flow '{flow.id}': start '{flow.start}' is not a node")
    for node in nodes.values():
        for t in successors(node):
            if t not in nodes:
                raise FhirExportError(f"flow '{flow.id}': '{node.id}' leads to '{t}', which is not a node")
    arrows = graph.adjacency(flow)
    reached = graph.reachable(arrows, [flow.start])
    if missing := [nid for nid in nodes if nid not in reached]:
        raise FhirExportError(f"flow '{flow.id}': '{missing[0]}' cannot be reached from the start, "
                              "and an enableWhen cannot say 'never'")
    rank = {n.id: i for i, n in enumerate(reading_order(flow))}
    try:
        order = graph.topological_order(arrows, flow.start, key=rank.__getitem__)
    except graph.LoopError as loop:
        raise FhirExportError(f"flow '{flow.id}' has a loop through '{loop.stuck}': a node on a loop "
                              "would need its own answer to be enabled") from None
    return [nodes[nid] for nid in order]


def answer_codes(question: Node) -> list[str]:
    """Stable codes for a question's answers: the slug of each label (see the module docstring)."""
    used: set[str] = set()
    codes = []
    for n, edge in enumerate(question.edges(), start=1):
        base = ids.slugify(edge.answer.label) or f"answer-{n}"
        code = base
        extra = n
        while code in used:
            code = f"{base}-{extra}"
            extra += 1
        used.add(code)
        codes.append(code)
    return codes


def items(flow: Flow, order: list[Node], conditions: dict[str, list[tuple[str, int]]],
          base: str | None) -> list[dict]:
    """The top-level items, in ``order``, enabled by ``conditions`` (:mod:`.enable_when`);
    ``base`` is the site's address (``None``: answer codes get no ``system``)."""
    codes = {n.id: answer_codes(n) for n in order if kind_of(n).answered}

    def system(qid: str) -> dict:
        return {"system": f"{base}/fhir/{flow.id}/{qid}"} if base else {}

    out = []
    for node in order:
        answered = kind_of(node).answered
        item: dict = {"linkId": node.id}
        if answered:
            item["text"] = one_line(node.title)
            item["type"] = "choice"
        else:
            item["text"] = "\n\n".join(filter(None, [one_line(node.title), prose(node.body, node.ask, flow.language)]))
            item["type"] = "display"
        when = conditions[node.id]
        if when:
            item["enableWhen"] = [
                {"question": qid, "operator": "=",
                 "answerCoding": {**system(qid), "code": codes[qid][i]}}
                for qid, i in when]
            if len(when) > 1:
                item["enableBehavior"] = "any"
        if answered:
            item["answerOption"] = [
                {"valueCoding": {**system(node.id), "code": code, "display": one_line(edge.answer.label)}}
                for code, edge in zip(codes[node.id], node.edges())]
            children = []
            if text := prose(node.body, node.ask, flow.language):
                children.append({"linkId": f"{node.id}--body", "text": text, "type": "display"})
            if why := prose(node.why):  # Markdown with no words (a lone "#") gives no item
                children.append({
                    "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": {"coding": [
                        {"system": ITEM_CONTROL_SYSTEM, "code": "help", "display": "Help-Button"}]}}],
                    "linkId": f"{node.id}--why", "text": why, "type": "display"})
            if children:
                item["item"] = children
        out.append(item)
    nested = [child["linkId"] for item in out for child in item.get("item", [])]
    if clash := set(nested) & {n.id for n in order}:
        raise FhirExportError(f"flow '{flow.id}': the node id '{sorted(clash)[0]}' is also the "
                              "linkId of a question's body or why")
    return out
