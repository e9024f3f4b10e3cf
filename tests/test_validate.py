"""build_tools.source.validate: every whole-flow rule, each with a passing and a failing case.

Flows are built from tests/fixtures/mini.yml (which passes every rule), changed in one
place, written as YAML and read back through the loader, so each message is checked
with the line and column it points at.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from build_tools.source import validate
from build_tools.core.errors import Severity
from build_tools.source.loader import Document, load_text
from build_tools.source.model import Flow

TODAY = dt.date(2026, 11, 27)
MINI_TEXT = (ROOT / "tests" / "fixtures" / "mini.yml").read_text(encoding="utf-8")
MINI = load_text(Path("mini.yml"), MINI_TEXT).data  # every scalar as text, like the loader


def mini() -> dict:
    return copy.deepcopy(MINI)


def node(data: dict, node_id: str) -> dict:
    return next(n for n in data["nodes"] if n["id"] == node_id)


class _Dumper(yaml.SafeDumper):
    """Multi-line text as '|' blocks, as editors write it; no anchors."""

    def ignore_aliases(self, data):
        return True


_Dumper.add_representer(str, lambda d, s: d.represent_scalar(
    "tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def load(data: dict, name: str = "mini.yml") -> tuple[Flow, Document]:
    text = dump(data)
    doc = load_text(Path(name), text)
    assert not doc.diagnostics, [str(d) for d in doc.diagnostics]
    return Flow.model_validate(doc.data), doc


def run(data: dict, name: str = "mini.yml", **settings) -> list:
    flow, doc = load(data, name)
    options = {"today": TODAY, "check_readability": False, **settings}
    return validate.validate_flow(flow, doc, validate.Settings(**options))


def messages(diags, severity: Severity | None = None) -> list[str]:
    return [d.message for d in diags if severity is None or d.severity is severity]


def errors(diags) -> list[str]:
    return messages(diags, Severity.ERROR)


def warnings(diags) -> list[str]:
    return messages(diags, Severity.WARNING)


def line_of(data: dict, needle: str) -> int:
    """1-based line of the first YAML line containing ``needle``."""
    text = dump(data)
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_mini_flow_passes_every_rule():
    assert run(mini(), check_readability=True) == []


# --------------------------------------------------------------------------- ids


def test_flow_id_must_be_a_slug():
    data = mini()
    data["id"] = "Mini Flow"
    found = errors(run(data, "Mini Flow.yml"))
    assert found == ["the flow id 'Mini Flow' may only use lowercase letters a-z, digits and single "
                     "hyphens (at most 64 characters); use 'mini-flow'"]


def test_flow_id_must_match_the_file_name():
    assert errors(run(mini(), "mini.yml")) == []
    found = run(mini(), "other.yml")
    assert errors(found) == ["the flow id 'mini' must match the file name 'other.yml': rename the "
                             "file to 'mini.yml' or change the id"]
    assert (found[0].line, found[0].column) == (line_of(mini(), "id: mini"), 5)


def test_source_id_must_be_a_slug():
    data = mini()
    data["sources"][0]["id"] = "Source_A"
    for n in data["nodes"]:
        n["sources"] = ["Source_A"]
    assert errors(run(data)) == ["the source id 'Source_A' may only use lowercase letters a-z, "
                                 "digits and single hyphens (at most 64 characters); use 'source-a'"]


def test_duplicate_source_ids_are_an_error_pointing_at_the_first():
    data = mini()
    data["sources"].append(dict(data["sources"][0], title="Another source"))
    found = run(data)
    first = line_of(mini(), "- id: src-a")
    assert errors(found) == [f"the source id 'src-a' is already used on line {first}"]
    assert found[0].line > first
    # Two different ids are fine.
    data["sources"][1]["id"] = "src-b"
    assert errors(run(data)) == []


def test_duplicate_node_ids_are_an_error():
    data = mini()
    data["nodes"].append(dict(copy.deepcopy(node(data, "end-that")), title="Again"))
    first = line_of(mini(), "id: end-that")
    assert errors(run(data)) == [f"the node id 'end-that' is already used on line {first}; each node "
                                 "needs its own id"]


def test_node_id_must_be_a_slug():
    data = mini()
    node(data, "end-this")["id"] = "End_This"
    node(data, "the-question")["answers"][0]["next"] = "End_This"
    assert errors(run(data)) == ["the node id 'End_This' may only use lowercase letters a-z, digits "
                                 "and single hyphens (at most 64 characters); use 'end-this'"]


def test_node_id_longer_than_the_slug_limit_is_an_error():
    data = mini()
    long_id = "a" * 65
    node(data, "end-this")["id"] = long_id
    node(data, "the-question")["answers"][0]["next"] = long_id
    (message,) = errors(run(data))
    assert message.startswith(f"the node id '{long_id}' may only use") and "at most 64" in message


def test_ids_that_give_the_same_web_address_are_an_error():
    data = mini()
    node(data, "end-this")["id"] = "End-That"
    node(data, "the-question")["answers"][0]["next"] = "End-That"
    found = errors(run(data))
    assert any(m.startswith("the node id 'end-that' gives the web address 'end-that', which "
                            "'End-That' on line") for m in found), found


# --------------------------------------------------------------------------- references


def test_start_must_name_a_node_with_a_suggestion():
    data = mini()
    data["start"] = "first-stp"
    assert errors(run(data)) == ["start: 'first-stp' is not the id of any node in this flow; "
                                 "did you mean 'first-step'?"]


def test_next_of_a_step_must_name_a_node():
    data = mini()
    node(data, "first-step")["next"] = "nowhere"
    found = errors(run(data))
    assert "next: 'nowhere' is not the id of any node in this flow" in found
    # The question it no longer leads to is unreachable: reported; the broken step is not a dead end.
    assert not any("dead end" in m for m in found)


def test_next_of_an_answer_must_name_a_node():
    data = mini()
    node(data, "the-question")["answers"][0]["next"] = "end-thiss"
    assert "next: 'end-thiss' is not the id of any node in this flow; did you mean 'end-this'?" \
        in errors(run(data))


def test_answers_of_a_question_need_different_words():
    data = mini()
    node(data, "the-question")["answers"][1]["label"] = "  THIS "
    first = line_of(mini(), "label: This")
    assert errors(run(data)) == [f"the answer '  THIS ' is the same as the answer on line {first}; "
                                 "each answer needs different words"]


def test_a_question_without_an_unsure_answer_is_a_warning():
    data = mini()
    del node(data, "the-question")["answers"][2]["unsure"]
    found = run(data)
    assert errors(found) == []
    assert warnings(found) == ["this question has no 'Not sure' answer (an answer with 'unsure: true'); "
                               "readers who don't know need a way forward"]


def test_only_one_unsure_answer_per_question():
    data = mini()
    node(data, "the-question")["answers"][1]["unsure"] = True
    found = run(data)
    assert warnings(found) == ["only one answer of a question can be the 'Not sure' answer; remove "
                               "'unsure: true' from all but one"]
    last = max(i for i, line in enumerate(dump(data).splitlines(), 1) if "unsure:" in line)
    assert found[0].line == last  # the later one is flagged, not the first


def test_a_node_may_only_cite_listed_sources():
    data = mini()
    node(data, "end-this")["sources"] = ["src-b"]
    assert errors(run(data)) == ["the source 'src-b' is not in this flow's sources list; "
                                 "did you mean 'src-a'?"]


@pytest.mark.parametrize("node_id,kind", [("first-step", "step"), ("end-this", "outcome")])
def test_steps_and_outcomes_must_cite_a_source(node_id, kind):
    data = mini()
    del node(data, node_id)["sources"]
    assert errors(run(data)) == [f"the {kind} '{node_id}' cites no source: add 'sources:' with the id "
                                 "of at least one source it relies on"]


def test_a_question_need_not_cite_a_source():
    data = mini()
    del node(data, "the-question")["sources"]
    assert errors(run(data)) == []


# --------------------------------------------------------------------------- graph


def test_unreachable_node_is_an_error():
    data = mini()
    data["nodes"].append({"id": "orphan", "kind": "outcome", "title": "Orphan", "body": "x",
                          "sources": ["src-a"]})
    found = run(data)
    assert errors(found) == ["the node 'orphan' cannot be reached from start 'first-step': no step "
                             "or answer leads to it"]
    assert found[0].line == line_of(data, "id: orphan")


def test_a_loop_is_an_error_naming_its_nodes():
    data = mini()
    node(data, "the-question")["answers"][1]["next"] = "first-step"
    found = errors(run(data))
    assert found == ["these nodes go round in a loop: first-step → the-question → first-step; every "
                     "path must move forward to an outcome"]


def test_a_node_from_which_no_outcome_is_reached_is_a_dead_end():
    data = mini()
    data["nodes"].append({"id": "limbo", "kind": "step", "title": "Limbo", "body": "x",
                          "next": "limbo-2", "sources": ["src-a"]})
    data["nodes"].append({"id": "limbo-2", "kind": "question", "title": "Which?", "answers": [
        {"label": "A", "next": "limbo"}, {"label": "Not sure", "next": "limbo", "unsure": True}]})
    node(data, "the-question")["answers"][0]["next"] = "limbo"
    found = errors(run(data))
    assert "dead end: no path from 'limbo' leads to an outcome" in found
    assert "dead end: no path from 'limbo-2' leads to an outcome" in found
    assert "dead end: no path from 'the-question' leads to an outcome" not in found  # 2 answers still end


# --------------------------------------------------------------------------- review dates


def test_next_review_before_last_reviewed_is_an_error():
    data = mini()
    data["review"]["next_review"] = "2025-01-01"
    found = run(data)
    assert errors(found) == ["next_review (2025-01-01) is before last_reviewed (2026-01-10)"]
    assert found[0].line == line_of(data, "next_review:")


def test_overdue_review_is_a_warning():
    assert warnings(run(mini(), today=dt.date(2027, 1, 10))) == []  # due today: not overdue
    found = run(mini(), today=dt.date(2027, 1, 11))
    assert errors(found) == []
    assert warnings(found) == ["review overdue since 2027-01-10: check the content, then update "
                               "last_reviewed and next_review"]


def test_last_reviewed_in_the_future_is_a_warning():
    assert warnings(run(mini(), today=dt.date(2026, 1, 10))) == []
    assert warnings(run(mini(), today=dt.date(2026, 1, 9))) == [
        "last_reviewed (2026-01-10) is in the future"]


def test_review_rules_name_what_to_check():
    flow, doc = load(mini())
    (d,) = validate.review_rules(flow.review, doc, dt.date(2028, 1, 1), what="page")
    assert "check the page" in d.message


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("field,text,start", [
    ("body", "Hello <b>there</b>.", "raw HTML ('<b>')"),
    ("body", "See [the site](https://x.org).", "links ('[the site](https://x.org)')"),
    ("body", "# Top\n\nText.", "a '# ' heading is turned into a '## ' heading"),
    ("body", "Text.\n\n| a | b |\n|---|---|", "tables ('| a | b |')"),
    ("body", "Text.\n\n!!! note\n    Box.", "boxes ('!!! note')"),
    ("body", "Term\n: meaning", "definition lists (': meaning')"),
    ("title", "Step `one`", "code ('`one`')"),
])
def test_markup_the_policy_does_not_allow_is_a_warning_at_its_line(field, text, start):
    data = mini()
    node(data, "first-step")[field] = text
    found = run(data)
    assert errors(found) == []
    d = found[0]
    assert all(x.severity is Severity.WARNING for x in found)
    assert d.severity is Severity.WARNING and d.message.startswith(start)
    # The mark is inside the text, on the line where the markup is.
    yaml_text = dump(data)
    marked = yaml_text.splitlines()[d.line - 1]
    offending = next(line for line in text.splitlines() if line and start.split("'")[1][:3] in line)
    assert offending.strip()[:3] in marked, (marked, offending)


def test_allowed_markup_gives_no_warning():
    data = mini()
    node(data, "first-step")["body"] = "Some **bold** and *italic*.\n\n## More\n\n- one\n- two"
    assert run(data) == []


def test_reading_grade_above_the_limit_is_a_warning_only_when_asked():
    data = mini()
    node(data, "first-step")["body"] = (
        "Notwithstanding considerable interdisciplinary deliberation, multidisciplinary "
        "oncological reconstruction necessitates comprehensive individualised evaluation "
        "encompassing radiological, histopathological and biomechanical considerations, "
        "particularly regarding endoprosthetic durability and postoperative rehabilitation.")
    assert run(data, check_readability=False) == []
    found = run(data, check_readability=True, max_grade=8.0)
    (message,) = warnings(found)
    assert message.startswith("reading grade ") and message.endswith(
        " is above 8: use shorter sentences and simpler words")
    assert found[0].line == line_of(data, "id: first-step")
    assert run(data, check_readability=True, max_grade=99.0) == []


def test_node_prose_holds_every_word_a_reader_sees():
    flow, _ = load(mini())
    prose = validate.node_prose(flow.node_map()["the-question"])
    for part in ("Is it this or that?", "Because it matters.", "- This", "- That", "- Not sure"):
        assert part in prose


# --------------------------------------------------------------------------- across flows


def test_each_flow_id_is_used_once_across_files():
    a = load(mini(), "a/mini.yml")
    b = load(mini(), "b/mini.yml")
    assert validate.validate_project([a]) == []
    (d,) = validate.validate_project([a, b])
    assert d.file.endswith("b/mini.yml")
    assert d.message == "the flow id 'mini' is also used by a/mini.yml; each flow needs its own id"
