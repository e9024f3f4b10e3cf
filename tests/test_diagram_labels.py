"""Tests for build_tools.outputs.diagram.labels: wrapping by display width (CJK aware) and the font per language."""

from __future__ import annotations

import pytest

from build_tools.outputs.diagram.labels import CJK_MAX_COLUMNS, FONT, columns, font_for, wrap


def test_english_labels_wrap_as_before():
    import textwrap

    for text in ["Is the tumour in the thigh bone near the knee?", "Rotationplasty", "Not sure",
                 "A" * 40, "Endoprosthesis (metal implant) replacing the knee joint"]:
        expected = textwrap.wrap(text, width=16, break_long_words=False)
        if any(len(line) > 32 for line in expected):
            expected = textwrap.wrap(text, width=16, break_long_words=True)
        assert wrap(text, 16) == expected


@pytest.mark.parametrize("text", ["您最近是否已经做过核磁共振或者CT扫描检查？", "是的，已经做过",
                                  "保肢手术（limb-salvage surgery）指南", "（例如：大腿、膝盖）" * 3])
@pytest.mark.parametrize("width", [13, 16, 40])
def test_cjk_labels_wrap_by_display_width(text, width):
    lines = wrap(text, width)
    limit = min(width, CJK_MAX_COLUMNS)
    assert all(columns(line) <= limit for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "，。、？！：；）" for line in lines[1:]), lines
    assert not any(line[-1] in "（" for line in lines), lines


def test_columns_count_wide_characters_twice():
    assert columns("abc") == 3 and columns("保肢") == 4 and columns("ＡＢ") == 4 and columns("a保") == 3


@pytest.mark.parametrize("language, first", [
    ("zh-Hans", "Noto Sans CJK SC"), ("zh", "Noto Sans CJK SC"), ("zh-Hant", "Noto Sans CJK TC"),
    ("ja", "Noto Sans CJK JP"), ("ko", "Noto Sans CJK KR")])
def test_cjk_languages_name_a_cjk_font_before_the_generic_family(language, first):
    assert font_for(language) == f"{first},{FONT}"


@pytest.mark.parametrize("language", ["ar", "ar-EG", "fa", "ur", "he"])
def test_arabic_and_hebrew_scripts_name_a_font_with_their_letters(language):
    """DejaVu Sans (fonts-dejavu-core, which make site installs) has Arabic and Hebrew: named
    first, Graphviz measures with it, pango shapes with it and the PDF embeds it."""
    assert font_for(language) == f"DejaVu Sans,{FONT}"


@pytest.mark.parametrize("language", ["en", "fr", "pt-BR", "pl", "not a language"])
def test_other_languages_use_the_generic_family(language):
    assert font_for(language) == FONT
