"""Exit codes and output of `python -m build_tools`: 0 clean, 1 content, 2 usage/I-O, 3 internal."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from build_tools.adapters import cli
from build_tools.site import pipeline


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_clean_flow_exits_zero(capsys):
    assert cli.main(["check", "--today", "2026-11-27", "tests/fixtures/mini.yml"]) == 0
    assert capsys.readouterr().err == "checked 1 flow and 0 pages: 0 errors, 0 warnings\n"


def test_shipped_flows_and_pages_pass():
    proc = subprocess.run([sys.executable, "-m", "build_tools", "check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert ": error: " not in proc.stderr


def test_missing_file_is_a_usage_error(capsys):
    assert cli.main(["check", "flows/does-not-exist.yml"]) == 2
    assert "no such file or folder: flows/does-not-exist.yml" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--frobnicate"])
    assert exc.value.code == 2
    assert "usage error" in capsys.readouterr().err


def test_bad_today_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "--today", "tomorrow"])
    assert exc.value.code == 2


def test_internal_error_keeps_traceback_and_is_distinct(capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "check", broken)
    assert cli.main(["check", "tests/fixtures/mini.yml"]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: boom" in err
    assert "internal error: this is a bug in Pathway, not a mistake in the content" in err


def test_grades_are_reported(capsys):
    assert cli.main(["check", "--grades", "--today", "2026-11-27", "tests/fixtures/mini.yml"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "tests/fixtures/mini.yml:18: first-step: too short to measure" in out
    assert len(out) == 4


def test_strict_turns_warnings_into_errors(capsys):
    args = ["check", "--today", "2026-11-27", "tests/corpus/review-overdue.yml"]
    assert cli.main(args) == 0
    assert cli.main(["check", "--strict", *args[1:]]) == 1
    assert "error: review overdue since 2026-03-01" in capsys.readouterr().err


def test_page_that_is_not_utf8_gets_a_positioned_error(tmp_path, capsys, monkeypatch):
    page = tmp_path / "page.md"
    page.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--config-file", str(ROOT / "mkdocs.yml"), "check", "page.md"]) == 1
    assert capsys.readouterr().err.startswith("page.md:2:11: error: this file is not UTF-8 text (byte 0xE9 here)")


def test_page_without_review_dates_is_an_error(tmp_path, capsys, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: A page\nsources: []\n---\nSome words.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--config-file", str(ROOT / "mkdocs.yml"), "check", "page.md"]) == 1
    assert "page.md:2:1: error: 'review:' is missing" in capsys.readouterr().err


def test_page_front_matter_cannot_carry_markup_or_junk(tmp_path, capsys, monkeypatch):
    """Material prints a page's title and description unescaped: no < > " allowed there."""
    page = tmp_path / "evil.md"
    page.write_text('---\ntitle: <img src=x onerror=alert(1)>\ndescription: Say "hi"\nreview:\n'
                    '  last_reviewed: 2026-01-01\n  next_review: 2027-01-01\n  reviewed_by: " "\n'
                    'sources:\n  - title: T\n    publisher: P\n    year: 2020.0\n    url: https://x.org/\n'
                    '---\nBody.\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--config-file", str(ROOT / "mkdocs.yml"), "check", "evil.md"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "evil.md:2:8: error: 'title' may not contain < > or \" (the theme would read them as HTML): write it without them",
        "evil.md:3:14: error: 'description' may not contain < > or \" (the theme would read them as HTML): write it without them",
        "evil.md:7:16: error: 'reviewed_by' holds only spaces: write some text",
        "evil.md:11:11: error: 'year' must be four digits like 2024, not '2020.0'",
        "checked 0 flows and 1 page: 4 errors, 0 warnings",
    ]


def test_pages_and_flows_share_the_review_rules(tmp_path, capsys, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: A page\nreview:\n  last_reviewed: 2027-01-01\n  next_review: 2026-06-01\n"
                    "  reviewed_by: Team\n---\nWords.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--config-file", str(ROOT / "mkdocs.yml"), "check", "--today", "2026-11-28",
                     "page.md"]) == 1
    err = capsys.readouterr().err
    assert "page.md:5:16: error: next_review (2026-06-01) is before last_reviewed (2027-01-01)" in err
    assert "page.md:4:18: warning: last_reviewed (2027-01-01) is in the future" in err


def test_blank_titles_and_time_stamps_are_refused(tmp_path, capsys, monkeypatch):
    text = (ROOT / "tests/fixtures/mini.yml").read_text(encoding="utf-8")
    text = text.replace("title: First step", 'title: "   "').replace(
        "last_reviewed: 2026-01-10", "last_reviewed: 2026-01-10T00:00:00")
    (tmp_path / "mini.yml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--config-file", str(ROOT / "mkdocs.yml"), "check", "mini.yml"]) == 1
    err = capsys.readouterr().err
    assert "mini.yml:7:18: error: 'last_reviewed' must be a date written YYYY-MM-DD" in err
    assert "mini.yml:20:12: error: 'title' holds only spaces: write some text" in err
