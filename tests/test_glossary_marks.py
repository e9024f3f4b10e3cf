"""build_tools.outputs.glossary_marks: the meanings a page uses, written for the first-use extension."""

from __future__ import annotations

from test_glossary import SITE, project

from build_tools.outputs import glossary_marks
from build_tools.source import glossary
from build_tools.source.model import Term


def test_annotate_adds_only_the_words_used_and_never_everyday_ones(tmp_path):
    gl, _ = glossary.load(project(tmp_path, {"site": SITE}))
    text = "An implant, then a scan. `implants in code` are not words.\n"
    out = glossary_marks.annotate(text, gl.terms_for(), page="pathways/x/a.md")
    assert "*[implant]: Something put inside the body." in out
    assert "[pw-glossary:implant]: ../../glossary.md#implant" in out
    assert "Scan" not in out.split("\n", 1)[1] and "*[scan]" not in out
    assert glossary_marks.annotate("Nothing here.\n", gl.terms_for(), page="a.md") == "Nothing here.\n"


def test_words_in_writing_without_spaces_get_their_meaning():
    osteo = Term(term="骨肉瘤", definition="一种骨癌。")
    ewing = Term(term="尤文肉瘤", definition="另一种骨癌。")
    out = glossary_marks.annotate("对于骨肉瘤，医生会先做化疗。\n",
                                  [glossary.Meaning(osteo), glossary.Meaning(ewing)], page="index.md")
    assert "*[骨肉瘤]: 一种骨癌。" in out and "尤文肉瘤" not in out
