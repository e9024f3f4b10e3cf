"""The warm-build cache: any input change is a miss; a hit gives the same site, faster."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from conftest import build_site, copy_project

from build_tools.site import build_cache
from build_tools.source.config import Config
from build_tools.core.errors import Diagnostic, Severity

TODAY = dt.date(2026, 11, 27)


def test_key_changes_with_every_input(tmp_path):
    project = copy_project(tmp_path / "p")
    config = Config.load(project / "mkdocs.yml")
    base = build_cache.key(config, today=TODAY)
    assert build_cache.key(config, today=TODAY) == base  # stable

    def changed(edit) -> bool:
        undo = edit()
        try:
            return build_cache.key(config, today=TODAY) != base
        finally:
            undo()

    def append(path, text):
        original = path.read_bytes()
        path.write_bytes(original + text.encode())
        return lambda: path.write_bytes(original)

    def create(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{# override #}")
        return path.unlink

    assert changed(lambda: append(project / "flows" / "limb-salvage.yml", "\n# note\n"))
    assert changed(lambda: append(project / "content" / "about.md", "\nMore.\n"))
    assert changed(lambda: create(project / "site_overrides" / "pathway" / "node.md.jinja"))
    assert changed(lambda: create(project / "flows" / "new-flow.yml"))
    assert build_cache.key(config, today=TODAY + dt.timedelta(days=1)) != base  # review dates
    assert build_cache.key(config, today=TODAY, options=(False,)) != base


def test_key_covers_the_tool_itself(tmp_path, monkeypatch):
    """Pathway's own source, its libraries' versions and SOURCE_DATE_EPOCH change the output."""
    import importlib.metadata
    import shutil

    config = Config.load(copy_project(tmp_path / "p") / "mkdocs.yml")
    package = tmp_path / "pkg"
    shutil.copytree(build_cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_cache, "PACKAGE_DIR", package)
    base = build_cache.key(config, today=TODAY)

    (package / "templates" / "node.md.jinja").write_text("changed", encoding="utf-8")
    assert build_cache.key(config, today=TODAY) != base
    shutil.copy(build_cache.Path(__file__).parent.parent / "build_tools" / "templates" / "node.md.jinja",
                package / "templates" / "node.md.jinja")
    assert build_cache.key(config, today=TODAY) == base

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_cache.key(config, today=TODAY) != base
    monkeypatch.delenv("SOURCE_DATE_EPOCH")

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.0" if name == "Markdown" else real(name))
    assert build_cache.key(config, today=TODAY) != base


def test_entries_round_trip_and_damage_is_a_miss(tmp_path):
    diags = [Diagnostic("flows/x.yml", 3, 5, Severity.WARNING, "review overdue since 2026-01-01")]
    files = {"pathways/x/index.md": b"# X\n", "diagrams/x.pdf": bytes(range(256))}
    build_cache.store(tmp_path, "abc", diags, files)
    assert build_cache.load(tmp_path, "abc") == (diags, files, {})
    assert build_cache.load(tmp_path, "other") is None
    (tmp_path / "abc.json").write_text('{"diagnostics": [["x"]], "files": {}}')
    assert build_cache.load(tmp_path, "abc") is None
    (tmp_path / "abc.json").write_text("not json")
    assert build_cache.load(tmp_path, "abc") is None


PROBE = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
cfg = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
build(cfg)
print("pydantic imported:", "pydantic" in sys.modules)
"""


def test_warm_build_gives_the_same_site_without_checking_again(tmp_path):
    project = copy_project(tmp_path / "p")
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    assert build_site(project, cold).returncode == 0  # fills the cache
    entries = list((project / ".cache" / "pathway" / "build").glob("*.json"))
    assert len(entries) == 1 + len(Config.load(project / "mkdocs.yml").languages)  # one per edition
    probe = subprocess.run([sys.executable, "-c", PROBE, str(project / "mkdocs.yml"), str(warm)],
                           cwd=project, capture_output=True, text=True)
    assert probe.returncode == 0, probe.stderr
    assert "pydantic imported: False" in probe.stdout  # the hit skipped check and render
    # The probe builds the site's own language (make site then builds each edition into its
    # folder and writes one _headers and one search index, _pagefind/, for all of them).
    editions = set(Config.load(project / "mkdocs.yml").languages)
    cold_files = sorted(p.relative_to(cold) for p in cold.rglob("*") if p.is_file()
                        and p.relative_to(cold).parts[0] not in editions | {"_pagefind"}
                        and p.name != "_headers")
    assert cold_files == sorted(p.relative_to(warm) for p in warm.rglob("*") if p.is_file()
                                and p.name != "_headers" and p.relative_to(warm).parts[0] != "_pagefind")
    for rel in cold_files:
        assert (cold / rel).read_bytes() == (warm / rel).read_bytes(), rel
