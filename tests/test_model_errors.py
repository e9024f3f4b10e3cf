"""build_tools.source.model_errors: each kind of pydantic error becomes a plain message at the right place.

Each case changes one line of tests/fixtures/mini.yml and checks the exact message and the
line and column it points at (key or value).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import ValidationError

from build_tools.source.loader import load_text
from build_tools.source.model import Flow
from build_tools.source.model_errors import diagnostics_from
from build_tools.source.pages import PageMeta

MINI = (ROOT / "tests" / "fixtures" / "mini.yml").read_text(encoding="utf-8")


def diagnose(text: str, model=Flow) -> list[str]:
    doc = load_text(Path("f.yml"), text)
    assert not doc.diagnostics, [str(d) for d in doc.diagnostics]
    with pytest.raises(ValidationError) as info:
        model.model_validate(doc.data if doc.data is not None else {})
    return [f"{d.line}:{d.column}: {d.message}" for d in diagnostics_from(info.value, doc, model)]


def changed(old: str, new: str) -> str:
    assert MINI.count(old) == 1, old
    return MINI.replace(old, new)


def line_no(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_valid_flow_gives_no_validation_error():
    Flow.model_validate(load_text(Path("f.yml"), MINI).data)


CASES = {
    # name: (old, new, expected "COL: message" on the changed line)
    "missing-key": ("title: A small test flow\n", "", None),
    "unknown-key-suggests": ("summary: A flow", "sumary: A flow",
                             "1: unknown key 'sumary'; did you mean 'summary'?"),
    "empty-value": ("reviewed_by: Test team", "reviewed_by:", None),
    "list-for-text": ("title: First step", "title: [First, step]",
                      "12: 'title' must be text, but here it is a list"),
    "text-for-list": ("ask: [What does it depend on?]", "ask: What does it depend on?",
                      "14: 'ask' must be a list (lines starting with '- '), but here it is "
                      "'What does it depend on?'"),
    "text-for-group": ("review:\n  last_reviewed: 2026-01-10\n  next_review: 2027-01-10\n"
                       "  reviewed_by: Test team\n", "review: soon\n",
                       "9: 'review' must be a group of 'key: value' lines, but here it is 'soon'"),
    "no-kind": ("    kind: outcome\n    title: This\n", "    title: This\n",
                None),
    "one-answer": ("      - label: That\n        next: end-that\n      - label: Not sure\n"
                   "        next: end-that\n        unsure: true\n"
                   "        ask: [What does it depend on?]\n", "", None),
    "too-long": ("title: A small test flow", "title: " + "x" * 301,
                 "8: 'title' is too long: 301 characters; the limit is 300"),
    "year-not-number": ("year: 2024", "year: soon",
                        "11: 'year' must be four digits like 2024, not 'soon'"),
    "year-range": ("year: 2024", "year: 1066",
                   "11: 'year' must be between 1900 and 2100, not '1066'"),
    "date": ("last_reviewed: 2026-01-10", "last_reviewed: 10/01/2026",
             "18: 'last_reviewed' must be a date written YYYY-MM-DD, like 2027-11-27, not '10/01/2026'"),
    "spaces-only": ("title: A small test flow", "title: '   '",
                    "8: 'title' holds only spaces: write some text"),
    "url": ("url: https://example.org/a", "url: example.org/a",
            "10: 'url' must be a full web address starting with https://, with no spaces, quotes "
            "or angle brackets, not 'example.org/a'"),
    "language": ("language: en", "language: English",
                 "11: 'language' must be a language code like en or en-GB, not 'English'"),
    "flag": ("unsure: true", "unsure: yes",
             "17: 'unsure' must be true or false (lower case), not 'yes'"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_message_and_position(name):
    old, new, expected = CASES[name]
    text = changed(old, new)
    found = diagnose(text)
    if name == "unknown-key-suggests":  # the misspelt key is unknown, and 'summary' is missing
        assert found[0] == "2:1: 'summary:' is missing: add one to three sentences"
        found = found[1:]
    assert len(found) == 1, found
    if expected is not None:
        first_line = new.splitlines()[0] if new else None
        line = line_no(text, first_line.strip())
        assert found == [f"{line}:{expected}"], found


def test_unknown_key_without_a_close_match_lists_the_allowed_keys():
    text = changed("language: en", "colour: en")
    (message,) = diagnose(text)
    assert message.startswith(f"{line_no(text, 'colour')}:1: unknown key 'colour' (allowed here: ")
    allowed = message.split("(allowed here: ")[1].rstrip(")").split(", ")
    assert allowed == sorted(allowed) and {"id", "title", "nodes", "language"} <= set(allowed)


def test_a_kind_that_does_not_exist_is_named_with_a_suggestion():
    text = changed("    kind: outcome\n    title: This\n", "    kind: outcom\n    title: This\n")
    (message,) = diagnose(text)
    assert message.endswith(": kind must be step, question or outcome, not 'outcom'; did you mean "
                            "'outcome'?")
    line = int(message.split(":")[0])
    assert line in (line_no(text, "kind: outcom") - 1, line_no(text, "kind: outcom"))  # the node


def test_missing_key_points_at_the_group_that_lacks_it():
    assert diagnose(changed("title: A small test flow\n", "")) == [
        "1: 'title:' is missing: add a short title".replace("1: ", "2:1: ")]


def test_empty_value_says_what_to_write():
    text = changed("reviewed_by: Test team", "reviewed_by:")
    (message,) = diagnose(text)
    assert message == f"{line_no(text, 'reviewed_by:')}:15: 'reviewed_by' is empty: write who reviewed it"


def test_a_node_without_a_kind():
    text = changed("  - id: end-this\n    kind: outcome\n", "  - id: end-this\n")
    (message,) = diagnose(text)
    assert message == (f"{line_no(text, 'id: end-this')}:5: this node has no 'kind:': say whether it "
                       "is a step, a question or an outcome")


def test_a_question_with_one_answer():
    text = changed("      - label: That\n        next: end-that\n      - label: Not sure\n"
                   "        next: end-that\n        unsure: true\n"
                   "        ask: [What does it depend on?]\n", "")
    (message,) = diagnose(text)
    assert message.endswith(": a question needs at least 2 answers")
    assert message.startswith(f"{line_no(text, '- label: This')}:")


def test_several_errors_are_all_reported_once_each():
    text = changed("year: 2024", "year: soon").replace("language: en", "language: English")
    assert len(diagnose(text)) == 2


def test_page_front_matter_errors_use_the_page_model():
    text = "title: 'A <b>bold</b> title'\nreview:\n  last_reviewed: 2026-01-10\n  next_review: 2027-01-10\n  reviewed_by: X\n"
    assert diagnose(text, PageMeta) == [
        "1:8: 'title' may not contain < > or \" (the theme would read them as HTML): write it without them"]
    text = "review:\n  last_reviewed: 2026-01-10\n  next_review: 2027-01-10\n  reviewed_by: X\n"
    assert diagnose(text, PageMeta) == ["1:1: 'title:' is missing: add a short title"]


def test_file_that_is_not_a_group_of_keys():
    doc = load_text(Path("f.yml"), "- just\n- a list\n")
    with pytest.raises(ValidationError) as info:
        Flow.model_validate(doc.data)
    (d,) = diagnostics_from(info.value, doc)
    assert d.message == "the file must be a group of 'key: value' lines, but here it is a list"
