"""build_tools.source.readability: only prose is graded, and lists and headings are sentences."""

from __future__ import annotations

import pytest

from build_tools.source import readability

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


# --- one formula per language ----------------------------------------------------------

GERMAN = ("Der Arzt erklärt Ihnen die Behandlung. Sie können jederzeit Fragen stellen. Das Team "
          "hilft Ihnen gern. Bringen Sie eine Person mit, der Sie vertrauen. Schreiben Sie Ihre "
          "Fragen vorher auf. Dann vergessen Sie nichts.")
SPANISH = ("El médico le explica el tratamiento. Puede hacer preguntas en todo momento. El equipo "
           "le ayuda con gusto. Traiga a una persona de confianza. Escriba sus preguntas antes. "
           "Así no olvida nada importante.")
ITALIAN = ("Il medico ti spiega la cura. Puoi fare domande in ogni momento. La squadra ti aiuta "
           "volentieri. Porta con te una persona di fiducia. Scrivi prima le tue domande. Così "
           "non dimentichi niente di importante.")
CHINESE = "医生会向您解释治疗方法。您可以随时提问。团队很乐意帮助您。请带一位您信任的人一起来。" * 3


@pytest.mark.parametrize("language, text, name", [
    ("en", EASY, "Flesch-Kincaid grade"),
    ("en-GB", EASY, "Flesch-Kincaid grade"),
    ("de", GERMAN, "Wiener Sachtextformel"),
    ("es", SPANISH, "Fernández-Huerta"),
    ("it", ITALIAN, "Gulpease"),
])
def test_each_language_is_scored_with_its_own_formula(language, text, name):
    score = readability.score(text, language)
    assert score is not None and score.formula.name == name
    assert not score.too_hard(8), score  # plain text in every language passes at grade 8


def test_an_ease_formula_passes_above_its_limit_and_a_grade_formula_below_it():
    ease = readability.FORMULAS["it"]
    assert ease.limit(8) == 60 and ease.too_hard(59.9, 8) and not ease.too_hard(60, 8)
    grade = readability.FORMULAS["de"]
    assert grade.limit(8) == 8 and grade.too_hard(8.1, 8) and not grade.too_hard(8, 8)
    assert readability.Score(ease, 41.0).warning(8) == (
        "reading ease 41.0 (Gulpease) is below 60: use shorter sentences and simpler words")


def test_a_language_without_a_formula_is_not_graded_not_given_an_english_score():
    assert readability.formula_for("zh-Hans") is None
    assert readability.score(CHINESE, "zh-Hans") is None
    assert readability.not_graded("zh-Hans") == "not graded: no formula for zh-Hans"
    # English text with a Chinese language tag is not graded either: the tag decides.
    assert readability.score(EASY, "zh") is None


def test_words_with_accents_count_as_words():
    assert readability.word_count("Größe und Behandlung, así médico") == 5
