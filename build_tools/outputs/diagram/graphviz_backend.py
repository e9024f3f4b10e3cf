"""The one place Pathway runs an external program: Graphviz ``dot``, through the ``graphviz`` package.

* :func:`render` turns DOT text into SVG or PDF bytes. Results are cached on disk under a
  key made from the DOT text, the format and the Graphviz version, so a build whose flows
  did not change never starts ``dot``.
* The Graphviz version is read once with ``dot -V`` and remembered in the cache, keyed by
  the ``dot`` executable's path, size and modification time. A warm build therefore runs
  no process at all, not even ``dot -V``; installing another Graphviz changes the
  executable and so the key.
* Output is deterministic: cairo stamps every PDF with the time it was made, and
  :func:`render` replaces that stamp with a fixed one of the same length (so the PDF's
  byte offsets stay valid). ``SOURCE_DATE_EPOCH`` is honoured when set.
* :data:`DOT_CALLS` counts every process started here, so tests can check honestly that a
  second build started none.

Errors a person can fix (Graphviz missing, ``dot`` failing) raise
:class:`~build_tools.core.errors.RenderToolError` with the fix and ``dot``'s own message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import graphviz

from build_tools.core.errors import RenderToolError

#: Formats :func:`render` produces.
FORMATS = frozenset({"svg", "pdf"})
#: Bump when the cached bytes would change for the same DOT text and Graphviz version.
CACHE_VERSION = "1"
INSTALL_HINT = "install Graphviz: apt-get install graphviz (macOS: brew install graphviz)"

#: How many ``dot`` processes this module has started (renders and version probes).
DOT_CALLS = 0

_version_memo: dict[tuple, str] = {}
_CREATION_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)(\d{14})")


def _fixed_date() -> bytes:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "0")
    try:
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        when = dt.datetime.fromtimestamp(0, tz=dt.timezone.utc)
    return when.strftime("%Y%m%d%H%M%S").encode("ascii")


def make_deterministic(data: bytes, fmt: str) -> bytes:
    """Replace the time stamps cairo writes into a PDF by a fixed one of the same length."""
    if fmt != "pdf":
        return data
    stamp = _fixed_date()
    return _CREATION_DATE.sub(lambda m: m.group(1) + stamp, data)


def _dot_executable() -> Path:
    found = shutil.which("dot")
    if found is None:
        raise RenderToolError(f"Graphviz 'dot' was not found on PATH; {INSTALL_HINT}")
    return Path(found)


def _run(what: str, call):
    """Start ``dot`` once through the graphviz package, turning its errors into ours."""
    global DOT_CALLS
    DOT_CALLS += 1
    try:
        return call()
    except graphviz.ExecutableNotFound as exc:
        raise RenderToolError(f"Graphviz 'dot' was not found on PATH; {INSTALL_HINT}") from exc
    except graphviz.CalledProcessError as exc:
        stderr = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else str(exc.stderr or "")
        raise RenderToolError(
            f"Graphviz 'dot' failed while {what} (exit status {exc.returncode}): "
            f"{stderr.strip() or 'no message'}. This is most likely a bug in Pathway's "
            f"diagram code; if Graphviz itself is broken, reinstall it: {INSTALL_HINT}") from exc
    except OSError as exc:
        raise RenderToolError(f"could not run Graphviz 'dot' ({exc}); {INSTALL_HINT}") from exc


def graphviz_version(cache_dir: Path | None = None) -> str:
    """The ``dot -V`` version string, probed at most once per installed ``dot``.

    The answer is remembered in memory and, when ``cache_dir`` is given, on disk, keyed by
    the executable's resolved path, size and modification time.
    """
    exe = _dot_executable()
    real = exe.resolve()
    st = real.stat()
    fingerprint = (str(exe), str(real), st.st_size, st.st_mtime_ns)
    if fingerprint in _version_memo:
        return _version_memo[fingerprint]
    key = hashlib.sha256(repr(fingerprint).encode("utf-8")).hexdigest()[:32]
    memo_file = cache_dir / f"dot-version-{key}.txt" if cache_dir is not None else None
    if memo_file is not None and memo_file.is_file():
        version = memo_file.read_text(encoding="utf-8").strip()
    else:
        version = ".".join(str(part) for part in _run("reading its version", graphviz.version))
        if memo_file is not None:
            _write_atomic(memo_file, version.encode("utf-8"))
    _version_memo[fingerprint] = version
    return version


def forget_version() -> None:
    """Drop the in-memory version memo, as a new process would start (for tests)."""
    _version_memo.clear()


def cache_key(dot: str, fmt: str, version: str) -> str:
    h = hashlib.sha256()
    # The PDF's fixed CreationDate comes from SOURCE_DATE_EPOCH, so it is part of the key.
    stamp = os.environ.get("SOURCE_DATE_EPOCH", "") if fmt == "pdf" else ""
    for part in (f"pathway-graphviz-{CACHE_VERSION}", version, fmt, stamp, dot):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render(dot: str, fmt: str, *, cache_dir: Path | None) -> bytes:
    """DOT text to ``fmt`` bytes (``"svg"`` or ``"pdf"``), from the cache when possible."""
    if fmt not in FORMATS:
        raise ValueError(f"unsupported diagram format {fmt!r} (expected one of {sorted(FORMATS)})")
    cache_file = None
    if cache_dir is not None:
        cache_dir = Path(cache_dir)
        cache_file = cache_dir / f"{cache_key(dot, fmt, graphviz_version(cache_dir))}.{fmt}"
        try:
            return cache_file.read_bytes()
        except FileNotFoundError:
            pass
    else:
        _dot_executable()
    data = _run(f"drawing a diagram as {fmt.upper()}",
                lambda: graphviz.pipe("dot", fmt, dot.encode("utf-8"), quiet=True))
    data = make_deterministic(data, fmt)
    if cache_file is not None:
        _write_atomic(cache_file, data)
    return data
