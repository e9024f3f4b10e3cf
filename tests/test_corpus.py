"""Every bad-input class: exact FILE:LINE:COL messages, exit 1, no traceback.

Each ``tests/corpus/<case>.yml`` is the mini flow with one mistake; the reviewed
``<case>.expected`` holds the exact lines ``check`` must print.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TODAY, assert_golden

from build_tools.adapters import cli

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


#: Cases whose messages are of the same kind as another case's, and why each is its own case.
SAME_KIND_AS = {
    "byte-order-mark": ("bad-kind", "a byte-order mark must not shift any line or column"),
    "crlf-line-endings": ("bad-kind", "Windows line endings must not shift any line or column"),
    "date-impossible": ("date-not-iso", "a well-formed date that does not exist (30 February)"),
    "unquoted-yes-no-boolean-field": ("unquoted-no", "a YAML 1.1 boolean where the model wants text"),
}


def message_kind(line: str) -> str:
    """A message with its quoted values and numbers blanked out: its failure class."""
    return re.sub(r"'[^']*'|\d+", "_", line.split(": ", 2)[-1])


def test_every_case_has_its_expected_messages_and_no_expected_file_is_stale():
    cases = {p.stem for p in CASES}
    expected = {p.stem for p in CORPUS.glob("*.expected")}
    assert cases == expected, {"no .expected": cases - expected, "no .yml": expected - cases}
    assert len(cases) >= 40


def test_the_named_cases_exist():
    names = CLEAN_CASES | WARNING_CASES | set(SAME_KIND_AS) | {v[0] for v in SAME_KIND_AS.values()}
    assert names <= {p.stem for p in CASES}


def test_each_case_is_its_own_failure_class():
    """No two cases give the same kinds of message, unless listed (with a reason) above:
    a copied case would add to the count without testing anything new."""
    kinds: dict[frozenset, list[str]] = {}
    for case in CASES:
        lines = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        if case.stem not in CLEAN_CASES:
            assert lines, f"{case.name} must produce at least one message"
        kinds.setdefault(frozenset(map(message_kind, lines)), []).append(case.stem)
    for same in kinds.values():
        originals = [c for c in same if c not in SAME_KIND_AS]
        assert len(originals) == 1, f"cases {same} test the same failure class"
        for copy in set(same) - set(originals):
            assert SAME_KIND_AS[copy][0] == originals[0], copy


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
    assert lines[-1].startswith("checked 3 flows and 0 pages: 8 errors")


def test_unquoted_yes_no_stay_text():
    from build_tools.source.loader import load_file
    doc = load_file(CORPUS / "unquoted-no.yml")
    labels = [a["label"] for n in doc.data["nodes"] if n.get("answers") for a in n["answers"]]
    assert labels[0] == "No"
    assert load_file(CORPUS / "unquoted-yes-no-boolean-field.yml").data["language"] == "no"


def test_real_process_exit_code_and_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "build_tools", "check", "tests/corpus/cycle.yml"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("tests/corpus/cycle.yml:24:9: error: these nodes go round in a loop")
