"""Tests for build_tools.outputs.diagram.graphviz_backend: errors with fixes, cache, determinism."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import graphviz
import pytest
from support.processes import forbid_processes

from build_tools.outputs.diagram import graphviz_backend as gb
from build_tools.core.errors import RenderToolError

_no_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz 'dot' is not installed")


def requires_dot(test):
    """The registered ``requires_dot`` marker, plus a skip where dot is missing (it is installed in CI)."""
    return pytest.mark.requires_dot(_no_dot(test))

DOT = 'digraph "t" {\n\ta -> b [label="yes"]\n}\n'


@pytest.fixture(autouse=True)
def fresh_version_memo():
    gb.forget_version()
    yield
    gb.forget_version()


def test_missing_dot_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot anywhere
    for cache_dir in (None, tmp_path / "cache"):
        with pytest.raises(RenderToolError) as exc:
            gb.render(DOT, "svg", cache_dir=cache_dir)
        assert "apt-get install graphviz" in str(exc.value)


def test_executable_not_found_from_graphviz_is_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gb.shutil, "which", lambda name: "/usr/bin/dot")

    def not_found(*a, **k):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(graphviz, "pipe", not_found)
    with pytest.raises(RenderToolError, match="apt-get install graphviz"):
        gb.render(DOT, "svg", cache_dir=None)


@requires_dot
def test_dot_failure_carries_stderr() -> None:
    with pytest.raises(RenderToolError) as exc:
        gb.render("digraph { a -> }", "svg", cache_dir=None)
    message = str(exc.value)
    assert "syntax error" in message and "exit status" in message


def test_unsupported_format() -> None:
    with pytest.raises(ValueError, match="unsupported diagram format"):
        gb.render(DOT, "png; rm -rf /", cache_dir=None)


def test_cache_key_covers_text_format_and_version() -> None:
    base = gb.cache_key(DOT, "svg", "2.43.0")
    assert base == gb.cache_key(DOT, "svg", "2.43.0")
    assert len({base, gb.cache_key(DOT + " ", "svg", "2.43.0"), gb.cache_key(DOT, "pdf", "2.43.0"),
                gb.cache_key(DOT, "svg", "9.0.0")}) == 4
    # Parts are length-prefixed, so moving text between parts changes the key.
    assert gb.cache_key("ab", "svg", "1") != gb.cache_key("b", "svg", "1a")


def test_pdf_timestamps_are_fixed_without_moving_offsets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdf = b"%PDF-1.5\n<< /CreationDate (D:20261127152338Z) /ModDate (D:20261127152339+01'00) >>\n"
    out = gb.make_deterministic(pdf, "pdf")
    assert len(out) == len(pdf)
    assert b"(D:19700101000000Z)" in out and b"(D:19700101000000+01'00)" in out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert b"(D:20260101000000Z)" in gb.make_deterministic(pdf, "pdf")
    assert gb.make_deterministic(b"<svg/>", "svg") == b"<svg/>"


@requires_dot
def test_renders_are_byte_identical() -> None:
    for fmt in ("svg", "pdf"):
        first = gb.render(DOT, fmt, cache_dir=None)
        second = gb.render(DOT, fmt, cache_dir=None)
        assert first == second, fmt
    pdf = gb.render(DOT, "pdf", cache_dir=None)
    assert pdf.startswith(b"%PDF-")
    dates = re.findall(rb"/CreationDate \(D:(\d{14})", pdf)
    assert dates and all(d == gb._fixed_date() for d in dates)


@requires_dot
def test_cache_hit_runs_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = gb.DOT_CALLS
    cold = gb.render(DOT, "svg", cache_dir=tmp_path)
    assert gb.DOT_CALLS - before == 2  # dot -V and the render
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 and not any(name.endswith(".tmp") for name in files)

    gb.forget_version()  # as a new process would

    forbid_processes(monkeypatch, "a cache hit must not run dot")
    before = gb.DOT_CALLS
    assert gb.render(DOT, "svg", cache_dir=tmp_path) == cold
    assert gb.DOT_CALLS == before


@requires_dot
def test_changed_dot_text_misses_the_cache(tmp_path: Path) -> None:
    gb.render(DOT, "svg", cache_dir=tmp_path)
    before = gb.DOT_CALLS
    gb.render(DOT.replace("yes", "no"), "svg", cache_dir=tmp_path)
    assert gb.DOT_CALLS - before == 1


@requires_dot
def test_version_string() -> None:
    assert re.fullmatch(r"\d+(\.\d+)+", gb.graphviz_version())


def test_atomic_write_leaves_no_temp_file_on_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(gb.os, "replace", fail)
    with pytest.raises(OSError):
        gb._write_atomic(tmp_path / "x.svg", b"data")
    assert list(tmp_path.iterdir()) == []
