"""The FHIR R4 (R4B) Questionnaire export: valid, every node an item, and exact branching.

``fhir.resources`` checks the shape of the resource but neither its invariants nor where
its ``enableWhen`` conditions point, so this file adds both:

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
The mutant tests at the end show that these checks fail when the encoding is broken.
"""

from __future__ import annotations

import copy
import itertools
import json
from datetime import timedelta

import pytest
from conftest import ROOT
from fhir.resources.R4B.questionnaire import Questionnaire
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strategies import TEXT, flow_data

from build_tools.site import pipeline
from build_tools.outputs import render_fhir as rf
from build_tools.source.model import Flow

SITE = "https://example.org/pathway/"
MAX_PATHS = 400
#: Hypothesis: bounded sizes, and each example must finish quickly, so a failure is
#: found and shrunk well within a minute.
FAST = settings(max_examples=60, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow])


# --- flows ---------------------------------------------------------------------------

def real_flows() -> list[Flow]:
    out = []
    for path in sorted((ROOT / "flows").glob("*.yml")):
        flow, doc = pipeline.load_flow(path)
        assert flow is not None, doc.diagnostics
        if rf.has_questions(flow):
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
                [rf.plain(a.label) for a in node.answers]
        else:
            assert item["type"] == "display"
    assert top[0]["linkId"] == flow.start and "enableWhen" not in top[0]
    assert play(flow, resource) >= 1


# --- tests ---------------------------------------------------------------------------

def test_real_flows_are_exported():
    assert {f.id for f in REAL} >= {"limb-salvage", "treatment-pathway"}


@pytest.mark.parametrize("flow", ALL_FLOWS)
@pytest.mark.parametrize("site_url", [SITE, None])
def test_valid_complete_and_every_path_plays(flow, site_url):
    check_everything(flow, resource_of(flow, site_url))


@pytest.mark.parametrize("flow", ALL_FLOWS)
def test_changed_answers_disable_what_they_no_longer_reach(flow):
    resource = resource_of(flow)
    for answers in answer_states(flow):
        assert enabled_items(resource, answers) == visited(flow, answers), answers


def test_paths_played_in_real_flows(capsys):
    """Prints the counts for the record (``pytest -s``)."""
    total = 0
    for flow in REAL:
        resource = resource_of(flow)
        count = play(flow, resource)
        total += count
        nested = sum(len(i.get("item", [])) for i in resource["item"])
        with capsys.disabled():
            print(f"\n{flow.id}: {len(resource['item'])} items (+{nested} nested), {count} paths played")
    assert total >= 2


def test_resource_metadata():
    flow = next(f for f in REAL if f.id == "limb-salvage")
    r = resource_of(flow)
    assert r["resourceType"] == "Questionnaire"
    assert r["url"] == "https://example.org/pathway/fhir/limb-salvage.json"
    assert r["status"] == "draft"
    assert r["language"] == flow.language
    assert r["title"] == flow.title
    assert r["date"] == r["lastReviewDate"] == flow.review.last_reviewed.isoformat()
    assert r["version"].startswith(flow.review.last_reviewed.isoformat() + ".")
    assert flow.review.next_review.isoformat() in r["description"]
    assert flow.review.reviewed_by in r["description"]
    for source in flow.sources:
        assert source.url in r["description"]
    system = "https://example.org/pathway/fhir/limb-salvage/where-is-the-tumour"
    question = next(i for i in r["item"] if i["linkId"] == "where-is-the-tumour")
    assert {o["valueCoding"]["system"] for o in question["answerOption"]} == {system}
    assert question["answerOption"][-1]["valueCoding"]["code"] == "not-sure"


def test_without_site_url_there_is_no_url_and_no_system():
    flow = REAL[0]
    text = rf.render(flow, site_url=None).decode("utf-8")
    r = json.loads(text)
    assert "url" not in r
    assert "example.org" not in text
    for item in r["item"]:
        for option in item.get("answerOption", []):
            assert set(option["valueCoding"]) == {"code", "display"}
        for condition in item.get("enableWhen", []):
            assert set(condition["answerCoding"]) == {"code"}


def test_output_is_deterministic_bytes():
    for flow in REAL:
        a = rf.render(flow, site_url=SITE)
        assert a == rf.render(flow, site_url=SITE)
        assert a.endswith(b"}\n") and not a.endswith(b"\n\n")
        assert json.loads(a.decode("utf-8"))["resourceType"] == "Questionnaire"


def test_version_follows_content():
    flow = MADE["diamond"]
    changed = flow.model_copy(update={"title": "Another title"})
    assert resource_of(flow)["version"] != resource_of(changed)["version"]


def test_answer_codes_are_slugs_unique_within_a_question():
    flow = make_flow("q", {"q": ("question", [("Yes!", "o"), ("yes?", "o"), ("Ναι", "o"),
                                              ("Όχι", "o"), ("Yes-2", "o")]),
                           "o": ("outcome",)})
    r = resource_of(flow)
    codes = [o["valueCoding"]["code"] for o in r["item"][0]["answerOption"]]
    assert codes == ["yes", "yes-2", "answer-3", "answer-4", "yes-2-5"]
    check_everything(flow, r)


def test_text_is_plain():
    flow = make_flow("s", {
        "s": ("step", "q"),
        "q": ("question", [("A", "o"), ("B", "o")]),
        "o": ("outcome",)})
    body = ("Some **bold** and *italic* text\nover two lines.\n\n## A heading\n\n"
            "- one\n- two <script>\n    - nested\n\nThen:\n\n1. first\n2. second")
    nodes = [n.model_copy(update={"body": body, "ask": ["Ask *this*?"]}) if n.id == "s" else n
             for n in flow.nodes]
    r = resource_of(flow.model_copy(update={"nodes": nodes}))
    step, question = r["item"][0], r["item"][1]
    assert step["text"] == ("Title of s\n\nSome bold and italic text over two lines.\n\nA heading\n\n"
                            "- one\n- two <script>\n  - nested\n\nThen:\n\n1. first\n2. second\n\n"
                            "Questions to ask your care team:\n- Ask *this*?")
    why = question["item"][0]
    assert why["linkId"] == "q--why" and why["text"] == "Why q matters."
    assert why["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "help"


@pytest.mark.parametrize("name, spec, message", [
    ("loop", {"q": ("question", [("A", "s"), ("B", "o")]), "s": ("step", "q"), "o": ("outcome",)}, "loop"),
    ("unreachable", {"q": ("question", [("A", "o"), ("B", "o")]), "x": ("step", "o"),
                     "o": ("outcome",)}, "cannot be reached"),
    ("broken", {"q": ("question", [("A", "o"), ("B", "nowhere")]), "o": ("outcome",)}, "not a node"),
    ("no questions", {"q": ("step", "o"), "o": ("outcome",)}, "no questions"),
])
def test_refuses_what_it_cannot_encode(name, spec, message):
    flow = make_flow("q", spec)
    with pytest.raises(rf.FhirExportError, match=message):
        rf.render(flow, site_url=SITE)


def test_refuses_clashing_link_ids():
    flow = make_flow("q", {"q": ("question", [("A", "q--why"), ("B", "q--why")]),
                           "q--why": ("outcome",)})
    with pytest.raises(rf.FhirExportError, match="linkId"):
        rf.render(flow, site_url=SITE)
    twice = make_flow("q", {"q": ("question", [("A", "o"), ("B", "o")]), "o": ("outcome",)})
    twice = twice.model_copy(update={"nodes": [*twice.nodes, twice.nodes[-1]]})
    with pytest.raises(rf.FhirExportError, match="share an id"):
        rf.render(twice, site_url=SITE)


def test_refuses_a_bad_site_url():
    with pytest.raises(ValueError, match="site_url"):
        rf.render(REAL[0], site_url="example.org")


SIMPLE_TEXT = st.sampled_from(["Yes", "No", "Maybe", "Not sure yet", "Other", "A **b**", "C *d*"])


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


# Shrinking hostile text takes minutes, so this test reports its first failing example as
# drawn (at most 6 nodes): structure is covered, with shrinking, by the test above.
@settings(max_examples=30, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=flow_data(text=TEXT, max_nodes=6))
def test_hostile_text_stays_valid(data):
    flow = Flow.model_validate(data)
    check_everything(flow, resource_of(flow, None))


# --- mutants: the checks above catch a broken encoding --------------------------------

def _mutate(flow: Flow, change) -> dict:
    resource = copy.deepcopy(resource_of(flow))
    change(resource)
    return resource


def _items(resource: dict) -> dict:
    return {i["linkId"]: i for i in resource["item"]}


def _fails_to_play(flow: Flow, resource: dict) -> bool:
    try:
        play(flow, resource)
    except AssertionError:
        return True
    return False


def test_mutant_all_instead_of_any_is_caught():
    def change(r):
        for item in r["item"]:
            if item.get("enableBehavior") == "any":
                item["enableBehavior"] = "all"
    assert _fails_to_play(MADE["diamond"], _mutate(MADE["diamond"], change))


def test_mutant_steps_not_passing_conditions_through_is_caught():
    """Naive encoding: only the answers that point straight at a node enable it."""
    flow = MADE["step-from-two-questions"]

    def change(r):
        for link in ("s2", "q3"):
            _items(r)[link].pop("enableWhen", None)
            _items(r)[link].pop("enableBehavior", None)
    assert _fails_to_play(flow, _mutate(flow, change))


def test_mutant_missing_route_is_caught():
    flow = MADE["answer-and-step"]

    def change(r):
        item = _items(r)["o1"]
        item["enableWhen"] = item["enableWhen"][:1]
        item.pop("enableBehavior", None)
    assert _fails_to_play(flow, _mutate(flow, change))


def test_mutant_forward_reference_and_wrong_code_are_caught():
    flow = MADE["not-breadth-first"]
    swapped = _mutate(flow, lambda r: r["item"].reverse())
    assert any("not an earlier item" in p for p in problems(swapped))

    def wrong_code(r):
        _items(r)["x"]["enableWhen"][0]["answerCoding"]["code"] = "nope"
    assert any("is not an answer" in p for p in problems(_mutate(flow, wrong_code)))

    def at_a_step(r):
        _items(r)["x"]["enableWhen"][0]["question"] = "y"
    assert any("a display item" in p for p in problems(_mutate(flow, at_a_step)))


def test_mutant_conjunction_as_two_conditions_with_any_is_caught():
    """Writing "q1 = A and q2 = B" as a flat any-list is wrong; our single q2 = B is right."""
    flow = MADE["conjunction"]
    items = _items(resource_of(flow))
    assert [c["question"] for c in items["o3"]["enableWhen"]] == ["q2"]

    def change(r):
        item = _items(r)["o3"]
        q1_a = _items(r)["q1"]["answerOption"][0]["valueCoding"]
        item["enableWhen"] = [{"question": "q1", "operator": "=", "answerCoding": dict(q1_a)},
                              *item["enableWhen"]]
        item["enableBehavior"] = "any"
    assert _fails_to_play(flow, _mutate(flow, change))


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
