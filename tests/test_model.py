"""build_tools.source.model: the shape of a flow (strict, frozen), the graph helpers and the schema.

Every value arrives as text from the loader, so the tests feed text: only ``year``, the
review dates and flags are parsed, and only when written exactly as documented.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import ValidationError

from build_tools.source import model
from build_tools.source.loader import load_text
from build_tools.source.model import Flow, Outcome, Question, Step

MINI = load_text(Path("mini.yml"), (ROOT / "tests" / "fixtures" / "mini.yml").read_text(encoding="utf-8")).data


def mini() -> dict:
    return copy.deepcopy(MINI)


def errors_of(data: dict) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as info:
        Flow.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in info.value.errors()]


def test_the_mini_flow_is_valid_and_typed():
    flow = Flow.model_validate(mini())
    assert flow.review.last_reviewed == dt.date(2026, 1, 10)
    assert flow.sources[0].year == 2024
    assert [type(n) for n in flow.nodes] == [Step, Question, Outcome, Outcome]
    assert flow.nodes[1].answers[2].unsure is True and flow.nodes[1].answers[0].unsure is False
    assert flow.language == "en"


def test_models_are_frozen():
    flow = Flow.model_validate(mini())
    with pytest.raises(ValidationError):
        flow.title = "changed"


def test_unknown_keys_are_refused_everywhere():
    for where in ("flow", "review", "source", "node", "answer"):
        data = mini()
        target = {"flow": data, "review": data["review"], "source": data["sources"][0],
                  "node": data["nodes"][0], "answer": data["nodes"][1]["answers"][0]}[where]
        target["colour"] = "red"
        assert any(t == "extra_forbidden" for _, t in errors_of(data)), where


@pytest.mark.parametrize("field,value", [("title", ""), ("title", "   "), ("title", "x" * 301),
                                         ("summary", "\n\t ")])
def test_text_must_hold_something_visible_and_short_text_is_short(field, value):
    data = mini()
    data[field] = value
    assert errors_of(data)


def test_long_text_limit():
    data = mini()
    data["nodes"][0]["body"] = "x" * model.MAX_LONG_TEXT
    Flow.model_validate(data)
    data["nodes"][0]["body"] = "x" * (model.MAX_LONG_TEXT + 1)
    assert errors_of(data) == [(("nodes", 0, "step", "body"), "string_too_long")]


@pytest.mark.parametrize("value,ok", [("2024", True), ("1900", True), ("2100", True), ("1899", False),
                                      ("2101", False), ("2024.0", False), ("24", False), ("MMXXIV", False)])
def test_year_is_four_digits_in_range(value, ok):
    data = mini()
    data["sources"][0]["year"] = value
    if ok:
        assert Flow.model_validate(data).sources[0].year == int(value)
    else:
        assert errors_of(data)


@pytest.mark.parametrize("value,ok", [("2026-01-10", True), ("2026-02-30", False), ("2026-1-10", False),
                                      ("2026-01-10T00:00", False), ("10/01/2026", False)])
def test_dates_are_written_yyyy_mm_dd(value, ok):
    data = mini()
    data["review"]["last_reviewed"] = value
    if ok:
        Flow.model_validate(data)
    else:
        assert errors_of(data)


@pytest.mark.parametrize("value,ok", [("true", True), ("false", True), ("yes", False), ("True", False),
                                      ("1", False)])
def test_unsure_is_true_or_false_only(value, ok):
    data = mini()
    data["nodes"][1]["answers"][2]["unsure"] = value
    if ok:
        assert Flow.model_validate(data).nodes[1].answers[2].unsure is (value == "true")
    else:
        assert errors_of(data)


@pytest.mark.parametrize("url,ok", [("https://example.org/a", True), ("http://x.org", True),
                                    ("javascript:alert(1)", False), ("https://x.org/a b", False),
                                    ('https://x.org/"onload', False), ("ftp://x.org", False)])
def test_source_url_is_a_web_address(url, ok):
    data = mini()
    data["sources"][0]["url"] = url
    if ok:
        Flow.model_validate(data)
    else:
        assert errors_of(data)


def test_kind_picks_the_model_and_its_fields():
    data = mini()
    data["nodes"][0]["kind"] = "outcome"  # an outcome has no 'next'
    assert (("nodes", 0, "outcome", "next"), "extra_forbidden") in errors_of(data)
    data = mini()
    data["nodes"][0]["kind"] = "decision"
    assert [t for _, t in errors_of(data)] == ["union_tag_invalid"]


def test_a_question_needs_two_answers_and_a_flow_one_node_and_one_source():
    data = mini()
    data["nodes"][1]["answers"] = data["nodes"][1]["answers"][:1]
    assert errors_of(data) == [(("nodes", 1, "question", "answers"), "too_short")]
    data = mini()
    data["nodes"] = []
    assert errors_of(data) == [(("nodes",), "too_short")]
    data = mini()
    data["sources"] = []
    assert errors_of(data) == [(("sources",), "too_short")]


@pytest.mark.parametrize("language,ok", [("en", True), ("en-GB", True), ("fra", True), ("EN", False),
                                         ("english", False), ("en_GB", False)])
def test_language_is_a_language_code(language, ok):
    data = mini()
    data["language"] = language
    if ok:
        Flow.model_validate(data)
    else:
        assert errors_of(data)


# --------------------------------------------------------------------------- graph helpers


def test_edges_and_successors():
    flow = Flow.model_validate(mini())
    step, question, end_this, _ = flow.nodes
    assert model.successors(step) == ["the-question"]
    assert model.successors(question) == ["end-this", "end-that", "end-that"]
    assert model.successors(end_this) == []
    edges = model.edges(flow)
    assert [(e.source, e.target, e.answer.label if e.answer else None, e.unsure) for e in edges] == [
        ("first-step", "the-question", None, False),
        ("the-question", "end-this", "This", False),
        ("the-question", "end-that", "That", False),
        ("the-question", "end-that", "Not sure", True),
    ]


def test_reading_order_is_breadth_first_from_start_then_file_order():
    data = mini()
    data["nodes"].insert(0, {"id": "orphan", "kind": "outcome", "title": "O", "body": "x"})
    flow = Flow.model_validate(data)
    assert [n.id for n in model.reading_order(flow)] == ["first-step", "the-question", "end-this",
                                                         "end-that", "orphan"]


def test_maps_by_id():
    flow = Flow.model_validate(mini())
    assert list(flow.node_map()) == ["first-step", "the-question", "end-this", "end-that"]
    assert flow.source_map()["src-a"].publisher == "Publisher A"


# --------------------------------------------------------------------------- schema


def test_json_schema_describes_the_model():
    schema = model.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Pathway flow"
    assert set(schema["required"]) >= {"id", "title", "summary", "review", "sources", "start", "nodes"}
    assert schema["properties"]["nodes"]["maxItems"] == model.MAX_NODES
