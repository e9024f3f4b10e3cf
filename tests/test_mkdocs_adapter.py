"""build_tools.adapters.mkdocs_adapter: the plugin's hooks on a small real project (MkDocs' own config
loader and File objects; no site is written: tests/test_site.py builds whole sites)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, get_files

from build_tools.core import ids
from build_tools.adapters.mkdocs_adapter import material_language
from build_tools.adapters import mkdocs_adapter

MINI = (ROOT / "tests" / "fixtures" / "mini.yml").read_text(encoding="utf-8")
PAGE = ("---\ntitle: Home\nreview:\n  last_reviewed: 2026-01-10\n  next_review: 2099-01-10\n"
        "  reviewed_by: Tests\n---\n\n# Home\n\nWelcome.\n")


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "mini.yml").write_text(MINI, encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "site_overrides" / "pathway").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ndocs_dir: content\ntheme:\n  name: material\n  custom_dir: site_overrides\n"
        "plugins:\n  - pathway:\n      diagrams: false\n      cache_dir: .cache/pathway\n"
        "nav:\n  - Home: index.md\n", encoding="utf-8")
    return tmp_path


def start(project: Path, command: str = "build"):
    """MkDocs' config with our plugin, started as `mkdocs <command>` starts it."""
    cfg = load_config(str(project / "mkdocs.yml"))
    plugin = cfg.plugins["pathway"]
    assert isinstance(plugin, mkdocs_adapter.PathwayPlugin)
    cfg.plugins.on_startup(command=command, dirty=False)
    return cfg, plugin


def run_config(cfg):
    return cfg.plugins.on_config(cfg)


def run_files(cfg, files):
    return cfg.plugins.on_files(files, config=cfg)


def test_generated_files_are_added_as_virtual_files(project):
    cfg, plugin = start(project)
    cfg = run_config(cfg)
    files = run_files(cfg, get_files(cfg))
    page = files.get_file_from_path(ids.overview_page("mini"))
    assert page is not None and page.generated_by is not None
    assert page.content_string.startswith("---\n") and "# A small test flow" in page.content_string
    for node in ("first-step", "the-question", "end-this", "end-that"):
        assert files.get_file_from_path(ids.node_page("mini", node)) is not None
    assert files.get_file_from_path(ids.questionnaire_file("mini")) is not None
    assert files.get_file_from_path("index.md") is not None  # the hand-written page stays
    assert not any((project / "content").rglob("pathways"))  # nothing is written into content/


def test_a_content_error_stops_the_build_with_positioned_messages(project):
    (project / "flows" / "mini.yml").write_text(MINI.replace("year: 2024", "year: soon"), encoding="utf-8")
    cfg, plugin = start(project)
    with pytest.raises(PluginError) as info:
        run_config(cfg)
    assert "flows/mini.yml:" in str(info.value) and "'year' must be four digits" in str(info.value)


def test_warnings_are_logged_but_do_not_stop_a_strict_build(project, caplog):
    (project / "flows" / "mini.yml").write_text(
        MINI.replace("body: Some information.", "body: Some <b>information</b>."), encoding="utf-8")
    cfg, plugin = start(project)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.pathway"):
        run_config(cfg)
    assert any("raw HTML" in r.getMessage() and r.levelno == logging.INFO for r in caplog.records)


def test_template_overrides_are_not_site_files(project):
    (project / "site_overrides" / "pathway" / "flowchart.md.jinja").write_text("x", encoding="utf-8")
    cfg, plugin = start(project)
    cfg = run_config(cfg)
    files = get_files(cfg)
    files.append(File("pathway/flowchart.md.jinja", str(project / "site_overrides"), cfg["site_dir"],
                      cfg["use_directory_urls"]))
    files = run_files(cfg, files)
    assert files.get_file_from_path("pathway/flowchart.md.jinja") is None


def test_a_file_both_hand_written_and_generated_stops_the_build(project):
    cfg, plugin = start(project)
    cfg = run_config(cfg)
    files = get_files(cfg)
    elsewhere = project / "elsewhere"
    (elsewhere / "pathways" / "mini").mkdir(parents=True)
    (elsewhere / ids.overview_page("mini")).write_text("by hand", encoding="utf-8")
    files.append(File(ids.overview_page("mini"), str(elsewhere), cfg["site_dir"], cfg["use_directory_urls"]))
    with pytest.raises(PluginError, match="is both hand-written and generated"):
        run_files(cfg, files)


def test_serve_grades_reading_level_and_watches_the_flows(project):
    _, plugin = start(project, command="build")
    assert plugin.readability is False
    cfg, plugin = start(project, command="serve")
    assert plugin.readability is True
    run_config(cfg)

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    server = plugin.on_serve(Server(), cfg, builder=None)
    assert server.watched == [str(project.resolve() / "flows")]


def test_a_failed_build_leaves_the_previous_site(project, capsys):
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    (project / "flows" / "mini.yml").write_text(MINI.replace("year: 2024", "year: soon"), encoding="utf-8")
    assert mkdocs_adapter.build_site(project / "mkdocs.yml", site) == 1
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert "site build failed" in capsys.readouterr().err


def test_material_speaks_the_editions_language():
    assert material_language("zh-Hans") == "zh"
    assert material_language("zh-Hant") == "zh-Hant"
    assert material_language("fr-CA") == "fr"
