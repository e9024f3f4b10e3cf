"""Lighthouse (mobile, its defaults) on the home, overview, node and flowchart pages of every
edition, and the search page, served by ``make preview`` (nginx with the production headers).

The site is built into a temporary folder (``python -m build_tools site``) and served by
``deploy/preview`` on a free port. Lighthouse is the npm package in package.json
(``node_modules/.bin/lighthouse``, ``make node_modules/.stamp`` installs it) driving Debian's
Chromium (``CHROME_PATH=/usr/bin/chromium``, headless, ``--no-sandbox``). Each page is run
``RUNS`` times; the figure is the median score of each category. Lighthouse's performance
score times the main thread (with its simulated 4x slower phone CPU), so a busy machine
lowers it: the load average is recorded with the figures.

``python -m benchmarks --only lighthouse``; ``LIGHTHOUSE_RUNS=5`` for more runs.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

from benchmarks import common

PAGES = {
    "home": "",
    "overview": "pathways/limb-salvage/",
    "node": "pathways/limb-salvage/where-is-the-tumour/",
    "flowchart": "pathways/limb-salvage/flowchart/",
    "search": "search/?q=chemotherapy",
}
EDITIONS = ("", "zh-Hans/")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = common.ROOT / "node_modules" / ".bin" / "lighthouse"


def _serve(site: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(["deploy/preview", str(site), str(port)], cwd=common.ROOT,
                            env=common.env({"PY": common.PYTHON}), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.1)
    _stop(proc)
    raise RuntimeError("make preview did not start")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)


def run_page(url: str, out: Path) -> dict:
    common.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
               extra_env={"CHROME_PATH": "/usr/bin/chromium"}, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    failing = sorted({a for c in CATEGORIES for ref in report["categories"][c]["auditRefs"]
                      if ref.get("weight") and (a := ref["id"])
                      and (report["audits"][a]["score"] is not None and report["audits"][a]["score"] < 1)
                      and c != "performance"})
    metrics = {k: report["audits"][k]["numericValue"] for k in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index")}
    return {"scores": scores, "failing": failing, "metrics": metrics}


def run_all(*, quick: bool = False, log=print) -> dict:
    if not LIGHTHOUSE.exists():
        return {"skipped": "node_modules/.bin/lighthouse is missing: make node_modules/.stamp"}
    runs = 1 if quick else int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
    work = common.tempdir("lighthouse")
    site = work / "site"
    common.run([common.PYTHON, "-m", "build_tools", "site", "--site-dir", str(site)], timeout=900)
    port = common.free_port()
    proc = _serve(site, port)
    rows: dict = {}
    try:
        for edition in EDITIONS:
            for name, path in PAGES.items():
                if edition and name == "search":
                    path = "search/?q=" + urllib.request.quote("化疗")
                results = []
                for i in range(runs):
                    load = os.getloadavg()[0]
                    r = run_page(f"http://127.0.0.1:{port}/{edition}{path}", work / "report.json")
                    r["load"] = load
                    results.append(r)
                key = f"{edition}{name}"
                rows[key] = {
                    "url": f"/{edition}{path}",
                    "median": {c: statistics.median(r["scores"][c] for r in results) for c in CATEGORIES},
                    "performance": [r["scores"]["performance"] for r in results],
                    "failing": sorted({a for r in results for a in r["failing"]}),
                    "tbt": statistics.median(r["metrics"]["total-blocking-time"] for r in results),
                    "lcp": statistics.median(r["metrics"]["largest-contentful-paint"] for r in results),
                    "load": [round(r["load"], 2) for r in results],
                }
                m = rows[key]["median"]
                log(f"   {key}: " + ", ".join(f"{c} {m[c] * 100:.0f}" for c in CATEGORIES)
                    + (f" (failing: {', '.join(rows[key]['failing'])})" if rows[key]["failing"] else ""))
    finally:
        _stop(proc)
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return {"runs": runs, "rows": rows}


def render(lh: dict, add, targets: list, verdict) -> None:
    add("## 6. Lighthouse")
    add("")
    if lh.get("skipped"):
        add(f"Not measured: {lh['skipped']}.")
        add("")
        return
    add("`python -m benchmarks --only lighthouse` (`benchmarks/lighthouse.py`): Lighthouse 12 "
        "(npm, package.json), mobile defaults, Debian's Chromium headless, through `make preview` "
        f"(nginx, production headers). Median of {lh['runs']} runs per page; the performance "
        "scores of every run and the 1-minute load average before each run are shown, since "
        "Lighthouse's simulated phone CPU is this machine's, slowed down 4x.")
    add("")
    add("| page | URL | performance | accessibility | best practices | SEO | TBT | LCP | every performance run | load | failing (not performance) |")
    add("|---|---|---:|---:|---:|---:|---:|---:|---|---|---|")
    worst = {c: 1.0 for c in CATEGORIES}
    for key, r in lh["rows"].items():
        m = r["median"]
        for c in CATEGORIES:
            if not key.endswith("search"):
                worst[c] = min(worst[c], m[c])
        add(f"| {key} | `{r['url']}` | {m['performance'] * 100:.0f} | {m['accessibility'] * 100:.0f} | "
            f"{m['best-practices'] * 100:.0f} | {m['seo'] * 100:.0f} | {r['tbt']:.0f} ms | {r['lcp'] / 1000:.1f} s | "
            f"{', '.join(f'{p * 100:.0f}' for p in r['performance'])} | {', '.join(map(str, r['load']))} | "
            f"{', '.join(r['failing']) or '-'} |")
    add("")
    targets.append(("Lighthouse mobile performance >= 95, home/overview/node/flowchart, every edition",
                    f"lowest median {worst['performance'] * 100:.0f}", verdict(worst["performance"] >= 0.95)))
    targets.append(("Lighthouse accessibility, best practices and SEO = 100 on those pages",
                    ", ".join(f"{c} {worst[c] * 100:.0f}" for c in CATEGORIES[1:]),
                    verdict(all(worst[c] >= 1.0 for c in CATEGORIES[1:]))))
