"""Outside checkers for generated HTML: axe-core, the W3C Nu HTML checker, and lynx.

* :func:`run_axe` runs axe-core (the copy bundled with ``axe-playwright-python``) in a
  Playwright page and returns the violations (axe's own dicts: ``id``, ``impact``,
  ``help``, ``nodes``...). The script is injected once per document.
* :func:`run_vnu` checks many files in one JVM call and returns the error messages.
  The jar is ``$VNU_JAR`` if set, else ``<repo>/node_modules/vnu-jar/build/dist/vnu.jar``
  (npm package ``vnu-jar``), else ``/tmp/vnu/node_modules/...`` (a local install).
* :func:`lynx_dump` is ``lynx -dump`` of a local file, as text.

``*_available()`` / ``require_*()`` let tests skip cleanly when a tool is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_VNU_IN_PACKAGE = Path("node_modules/vnu-jar/build/dist/vnu.jar")
VNU_CANDIDATES = (REPO / _VNU_IN_PACKAGE, Path("/tmp/vnu") / _VNU_IN_PACKAGE)


# --- axe-core ---------------------------------------------------------------------------

def axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def run_axe(page, context: object = None, options: dict | None = None) -> list[dict]:
    """axe-core violations for what ``page`` (a Playwright Page or Frame) shows now.

    Runs every default rule (WCAG 2.0-2.2 A/AA and best practices). Evaluating through
    Playwright bypasses the page's CSP, so pages without script still work.
    """
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    opts = {"resultTypes": ["violations"], **(options or {})}
    return page.evaluate("([ctx, opts]) => axe.run(ctx || document, opts).then(r => r.violations)",
                         [context, opts])


def describe_violations(violations: list[dict]) -> str:
    """A readable summary for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node.get('failureSummary', '')}")
    return "\n".join(lines)


# --- W3C Nu HTML checker ----------------------------------------------------------------

def vnu_jar() -> Path | None:
    """``$VNU_JAR``, else the repo's ``node_modules`` copy, else a local one in /tmp/vnu."""
    if env := os.environ.get("VNU_JAR"):
        return Path(env) if Path(env).is_file() else None
    return next((p for p in VNU_CANDIDATES if p.is_file()), None)


def vnu_available() -> bool:
    return vnu_jar() is not None and shutil.which("java") is not None


def run_vnu(paths: list[Path], *, errors_only: bool = True, timeout: float = 300) -> list[dict]:
    """Nu checker messages for ``paths`` in one JVM call (each dict has ``url``, ``type``,
    ``message``, ``lastLine``...). With ``errors_only`` only errors are returned."""
    jar = vnu_jar()
    java = shutil.which("java")
    if jar is None or java is None:
        raise RuntimeError("the Nu HTML checker needs Java and vnu.jar: run 'npm install' "
                           "(package vnu-jar) or set VNU_JAR")
    if not paths:
        return []
    cmd = [java, "-Xss4m", "-jar", str(jar), "--format", "json", "--exit-zero-always"]
    if errors_only:
        cmd.append("--errors-only")
    proc = subprocess.run(cmd + [str(p) for p in paths], capture_output=True, text=True,
                          timeout=timeout, check=False)
    out = proc.stderr.strip() or proc.stdout.strip()
    try:
        messages = json.loads(out)["messages"]
    except (ValueError, KeyError) as exc:
        raise RuntimeError(f"the Nu HTML checker failed ({proc.returncode}): {out[:2000]}") from exc
    if errors_only:
        messages = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    return messages


def describe_vnu(messages: list[dict]) -> str:
    return "\n".join(f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m.get('type')}: "
                     f"{m.get('message')} [{m.get('extract', '')!r}]" for m in messages)


# --- lynx ------------------------------------------------------------------------------

def lynx_available() -> bool:
    return shutil.which("lynx") is not None


def lynx_dump(path: Path | str, *, width: int = 1000, timeout: float = 60) -> str:
    """``lynx -dump`` of a local HTML file (UTF-8, wide lines so text is not wrapped)."""
    lynx = shutil.which("lynx")
    if lynx is None:
        raise RuntimeError("lynx is not installed (Debian package 'lynx')")
    proc = subprocess.run(
        [lynx, "-dump", "-force_html", "-nocolor", "-noreferer", "-nolog",
         "-assume_charset=utf-8", "-assume_local_charset=utf-8", "-display_charset=utf-8",
         f"-width={width}", str(path)],
        capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=True,
        env={**os.environ, "LYNX_CFG": os.environ.get("LYNX_CFG", "/etc/lynx/lynx.cfg")},
    )
    return proc.stdout
