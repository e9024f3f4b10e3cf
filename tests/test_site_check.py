"""build_tools.source.site_check: mkdocs.yml syntax, nav targets and links between hand-written pages.

Each mistake is made in a copy of the real project and checked through the real command
line (a new process: exit status, no traceback). The exact messages are golden files in
``tests/golden/site_check/`` (rewritten only by ``make golden``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, assert_golden, copy_project

from build_tools.source import site_check

GOLDEN = ROOT / "tests" / "golden" / "site_check"


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", "check", "--today", "2026-11-28"],
                          cwd=project, capture_output=True, text=True, timeout=300)


def site_lines(stderr: str) -> str:
    """The messages about mkdocs.yml and pages (the flows' own messages are tested elsewhere)."""
    return "".join(line + "\n" for line in stderr.splitlines()
                   if line.startswith(("mkdocs.yml:", "content/")))


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "p")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_clean_run_ends_with_one_summary_line(project):
    proc = run_check(project)
    assert proc.returncode == 0, proc.stderr
    assert site_lines(proc.stderr) == ""
    pages = len(list((project / "content").rglob("*.md")))  # every edition's
    flows = len(list((project / "flows").rglob("*.yml")))
    assert proc.stderr.splitlines()[-1].startswith(f"checked {flows} flows and {pages} pages: 0 errors, ")


def test_unquoted_colon_in_a_nav_title_is_positioned_not_a_traceback(project):
    _edit(project / "mkdocs.yml", "  - About bone tumours: about-bone-tumours.md",
          "  - About bone tumours: what they are: about-bone-tumours.md")
    proc = run_check(project)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert_golden(GOLDEN / "nav-title-colon.expected", site_lines(proc.stderr))


def test_nav_entry_that_names_no_page(project):
    _edit(project / "mkdocs.yml", "questions-to-ask.md", "question-to-ask.md")
    proc = run_check(project)
    assert proc.returncode == 1
    assert_golden(GOLDEN / "nav-entry-missing.expected", site_lines(proc.stderr))


def test_link_between_pages_that_leads_nowhere(project):
    page = project / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [the options](rebuilding-the-bones.md).\n",
                    encoding="utf-8")
    proc = run_check(project)
    assert proc.returncode == 1
    assert_golden(GOLDEN / "link-missing-page.expected", site_lines(proc.stderr))


def test_link_to_a_heading_that_does_not_exist(project):
    page = project / "content" / "about.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + "\nSee [who it is for](index.md#who-this-guide-is-fro).\n", encoding="utf-8")
    proc = run_check(project)
    assert proc.returncode == 1
    assert_golden(GOLDEN / "link-missing-anchor.expected", site_lines(proc.stderr))


def test_links_to_generated_pages_and_files_resolve(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    pages = {"index.md": "# Home\n\n[A flow](pathways/x/index.md) [chart](diagrams/x.svg) "
                         "[code `[not](a-link.md)`]\n\n```\n[also not](a-link.md)\n```\n"}
    (content / "index.md").write_text(pages["index.md"])
    assert site_check.link_rules(content, pages, {"pathways/x/index.md", "diagrams/x.svg"}) == []
    # The same link without the generated file is reported, at its line and column.
    (found,) = site_check.link_rules(content, pages, {"diagrams/x.svg"})
    assert (found.line, found.column) == (3, 10) and "pathways/x/index.md" in found.message


def test_anchors_follow_the_table_of_contents_slugs():
    text = "# Title\n\n## Who this guide is for\n\n## Set id { #custom }\n\n```\n## not a heading\n```\n"
    assert site_check.anchors(text) == {"title", "who-this-guide-is-for", "custom"}


def test_nav_rules_accept_generated_pages_and_the_flows_marker(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("nav:\n  - Home: index.md\n  - pathways/*\n  - Sources: sources.md\n"
                      "  - Web: https://example.org/\n  - Gone: gone.md\n")
    _, root = site_check.read_config(config)
    (found,) = site_check.nav_rules(config, root, {"index.md", "sources.md"})
    assert (found.line, found.column) == (6, 11) and "gone.md" in found.message


def test_mkdocs_tags_are_accepted(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: !ENV [NAME, 'x']\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    data, _ = site_check.read_config(config)
    assert data["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] is None
