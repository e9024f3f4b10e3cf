"""Skip check and render when nothing they read has changed: the warm-build fast path.

The key is a SHA-256 over everything the result depends on: every flow file and
hand-written page (bytes), the template overrides, the package's own source,
templates (and the search page's script) and message catalogues (``.po``), the ``dot`` executable (path, size, time), the Python and library versions,
``SOURCE_DATE_EPOCH``, today's date (review dates) and the build options. A result is
stored only if the key is the same after the build as before it, so a file saved while
``mkdocs serve`` was building is never stored under the old key. A hit returns the diagnostics and generated files of the last clean build
without importing pydantic or Jinja; anything else is a miss. Entries are JSON (no
pickle), written atomically; a damaged entry counts as a miss.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from build_tools.source.config import OVERRIDE_SUBDIR, Config
from build_tools.core.errors import Diagnostic, Severity

PACKAGE_DIR = Path(__file__).resolve().parent.parent
FORMAT = 2
KEEP = 8  # entries kept; older ones are removed


def _inputs(config: Config) -> Iterable[Path]:
    yield from sorted(config.flows_dir.rglob("*.y*ml"))  # every edition's: hreflang counterparts
    yield from sorted(config.content_dir.rglob("*.md"))
    if config.glossaries_dir is not None:
        yield from sorted(config.glossaries_dir.glob("*.yml"))
    if config.config_file is not None and config.config_file.exists():
        yield config.config_file  # site_url and nav
    yield from sorted(p for p in (config.overrides_dir / OVERRIDE_SUBDIR).rglob("*") if p.is_file())
    yield from sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".jinja", ".po", ".js"))


#: Libraries whose version can change the generated files or the diagnostics.
LIBRARIES = ("Markdown", "Jinja2", "PyYAML", "pydantic", "graphviz", "textstat", "MarkupSafe",
             "babel")  # babel: CLDR date formats


def _environment() -> str:
    from importlib.metadata import PackageNotFoundError, version

    def ver(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"
    libraries = " ".join(f"{name}={ver(name)}" for name in LIBRARIES)
    return f"{sys.version} {libraries} SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}"


def key(config: Config, *, today: dt.date, options: Iterable[object] = ()) -> str:
    h = hashlib.sha256(f"pathway-build-cache {FORMAT} {today.isoformat()} {list(options)!r} "
                       f"{_environment()}".encode())
    for path in _inputs(config):
        h.update(b"\0" + str(path).encode() + b"\0")
        h.update(path.read_bytes())
    dot = shutil.which("dot")
    if dot:
        st = os.stat(dot)
        h.update(f"\0dot {dot} {st.st_size} {st.st_mtime_ns}".encode())
    return h.hexdigest()


def load(folder: Path, digest: str) -> tuple[list[Diagnostic], dict[str, bytes], dict] | None:
    try:
        data = json.loads((folder / f"{digest}.json").read_text(encoding="utf-8"))
        diagnostics = [Diagnostic(f, line, col, Severity(sev), msg)
                       for f, line, col, sev, msg in data["diagnostics"]]
        files = {path: base64.b64decode(blob) for path, blob in data["files"].items()}
        extra = data["extra"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return diagnostics, files, extra


def store(folder: Path, digest: str, diagnostics: list[Diagnostic], files: dict[str, bytes],
          extra: dict | None = None) -> None:
    """Save a clean build's result; ``extra`` is any JSON the adapter needs again (the nav)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "extra": extra or {},
        "diagnostics": [[d.file, d.line, d.column, d.severity.value, d.message] for d in diagnostics],
        "files": {path: base64.b64encode(blob).decode("ascii") for path, blob in sorted(files.items())},
    }
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    os.replace(tmp, folder / f"{digest}.json")
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
