"""Generator overhead: the whole site from YAML (A) against MkDocs on pre-rendered Markdown (B).

* A: ``mkdocs build`` of a copy of ``mkdocs.yml`` (Pathway plugin on) whose Graphviz
  cache is a temporary folder, so the developer's ``.cache/pathway`` is never touched.
* B: ``python -m build_tools render --out DIR`` once (not timed), then ``mkdocs build`` of
  a copy of ``mkdocs.yml`` with ``docs_dir: DIR`` and the Pathway plugin removed.

Each build is a fresh process; runs alternate A, B, A, B... and the figure is the median
of the per-pair ratios A/B. Cold: the temporary cache is deleted before every A run.
Warm: it is filled once (untimed), then kept. Diagrams-only: the build cache (check and
render results) is deleted before every A, the Graphviz cache kept: the generator's own cost. ``dot`` is counted from outside, by a
``dot`` shim first on PATH that logs each start and then runs the real Graphviz.
"""

from __future__ import annotations

import os
import resource
import shutil
from pathlib import Path

from benchmarks import common


#: warm: nothing changed since the last build (Graphviz and build caches both hit);
#: diagrams-only: the flows changed in a way that keeps every chart (the build cache misses,
#: so check and render run, but dot's output is reused); cold: no cache at all.
MODES = ("warm", "diagrams-only", "cold")


def _build(cfg: Path, out: Path, path_env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, of the build and its children) of one build.
    CPU time is the steadier figure on a shared machine: other work stretches wall time."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, _ = common.run([common.MKDOCS, "build", "-q", "-f", str(cfg), "-d", str(out)],
                            extra_env=path_env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run_all(*, pairs: int = 5, quick: bool = False, log=print) -> dict:
    work = common.tempdir("overhead")
    cache = work / "graphviz-cache"
    shim_log = work / "dot-calls.log"
    shim_dir = common.dot_shim(work / "bin", shim_log)
    path_env = {"PATH": f"{shim_dir}{os.pathsep}{os.environ.get('PATH', '')}"}

    cfg_a = common.write_config(work / "mkdocs-a.yml", cache_dir=cache)
    rendered = work / "rendered-docs"
    common.run([common.PYTHON, "-m", "build_tools", "--config-file", str(cfg_a), "render",
                "--out", str(rendered)], extra_env=path_env)
    cfg_b = common.write_config(work / "mkdocs-b.yml", docs_dir=rendered, pathway=False)
    site_a, site_b = work / "site-a", work / "site-b"

    # Warm-up (untimed): fills the cache and the OS file cache for both sides.
    _build(cfg_a, site_a, path_env)
    _build(cfg_b, site_b, path_env)
    same_pages = sorted(p.relative_to(site_a).as_posix() for p in site_a.rglob("*.html")) == \
        sorted(p.relative_to(site_b).as_posix() for p in site_b.rglob("*.html"))

    results: dict = {"pairs": pairs, "same_pages": same_pages}
    for mode in MODES:
        a_times, b_times, ratios, dot_calls, cpu_ratios, loads = [], [], [], [], [], []
        for i in range(pairs):
            if mode == "cold":
                shutil.rmtree(cache, ignore_errors=True)
            elif mode == "diagrams-only":  # check and render run; only dot's output is reused
                shutil.rmtree(cache / "build", ignore_errors=True)
            before = common.count_lines(shim_log)
            load = os.getloadavg()[0]
            a, a_cpu = _build(cfg_a, site_a, path_env)
            dot_calls.append(common.count_lines(shim_log) - before)
            b, b_cpu = _build(cfg_b, site_b, path_env)
            a_times.append(a)
            b_times.append(b)
            ratios.append(a / b)
            cpu_ratios.append(a_cpu / b_cpu)
            loads.append(load)
            log(f"  overhead {mode} pair {i + 1}/{pairs}: A {a:.2f} s, B {b:.2f} s, "
                f"ratio {a / b:.3f}, CPU ratio {a_cpu / b_cpu:.3f}, load {load:.1f}, dot runs {dot_calls[-1]}")
        results[mode] = {
            "a": a_times, "b": b_times, "ratios": ratios, "dot_calls": dot_calls,
            "median_a": common.median(a_times), "median_b": common.median(b_times),
            "median_ratio": common.median(ratios),
            "cpu_ratios": cpu_ratios, "median_cpu_ratio": common.median(cpu_ratios), "loads": loads,
        }
    shutil.rmtree(work, ignore_errors=True)
    return results
