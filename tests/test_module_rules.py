"""The house rules import-linter cannot check: one job per module (at most about 400 lines;
the suite fails past 450) and node kinds dispatched only through the kind table.

Both rules are checked on the real package and shown to catch a planted violation, so
neither can pass vacuously.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from conftest import ROOT

from build_tools.source import model

PACKAGE = ROOT / "build_tools"
MAX_LINES = 450
#: Temporary: modules the `library` helper is restructuring on its own branch (issue 25
#: item 4 and issue 20). The lead removes this list once that work lands.
LONG_FOR_NOW = {"source/config.py", "site/pipeline.py", "site/editions.py", "site/navigation.py",
                "adapters/mkdocs_adapter.py"}
#: The only modules that may name a node class in isinstance(): the model defines the
#: classes and the kind table maps kinds to them. Everyone else asks the table.
KIND_MODULES = {"source/model.py", "source/kinds.py"}
NODE_CLASSES = {cls.__name__ for cls in model.NODE_KINDS.values()} | {"_Node"}


def modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def long_modules(root: Path) -> list[str]:
    out = []
    for path in modules(root):
        name = path.relative_to(root).as_posix()
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and name not in LONG_FOR_NOW:
            out.append(f"{name}: {lines} lines")
    return out


def _names(node: ast.expr) -> list[str]:
    """Class names in an isinstance() second argument: ``Step``, ``model.Step``, tuples, unions."""
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for elt in node.elts for n in _names(elt)]
    if isinstance(node, ast.BinOp):  # Step | Question
        return _names(node.left) + _names(node.right)
    return []


def kind_checks(root: Path) -> list[str]:
    """Every isinstance()/issubclass() on a node class, and every ``case Step()``, outside
    :data:`KIND_MODULES`."""
    out = []
    for path in modules(root):
        name = path.relative_to(root).as_posix()
        if name in KIND_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            found: list[str] = []
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("isinstance", "issubclass") and len(node.args) == 2):
                found = _names(node.args[1])
            elif isinstance(node, ast.MatchClass):
                found = _names(node.cls)
            if hits := sorted(set(found) & NODE_CLASSES):
                out.append(f"{name}:{node.lineno}: {', '.join(hits)}")
    return out


def test_no_module_is_over_450_lines():
    assert long_modules(PACKAGE) == []


def test_the_allow_list_names_real_modules():
    assert all((PACKAGE / name).is_file() for name in LONG_FOR_NOW | KIND_MODULES)


def test_node_kinds_are_dispatched_only_through_the_kind_table():
    assert kind_checks(PACKAGE) == []


def test_a_long_module_is_caught(tmp_path):
    root = tmp_path / "build_tools"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "locales", "templates"))
    (root / "outputs" / "sprawl.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (root / "outputs" / "fits.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert long_modules(root) == [f"outputs/sprawl.py: {MAX_LINES + 1} lines"]


def test_an_isinstance_on_a_node_class_is_caught(tmp_path):
    root = tmp_path / "build_tools"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__", "locales", "templates"))
    (root / "outputs" / "sneaky.py").write_text(
        "from build_tools.source import model\nfrom build_tools.source.model import Question, Step\n\n"
        "def a(n):\n    return isinstance(n, Question)\n\n"
        "def b(n):\n    return isinstance(n, (str, model.Outcome))\n\n"
        "def c(n):\n    return isinstance(n, Step | Question)\n\n"
        "def d(n):\n    match n:\n        case Step():\n            return 1\n\n"
        "def fine(n):\n    return isinstance(n, str)\n", encoding="utf-8")
    assert kind_checks(root) == ["outputs/sneaky.py:5: Question", "outputs/sneaky.py:8: Outcome",
                                 "outputs/sneaky.py:11: Question, Step", "outputs/sneaky.py:15: Step"]
