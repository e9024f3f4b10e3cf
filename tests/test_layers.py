"""The layers of build_tools, as import-linter contracts in pyproject.toml (run by `lint-imports`).

adapters -> site -> outputs -> source -> core: a module imports from its own layer and the
layers below, never from one above, imports inside functions included. Only the adapters
import MkDocs or Material, nothing imports subprocess (dot runs through the graphviz
package), and the package never uses the old import paths kept for configurations.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())", "--no-cache"]


def lint(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([*LINT, "--config", str(project / "pyproject.toml")], cwd=project, env=env,
                          capture_output=True, text=True, timeout=120)


def test_every_contract_is_kept():
    proc = lint(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 kept, 0 broken" in proc.stdout


def copy_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "build_tools", tmp_path / "build_tools",
                    ignore=shutil.ignore_patterns("__pycache__", "locales", "templates"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_an_upward_import_inside_a_function_breaks_the_layers(tmp_path):
    project = copy_package(tmp_path)
    validate = project / "build_tools" / "source" / "validate.py"
    validate.write_text(validate.read_text(encoding="utf-8")
                        + "\n\ndef _size(flow):\n    from build_tools.outputs.questionnaire import page\n"
                          "    return page.render(flow)\n", encoding="utf-8")
    proc = lint(project)
    assert proc.returncode != 0
    assert "build_tools.source.validate -> build_tools.outputs.questionnaire.page" in proc.stdout


def test_mkdocs_outside_the_adapters_breaks_a_contract(tmp_path):
    project = copy_package(tmp_path)
    registry = project / "build_tools" / "site" / "registry.py"
    registry.write_text(registry.read_text(encoding="utf-8") + "\nimport mkdocs  # noqa\n", encoding="utf-8")
    proc = lint(project)
    assert proc.returncode != 0 and "Only the adapters talk to MkDocs" in proc.stdout


LAYERS = ("core", "source", "outputs", "site", "adapters")


def readme_map() -> dict[str, set[str]]:
    """The README's module tables: ``**`core/`**`` then rows of ``| `module` | job |``; a module
    of a subpackage is written ``folder/module`` (``| `diagram/dot` | ... |``)."""
    import re

    out: dict[str, set[str]] = {}
    layer = None
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^\*\*`(\w+)/`\*\*", line):
            layer = m.group(1) if m.group(1) in LAYERS else None
            out.setdefault(layer, set())
        elif layer and (m := re.match(r"^\| `([\w/]+)`(?: / `([\w/]+)`)? \|", line)):
            out[layer].update(n for n in m.groups() if n)
    return out


def layer_modules(layer: str) -> set[str]:
    """Every module of a layer's folder, subpackages' modules as ``folder/module``."""
    folder = ROOT / "build_tools" / layer
    return {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.py")
            if p.stem != "__init__" and "__pycache__" not in p.parts}


def test_the_readmes_map_matches_the_folders():
    assert readme_map() == {layer: layer_modules(layer) for layer in LAYERS}
