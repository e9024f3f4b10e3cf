"""build_tools.source.pages: the front matter rules of hand-written pages, and their reading grade."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from build_tools.source import pages
from build_tools.core.errors import Severity
from build_tools.source.validate import Settings

TODAY = dt.date(2026, 11, 27)
FRONT = ("---\ntitle: About bone tumours\nreview:\n  last_reviewed: 2026-01-10\n"
         "  next_review: 2027-01-10\n  reviewed_by: Test team\n---\n")
BODY = "# About bone tumours\n\nShort text.\n"
HARD = ("Notwithstanding considerable interdisciplinary deliberation, multidisciplinary oncological "
        "reconstruction necessitates comprehensive individualised evaluation encompassing "
        "radiological, histopathological and biomechanical considerations, particularly regarding "
        "endoprosthetic durability and postoperative rehabilitation for every patient.\n")


def check(tmp_path: Path, text: str | bytes, *, readability: bool = False, today: dt.date = TODAY):
    path = tmp_path / "page.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return pages.check_page(path, Settings(today=today, check_readability=readability))


def lines(diags) -> list[str]:
    return [f"{d.line}:{d.column}: {d.severity.value}: {d.message}" for d in diags]


def test_a_good_page_passes_and_its_metadata_is_read(tmp_path):
    diags, grade, meta = check(tmp_path, FRONT + BODY, readability=True)
    assert diags == [] and grade is None  # too short to grade
    assert meta.title == "About bone tumours"
    assert meta.review.next_review == dt.date(2027, 1, 10)
    assert meta.audience == "patients" and meta.sources == []


def test_a_page_without_front_matter_is_an_error_at_line_one(tmp_path):
    diags, grade, meta = check(tmp_path, BODY)
    assert lines(diags) == ["1:1: error: this page has no front matter: start it with '---', then "
                            "title:, review: (last_reviewed, next_review, reviewed_by) and sources:, "
                            "then '---'"]
    assert meta is None


def test_front_matter_positions_are_the_file_lines(tmp_path):
    text = FRONT.replace("title: About bone tumours\n", "title: About bone tumours\ncolour: red\n")
    diags, _, _ = check(tmp_path, text + BODY)
    (d,) = diags
    assert (d.line, d.column, d.severity) == (3, 1, Severity.ERROR)
    assert d.message.startswith("unknown key 'colour' (allowed here: ") and "title" in d.message


def test_missing_title_and_review_are_errors(tmp_path):
    diags, _, meta = check(tmp_path, "---\nsources: []\n---\n" + BODY)
    assert meta is None
    messages = [d.message for d in diags]
    assert "'title:' is missing: add a short title" in messages
    assert any(m.startswith("'review:' is missing") for m in messages)


@pytest.mark.parametrize("title", ["A <b> title", 'A "quoted" title', "x > y"])
def test_title_may_not_hold_characters_the_theme_would_read_as_html(tmp_path, title):
    text = FRONT.replace("title: About bone tumours", f"title: '{title}'")
    diags, _, meta = check(tmp_path, text + BODY)
    assert meta is None
    assert [d.message for d in diags] == [
        "'title' may not contain < > or \" (the theme would read them as HTML): write it without them"]
    assert (diags[0].line, diags[0].column) == (2, 8)


def test_description_follows_the_same_rule(tmp_path):
    text = FRONT.replace("title: About bone tumours\n", "title: About\ndescription: 'x\"><b>'\n")
    diags, _, _ = check(tmp_path, text + BODY)
    assert [d.message[:40] for d in diags] == ["'description' may not contain < > or \" ("]


def test_material_keys_are_allowed(tmp_path):
    text = FRONT.replace("title: About bone tumours\n",
                         "title: About\nhide: [navigation]\nicon: material/home\nstatus: new\n")
    diags, _, meta = check(tmp_path, text + BODY)
    assert diags == [] and meta.hide == ["navigation"]


def test_review_rules_apply_to_pages(tmp_path):
    diags, _, meta = check(tmp_path, FRONT + BODY, today=dt.date(2027, 2, 1))
    assert meta is not None
    assert lines(diags) == ["5:16: warning: review overdue since 2027-01-10: check the page, then "
                            "update last_reviewed and next_review"]
    bad = FRONT.replace("next_review: 2027-01-10", "next_review: 2025-01-10")
    diags, _, _ = check(tmp_path, bad + BODY)
    assert [d.severity for d in diags] == [Severity.ERROR]


def test_a_hard_page_for_patients_is_graded_and_warned_where_its_body_begins(tmp_path):
    diags, grade, _ = check(tmp_path, FRONT + HARD, readability=True)
    assert grade is not None and grade > 8
    # Line 7 is the closing '---' (the body begins right after it).
    assert lines(diags) == [f"7:1: warning: reading grade {grade:.1f} (Flesch-Kincaid grade) is above 8: "
                            "use shorter sentences "
                            "and simpler words"]
    diags, grade, _ = check(tmp_path, FRONT + HARD, readability=False)
    assert diags == [] and grade is None


def test_pages_for_editors_are_not_graded(tmp_path):
    text = FRONT.replace("title: About bone tumours\n", "title: Guide\naudience: editors\n")
    diags, grade, meta = check(tmp_path, text + HARD, readability=True)
    assert diags == [] and grade is None and meta.audience == "editors"


def test_a_byte_order_mark_is_accepted(tmp_path):
    diags, _, meta = check(tmp_path, b"\xef\xbb\xbf" + (FRONT + BODY).encode("utf-8"))
    assert diags == [] and meta.title == "About bone tumours"


def test_a_page_that_is_not_utf8_is_a_positioned_error(tmp_path):
    diags, grade, meta = check(tmp_path, (FRONT + "caf\xe9\n").encode("latin-1"))
    assert meta is None and diags and diags[0].severity is Severity.ERROR
    assert diags[0].line >= 1 and "UTF-8" in diags[0].message


def test_split_front_matter():
    assert pages.split_front_matter(FRONT + BODY) == (FRONT[4:-4], "\n" + BODY)
    assert pages.split_front_matter(BODY) == (None, BODY)
    crlf = (FRONT + BODY).replace("\n", "\r\n")
    front, body = pages.split_front_matter(crlf)
    assert front is not None and body.lstrip("\r\n").startswith("# About")
