"""`mkdocs serve` watches flows/: an edited flow shows up without restarting the server.

How fast that happens is measured in benchmarks/ (the editor loop), not asserted here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_serve_rebuilds_when_a_flow_changes(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    mkdocs = str(Path(sys.executable).parent / "mkdocs")
    server = subprocess.Popen([mkdocs, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/pathways/limb-salvage/before-you-start/"
    try:
        assert wait_for(lambda: fetch(url) is not None, 120), "mkdocs serve did not start"
        assert "Edited while serving" not in fetch(url)
        flow = project / "flows" / "limb-salvage.yml"
        text = flow.read_text(encoding="utf-8")
        title_line = next(line for line in text.splitlines() if line.startswith("    title: ")
                          and "Before you start" in line)
        flow.write_text(text.replace(title_line, "    title: Edited while serving", 1), encoding="utf-8")
        assert wait_for(lambda: "Edited while serving" in (fetch(url) or ""), 60), \
            "the page did not change after the flow was saved"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
