"""The benchmark code runs and measures valid input (its figures are never asserted here)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from conftest import ROOT

from benchmarks import synthetic
from build_tools.site import pipeline


def test_synthetic_flows_are_valid(tmp_path):
    config = pipeline.Config.from_options(ROOT, {}, docs_dir="content", custom_dir=None)
    for n in (10, 100, 1_000):
        path = synthetic.write_flow(tmp_path, n)
        result = pipeline.check([path], config, today=dt.date(2026, 11, 27), readability_check=False)
        assert result.errors == [], result.errors[:3]
        assert len(result.flows[0][0].nodes) == n


def test_quick_scaling_run_writes_a_report(tmp_path):
    out = tmp_path / "RESULTS.md"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--only", "scaling",
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    assert "## 2. Scaling" in report and "| 10 |" in report and "## Machine" in report


def test_many_flows_growth_is_judged_by_the_cost_of_one_more_flow():
    from benchmarks.many_flows import marginal

    rows = [{"flows": n, "t": 5 + 0.5 * n} for n in (1, 10, 100)]
    assert marginal(rows, "t") == (0.5, 0.5, 1.0)  # linear, whatever the start-up cost
    rows = [{"flows": n, "t": 5 + 0.05 * n * n} for n in (1, 10, 100)]
    assert marginal(rows, "t")[2] > 9  # quadratic growth is caught
    assert marginal(rows[:2], "t") is None
