"""A reader, a FHIR client and checks shared by the tests of build_tools.outputs.fhir.

``fhir.resources`` checks the shape of the resource but neither its invariants nor where
its ``enableWhen`` conditions point, so this module adds both:

* :func:`problems` checks the invariants that matter here (que-1, que-2, que-12, codes)
  and that every ``enableWhen`` names an *earlier* ``choice`` item and one of its codes;
* :func:`enabled_items` is a small FHIR client: an item is enabled when its conditions
  hold per ``enableBehavior``; a condition on a disabled or unanswered item is false (R4:
  a disabled item is treated "as though the item is not valued", even if the client
  keeps its old answer in memory). Nested items follow their parent.

The reader's side never looks at the resource: :func:`visited` walks the flow itself. The
main property is ``enabled_items(resource, answers) == visited(flow, answers)`` for every
prefix of every path (at most :data:`MAX_PATHS` per flow), and also for "changed my mind"
states, where the client still holds answers to questions the reader has routed around.
The mutant tests (``test_fhir_enable_when.py``) show that these checks fail when the
encoding is broken.
"""

from __future__ import annotations

import copy
import itertools
import json
from datetime import timedelta

import pytest
from conftest import ROOT
from fhir.resources.R4B.questionnaire import Questionnaire
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from build_tools.core.markup import one_line
from build_tools.outputs.fhir import resource as rf
from build_tools.site import pipeline
from build_tools.source.kinds import has_questions
from build_tools.source.model import Flow

SITE = "https://example.org/pathway/"
MAX_PATHS = 400
#: Hypothesis: bounded sizes, and each example must finish quickly, so a failure is
#: found and shrunk well within a minute.
FAST = settings(max_examples=60, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow])
SIMPLE_TEXT = st.sampled_from(["Yes", "No", "Maybe", "Not sure yet", "Other", "A **b**", "C *d*"])


# --- flows ---------------------------------------------------------------------------

def real_flows() -> list[Flow]:
    out = []
    for path in sorted((ROOT / "flows").glob("*.yml")):
        flow, doc = pipeline.load_flow(path)
        assert flow is not None, doc.diagnostics
        if has_questions(flow):
            out.append(flow)
    return out


REAL = real_flows()


def make_flow(start: str, spec: dict) -> Flow:
    """A flow from ``{id: ("question", [(label, next), ...]) | ("step", next) | ("outcome",)}``."""
    nodes = []
    for nid, (kind, *rest) in spec.items():
        node = {"id": nid, "kind": kind, "title": f"Title of {nid}"}
        if kind == "question":
            node["answers"] = [{"label": label, "next": to} for label, to in rest[0]]
            node["why"] = f"Why *{nid}* matters."
        elif kind == "step":
            node["next"] = rest[0]
            node["body"] = f"Body of **{nid}**."
        else:
            node["body"] = f"The end at {nid}."
        nodes.append(node)
    return Flow.model_validate({
        "id": "made", "title": "A made flow", "summary": "For tests.", "language": "en",
        "review": {"last_reviewed": "2026-01-01", "next_review": "2027-01-01", "reviewed_by": "Tests"},
        "sources": [{"id": "src", "title": "Source", "publisher": "Us", "year": 2024,
                     "url": "https://example.org/source"}],
        "start": start, "nodes": nodes})


#: Shapes the encoding must get right, each named for what it exercises.
SHAPES = {
    # q1 branches, both branches merge at q4 (a diamond), then a second diamond at o1/o2.
    "diamond": ("s0", {
        "s0": ("step", "q1"),
        "q1": ("question", [("A", "q2"), ("B", "q3")]),
        "q2": ("question", [("X", "q4"), ("Y", "o1")]),
        "q3": ("question", [("X", "q4"), ("Y", "o2")]),
        "q4": ("question", [("Yes", "o1"), ("No", "o2")]),
        "o1": ("outcome",), "o2": ("outcome",)}),
    # A step between two questions: q2 depends on q1 through the step.
    "step-between-questions": ("q1", {
        "q1": ("question", [("A", "s1"), ("B", "o1")]),
        "s1": ("step", "q2"),
        "q2": ("question", [("A", "o1"), ("B", "o2")]),
        "o1": ("outcome",), "o2": ("outcome",)}),
    # One step reached from two questions, then a chain of steps after the merge.
    "step-from-two-questions": ("q1", {
        "q1": ("question", [("A", "s"), ("B", "q2")]),
        "q2": ("question", [("C", "s"), ("D", "o2")]),
        "s": ("step", "s2"),
        "s2": ("step", "q3"),
        "q3": ("question", [("E", "o1"), ("F", "o2")]),
        "o1": ("outcome",), "o2": ("outcome",)}),
    # Only "A then B" reaches o3: a conjunction along one path, with no nesting.
    "conjunction": ("q1", {
        "q1": ("question", [("A", "q2"), ("B", "o1")]),
        "q2": ("question", [("B", "o3"), ("A", "o2")]),
        "o1": ("outcome",), "o2": ("outcome",), "o3": ("outcome",)}),
    # Reading (breadth-first) order puts x before y, but y leads to x.
    "not-breadth-first": ("q1", {
        "q1": ("question", [("A", "x"), ("B", "y")]),
        "x": ("question", [("A", "o1"), ("B", "o2")]),
        "y": ("step", "x"),
        "o1": ("outcome",), "o2": ("outcome",)}),
    # An outcome reached both straight from an answer and through a step.
    "answer-and-step": ("q1", {
        "q1": ("question", [("A", "o1"), ("B", "s"), ("C", "o2")]),
        "s": ("step", "o1"),
        "o1": ("outcome",), "o2": ("outcome",)}),
}
MADE = {name: make_flow(*shape) for name, shape in SHAPES.items()}
ALL_FLOWS = [pytest.param(f, id=f.id) for f in REAL] + [pytest.param(f, id=n) for n, f in MADE.items()]


def resource_of(flow: Flow, site_url: str | None = SITE) -> dict:
    data = rf.render(flow, site_url=site_url)
    return json.loads(data.decode("utf-8"))


# --- the reader (from the flow, never from the resource) -----------------------------


def paths(flow: Flow, limit: int = MAX_PATHS) -> list[list[tuple[str, int]]]:
    """Up to ``limit`` start-to-outcome paths, each as its (question id, answer index) choices."""
    nodes = flow.node_map()
    out: list[list[tuple[str, int]]] = []
    stack: list[tuple[str, list[tuple[str, int]]]] = [(flow.start, [])]
    while stack and len(out) < limit:
        nid, choices = stack.pop()
        node = nodes[nid]
        if node.kind == "outcome":
            out.append(choices)
        elif node.kind == "step":
            stack.append((node.next, choices))
        else:
            for i, answer in reversed(list(enumerate(node.answers))):
                stack.append((answer.next, choices + [(nid, i)]))
    return out


def visited(flow: Flow, answers: dict[str, int]) -> set[str]:
    """The nodes the reader sees: from the start, through steps and the answers given, up to
    the first question without an answer, or an outcome. Answers off this path are ignored."""
    nodes = flow.node_map()
    seen = set()
    nid = flow.start
    while True:
        seen.add(nid)
        node = nodes[nid]
        if node.kind == "outcome":
            return seen
        if node.kind == "step":
            nid = node.next
        elif nid in answers:
            nid = node.answers[answers[nid]].next
        else:
            return seen


# --- the FHIR client -----------------------------------------------------------------


def enabled_items(resource: dict, answers: dict[str, int], *, compliant: bool = True) -> set[str]:
    """Top-level linkIds a FHIR client enables, given the option index the reader picked
    for some questions (the client keeps every answer, even of items later disabled).
    ``compliant=False`` is a client that ignores the R4 rule and uses a disabled item's
    kept answer."""
    items = {item["linkId"]: item for item in resource["item"]}
    memo: dict[str, bool] = {}

    def enabled(link: str, trail: tuple = ()) -> bool:
        if link not in memo:
            if link in trail:  # a cycle can never be satisfied
                return False
            item = items[link]
            conditions = item.get("enableWhen", [])
            results = [holds(c, trail + (link,)) for c in conditions]
            behaviour = item.get("enableBehavior", "all")
            memo[link] = not conditions or (any(results) if behaviour == "any" else all(results))
        return memo[link]

    def holds(condition: dict, trail: tuple) -> bool:
        question = condition["question"]
        if question not in items or (compliant and not enabled(question, trail)):
            return False  # a disabled item is not valued
        if question not in answers:
            return False
        assert condition["operator"] == "="
        given = items[question]["answerOption"][answers[question]]["valueCoding"]
        wanted = condition["answerCoding"]
        return (given["code"], given.get("system")) == (wanted["code"], wanted.get("system"))

    return {link for link in items if enabled(link)}


def problems(resource: dict) -> list[str]:
    """What fhir.resources does not check: invariants and where enableWhen points."""
    out = []
    if resource.get("status") not in ("draft", "active", "retired", "unknown"):
        out.append(f"status {resource.get('status')!r}")
    links: list[str] = []
    earlier: dict[str, dict] = {}

    def walk(item: dict, top: bool) -> None:
        links.append(item["linkId"])
        kind = item["type"]
        if kind == "display" and "item" in item:
            out.append(f"{item['linkId']}: a display item holds items (que-1)")
        if "answerOption" in item and kind != "choice":
            out.append(f"{item['linkId']}: answerOption on a {kind} item")
        if kind == "choice":
            codes = [o["valueCoding"]["code"] for o in item.get("answerOption", [])]
            if len(codes) < 2 or len(set(codes)) != len(codes):
                out.append(f"{item['linkId']}: answer codes {codes} are not two or more distinct codes")
        conditions = item.get("enableWhen", [])
        if len(conditions) > 1 and item.get("enableBehavior") not in ("all", "any"):
            out.append(f"{item['linkId']}: several enableWhen need enableBehavior (que-12)")
        if not top and conditions:
            out.append(f"{item['linkId']}: a nested item has its own enableWhen")
        for c in conditions:
            target = earlier.get(c["question"])
            if target is None:
                out.append(f"{item['linkId']}: enableWhen names {c['question']!r}, not an earlier item")
            elif target["type"] != "choice":
                out.append(f"{item['linkId']}: enableWhen names {c['question']!r}, a {target['type']} item")
            else:
                options = [(o["valueCoding"]["code"], o["valueCoding"].get("system"))
                           for o in target["answerOption"]]
                wanted = (c["answerCoding"].get("code"), c["answerCoding"].get("system"))
                if wanted not in options:
                    out.append(f"{item['linkId']}: enableWhen code {wanted} is not an answer of {c['question']!r}")
            if c.get("operator") != "=":
                out.append(f"{item['linkId']}: operator {c.get('operator')!r}")
        for child in item.get("item", []):
            walk(child, top=False)
        if top:
            earlier[item["linkId"]] = item

    for item in resource.get("item", []):
        walk(item, top=True)
    if len(set(links)) != len(links):
        out.append("linkIds are not unique (que-2)")
    return out


def play(flow: Flow, resource: dict, limit: int = MAX_PATHS) -> int:
    """Play every path (up to ``limit``); at each prefix, enabled items == visited nodes."""
    played = paths(flow, limit)
    for path in played:
        for k in range(len(path) + 1):
            answers = dict((q, i) for q, i in path[:k])
            assert enabled_items(resource, answers) == visited(flow, answers), (path, k)
    return len(played)


def answer_states(flow: Flow, limit: int = 3000):
    """Answers to any subset of the questions (the client remembers answers to questions the
    reader has since routed around): every combination, or the first ``limit``."""
    questions = [n for n in flow.nodes if n.kind == "question"]
    choices = [[None, *range(len(q.answers))] for q in questions]
    for combo in itertools.islice(itertools.product(*choices), limit):
        yield {q.id: i for q, i in zip(questions, combo) if i is not None}


def check_everything(flow: Flow, resource: dict) -> None:
    Questionnaire.model_validate_json(json.dumps(resource))
    assert problems(resource) == []
    nodes = flow.node_map()
    top = resource["item"]
    assert [i["linkId"] for i in top] and sorted(i["linkId"] for i in top) == sorted(nodes)
    for item in top:
        node = nodes[item["linkId"]]
        if node.kind == "question":
            assert item["type"] == "choice"
            assert [o["valueCoding"]["display"] for o in item["answerOption"]] == \
                [one_line(a.label) for a in node.answers]
        else:
            assert item["type"] == "display"
    assert top[0]["linkId"] == flow.start and "enableWhen" not in top[0]
    assert play(flow, resource) >= 1


# --- mutants ---------------------------------------------------------------------------


def mutate(flow: Flow, change) -> dict:
    resource = copy.deepcopy(resource_of(flow))
    change(resource)
    return resource


def items_of(resource: dict) -> dict:
    return {i["linkId"]: i for i in resource["item"]}


def fails_to_play(flow: Flow, resource: dict) -> bool:
    try:
        play(flow, resource)
    except AssertionError:
        return True
    return False
