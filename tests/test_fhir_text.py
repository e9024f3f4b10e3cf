"""Tests for build_tools.outputs.fhir.text: every text of the resource is plain text."""

from __future__ import annotations

from support.fhir import make_flow, resource_of

from build_tools.outputs.fhir.text import description, prose


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


def test_the_description_holds_the_summary_review_and_every_source():
    flow = make_flow("q", {"q": ("question", [("A", "o"), ("B", "o")]), "o": ("outcome",)})
    text = description(flow)
    assert text.startswith("For tests.\n\nLast reviewed: 2026-01-01. Next review due: 2027-01-01. Reviewed by: Tests.")
    assert text.endswith("Sources:\n- Source. Us, 2024. https://example.org/source")


def test_prose_keeps_lists_drops_markup_and_adds_the_questions():
    assert prose("A *b*\n\n- c\n- d", ["Ask  me?"]) == "A b\n\n- c\n- d\n\nQuestions to ask your care team:\n- Ask me?"
    assert prose(None) == "" and prose("#") == ""
