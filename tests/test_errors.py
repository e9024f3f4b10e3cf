"""build_tools.core.errors: the one diagnostic format, and paths as the editor knows them."""

from __future__ import annotations

import os
from pathlib import Path

from build_tools.core.errors import Diagnostic, InternalError, RenderToolError, Severity, display_path


def test_diagnostic_prints_file_line_column_severity_message():
    d = Diagnostic("flows/a.yml", 3, 7, Severity.ERROR, "something is wrong")
    assert str(d) == "flows/a.yml:3:7: error: something is wrong"
    w = Diagnostic("flows/a.yml", 3, 7, Severity.WARNING, "take care")
    assert str(w) == "flows/a.yml:3:7: warning: take care"
    assert d.is_error and not w.is_error


def test_diagnostics_sort_by_file_then_position_and_deduplicate():
    a = Diagnostic("b.yml", 1, 1, Severity.ERROR, "m")
    b = Diagnostic("a.yml", 10, 1, Severity.ERROR, "m")
    c = Diagnostic("a.yml", 2, 5, Severity.WARNING, "m")
    d = Diagnostic("a.yml", 2, 5, Severity.WARNING, "m")
    assert sorted({a, b, c, d}) == [c, b, a]


def test_display_path_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / "flows").mkdir()
    monkeypatch.chdir(tmp_path)
    assert display_path(tmp_path / "flows" / "a.yml") == os.path.join("flows", "a.yml")
    assert display_path("flows/a.yml") == os.path.join("flows", "a.yml")
    elsewhere = Path("/") / "somewhere" / "else.yml"
    assert display_path(elsewhere) == str(elsewhere)


def test_tool_problems_are_exceptions_not_diagnostics():
    assert issubclass(InternalError, Exception) and not issubclass(InternalError, RenderToolError)
    assert str(RenderToolError("dot is missing: install graphviz")) == "dot is missing: install graphviz"
