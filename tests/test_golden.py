"""Golden files are rewritten only by `make golden` (pytest --update-golden), never by a
stray UPDATE_GOLDEN in the environment. Runs the real conftest in a child pytest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT

PROBE = '''
from pathlib import Path
from conftest import assert_golden

def test_probe():
    assert_golden(Path(__file__).parent / "expected.txt", "new output\\n")
'''


def run_probe(tmp_path, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "UPDATE_GOLDEN"}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "-p", "no:randomly", *args, str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def make_probe(tmp_path):
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    golden = tmp_path / "expected.txt"
    golden.write_text("old output\n", encoding="utf-8")
    return golden


def test_an_environment_variable_does_not_rewrite_golden_files(tmp_path):
    golden = make_probe(tmp_path)
    proc = run_probe(tmp_path, env_extra={"UPDATE_GOLDEN": "1"})
    assert proc.returncode == 1, proc.stdout + proc.stderr  # compared, and different
    assert golden.read_text(encoding="utf-8") == "old output\n"
    assert "UPDATE_GOLDEN is set in the environment and ignored" in proc.stdout


def test_the_flag_rewrites_golden_files(tmp_path):
    golden = make_probe(tmp_path)
    proc = run_probe(tmp_path, "--update-golden")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert golden.read_text(encoding="utf-8") == "new output\n"


def test_make_golden_runs_every_test_file_that_uses_golden_files():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\ngolden:" in makefile
    recipe = makefile.split("\ngolden:", 1)[1].split("\n\n", 1)[0]
    assert "--update-golden" in recipe and "assert_golden" in recipe and "check_golden" in recipe
    users = [p.name for p in sorted((ROOT / "tests").glob("test_*.py"))
             if p.name != "test_golden.py"
             and any(name in p.read_text(encoding="utf-8") for name in ("assert_golden", "check_golden"))]
    assert "test_corpus.py" in users
