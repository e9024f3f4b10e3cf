"""Every bad-input class: exact FILE:LINE:COL messages, exit 1, no traceback.

Each ``tests/corpus/<case>.yml`` is the mini flow with one mistake; the reviewed
``<case>.expected`` holds the exact lines ``check`` must print.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, assert_golden

from build_tools import cli

CORPUS = ROOT / "tests" / "corpus"
CASES = sorted(CORPUS.glob("*.yml"))
#: Cases that are accepted on purpose: the value is kept as text, never as a boolean.
CLEAN_CASES = {"unquoted-no", "unquoted-yes-no-boolean-field"}
#: Cases that only warn (the build goes on; `check --strict` fails).
WARNING_CASES = {"no-not-sure", "unsure-twice", "review-overdue", "raw-html", "markdown-link"}


def run_check(capsys, *paths: Path, strict: bool = False) -> tuple[int, list[str]]:
    args = ["check", "--today", TODAY.isoformat(), *(str(p.relative_to(ROOT)) for p in paths)]
    if strict:
        args.insert(1, "--strict")
    code = cli.main(args)
    err = capsys.readouterr().err
    return code, [line for line in err.splitlines() if line]


@pytest.fixture(autouse=True)
def _cwd(monkeypatch):
    monkeypatch.chdir(ROOT)


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_case(case: Path, capsys):
    code, lines = run_check(capsys, case)
    assert not any("Traceback" in line for line in lines)
    diagnostics = [line for line in lines if ": error: " in line or ": warning: " in line]
    assert_golden(case.with_suffix(".expected"), "".join(f"{line}\n" for line in diagnostics))
    if case.stem in CLEAN_CASES:
        assert code == 0 and diagnostics == []
    elif case.stem in WARNING_CASES:
        assert code == 0
        assert diagnostics and all(": warning: " in line for line in diagnostics)
        strict_code, _ = run_check(capsys, case, strict=True)
        assert strict_code == 1
    else:
        assert code == 1
        assert any(": error: " in line for line in diagnostics)
    for line in diagnostics:  # FILE:LINE:COL: severity: message
        file, line_no, col, rest = line.split(":", 3)
        assert file == f"tests/corpus/{case.name}"
        assert int(line_no) >= 1 and int(col) >= 1
        assert rest.startswith((" error: ", " warning: "))


def test_two_flows_with_the_same_id(capsys):
    code, lines = run_check(capsys, CORPUS / "same-id-a" / "same-id.yml", CORPUS / "same-id-b" / "same-id.yml")
    assert code == 1
    assert lines[0] == ("tests/corpus/same-id-b/same-id.yml:2:5: error: the flow id 'same-id' is also "
                        "used by tests/corpus/same-id-a/same-id.yml; each flow needs its own id")


def test_all_errors_are_reported_together(capsys):
    code, lines = run_check(capsys, CORPUS / "multiple-errors.yml", CORPUS / "tab-indent.yml",
                            CORPUS / "dangling-next.yml")
    assert code == 1
    files = {line.split(":")[0] for line in lines if ": error: " in line}
    assert files == {"tests/corpus/multiple-errors.yml", "tests/corpus/tab-indent.yml",
                     "tests/corpus/dangling-next.yml"}
    assert lines[-1].startswith("8 errors")


def test_unquoted_yes_no_stay_text():
    from build_tools.loader import load_file
    doc = load_file(CORPUS / "unquoted-no.yml")
    labels = [a["label"] for n in doc.data["nodes"] if n.get("answers") for a in n["answers"]]
    assert labels[0] == "No"
    assert load_file(CORPUS / "unquoted-yes-no-boolean-field.yml").data["language"] == "yes"


def test_real_process_exit_code_and_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "build_tools", "check", "tests/corpus/cycle.yml"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("tests/corpus/cycle.yml:24:9: error: these nodes go round in a loop")
