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


def test_sections_merge_a_run_of_one_section_keeps_the_others(tmp_path, monkeypatch):
    """`--only SECTION` rewrites that section and keeps every other one, with its targets:
    from benchmarks/results.json, or as written in RESULTS.md before results.json existed."""
    from benchmarks import merge, report

    monkeypatch.setattr(merge, "RESULTS_JSON", tmp_path / "results.json")
    old = tmp_path / "RESULTS.md"
    old.write_text("# Pathway benchmarks\n\n## Machine\n\n| | |\n|---|---|\n\n"
                   "## 3. Editor loop\n\nmedian 1.57 s, measured long ago\n\n"
                   "## Targets\n\n| target | measured | result |\n|---|---|---|\n"
                   "| Editor loop <= 2 s for the default site | median 1.57 s | **PASS** |\n", encoding="utf-8")
    machine = {"Date": "today", "Load average at start (1/5/15 min)": "0.1 / 0.1 / 0.1"}
    lighthouse = {"runs": 1, "rows": {"home": {
        "url": "/", "median": {"performance": 0.97, "accessibility": 1, "best-practices": 1, "seo": 1},
        "performance": [0.97], "failing": [], "tbt": 10.0, "lcp": 1000.0, "load": [0.1]}}}
    data = merge.previous(old, ["lighthouse"]) | {"machine": machine, "lighthouse": lighthouse,
                                                    "measured": {"lighthouse": {"date": "today", "load": "0.1",
                                                                                "command": "python -m benchmarks --only lighthouse"}}}
    text, targets = report.render(data)
    assert "median 1.57 s, measured long ago" in text  # the section not run, as it was
    assert "## 6. Lighthouse" in text and "Measured today" in text
    assert [t[0] for t in targets] == ["Lighthouse mobile performance >= 95, home/overview/node/flowchart, every edition",
                                       "Lighthouse accessibility, best practices and SEO = 100 on those pages",
                                       "Editor loop <= 2 s for the default site"]
    merge.save(data)
    old.write_text(text, encoding="utf-8")
    # Next run: only the editor loop; Lighthouse now comes from results.json, not the Markdown.
    again = merge.previous(old, ["editor_loop"]) | {"machine": machine, "editor_loop": {
        "rounds": 1, "startup": 1.0, "median": 1.2, "max": 1.2, "times": [1.2]}}
    text2, _ = report.render(again)
    assert "## 6. Lighthouse" in text2 and "measured long ago" not in text2 and "## 3. Editor loop" in text2
