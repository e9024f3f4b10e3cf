"""Shared fixtures. Golden files are rewritten only by ``make golden`` (``pytest --update-golden``).

An ``UPDATE_GOLDEN`` variable left in the environment is ignored (and removed for the run),
so a stale shell setting can never turn a comparison into a rewrite.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 28)  # fixed "today" so review-date rules are reproducible

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _cap_hypothesis_shrinking(seconds: int = 20) -> None:
    """A failing property reports within a minute. Hypothesis shrinks a failure for up to five
    minutes (``MAX_SHRINKING_SECONDS``, not a public setting); the examples here are small, so
    a shorter search still finds a small one. Fails loudly if Hypothesis renames the limit."""
    from hypothesis.internal.conjecture import engine

    if not isinstance(getattr(engine, "MAX_SHRINKING_SECONDS", None), int):
        raise RuntimeError("hypothesis no longer has engine.MAX_SHRINKING_SECONDS: update "
                           "tests/conftest.py so failing property tests still stop shrinking early")
    engine.MAX_SHRINKING_SECONDS = seconds


_cap_hypothesis_shrinking()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from current output")


_UPDATE_GOLDEN = False
_IGNORED_ENV = None


def pytest_configure(config):
    global _UPDATE_GOLDEN, _IGNORED_ENV
    _UPDATE_GOLDEN = bool(config.getoption("--update-golden"))
    _IGNORED_ENV = os.environ.pop("UPDATE_GOLDEN", None)
    if _UPDATE_GOLDEN:
        # Only for the diagram tests' update_golden fixture (tests/support/diagram.py), which still reads
        # the variable: it is set from the flag, never taken from the environment.
        os.environ["UPDATE_GOLDEN"] = "1"


def pytest_report_header(config):
    if _IGNORED_ENV is not None and not _UPDATE_GOLDEN:
        return ("UPDATE_GOLDEN is set in the environment and ignored: golden files are compared, "
                "not rewritten (rewrite them with `make golden`)")
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under `make test` (PATHWAY_STRICT_SKIPS=1) a skipped test fails: every tool is installed
    there, so a skip could only hide a check that did not run."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("PATHWAY_STRICT_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in a full run, where nothing may be skipped: {reason}"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))


def assert_golden(path: Path, actual: str) -> None:
    """Compare with a reviewed golden file, or rewrite it under --update-golden."""
    if _UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run `make golden` and review the result"
    assert actual == path.read_text(encoding="utf-8")


def build_site(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`python -m build_tools site` for the project in ``project`` (the real `make site` step)."""
    return subprocess.run([sys.executable, "-m", "build_tools", "--config-file",
                           str(project / "mkdocs.yml"), "site", "--site-dir", str(site_dir)],
                          cwd=project, capture_output=True, text=True, timeout=600)


def copy_project(dest: Path) -> Path:
    """A copy of the editable parts of the project (config, content, flows, overrides)."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("content", "flows", "site_overrides", "glossaries"):
        shutil.copytree(ROOT / folder, dest / folder)
    diagrams = ROOT / ".cache" / "pathway" / "graphviz"
    if diagrams.exists():  # reuse rendered diagrams; that cache is keyed by content
        shutil.copytree(diagrams, dest / ".cache" / "pathway" / "graphviz")
    return dest


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The default site, built once per test session exactly as `make site` builds it."""
    out = tmp_path_factory.mktemp("built") / "site"
    proc = build_site(ROOT, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="session")
def editions_site(tmp_path_factory) -> Path:
    """A small site with a Spanish and an Arabic (right-to-left) edition
    (tests/fixtures/editions, :mod:`support.editions_project`), built once per session
    exactly as `make site` builds a site."""
    from support.editions_project import make_project

    project = make_project(tmp_path_factory.mktemp("editions") / "project")
    out = project / "site"
    proc = build_site(project, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def site_pages(site_dir: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(site_dir.rglob("*.html"))
