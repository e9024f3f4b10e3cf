"""Shared helpers: paths, subprocess environment, temporary MkDocs configs, machine facts."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
OUT_DIR = BENCH_DIR / "out"  # git-ignored scratch space
VENV_BIN = Path(sys.executable).parent
PYTHON = sys.executable
MKDOCS = str(VENV_BIN / "mkdocs")


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for every subprocess: MkDocs' 2.0 banner off, no .pyc writes."""
    e = dict(os.environ)
    e["NO_MKDOCS_2_WARNING"] = "1"
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    if extra:
        e.update(extra)
    return e


def run(cmd: list[str], *, extra_env: dict[str, str] | None = None, cwd: Path = ROOT,
        timeout: float = 900, check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    """Run ``cmd``; return (wall seconds, completed process)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env(extra_env), capture_output=True, text=True,
                          timeout=timeout)
    elapsed = time.perf_counter() - t0
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed, proc


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def tempdir(prefix: str) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=OUT_DIR))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- mkdocs.yml copies

class _Tagged:
    """A YAML value carrying a tag we do not interpret (``!ENV``, ``!!python/name:``)."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: _Loader, tag_suffix: str, node: yaml.Node) -> _Tagged:
    return _Tagged(node.tag, node)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, lambda dumper, value: value.node)


def read_mkdocs_yml(path: Path = ROOT / "mkdocs.yml") -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def _absolute(value: str, base: Path) -> str:
    p = Path(value)
    return str(p if p.is_absolute() else (base / p).resolve())


def write_config(target: Path, *, docs_dir: Path | None = None, pathway: bool = True,
                 cache_dir: Path | None = None, source: Path = ROOT / "mkdocs.yml") -> Path:
    """A copy of ``mkdocs.yml`` at ``target`` with every relative path made absolute.

    ``docs_dir`` replaces the docs folder; ``pathway=False`` removes the Pathway plugin;
    ``cache_dir`` points the plugin's Graphviz cache elsewhere. Tags are kept as written.
    """
    base = source.parent.resolve()
    data = read_mkdocs_yml(source)
    data["docs_dir"] = str(docs_dir) if docs_dir else _absolute(data.get("docs_dir", "docs"), base)
    theme = data.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        theme["custom_dir"] = _absolute(theme["custom_dir"], base)
    if isinstance(data.get("watch"), list):
        data["watch"] = [_absolute(w, base) if isinstance(w, str) else w for w in data["watch"]]
    plugins = []
    for entry in data.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry)) if isinstance(entry, dict) else None
        if name == "pathway":
            if not pathway:
                continue
            options = dict((entry.get("pathway") or {}) if isinstance(entry, dict) else {})
            options["flows_dir"] = _absolute(options.get("flows_dir", "flows"), base)
            options["glossaries_dir"] = _absolute(options.get("glossaries_dir", "glossaries"), base)
            options["cache_dir"] = str(cache_dir) if cache_dir else _absolute(
                options.get("cache_dir", ".cache/pathway"), base)
            entry = {"pathway": options}
        plugins.append(entry)
    data["plugins"] = plugins
    for ext in data.get("markdown_extensions") or []:
        if isinstance(ext, dict) and isinstance(ext.get("pymdownx.snippets"), dict):
            snip = ext["pymdownx.snippets"]
            bp = snip.get("base_path")
            if isinstance(bp, str):
                snip["base_path"] = _absolute(bp, base)
            elif isinstance(bp, list):
                snip["base_path"] = [_absolute(b, base) for b in bp]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    return target


def dot_shim(directory: Path, log: Path) -> Path:
    """A ``dot`` on PATH that logs each start, then runs the real one: an external count."""
    real = shutil.which("dot")
    if real is None:
        raise RuntimeError("Graphviz 'dot' is not installed (make system-deps)")
    directory.mkdir(parents=True, exist_ok=True)
    shim = directory / "dot"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    log.touch()
    return directory


def count_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


# --------------------------------------------------------------------------- machine facts

def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    except OSError:
        dot = "not installed"
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "Date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "CPU": f"{cpu} ({os.cpu_count()} logical CPUs, nproc {len(os.sched_getaffinity(0))})",
        "Memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Graphviz": dot,
        "MkDocs": _version("mkdocs"),
        "Material for MkDocs": _version("mkdocs-material"),
        "Markdown": _version("markdown"),
        "Load average at start (1/5/15 min)": load,
    }
