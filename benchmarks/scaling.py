"""Scaling: check, render (no Graphviz) and Graphviz layout on synthetic flows of 10..10,000 nodes.

Every measurement runs in a fresh interpreter (``python -m benchmarks.scaling OP FILE``),
so the peak memory figure belongs to that one operation. The worker times only the
operation (not interpreter start-up or imports) and reports peak RSS above the RSS it
had after its imports.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import common, synthetic

SIZES = (10, 100, 1_000, 10_000)
QUICK_SIZES = (10, 100)


def _rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _raise_limits() -> list[str]:
    """Lift the file-size, node-count and questionnaire-size limits (labelled in the report)."""
    import annotated_types

    from build_tools.source import loader, model, validate

    loader.MAX_FILE_BYTES = 1 << 40
    validate.MAX_QUESTIONNAIRE_NODES = 10**9
    field = model.Flow.model_fields["nodes"]
    field.metadata = [annotated_types.MaxLen(10**9) if isinstance(m, annotated_types.MaxLen) else m
                      for m in field.metadata]
    model.Flow.model_rebuild(force=True)
    return ["loader.MAX_FILE_BYTES", "model.MAX_NODES", "validate.MAX_QUESTIONNAIRE_NODES"]


def worker(op: str, path: Path, *, raise_limits: bool, readability: bool,
           timeout: float = 600) -> dict:
    import datetime as dt

    from build_tools.site import pipeline
    from build_tools.outputs.diagram.dot import dot_source

    if raise_limits:
        _raise_limits()
    root = path.parent
    (root / "content").mkdir(exist_ok=True)
    config = pipeline.Config.from_options(root, {}, docs_dir="content", custom_dir=None)
    today = dt.date(2026, 6, 1)
    out: dict = {"op": op}
    if op == "check":
        base = _rss_kb()
        t0 = time.perf_counter()
        result = pipeline.check([path], config, today=today, readability_check=readability)
        out["seconds"] = time.perf_counter() - t0
        out["errors"] = [str(d) for d in result.errors][:3]
        out["warnings"] = len(result.warnings)
    elif op == "render":
        flow, doc = pipeline.load_flow(path)
        if flow is None:
            return {"op": op, "errors": [str(d) for d in doc.diagnostics][:3]}
        from build_tools.outputs import render_pages
        from build_tools.outputs.questionnaire import page as render_questionnaire

        parts = {"pages": 0.0, "questionnaire": 0.0}

        def timed(name, fn):
            def wrapper(*a, **k):
                t = time.perf_counter()
                try:
                    return fn(*a, **k)
                finally:
                    parts[name] += time.perf_counter() - t
            return wrapper

        render_pages.render_flow = timed("pages", render_pages.render_flow)
        render_questionnaire.render = timed("questionnaire", render_questionnaire.render)
        base = _rss_kb()
        t0 = time.perf_counter()
        try:
            files = pipeline.render([flow], config, diagrams=False)
        except Exception as exc:  # a bug: report it in the row
            out["errors"] = [f"{type(exc).__name__}: {exc}"]
            return out
        out["seconds"] = time.perf_counter() - t0
        out["pages_seconds"] = parts["pages"]
        out["questionnaire_seconds"] = parts["questionnaire"]
        out["files"] = len(files)
        out["bytes"] = sum(len(v) for v in files.values())
        q = [v for k, v in files.items() if k.startswith("embed/")]
        out["questionnaire_bytes"] = len(q[0]) if q else 0
    elif op == "layout":
        flow, doc = pipeline.load_flow(path)
        if flow is None:
            return {"op": op, "errors": [str(d) for d in doc.diagnostics][:3]}
        source = dot_source(flow)
        base = 0
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(["dot", "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            out["seconds"] = time.perf_counter() - t0
            out["timed_out"] = True
            out["peak_kb"] = out["delta_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            return out
        out["seconds"] = time.perf_counter() - t0
        if proc.returncode != 0:
            out["errors"] = [proc.stderr.decode("utf-8", "replace")[:300]]
        out["svg_bytes"] = len(proc.stdout)
        # dot's own peak memory (the only child this process started)
        out["peak_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out["delta_kb"] = out["peak_kb"]
        return out
    else:
        raise SystemExit(f"unknown op {op}")
    out["base_kb"] = base
    out["peak_kb"] = _rss_kb()
    out["delta_kb"] = out["peak_kb"] - base
    return out


def _measure(op: str, path: Path, *, raise_limits=False, readability=True, reps=1,
             timeout: float | None = None) -> dict:
    runs = []
    for _ in range(reps):
        cmd = [common.PYTHON, "-m", "benchmarks.scaling", op, str(path)]
        if timeout is not None:
            cmd += ["--timeout", str(timeout)]
        if raise_limits:
            cmd.append("--raise-limits")
        if not readability:
            cmd.append("--no-readability")
        _, proc = common.run(cmd, timeout=1800)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        if runs[-1].get("errors") and "seconds" not in runs[-1]:
            break
    best = dict(runs[-1])
    secs = [r["seconds"] for r in runs if "seconds" in r]
    if secs:
        best["seconds"] = common.median(secs)
        best["reps"] = len(secs)
        best["delta_kb"] = max(r["delta_kb"] for r in runs if "delta_kb" in r)
        best["peak_kb"] = max(r["peak_kb"] for r in runs if "peak_kb" in r)
    return best


#: Graphviz on 10,000 nodes takes minutes (about 190 s on the 2-core reference machine);
#: ``make bench`` stops it here and reports a lower bound. ``--full`` lifts the cap.
LAYOUT_CAP_SECONDS = 60


def run_all(*, quick: bool = False, full: bool = False, log=print) -> dict:
    sizes = QUICK_SIZES if quick else SIZES
    work = common.tempdir("scaling")
    results: dict = {"sizes": list(sizes), "rows": [], "notes": []}
    for n in sizes:
        path = synthetic.write_flow(work / str(n), n)
        reps = 1 if quick else (2 if n >= 10_000 else 3)
        row: dict = {"n": n, "file_bytes": path.stat().st_size, "reps": reps}
        log(f"  scaling: {n} nodes ({row['file_bytes'] / 1024:.0f} KB)")
        plain = _measure("check", path, reps=1)
        limited = bool(plain.get("errors")) and n >= 1_000
        if limited:
            from build_tools.source import loader, model, validate

            row["rejected"] = plain["errors"][0]
            results["notes"].append(
                f"{n:,} nodes: `check` with the shipped limits rejects the file "
                f"(`{plain['errors'][0].split(': error: ', 1)[-1]}`). It is also over "
                f"`model.MAX_NODES` ({model.MAX_NODES:,}) and "
                f"`validate.MAX_QUESTIONNAIRE_NODES` ({validate.MAX_QUESTIONNAIRE_NODES:,}). "
                f"Its row is measured with "
                f"those three limits raised in-process (`--raise-limits`); loader.MAX_FILE_BYTES "
                f"is {loader.MAX_FILE_BYTES // 1024 // 1024} MB.")
        kw = {"raise_limits": limited}
        row["check"] = _measure("check", path, reps=reps, **kw)
        row["check_no_read"] = _measure("check", path, reps=reps, readability=False, **kw)
        row["render"] = _measure("render", path, reps=reps, **kw)
        if "seconds" not in row["render"] and not limited and row["render"].get("errors"):
            row["render_rejected"] = row["render"]["errors"][0]
            results["notes"].append(f"{n} nodes: `render` with the shipped limits fails: "
                                    f"`{row['render']['errors'][0]}`")
            row["render"] = _measure("render", path, reps=reps, raise_limits=True)
            row["render"]["limits_raised"] = True
        cap = None if (full or n < 10_000) else LAYOUT_CAP_SECONDS
        row["layout"] = _measure("layout", path, reps=1 if cap else reps, timeout=cap, **kw)
        row["limits_raised"] = limited
        results["rows"].append(row)
    shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.scaling")
    p.add_argument("op", choices=["check", "render", "layout"])
    p.add_argument("file", type=Path)
    p.add_argument("--raise-limits", action="store_true")
    p.add_argument("--no-readability", action="store_true")
    p.add_argument("--timeout", type=float, default=600, help="for layout: stop dot after this")
    a = p.parse_args(argv)
    res = worker(a.op, a.file.resolve(), raise_limits=a.raise_limits, readability=not a.no_readability,
                 timeout=a.timeout)
    sys.stdout.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
