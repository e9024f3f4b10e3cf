"""build_tools.source.glossary: one source of meanings (site, topic, flow), its checks and annotations."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from build_tools.source import glossary
from build_tools.source.config import Config
from build_tools.source.loader import load_text
from build_tools.source.model import Flow, Term

MINI = ROOT / "tests" / "fixtures" / "mini.yml"


def flow_with(**changes) -> Flow:
    doc = load_text(MINI, MINI.read_text(encoding="utf-8"))
    return Flow.model_validate({**doc.data, **changes})


def project(tmp_path: Path, files: dict[str, str]) -> Config:
    folder = tmp_path / "glossaries"
    folder.mkdir()
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return Config.from_options(tmp_path, {}, docs_dir="content", custom_dir=None)


REVIEW = "review:\n  last_reviewed: 2026-01-01\n  next_review: 2027-01-01\n  reviewed_by: T\n"
SITE = REVIEW + ("terms:\n  - term: Implant\n    definition: Something put inside the body.\n"
                 "  - term: Scan\n    definition: A picture of the inside.\n    everyday: true\n")
BONE = REVIEW + ("title: Bone tumours\nterms:\n  - term: Implant\n"
                 "    definition: A metal part that replaces bone.\n")


def test_most_specific_meaning_wins(tmp_path):
    gl, diags = glossary.load(project(tmp_path, {"site": SITE, "bone": BONE}))
    assert diags == []
    meaning = {m.term.term: m for m in gl.terms_for()}
    assert meaning["Implant"].term.definition == "Something put inside the body."
    bone = {m.term.term: m for m in gl.terms_for(topic="bone")}
    assert bone["Implant"].term.definition == "A metal part that replaces bone."
    assert bone["Implant"].anchor == "bone--implant"
    own = flow_with(topic="bone", glossary=[{"term": "implant", "definition": "A soft shell."}])
    mine = {glossary.key(m.term.term): m for m in gl.terms_for(flow=own)}
    assert mine["implant"].term.definition == "A soft shell." and mine["implant"].anchor == "mini--implant"
    assert len([m for m in gl.terms_for(flow=own) if glossary.key(m.term.term) == "implant"]) == 1


def test_a_flow_without_the_topic_never_gets_its_meanings(tmp_path):
    gl, _ = glossary.load(project(tmp_path, {"site": SITE, "bone": BONE}))
    other = flow_with()  # no topic
    assert all("bone" not in m.term.definition for m in gl.terms_for(flow=other))


def test_forms_add_first_letter_case_variants():
    term = Term(term="CT scan", also=["CT scans"], definition="d")
    assert glossary.forms(term) == ["CT scan", "cT scan", "CT scans", "cT scans"]
    assert glossary.forms(Term(term="biopsy", definition="d")) == ["biopsy", "Biopsy"]


@pytest.mark.parametrize("text, message", [
    (REVIEW + "terms:\n  - term: Implant\n    definition: a\n  - term: implant\n    definition: b\n",
     "glossaries/site.yml:8:11: error: 'implant' is already explained on line 6; keep one meaning per word"),
    (REVIEW + "terms:\n  - term: Implant\n    definition: ' '\n",
     "glossaries/site.yml:7:17: error: 'definition' holds only spaces: write some text"),
    (REVIEW + "terms:\n  - term: Im[plant\n    definition: a\n",
     "glossaries/site.yml:6:11: error: 'Im[plant' may not contain [ or ]: write the word without them"),
])
def test_bad_glossary_files_are_positioned_errors(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    _, diags = glossary.load(project(tmp_path, {"site": text}))
    assert [str(d) for d in diags] == [message]


def test_unknown_topic_and_unused_words(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    gl, _ = glossary.load(project(tmp_path, {"site": SITE, "bone": BONE}))
    flow = flow_with(topic="bones")
    doc = load_text(MINI, MINI.read_text(encoding="utf-8").replace("language: en", "language: en\ntopic: bones"))
    found = [str(d) for d in glossary.check(gl, [(flow, doc)], [("A page with an implant.", None)])]
    assert any("there is no glossary for the topic 'bones'" in f and "did you mean 'bone'" in f for f in found)
    # 'Scan' is used nowhere; 'Implant' of the bone topic is used on no page of that topic.
    assert any("no page uses 'Scan'" in f and f.startswith("glossaries/site.yml:8:") for f in found)
    assert any("no page of the topic 'bone' uses 'Implant'" in f for f in found)
    assert not any("no page uses 'Implant'" in f for f in found)


def test_a_flow_word_no_page_of_the_flow_uses_is_a_warning():
    flow = flow_with(glossary=[{"term": "Zebra", "definition": "An animal."}])
    doc = load_text(MINI, MINI.read_text(encoding="utf-8"))
    found = glossary.check(glossary.Glossary(), [(flow, doc)], [])
    assert [d.message for d in found] == ["no page of this flow uses 'Zebra': remove it, or check its spelling"]
    assert not found[0].is_error


def test_the_real_glossaries_load_cleanly():
    gl, diags = glossary.load(Config.load(ROOT / "mkdocs.yml"))
    assert diags == [] and "site" in gl.files and "bone-tumours" in gl.files


def test_words_in_writing_without_spaces_are_found_and_get_their_own_anchors():
    osteo = Term(term="骨肉瘤", definition="一种骨癌。")
    ewing = Term(term="尤文肉瘤", definition="另一种骨癌。")
    assert glossary.uses("对于骨肉瘤，医生会先做化疗。", osteo)
    assert not glossary.uses("对于软骨肉瘤。", ewing)
    assert glossary.anchor(osteo) != glossary.anchor(ewing) and glossary.anchor(osteo).startswith("term-")
    # Latin words keep their boundaries: "implant" is not found inside "implantation".
    assert not glossary.uses("An implantation.", Term(term="implant", definition="d"))


def test_markup_in_a_definition_is_warned_at_its_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = REVIEW + "terms:\n  - term: Implant\n    definition: See <b>this</b> part.\n"
    _, diags = glossary.load(project(tmp_path, {"site": text}))
    assert [(d.line, d.severity.value) for d in diags] == [(7, "warning")]
    assert "<" in diags[0].message or "HTML" in diags[0].message
