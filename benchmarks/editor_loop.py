"""Editor loop: from saving a YAML change to ``mkdocs serve`` serving the rebuilt page.

A copy of the project (``mkdocs.yml``, ``content/``, ``flows/``, ``site_overrides/`` and the
Graphviz cache) goes to a temporary folder; ``mkdocs serve`` (live reload on, as editors
run it) starts there on a free port. Each round changes the title of one node in
``flows/limb-salvage.yml`` to a new word, then polls that node's page over HTTP until the
word appears. A new title also changes the flowchart, so each round runs ``dot`` for the
new SVG and PDF: the full cost of a real edit.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks import common

FLOW = "flows/limb-salvage.yml"
NODE_TITLE = "title: Before you start"
PAGE = "pathways/limb-salvage/before-you-start/"
POLL = 0.05


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def run_all(*, rounds: int = 5, log=print, round_timeout: float = 120) -> dict:
    work = common.tempdir("editor-loop")
    for name in ("content", "flows", "site_overrides"):
        shutil.copytree(common.ROOT / name, work / name)
    shutil.copy2(common.ROOT / "mkdocs.yml", work / "mkdocs.yml")
    if (common.ROOT / ".cache" / "pathway").is_dir():
        shutil.copytree(common.ROOT / ".cache" / "pathway", work / ".cache" / "pathway")
    flow = work / FLOW
    original = flow.read_text(encoding="utf-8")
    if NODE_TITLE not in original:
        raise RuntimeError(f"{FLOW} no longer has '{NODE_TITLE}'; update benchmarks/editor_loop.py")

    port = common.free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    log_file = (work / "serve.log").open("w")
    proc = subprocess.Popen([common.MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=work,
                            env=common.env(), stdout=log_file, stderr=subprocess.STDOUT)
    times: list[float] = []
    result: dict = {"rounds": rounds, "times": times}
    try:
        t0 = time.perf_counter()
        deadline = t0 + 300
        while _get(url) is None:
            if proc.poll() is not None or time.perf_counter() > deadline:
                raise RuntimeError("mkdocs serve did not start; see " + str(work / "serve.log"))
            time.sleep(0.2)
        result["startup"] = time.perf_counter() - t0
        time.sleep(1.0)  # let the watcher settle
        for i in range(rounds):
            word = f"benchedit{i}x{os.getpid()}"
            text = original.replace(NODE_TITLE, f"{NODE_TITLE} {word}", 1)
            start = time.perf_counter()
            flow.write_text(text, encoding="utf-8")
            while True:
                body = _get(url)
                if body is not None and word in body:
                    break
                if time.perf_counter() - start > round_timeout or proc.poll() is not None:
                    raise RuntimeError(f"the edit did not appear within {round_timeout} s")
                time.sleep(POLL)
            times.append(time.perf_counter() - start)
            log(f"  editor loop round {i + 1}/{rounds}: {times[-1]:.2f} s")
            time.sleep(1.0)  # a pause between saves, as an editor would make
        result["median"] = common.median(times)
        result["max"] = max(times)
    finally:
        _stop(proc)
        log_file.close()
        flow.write_text(original, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    return result
