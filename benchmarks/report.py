"""RESULTS.md: the machine, one table per section, and the targets with PASS or MISS."""

from __future__ import annotations

#: check and render count as linear while every 10x step in nodes costs at most this
#: factor (10x is linear; the slack absorbs timing noise on a shared machine).
LINEAR_LIMIT = 13.0


def _s(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def _mb(kb: float | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:.1f} MB"


def _kb(b: float | None) -> str:
    return "n/a" if b is None else f"{b / 1024:.1f} KB"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**MISS**")


def _growth(values: list[float | None]) -> list[str]:
    out = ["-"]
    for a, b in zip(values, values[1:]):
        out.append(f"{b / a:.1f}x" if a and b else "n/a")
    return out


def render(data: dict) -> tuple[str, list[tuple[str, str, str]]]:
    lines: list[str] = []
    add = lines.append
    quick = data.get("quick")
    add("# Pathway benchmarks")
    add("")
    add("Written by `make bench` (`python -m benchmarks`)." + (
        " **This is a `--quick` smoke run: too few repetitions to trust the figures.**" if quick else ""))
    add("Benchmarks measure; they are never timed tests in the suite. Times are wall-clock.")
    add("")
    add("## Machine")
    add("")
    add("| | |")
    add("|---|---|")
    for k, v in data["machine"].items():
        add(f"| {k} | {v} |")
    add(f"| Total benchmark time | {data.get('total_seconds', 0):.0f} s |")
    add("")
    targets: list[tuple[str, str, str]] = []

    # ------------------------------------------------------------------ overhead
    ov = data.get("overhead")
    if ov:
        add("## 1. Generator overhead")
        add("")
        add("A = `mkdocs build` of the site from YAML (Pathway plugin on). B = `mkdocs build` of "
            "the same pages pre-rendered by `python -m build_tools render --out DIR` (plugin off). "
            f"Fresh process per build, alternating A, B, ... {ov['pairs']} pairs per cache state; "
            "the ratio is the median of the per-pair ratios A/B. Warm: nothing changed since the "
            "last build, so Pathway's build cache and Graphviz cache both hit. Diagrams only: the "
            "build cache is deleted before every A, so check and render run and only `dot`'s "
            "output is reused (the generator's own cost). Cold: every cache is deleted before "
            "every A. `dot` runs are counted by a logging `dot` shim on PATH.")
        add("")
        add("CPU ratio: the same pairs, user + system CPU seconds of each build (the steadier "
            "figure when other work shares the machine); load: the 1-minute load average "
            "before each pair, on 2 CPUs.")
        add("")
        add("| cache | median A | median B | median ratio A/B | all ratios | median CPU ratio | "
            "load | `dot` runs per A build |")
        add("|---|---|---|---|---|---|---|---|")
        for mode in [m for m in ("warm", "diagrams-only", "cold") if m in ov]:
            m = ov[mode]
            cpu = f"**{m['median_cpu_ratio']:.3f}x**" if "median_cpu_ratio" in m else "n/a"
            loads = ", ".join(f"{x:.1f}" for x in m.get("loads", [])) or "n/a"
            add(f"| {mode} | {_s(m['median_a'])} | {_s(m['median_b'])} | **{m['median_ratio']:.3f}x** | "
                f"{', '.join(f'{r:.2f}' for r in m['ratios'])} | {cpu} | {loads} | "
                f"{', '.join(map(str, m['dot_calls']))} |")
        add("")
        if not ov.get("same_pages"):
            add("Note: A and B did not produce the same set of HTML pages.")
            add("")
        warm = ov["warm"]
        targets.append(("Overhead with a warm cache <= 1.10x", f"{warm['median_ratio']:.3f}x"
                        + (f" (CPU {warm['median_cpu_ratio']:.3f}x)" if "median_cpu_ratio" in warm else ""),
                        _verdict(warm["median_ratio"] <= 1.10)))
        if "diagrams-only" in ov:
            only = ov["diagrams-only"]
            targets.append(("(for reference) overhead when check and render run, diagrams cached",
                            f"{only['median_ratio']:.3f}x", "info"))
        targets.append(("A rebuild with unchanged flows runs `dot` 0 times",
                        f"{max(warm['dot_calls'])} runs (most in one warm build)",
                        _verdict(max(warm["dot_calls"]) == 0)))

    # ------------------------------------------------------------------ scaling
    sc = data.get("scaling")
    if sc:
        add("## 2. Scaling")
        add("")
        add("Synthetic valid flows (`benchmarks/synthetic.py`: a tree of three-answer questions, "
            "steps and outcomes, every node reachable, depth growing with log N). Each figure "
            "is one fresh process; time is for the operation only (median of the runs shown), "
            "memory is the peak RSS above the process's RSS after its imports (for layout: "
            "`dot`'s own peak RSS). Growth is the factor from the row above (10x the nodes).")
        add("")
        rows = sc["rows"]
        ops = [("check", "check (readability on)"), ("check_no_read", "check (readability off)"),
               ("render", "render, no diagrams"), ("layout", "Graphviz layout (`dot -Tsvg`)")]
        for key, title in ops:
            add(f"### {title}")
            add("")
            extra = " | pages / questionnaire | output |" if key == "render" else " |"
            add("| nodes | file | runs | time | growth | peak memory | growth" + extra)
            add("|---:|---:|---:|---:|---:|---:|---:" + ("|---|---:|" if key == "render" else "|"))
            secs = [r[key].get("seconds") for r in rows]
            mems = [r[key].get("delta_kb") for r in rows]
            tg, mg = _growth(secs), _growth(mems)
            for r, t, g1, g2 in zip(rows, secs, tg, mg):
                m = r[key]
                label = f"{r['n']:,}" + (" (limits raised)" if r.get("limits_raised") or m.get("limits_raised") else "")
                ts = _s(t)
                if m.get("timed_out"):
                    ts = f"> {t:.0f} s (stopped)"
                elif t is None and m.get("errors"):
                    ts = "failed: " + m["errors"][0][:80]
                cells = f"| {label} | {_kb(r['file_bytes'])} | {m.get('reps', 1)} | {ts} | {g1} | {_mb(m.get('delta_kb'))} | {g2}"
                if key == "render":
                    cells += (f" | {_s(m.get('pages_seconds'))} / {_s(m.get('questionnaire_seconds'))} | "
                              f"{m.get('files', 0):,} files, {_kb(m.get('bytes'))} (questionnaire "
                              f"{_kb(m.get('questionnaire_bytes'))}) |")
                else:
                    cells += " |"
                add(cells)
            add("")
        for note in sc.get("notes", []):
            add(f"- {note}")
        if sc.get("notes"):
            add("")
        for key, name in (("check", "check"), ("render", "render")):
            secs = [r[key].get("seconds") for r in rows]
            facts = [b / a for a, b in zip(secs, secs[1:]) if a and b]
            worst = max(facts) if facts else None
            targets.append((f"`{name}` grows linearly (about 10x per 10x nodes; PASS while every "
                            f"step is <= {LINEAR_LIMIT:g}x)",
                            ", ".join(f"{f:.1f}x" for f in facts),
                            _verdict(None if worst is None else worst <= LINEAR_LIMIT)))

    # ------------------------------------------------------------------ many flows
    mf = data.get("many_flows")
    if mf:
        add("## 2b. Many flows")
        add("")
        add(f"1, 10 and 100 copies of a {mf['nodes_per_flow']}-node synthetic flow added to a copy of "
            "the real project (its own flows, every edition's, and its hand-written pages stay). Fresh "
            "process per command, "
            "every cache deleted first. `check` is `python -m build_tools check` (the whole site); "
            "build is `python -m build_tools site` (`make site`'s step, Graphviz included).")
        add("")
        add("| flows added | `check` | build | files | site size |")
        add("|---|---|---|---|---|")
        for r in mf["rows"]:
            add(f"| {r['flows']} | {_s(r['check_seconds'])} | {_s(r['build_seconds'])} | "
                f"{r['site_files']:,} | {r['site_bytes'] / 1e6:.1f} MB |")
        add("")
        from benchmarks.many_flows import marginal

        for what, label in (("check_seconds", "`check` time"), ("build_seconds", "build time"),
                            ("site_bytes", "site size")):
            m = marginal(mf["rows"], what)
            if m is None:
                continue
            low, high, ratio = m
            unit = (lambda v: f"{v / 1e3:.0f} KB") if what == "site_bytes" else (lambda v: f"{v:.3f} s")
            add(f"- {label}: one more flow costs {unit(low)} from 1 to 10 flows and {unit(high)} from "
                f"10 to 100: ratio **{ratio:.2f}**.")
            targets.append((f"{label} grows linearly with the number of flows (the cost of one more "
                            "flow from 10 to 100 <= 1.5 x its cost from 1 to 10)", f"{ratio:.2f}",
                            _verdict(ratio <= 1.5)))
        add("")

    # ------------------------------------------------------------------ editor loop
    ed = data.get("editor_loop")
    if ed:
        add("## 3. Editor loop")
        add("")
        add("`mkdocs serve` (live reload on) in a copy of the project; each round saves a new "
            "title for one node of `flows/limb-salvage.yml` and polls that node's page until the "
            "new title is served. A new title also redraws the flowchart (`dot` runs).")
        add("")
        add("| rounds | server start-up | median | max | all |")
        add("|---:|---:|---:|---:|---|")
        add(f"| {len(ed['times'])} | {_s(ed.get('startup'))} | **{_s(ed.get('median'))}** | "
            f"{_s(ed.get('max'))} | {', '.join(_s(t) for t in ed['times'])} |")
        add("")
        targets.append(("Editor loop <= 2 s for the default site", f"median {_s(ed.get('median'))}",
                        _verdict(ed.get("median") is not None and ed["median"] <= 2.0)))

    # ------------------------------------------------------------------ page weight
    pw = data.get("page_weight")
    if pw:
        add("## 4. Page weight")
        add("")
        add("The built site served from 127.0.0.1 and loaded in Chromium (Playwright, empty "
            "cache, until the network is idle). Document = the page's own HTML; all = every "
            "distinct resource the browser requested, sizes from disk, gzip level 9.")
        add("")
        if pw.get("skipped"):
            add(f"Browser not available ({pw['skipped']}): document sizes only.")
            add("")
        add("| page type | URL | document raw | document gzip | requests | all raw | all gzip | requested |")
        add("|---|---|---:|---:|---:|---:|---:|---|")
        for name, r in pw["rows"].items():
            kinds = ", ".join(f"{v} {k}" for k, v in sorted(r.get("kinds", {}).items()))
            add(f"| {name} | `{r['url']}` | {_kb(r['doc_raw'])} | {_kb(r['doc_gz'])} | "
                f"{r.get('requests', 'n/a')} | {_kb(r.get('total_raw'))} | {_kb(r.get('total_gz'))} | {kinds} |")
        add("")
        other = sum(r.get("other_origin", 0) for r in pw["rows"].values())
        add(f"Requests to other origins: {other}.")
        add("")
        q = pw["rows"].get("questionnaire")
        if q:
            total = q.get("total_gz", q["doc_gz"])
            targets.append(("Questionnaire <= 14,600 bytes gzipped (the first round trip)",
                            f"{total:,} bytes", _verdict(total <= 14_600)))

    # ------------------------------------------------------------------ search (issue 22)
    if data.get("search"):
        from benchmarks import report_search

        report_search.render(data["search"], add, targets, _verdict)

    if data.get("lighthouse"):
        from benchmarks import lighthouse

        lighthouse.render(data["lighthouse"], add, targets, _verdict)

    # Sections measured by an earlier run: kept as they were written then.
    for block in data.get("carried_sections", []):
        add(block.rstrip())
        add("")
    targets += [tuple(t) for t in data.get("carried_targets", [])]

    add("## Targets")
    add("")
    add("| target | measured | result |")
    add("|---|---|---|")
    for t in targets:
        add(f"| {t[0]} | {t[1]} | {t[2]} |")
    add("")
    for section in data.get("extra_sections", []):
        add(section.rstrip())
        add("")
    add("Command: `make bench` (or `.venv/bin/python -m benchmarks`; `--quick` for a smoke run).")
    return _in_order(_stamp("\n".join(lines) + "\n", data)), targets


#: Each section's heading, for the line that says when it was measured.
HEADINGS = {"overhead": "## 1. ", "scaling": "## 2. ", "many_flows": "## 2b. ",
            "editor_loop": "## 3. ", "page_weight": "## 4. ", "search": "## 5. ", "lighthouse": "## 6. "}


def _in_order(text: str) -> str:
    """Numbered sections in their order, whichever run measured them (carried ones included)."""
    import re

    parts = re.split(r"(?m)^(?=## )", text)
    order = list(HEADINGS.values())
    numbered = [p for p in parts if p.startswith(tuple(order))]
    if not numbered:
        return text
    first = parts.index(numbered[0])
    rest = [p for p in parts[first:] if p not in numbered]
    numbered.sort(key=lambda p: next(i for i, h in enumerate(order) if p.startswith(h)))
    return "".join(parts[:first] + [p if p.endswith("\n\n") else p.rstrip("\n") + "\n\n" for p in numbered] + rest)


def _stamp(text: str, data: dict) -> str:
    """Under each section's heading, when and how it was measured (sections merge across runs)."""
    for name, heading in HEADINGS.items():
        when = (data.get("measured") or {}).get(name)
        if when and heading in text:
            at = text.index(heading)
            end = text.index("\n", at) + 1
            text = (text[:end] + f"\nMeasured {when['date']} (load average {when['load']} at its start), "
                    f"`{when['command']}`.\n" + text[end:])
    return text
