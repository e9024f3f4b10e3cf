"""``python -m benchmarks [--quick] [--only SECTION ...] [--out FILE]``: run and write RESULTS.md."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from benchmarks import common, merge, report

SECTIONS = ("overhead", "scaling", "many_flows", "editor_loop", "page_weight", "search", "lighthouse")
NOTES = common.BENCH_DIR / "NOTES.md"  # hand-written findings, appended to RESULTS.md


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true",
                   help="smoke run: small flows, one pair, one editor round (figures not meaningful)")
    p.add_argument("--full", action="store_true", help="no time cap on Graphviz for 10,000 nodes")
    p.add_argument("--only", nargs="+", choices=SECTIONS, help="run only these sections")
    p.add_argument("--pairs", type=int, default=None, help="A/B pairs per cache state (default 5)")
    p.add_argument("--rounds", type=int, default=None, help="editor-loop rounds (default 5)")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write the Markdown (default benchmarks/RESULTS.md; "
                        "benchmarks/out/RESULTS.quick.md with --quick)")
    p.add_argument("--report-only", type=Path, metavar="JSON",
                   help="rewrite the Markdown from a saved run (benchmarks/out/last-run.json)")
    a = p.parse_args(argv)
    if a.report_only:
        data = json.loads(a.report_only.read_text(encoding="utf-8"))
        data.pop("carried_sections", None)
        if NOTES.exists() and not data.get("quick"):
            data["extra_sections"] = [NOTES.read_text(encoding="utf-8")]
        out = a.out or common.BENCH_DIR / "RESULTS.md"
        out.write_text(report.render(data)[0], encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
        return 0
    out = a.out or (common.OUT_DIR / "RESULTS.quick.md" if a.quick else common.BENCH_DIR / "RESULTS.md")
    sections = a.only or SECTIONS
    pairs = a.pairs or (1 if a.quick else 5)
    rounds = a.rounds or (1 if a.quick else 5)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    data: dict = {"quick": a.quick, "machine": common.machine()}
    if not a.quick:  # sections merge: what is not run now keeps its last figures
        data = merge.previous(out, sections) | data
    data.setdefault("measured", {})
    start = time.perf_counter()
    for name in sections:
        t = time.perf_counter()
        log(f"== {name}")
        data["measured"][name] = {"date": data["machine"]["Date"],
                                  "load": data["machine"]["Load average at start (1/5/15 min)"],
                                  "command": "python -m benchmarks" + (" --quick" if a.quick else "")
                                  + (f" --only {name}" if a.only else "")}
        if name == "overhead":
            from benchmarks import overhead
            data[name] = overhead.run_all(pairs=pairs, quick=a.quick, log=log)
        elif name == "scaling":
            from benchmarks import scaling
            data[name] = scaling.run_all(quick=a.quick, full=a.full, log=log)
        elif name == "many_flows":
            from benchmarks import many_flows
            data[name] = many_flows.run_all(quick=a.quick, log=log)
        elif name == "editor_loop":
            from benchmarks import editor_loop
            data[name] = editor_loop.run_all(rounds=rounds, log=log)
        elif name == "page_weight":
            from benchmarks import page_weight
            data[name] = page_weight.run_all(log=log)
        elif name == "search":
            from benchmarks import search
            data[name] = search.run_all(quick=a.quick, log=log)
        elif name == "lighthouse":
            from benchmarks import lighthouse
            data[name] = lighthouse.run_all(quick=a.quick, log=log)
        log(f"   {name} took {time.perf_counter() - t:.0f} s")
    data["total_seconds"] = time.perf_counter() - start
    if NOTES.exists() and not a.quick:
        data["extra_sections"] = [NOTES.read_text(encoding="utf-8")]
    text, targets = report.render(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    common.OUT_DIR.mkdir(parents=True, exist_ok=True)
    (common.OUT_DIR / ("last-quick.json" if a.quick else "last-run.json")).write_text(
        json.dumps(data, indent=1, default=str), encoding="utf-8")
    if not a.quick:
        merge.save(data)
    log(f"wrote {out}")
    for t in targets:
        log(f"  {t[2].strip('*'):5} {t[0]}: {t[1]}")
    # Temporary work folders live in benchmarks/out/ (git-ignored); drop the empty ones.
    for d in common.OUT_DIR.glob("*-*"):
        if d.is_dir() and not any(d.iterdir()):
            shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
