"""Output folders: replaced only when complete, and never a folder that is not ours."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

from build_tools.core import atomic
from build_tools.adapters import cli


def test_failed_fill_leaves_destination_untouched(tmp_path):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "index.html").write_text("old")

    def fill(tmp):
        (tmp / "index.html").write_text("new")
        raise RuntimeError("build failed")

    with pytest.raises(RuntimeError):
        atomic.replace_directory(dest, fill)
    assert (dest / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "index.html").write_text("old")
    real_rename = os.rename

    def rename(src, dst):
        if ".out.new-" in str(src):
            raise OSError("disk trouble")
        return real_rename(src, dst)

    monkeypatch.setattr(atomic.os, "rename", rename)
    with pytest.raises(OSError):
        atomic.replace_directory(dest, lambda tmp: (tmp / "index.html").write_text("new"))
    assert (dest / "index.html").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


@pytest.mark.parametrize("target", [".", "content", "flows", "content/inner", ".."])
def test_render_refuses_to_replace_the_project(target, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    before = sorted(p.name for p in ROOT.iterdir())
    assert cli.main(["render", "--no-diagrams", "--out", target]) == 2
    assert "choose an output folder" in capsys.readouterr().err
    assert sorted(p.name for p in ROOT.iterdir()) == before


def test_render_refuses_a_folder_that_is_not_an_earlier_output(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "important.txt").write_text("keep me")
    assert cli.main(["render", "--no-diagrams", "--out", str(precious)]) == 2
    assert "does not look like an earlier output" in capsys.readouterr().err
    assert (precious / "important.txt").read_text() == "keep me"
    # An earlier output is replaced as usual.
    out = tmp_path / "docs"
    assert cli.main(["render", "--no-diagrams", "--out", str(out)]) == 0
    assert cli.main(["render", "--no-diagrams", "--out", str(out)]) == 0
    assert (out / "index.md").exists()


def test_site_refuses_to_replace_content(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert cli.main(["site", "--site-dir", "content"]) == 2
    assert "choose an output folder" in capsys.readouterr().err
    assert (ROOT / "content" / "index.md").exists()


@pytest.mark.parametrize("config, message", [
    ("plugins:\n  - pathway: true\n", "pathway plugin's options must be"),
    ("plugins:\n  - pathway:\n      reading_grade: abc\n", "reading_grade must be a number"),
])
def test_bad_mkdocs_yml_is_a_usage_error(tmp_path, capsys, config, message):
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("site_name: x\ntheme: material\n" + config)
    assert cli.main(["--config-file", str(cfg), "check"]) == 2
    assert message in capsys.readouterr().err


def test_theme_shorthand_is_accepted(tmp_path):
    from build_tools.source.config import Config

    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("site_name: x\ntheme: material\ndocs_dir: pages\n")
    config = Config.load(cfg)
    assert config.content_dir == tmp_path / "pages"
    assert config.overrides_dir == tmp_path / "site_overrides"
