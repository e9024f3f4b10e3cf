"""The flow as an HL7 FHIR R4 (R4B) ``Questionnaire`` resource, for patient portals and EHRs.

Output: ``fhir/<flow-id>.json`` (:func:`build_tools.core.ids.fhir_file`), made by :func:`render`,
for every flow with at least one question. Pure: no MkDocs, no subprocess, no file access.
The bytes are deterministic: the same flow and ``site_url`` always give the same file
(pretty JSON built in a fixed key order, UTF-8, one trailing newline).

The resource
============

* ``url`` is ``<site_url>/fhir/<flow-id>.json`` (the address of this very file). With
  ``site_url=None`` there is no canonical address, so ``url`` and every answer code's
  ``system`` are left out; the resource is still valid.
* ``version`` is ``<last_reviewed>.<hash>``: the review date, then the first 8 hex digits
  of the SHA-256 of the resource without its version, so any change of content gives a
  new version even when the review date stays.
* ``status`` is always ``draft``: the model has no field that says the content was
  clinically approved (``review.reviewed_by`` is free text), and guessing "active" from
  free text could publish unreviewed content as approved.
* ``date`` and ``lastReviewDate`` are ``review.last_reviewed``; ``language`` is the flow's.
  ``description`` (plain text) holds the summary, both review dates, who reviewed it and
  every source with its address.

Items
=====

Every node is one top-level item whose ``linkId`` is the node id, in a topological order
(a node comes after every node that leads to it; among the nodes that are free to go
next, the one first in :func:`build_tools.source.model.reading_order`).

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
* All text is plain: titles and labels exactly as typed (whitespace folded, control
  characters replaced, as everywhere); bodies go through the project's one Markdown path
  (:func:`build_tools.core.markup.html_block`) and lose their markup (emphasis, heading marks),
  keeping paragraphs and ``-`` / ``1.`` list items. A node's own ``ask`` list follows
  its body under "Questions to ask your care team:".

Branching: why one flat ``enableWhen`` list is exact
=====================================================

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

Where it cannot work, the exporter refuses with :class:`FhirExportError` instead of
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

Left out, on purpose: the ``ask`` lists of answers (they depend on the path; they would
each need an extra conditional display item) and per-node source lists (the resource
lists every source once in ``description``).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import re
from html.parser import HTMLParser

from build_tools.core import i18n, ids, markup
from build_tools.source.model import Flow, reading_order, successors

ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_FHIR_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]{0,254}$")


class FhirExportError(ValueError):
    """The flow cannot be written as a Questionnaire whose enablement is exact."""


def has_questions(flow: Flow) -> bool:
    return any(n.kind == "question" for n in flow.nodes)


def render(flow: Flow, *, site_url: str | None) -> bytes:
    """The flow's ``Questionnaire`` resource as UTF-8 JSON bytes.

    ``site_url`` is the site's ``site_url`` from ``mkdocs.yml`` (``None``: no ``url`` and
    no code ``system``). Raises :class:`FhirExportError` (a ``ValueError``) for a flow
    without questions, with a loop, an unreachable node or a broken reference, and
    ``ValueError`` for a ``site_url`` that is not an http(s) address.
    """
    return dumps(questionnaire(flow, site_url=site_url))


def dumps(resource: dict) -> bytes:
    return (json.dumps(resource, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def questionnaire(flow: Flow, *, site_url: str | None) -> dict:
    """The ``Questionnaire`` resource as a plain dict (see the module docstring)."""
    if not has_questions(flow):
        raise FhirExportError(f"flow '{flow.id}' has no questions, so it has no FHIR Questionnaire")
    base = None
    if site_url is not None:
        if not site_url.startswith(("https://", "http://")):
            raise ValueError(f"site_url {site_url!r} is not an http(s) address")
        base = site_url.rstrip("/")
    nodes = flow.node_map()
    if len(nodes) != len(flow.nodes):
        raise FhirExportError(f"flow '{flow.id}': two nodes share an id, and a linkId must be unique")
    order = item_order(flow)
    codes = {n.id: answer_codes(n) for n in order if n.kind == "question"}
    conditions = enable_conditions(flow, order)

    def system(qid: str) -> dict:
        return {"system": f"{base}/fhir/{flow.id}/{qid}"} if base else {}

    items = []
    for node in order:
        item: dict = {"linkId": node.id}
        if node.kind == "question":
            item["text"] = plain(node.title)
            item["type"] = "choice"
        else:
            item["text"] = "\n\n".join(filter(None, [plain(node.title), prose(node.body, node.ask, flow.language)]))
            item["type"] = "display"
        when = conditions[node.id]
        if when:
            item["enableWhen"] = [
                {"question": qid, "operator": "=",
                 "answerCoding": {**system(qid), "code": codes[qid][i]}}
                for qid, i in when]
            if len(when) > 1:
                item["enableBehavior"] = "any"
        if node.kind == "question":
            item["answerOption"] = [
                {"valueCoding": {**system(node.id), "code": code, "display": plain(answer.label)}}
                for code, answer in zip(codes[node.id], node.answers)]
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
        items.append(item)
    nested = [child["linkId"] for item in items for child in item.get("item", [])]
    if clash := set(nested) & set(nodes):
        raise FhirExportError(f"flow '{flow.id}': the node id '{sorted(clash)[0]}' is also the "
                              "linkId of a question's body or why")

    review = flow.review
    resource: dict = {"resourceType": "Questionnaire"}
    if _FHIR_ID.match(flow.id):
        resource["id"] = flow.id
    resource["language"] = flow.language
    if base:
        resource["url"] = f"{base}/{ids.fhir_file(flow.id)}"
    resource["version"] = ""
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", flow.id))
    if _FHIR_NAME.match(name):  # invariant que-0: a machine-friendly name
        resource["name"] = name
    resource["title"] = plain(flow.title)
    resource["status"] = "draft"
    resource["subjectType"] = ["Patient"]
    resource["date"] = review.last_reviewed.isoformat()
    resource["description"] = description(flow)
    resource["lastReviewDate"] = review.last_reviewed.isoformat()
    resource["item"] = items
    digest = hashlib.sha256(dumps({k: v for k, v in resource.items() if k != "version"})).hexdigest()
    resource["version"] = f"{review.last_reviewed.isoformat()}.{digest[:8]}"
    return resource


def item_order(flow: Flow) -> list:
    """Every node, each after all nodes that lead to it; ties broken by reading order.

    Raises :class:`FhirExportError` for a broken reference, a loop or an unreachable node.
    """
    nodes = flow.node_map()
    if flow.start not in nodes:
        raise FhirExportError(f"flow '{flow.id}': start '{flow.start}' is not a node")
    rank = {n.id: i for i, n in enumerate(reading_order(flow))}
    indegree = {nid: 0 for nid in nodes}
    for node in nodes.values():
        for t in successors(node):
            if t not in nodes:
                raise FhirExportError(f"flow '{flow.id}': '{node.id}' leads to '{t}', which is not a node")
    reached = {flow.start}
    stack = [flow.start]
    while stack:
        for t in successors(nodes[stack.pop()]):
            if t not in reached:
                reached.add(t)
                stack.append(t)
    if missing := [nid for nid in nodes if nid not in reached]:
        raise FhirExportError(f"flow '{flow.id}': '{missing[0]}' cannot be reached from the start, "
                              "and an enableWhen cannot say 'never'")
    for node in nodes.values():
        for t in successors(node):
            indegree[t] += 1
    ready = [(rank[flow.start], flow.start)] if indegree[flow.start] == 0 else []
    order = []
    while ready:
        _, nid = heapq.heappop(ready)
        order.append(nodes[nid])
        for t in successors(nodes[nid]):
            indegree[t] -= 1
            if indegree[t] == 0:
                heapq.heappush(ready, (rank[t], t))
    if len(order) != len(nodes):
        stuck = next(nid for nid in nodes if indegree[nid] > 0)
        raise FhirExportError(f"flow '{flow.id}' has a loop through '{stuck}': a node on a loop "
                              "would need its own answer to be enabled")
    return order


def enable_conditions(flow: Flow, order: list) -> dict[str, list[tuple[str, int]]]:
    """For each node, the (question id, 0-based answer index) pairs that enable it, any of
    which suffices; an empty list means "always" (see the module docstring)."""
    position = {n.id: i for i, n in enumerate(order)}
    always = {flow.start}
    atoms: dict[str, set[tuple[str, int]]] = {n.id: set() for n in order}
    for node in order:  # topological: every route into a node is known before it is used
        if node.kind == "question":
            for i, answer in enumerate(node.answers):
                atoms[answer.next].add((node.id, i))
        elif node.kind == "step":
            if node.id in always:
                always.add(node.next)
            atoms[node.next] |= atoms[node.id]
    out = {}
    for node in order:
        when = [] if node.id in always else sorted(atoms[node.id], key=lambda a: (position[a[0]], a[1]))
        if any(position[qid] >= position[node.id] for qid, _ in when):  # cannot happen: topological
            raise FhirExportError(f"flow '{flow.id}': '{node.id}' would depend on a later question")
        out[node.id] = when
    return out


def answer_codes(question) -> list[str]:
    """Stable codes for a question's answers: the slug of each label (see the docstring)."""
    used: set[str] = set()
    codes = []
    for n, answer in enumerate(question.answers, start=1):
        base = ids.slugify(answer.label) or f"answer-{n}"
        code = base
        extra = n
        while code in used:
            code = f"{base}-{extra}"
            extra += 1
        used.add(code)
        codes.append(code)
    return codes


def plain(text: str) -> str:
    """One-line text (a title, a label) as shown everywhere else: exactly as typed."""
    return " ".join(markup.clean(text).split())


def description(flow: Flow) -> str:
    """The summary, the review and the sources; fixed words in the flow's language (:mod:`build_tools.core.i18n`)."""
    _ = i18n.gettext(flow.language)
    review = flow.review
    summary = prose(flow.summary)
    lines = [summary, ""] if summary else []
    lines += [_("Last reviewed: %(reviewed)s. Next review due: %(next)s. Reviewed by: %(name)s.",
                reviewed=review.last_reviewed.isoformat(), next=review.next_review.isoformat(),
                name=plain(review.reviewed_by)), "", _("Sources:")]
    lines += [f"- {plain(s.title)}. {plain(s.publisher)}, {s.year}. {s.url}" for s in flow.sources]
    return "\n".join(lines)


def prose(body: str | None, ask: list[str] | None = None, language: str = "en") -> str:
    """A Markdown body as plain text, then an optional list of questions for the care team."""
    _ = i18n.gettext(language)
    parts = [_markdown_to_plain(body)] if body else []
    if ask:
        parts.append(_("Questions to ask your care team:") + "\n" + "\n".join(f"- {plain(q)}" for q in ask))
    return "\n\n".join(p for p in parts if p)


# Separators inside the converter's buffer. ``markup.clean`` has already replaced every
# control character of the source text, so these cannot occur in it.
_PARA, _LINE, _INDENT = "\x00", "\x01", "\x02"
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr"}


class _PlainText(HTMLParser):
    """Core-Markdown HTML (from :func:`markup.html_block`) to plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buf: list[str] = []
        self.lists: list[list] = []  # [ordered, items so far]
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.buf.append(_PARA)
        elif tag in ("ul", "ol"):
            self.buf.append(_LINE if self.lists else _PARA)
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self.buf.append(_LINE)
            current = self.lists[-1] if self.lists else [False, 0]
            current[1] += 1
            self.prefix = _INDENT * (len(self.lists) - 1) + (f"{current[1]}. " if current[0] else "- ")
        elif tag == "br":
            self.buf.append(_LINE)

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.buf.append(_PARA)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.buf.append(_LINE if self.lists else _PARA)
        elif tag == "li":
            self.buf.append(_LINE)

    def handle_data(self, data):
        if self.prefix and data.strip():
            self.buf.append(self.prefix)
            self.prefix = ""
            data = data.lstrip()
        self.buf.append(data)

    def text(self) -> str:
        joined = re.sub(r"\s+", " ", "".join(self.buf))  # the separators are not \s
        out = ""
        gap = ""
        for piece in re.split(f"([{_PARA}{_LINE}]+)", joined):
            if piece and set(piece) <= {_PARA, _LINE}:
                gap = "\n\n" if _PARA in piece else (gap or "\n")
                continue
            piece = piece.strip()
            if piece:
                out += (gap if out else "") + piece
                gap = ""
        return out.replace(_INDENT, "  ")


def _markdown_to_plain(text: str) -> str:
    parser = _PlainText()
    parser.feed(str(markup.html_block(text)))
    parser.close()
    return parser.text()
