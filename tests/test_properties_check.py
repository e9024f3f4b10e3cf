"""Properties of `check`: random valid flows pass; random damage gives positioned errors, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st
from strategies import flow_data, property_settings, to_yaml

from build_tools.site import pipeline

CONFIG = pipeline.Config.from_options(ROOT, {}, docs_dir="content", custom_dir="site_overrides")
TODAY = dt.date(2026, 11, 27)
MINI = (ROOT / "tests" / "fixtures" / "mini.yml").read_text(encoding="utf-8")
SETTINGS = property_settings(max_examples=60)


def run(tmp_path: Path, text: str | bytes) -> pipeline.CheckResult:
    path = tmp_path / "prop.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return pipeline.check([path], CONFIG, today=TODAY, readability_check=False)


@SETTINGS
@given(data=flow_data())
def test_random_valid_flows_pass(tmp_path, data):
    result = run(tmp_path, to_yaml(data))
    assert result.errors == []
    assert len(result.flows) == 1


@st.composite
def damaged(draw) -> bytes:
    lines = MINI.replace("id: mini\n", "id: prop\n").splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "replace"]))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            pos = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(st.sampled_from(list(":-[]{}&*!|>'\"#%@`\t \\\x00\ufeffé") + ["\n"]),
                                min_size=1, max_size=4))
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + lines[i]
        else:
            word = draw(st.sampled_from(["end-this", "src-a", "step", "question", "2024", "No", "",
                                         "[]", "{}", "- x", "~"]))
            key, sep, _ = lines[i].partition(": ")
            if sep:
                lines[i] = f"{key}: {word}\n"
    text = "".join(lines).encode("utf-8")
    if draw(st.booleans()):
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.binary(min_size=1, max_size=2)) + text[pos:]
    return text


@SETTINGS
@given(text=damaged())
def test_damaged_flows_give_positioned_messages_never_exceptions(tmp_path, text):
    result = run(tmp_path, text)  # must not raise
    n_lines = text.count(b"\n") + 2
    for d in result.diagnostics:
        assert d.file.endswith("prop.yml")
        assert 1 <= d.line <= n_lines, d
        assert d.column >= 1, d
        assert d.message and "\n" not in d.message
    if not result.errors:  # no error means the flow loaded and can be rendered
        assert len(result.flows) == 1
