"""Tests for build_tools.outputs.diagram.css: the stylesheets are files, served without their
comment lines, and the drawing's rules are written once for the page and the SVG file."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from build_tools.core.errors import InternalError
from build_tools.outputs.diagram import css as diagram_css
from build_tools.outputs.diagram.css import (
    BEGIN,
    DIAGRAM_CSS,
    END,
    STANDALONE_CSS,
    drawing_rules,
    page_css,
    without_comments,
)


def package_file(name: str) -> str:
    return files("build_tools.outputs.diagram").joinpath(name).read_text(encoding="utf-8")


def test_diagram_css() -> None:
    css = DIAGRAM_CSS
    for var in ("--md-default-fg-color", "--md-default-bg-color", "--md-accent-fg-color"):
        assert f"var({var}" in css
    assert "@media print" in css and css.count("{") == css.count("}")
    assert "prefers-color-scheme" not in css  # Material's palette toggle drives the inline colours


def test_the_served_stylesheet_is_the_file_without_its_comment_lines():
    source = package_file("pathway-diagram.css")
    assert source.count("/*") > 5  # the file explains itself
    header, rest = DIAGRAM_CSS.split("\n", 1)
    assert header == source.split("\n", 1)[0] and header.startswith("/* Pathway decision diagrams")
    assert "/*" not in rest and "*/" not in rest
    # Every line served is a line of the file, in the file's order ...
    lines = source.splitlines()
    positions = [lines.index(line) for line in DIAGRAM_CSS.splitlines()]
    assert positions == sorted(positions)
    # ... and no rule is lost: as many blocks as the file has outside its comments.
    assert re.sub(r"/\*.*?\*/", "", source, flags=re.S).count("{") == DIAGRAM_CSS.count("{")
    assert DIAGRAM_CSS.endswith("}\n") and DIAGRAM_CSS.count("{") == DIAGRAM_CSS.count("}")


def test_without_comments_keeps_code_and_drops_comment_lines_only():
    css = "a{b:c}\n/* one line */\n/*\n  several\n  lines\n*/\nd{content:\" /* x */ \"}\n  /* indented */\ne{f:g}"
    assert without_comments(css) == ["a{b:c}", 'd{content:" /* x */ "}', "e{f:g}"]


def test_the_standalone_svg_gets_its_palette_then_the_drawing_rules_unscoped():
    palette = without_comments(package_file("standalone.css"))
    drawing = drawing_rules(package_file("pathway-diagram.css"))
    assert STANDALONE_CSS == "\n".join(palette + drawing) + "\n"
    assert palette[0].startswith(":root{") and len(drawing) >= 10
    # Each drawing rule is the page's rule without its scope: written once, used twice.
    for rule in drawing:
        assert f"svg.pw-diagram {rule}\n" in DIAGRAM_CSS, rule
    assert "text{fill:var(--pw-fg)}" in drawing and "/*" not in STANDALONE_CSS


def test_a_broken_drawing_block_is_an_internal_error():
    page = package_file("pathway-diagram.css")
    with pytest.raises(InternalError, match="drawing: begin"):
        drawing_rules(page.replace(BEGIN + "\n", ""))
    with pytest.raises(InternalError, match="drawing: end"):
        drawing_rules(page.replace(END, END + "\n" + END))
    with pytest.raises(InternalError, match="does not start with"):
        drawing_rules(page.replace(BEGIN + "\n", BEGIN + "\ntext{fill:red}\n"))


def test_the_module_reads_the_package_files():
    assert page_css(package_file(diagram_css.PAGE_FILE)) == DIAGRAM_CSS
