"""Many flows: 1, 10 and 100 copies of a 15-node flow in one site; ``check`` and build time.

Each copy is the same synthetic 15-node flow (``benchmarks/synthetic.py``) under its own id,
dropped into a copy of the real project (hand-written pages, glossaries, overrides), as an
editor would add flows. For each size, in fresh processes and with every cache deleted:

* ``python -m build_tools check`` (the whole site: flows, pages, glossaries, nav, links);
* ``python -m build_tools site`` (the real ``make site`` step, Graphviz included).

Growth is linear when one more flow costs the same however many there are: the report gives
the cost of one more flow from 1 to 10 flows and from 10 to 100, and their ratio (about 1
when linear, about 10 if each flow cost more as the site grew; <= 1.5 counts as linear).
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from benchmarks import common, synthetic

SIZES = (1, 10, 100)
QUICK_SIZES = (1, 3)
NODES = 15


def _project(n_flows: int) -> Path:
    root = common.tempdir(f"many-flows-{n_flows}")
    for folder in ("content", "site_overrides", "glossaries"):
        shutil.copytree(common.ROOT / folder, root / folder)
    shutil.copy(common.ROOT / "mkdocs.yml", root / "mkdocs.yml")
    flows = root / "flows"
    shutil.copytree(common.ROOT / "flows", flows)  # the real flows (every edition's) stay
    text = synthetic.flow_yaml(NODES)
    for i in range(n_flows):
        fid = f"copy-{i:03d}"
        (flows / f"{fid}.yml").write_text(
            re.sub(rf"^id: {synthetic.FLOW_ID}$", f"id: {fid}", text, count=1, flags=re.MULTILINE),
            encoding="utf-8")
    return root


def measure(n_flows: int, log) -> dict:
    root = _project(n_flows)
    try:
        check_s, proc = common.run([common.PYTHON, "-m", "build_tools", "check"], cwd=root, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"check failed for {n_flows} flows:\n{proc.stderr[-2000:]}")
        site = root / "site"
        build_s, _ = common.run([common.PYTHON, "-m", "build_tools", "site", "--site-dir", str(site)],
                                cwd=root)
        files = [p for p in site.rglob("*") if p.is_file()]
        out = {
            "flows": n_flows,
            "total_flows": n_flows + len(list((common.ROOT / "flows").rglob("*.yml"))),
            "check_seconds": check_s,
            "build_seconds": build_s,
            "site_files": len(files),
            "site_bytes": sum(p.stat().st_size for p in files),
        }
        log(f"   {n_flows:>3} flows: check {check_s:.1f} s, build {build_s:.1f} s, "
            f"{out['site_files']} files, {out['site_bytes'] / 1e6:.1f} MB")
        return out
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run_all(*, quick: bool = False, log=print) -> dict:
    rows = []
    for n in QUICK_SIZES if quick else SIZES:
        t = time.perf_counter()
        rows.append(measure(n, log))
        rows[-1]["wall"] = time.perf_counter() - t
    return {"nodes_per_flow": NODES, "rows": rows}


def marginal(rows: list[dict], what: str) -> tuple[float, float, float] | None:
    """Cost of one more flow from 1 to 10 flows and from 10 to 100, and their ratio: about 1
    when growth is linear (fixed start-up costs cancel out); above 1 when each flow costs
    more as the site grows (quadratic growth would give about 10)."""
    by = {r["flows"]: r[what] for r in rows}
    if not {1, 10, 100} <= set(by):
        return None
    low, high = (by[10] - by[1]) / 9, (by[100] - by[10]) / 90
    return low, high, (high / low if low > 0 else float("inf"))
