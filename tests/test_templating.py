"""build_tools.outputs.templating: autoescape on, unknown names fail, overrides replace templates."""

from __future__ import annotations

import jinja2
import pytest

from build_tools.outputs import templating
from build_tools.source.config import OVERRIDE_SUBDIR


def env_from(tmp_path, **templates):
    """An environment whose override folder holds ``templates``."""
    folder = tmp_path / OVERRIDE_SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in templates.items():
        (folder / name.replace("__", ".")).write_text(text, encoding="utf-8")
    templating.environment.cache_clear()
    return templating.environment(tmp_path)


def test_text_printed_without_a_filter_is_html_escaped(tmp_path):
    env = env_from(tmp_path, t__html="{{ x }}")
    assert env.get_template("t.html").render(x='<b onclick="x">') == "&lt;b onclick=&#34;x&#34;&gt;"


def test_markdown_templates_are_escaped_too(tmp_path):
    env = env_from(tmp_path, t__md__jinja="{{ x }}")
    assert env.get_template("t.md.jinja").render(x="<script>") == "&lt;script&gt;"


def test_unknown_names_are_errors(tmp_path):
    env = env_from(tmp_path, t__html="{{ missing }}")
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("t.html").render()


def test_markup_filters_are_the_markup_module(tmp_path):
    env = env_from(tmp_path, t__html="{{ x|md_block }}|{{ x|md_inline }}|{{ x|html_block }}|{{ x|html_inline }}")
    out = env.get_template("t.html").render(x="# <b>")
    block, inline, html_block, html_inline = out.split("|")
    assert block == "## &#60;b&#62;"
    assert inline == "&#35; &#60;b&#62;"
    assert html_block == "<h2>&#60;b&#62;</h2>"
    assert html_inline == "# &lt;b&gt;"


def test_an_override_replaces_the_template_of_the_same_name(tmp_path):
    assert "overview.md.jinja" in templating.environment(None).list_templates()
    env = env_from(tmp_path, **{"overview__md__jinja": "ours: {{ flow }}"})
    assert env.get_template("overview.md.jinja").render(flow="f") == "ours: f"
    # Other templates still come from the package.
    assert env.get_template("flowchart.md.jinja").filename.startswith(str(templating.TEMPLATE_DIR))


def test_without_an_override_folder_the_package_templates_are_used(tmp_path):
    templating.environment.cache_clear()
    env = templating.environment(tmp_path / "nothing-here")
    assert env.get_template("overview.md.jinja").filename.startswith(str(templating.TEMPLATE_DIR))


def test_bytecode_cache_is_written_to_the_cache_folder(tmp_path):
    templating.environment.cache_clear()
    env = templating.environment(None, tmp_path / "jinja")
    env.get_template("overview.md.jinja")
    assert any((tmp_path / "jinja").iterdir())
    templating.environment.cache_clear()
