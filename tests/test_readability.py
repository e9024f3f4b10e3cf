"""build_tools.readability: only prose is graded, and lists and headings are sentences."""

from __future__ import annotations

import pytest

from build_tools import readability

EASY = ("The team looks at your scans. They talk with you about what they see. You can ask "
        "them to say it again. You can bring a friend. It is fine to take notes. Ask what each "
        "word means.")
HARD = ("Notwithstanding considerable interdisciplinary deliberation, multidisciplinary oncological "
        "reconstruction necessitates comprehensive individualised evaluation encompassing "
        "radiological, histopathological and biomechanical considerations, particularly regarding "
        "endoprosthetic durability and postoperative rehabilitation for every patient.")


def test_easy_text_grades_low_and_hard_text_high():
    easy, hard = readability.grade(EASY), readability.grade(HARD)
    assert easy is not None and hard is not None
    assert easy < 6 < 14 < hard


def test_short_text_is_not_graded():
    assert readability.grade("Too short to say anything about.") is None
    words = " ".join(["word"] * (readability.MIN_WORDS - 1)) + "."
    assert readability.grade(words) is None
    assert readability.grade(words.replace(".", " word.")) is not None


def test_front_matter_abbreviations_snippets_and_link_targets_are_not_prose():
    text = ("---\ntitle: Hidden words here\n---\n*[MRI]: Magnetic resonance imaging scanner\n"
            '--8<-- "includes/abbreviations.md"\n'
            "See [the guide](https://example.org/a-very-long-address-with-many-words) today.\n"
            "<span class=\"x\">Tagged</span> https://example.org/bare")
    prose = readability.prose(text)
    assert prose == "See the guide today.\nTagged"


def test_markers_and_emphasis_are_removed():
    assert readability.prose("## A heading\n\n- **bold** item\n1. _first_ step\n> quoted") == \
        "A heading.\n\nbold item.\nfirst step.\nquoted."


def test_a_list_item_or_heading_without_an_end_mark_is_its_own_sentence():
    listed = "\n".join(f"- item number {i} with some words" for i in range(8))
    prose = readability.prose(listed)
    assert prose.count(".") == 8
    # As one endless sentence it would grade far higher.
    assert readability.grade(listed) < readability.grade(listed.replace("\n- ", " ").lstrip("- "))


def test_admonition_title_is_kept_as_a_sentence():
    assert readability.prose('!!! note "Before the operation"\n    Eat nothing.') == \
        "Before the operation.\nEat nothing."


def test_tables_lose_their_pipes():
    assert readability.prose("| a | b |\n|---|---|\n| one | two |") == "a   b.\n\none   two."


@pytest.mark.parametrize("text", ["", "   ", "---\ntitle: x\n---\n"])
def test_empty_prose(text):
    assert readability.prose(text) == ""
    assert readability.grade(text) is None


def test_word_count():
    assert readability.word_count("It's the patient’s 2nd visit.") == 5
