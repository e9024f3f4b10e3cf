"""The YAML loader: positions, text-only scalars, and inputs that must not blow up."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from build_tools.source import loader
from build_tools.source.loader import Mark, load_file, load_text


def test_positions_of_keys_and_values():
    doc = load_text(Path("x.yml"), "a: one\nlist:\n  - b: two\n    c: |\n      line one\n      line two\n")
    assert doc.data == {"a": "one", "list": [{"b": "two", "c": "line one\nline two\n"}]}
    assert doc.keys[("a",)] == Mark(1, 1)
    assert doc.values[("a",)] == Mark(1, 4)
    assert doc.values[("list", 0)] == Mark(3, 5)
    assert doc.keys[("list", 0, "c")] == Mark(4, 5)
    # A character inside a literal block maps to its own line and column.
    assert doc.locate_in_text(("list", 0, "c"), 1, 5) == Mark(6, 12)


@pytest.mark.parametrize("value", ["No", "yes", "On", "off", "2026-11-27", "1.10", "0o17", "1e3", ".nan", "True"])
def test_scalars_stay_text(value):
    assert load_text(Path("x.yml"), f"v: {value}\n").data == {"v": value}


@pytest.mark.parametrize("value", ["", "~", "null"])
def test_empty_values_are_nothing(value):
    assert load_text(Path("x.yml"), f"v: {value}\n").data == {"v": None}


def test_quoted_null_is_text():
    assert load_text(Path("x.yml"), 'v: "null"\n').data == {"v": "null"}


def test_billion_laughs_is_rejected_fast():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    doc = load_text(Path("bomb.yml"), "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert doc.diagnostics
    assert "anchors and aliases are not allowed" in doc.diagnostics[0].message
    assert (doc.diagnostics[0].line, doc.diagnostics[0].column) == (2, 8)


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_rejected(style):
    depth = 10_000 if style == "flow" else 200
    if style == "flow":
        text = "a: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}v\n"
    start = time.perf_counter()
    doc = load_text(Path("deep.yml"), text)
    assert time.perf_counter() - start < 2
    assert len(doc.diagnostics) == 1
    assert "nested" in doc.diagnostics[0].message
    assert f"{loader.MAX_DEPTH} levels" in doc.diagnostics[0].message


def test_file_size_limit(tmp_path):
    big = tmp_path / "big.yml"
    big.write_bytes(b"title: " + b"x" * (10 * 1024 * 1024) + b"\n")
    tracemalloc.start()
    doc = load_file(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [str(d).split(": ", 1)[1] for d in doc.diagnostics] == [
        "error: this file is 10.0 MB; the limit is 4 MB: split the flow into smaller flows"]
    assert peak < 1024 * 1024  # the file is never read into memory


def test_one_megabyte_string_gets_a_length_error(tmp_path, capsys, monkeypatch):
    from conftest import ROOT

    from build_tools.adapters import cli
    flow = (ROOT / "tests/fixtures/mini.yml").read_text().replace(
        "id: mini\n", "id: huge\n").replace("body: Some information.", "body: " + "a" * (1024 * 1024))
    path = tmp_path / "huge.yml"
    path.write_text(flow)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check", "huge.yml"]) == 1
    err = capsys.readouterr().err
    assert "huge.yml:21:11: error: 'body' is too long: 1,048,576 characters; the limit is 20,000" in err


def test_control_character_is_positioned():
    doc = load_text(Path("x.yml"), "a: ok\nb: bad\x07char\n")
    assert len(doc.diagnostics) == 1
    d = doc.diagnostics[0]
    assert (d.line, d.column) == (2, 7)
    assert "U+0007" in d.message


def test_a_key_that_is_a_list_is_an_error():
    doc = load_text(Path("x.yml"), "? [a, b]\n: value\n")
    assert doc.diagnostics and "a key must be a plain word" in doc.diagnostics[0].message

