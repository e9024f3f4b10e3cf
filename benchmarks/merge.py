"""Sections merge across runs: ``make bench --only search`` rewrites section 5 and keeps the rest.

Every run's figures go into ``benchmarks/results.json`` (committed, beside RESULTS.md), one
entry per section with when it was measured. A run reads it back first, so the sections it
does not run keep their last figures and RESULTS.md is written whole from them.

A section that is in RESULTS.md but not yet in results.json (measured before results.json
existed) is carried over as written, with its rows of the Targets table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks import common, report

RESULTS_JSON = common.BENCH_DIR / "results.json"
#: Keys of results.json that are not sections.
_META = ("quick", "machine", "total_seconds", "extra_sections", "carried_sections", "carried_targets")


def previous(markdown: Path, running: tuple[str, ...] | list[str]) -> dict:
    """The figures of the sections not run now: from results.json, else from RESULTS.md."""
    data: dict = {}
    if RESULTS_JSON.exists():
        saved = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        data = {k: v for k, v in saved.items() if k not in _META and k not in running}
        data["measured"] = {k: v for k, v in (saved.get("measured") or {}).items() if k not in running}
    if markdown.exists():
        blocks, rows = _carried(markdown.read_text(encoding="utf-8"), skip=set(running) | set(data))
        if blocks:
            data["carried_sections"], data["carried_targets"] = blocks, rows
    return data


def _carried(text: str, skip: set[str]) -> tuple[list[str], list[list[str]]]:
    """The Markdown of each numbered section of ``text`` not in ``skip``, and the Targets rows
    that are not produced by the sections that will be rendered."""
    parts = re.split(r"(?m)^(?=## )", text)
    blocks = []
    for name, heading in report.HEADINGS.items():
        if name in skip:
            continue
        block = next((p for p in parts if p.startswith(heading)), None)
        if block:
            blocks.append(block.rstrip() + "\n")
    targets = next((p for p in parts if p.startswith("## Targets")), "")
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in targets.splitlines()[4:] if line.startswith("|")]
    keep = {"overhead": ("Overhead", "(for reference) overhead", "A rebuild"), "scaling": ("`check` grows", "`render` grows"),
            "editor_loop": ("Editor loop",), "page_weight": ("Questionnaire",),
            "search": ("First view", "Chinese search"), "lighthouse": ("Lighthouse",)}
    carried_names = [n for n in report.HEADINGS if n not in skip]
    wanted = tuple(w for n in carried_names for w in keep.get(n, ()))
    return blocks, [r for r in rows if len(r) == 3 and r[0].startswith(wanted)]


def save(data: dict) -> None:
    """Write every section's figures (this run's and the kept ones) to results.json."""
    out = {k: v for k, v in data.items() if k not in ("carried_sections", "carried_targets", "extra_sections")}
    RESULTS_JSON.write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
