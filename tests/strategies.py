"""Hypothesis strategies: random valid flows (as YAML text) with arbitrary text fields.

Every strategy is bounded (text length, node count, list sizes) and every property test
uses :func:`property_settings`, so a failing property reports within a minute: small
examples shrink fast, a per-example deadline stops a blow-up, and conftest caps the time
Hypothesis spends shrinking.
"""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Longest arbitrary text in a field; the hostile samples below are longer on purpose.
MAX_TEXT = 30
#: Most nodes in a random flow.
MAX_NODES = 6
#: One example normally takes tens of milliseconds; this only fires on a real blow-up.
DEADLINE = dt.timedelta(seconds=3)


def property_settings(max_examples: int, deadline: dt.timedelta = DEADLINE) -> settings:
    """The settings of every property test: bounded examples, a deadline, no slow-data check
    (each example writes, checks and renders a whole flow)."""
    return settings(max_examples=max_examples, deadline=deadline,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


SLUG = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5}){0,2}", fullmatch=True)

#: Any Unicode a YAML file can carry, minus lone surrogates; safe_dump escapes the rest.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=MAX_TEXT).filter(str.strip)

HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "{{ config }}", "{% raw %}", "{: onclick=\"alert(1)\" }", "--8<-- \"/etc/passwd\"",
    "\"]; evil [label=\"x", "a\\\\b\\\"c", "< > { } |", "line\nbreak", "\u202eevil\u202c",
    "\x00nul", "😀 emoji", "*[HTML]: hyper", "<!-- c -->", "&lt;b&gt;", "![i](http://evil/x.png)",
    "```\ncode\n```", "javascript:alert(1)", "<svg onload=alert(1)>", "| a | b |\n|---|---|",
])
TEXT = st.one_of(ANY_TEXT, HOSTILE, st.builds(lambda a, b: a + b, HOSTILE, ANY_TEXT))


@st.composite
def flow_data(draw, text=TEXT, max_nodes: int = MAX_NODES) -> dict:
    """A valid flow: a loop-free graph whose every node is reachable and ends at an outcome."""
    n_inner = draw(st.integers(1, max_nodes - 2))
    n_out = draw(st.integers(1, 2))
    ids = draw(st.lists(SLUG.filter(lambda s: s not in ("index", "flowchart")),
                        min_size=n_inner + n_out, max_size=n_inner + n_out, unique=True))
    inner, outs = ids[:n_inner], ids[n_inner:]
    nodes = []
    for i, nid in enumerate(inner):
        later = inner[i + 1:] + outs
        is_last = i == n_inner - 1
        if is_last or draw(st.booleans()):
            targets = outs if is_last else [later[0]] + draw(st.lists(st.sampled_from(later), max_size=2))
            labels = draw(st.lists(text, min_size=len(targets), max_size=len(targets),
                                   unique_by=lambda s: " ".join(s.casefold().split())))
            answers = [{"label": lab, "next": t} for lab, t in zip(labels, targets)]
            answers.append({"label": "Not sure", "next": targets[0], "unsure": True, "ask": [draw(text)]})
            if any(" ".join(a["label"].casefold().split()) == "not sure" for a in answers[:-1]):
                answers.pop()
            if len(answers) < 2:
                answers.append({"label": "Not sure at all", "next": targets[0]})
            nodes.append({"id": nid, "kind": "question", "title": draw(text), "why": draw(text),
                          "answers": answers, "sources": ["src"]})
        else:
            nodes.append({"id": nid, "kind": "step", "title": draw(text), "body": draw(text),
                          "next": later[0], "ask": [draw(text)], "sources": ["src"]})
    for nid in outs:
        nodes.append({"id": nid, "kind": "outcome", "title": draw(text), "body": draw(text),
                      "sources": ["src"]})
    return {
        "id": "prop", "title": draw(text), "summary": draw(text), "language": "en",
        "review": {"last_reviewed": "2026-01-01", "next_review": "2027-01-01", "reviewed_by": draw(text)},
        "sources": [{"id": "src", "title": draw(text), "publisher": draw(text), "year": 2024,
                     "url": "https://example.org/source"}],
        "start": inner[0], "nodes": nodes,
    }


def to_yaml(data: dict) -> str:
    return "# yaml-language-server: $schema=schema.json\n" + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True)
