"""Synthetic valid flows of exactly N nodes, written as YAML the way editors write them.

Shape: a tree (no node is reached two ways, so the questionnaire has one screen per node)
of questions with three answers ("Yes", "No", "Not sure"). "Yes" leads to a short branch
(a step, then an outcome); "No" and "Not sure" lead to the two halves of what is left.
Depth grows with log N, like a real guide that gets wider rather than endlessly deeper.
Small remainders become step chains ending at an outcome. Every step and outcome cites
a source, bodies are ``|`` blocks of plain short sentences, questions carry a ``why``.
"""

from __future__ import annotations

from pathlib import Path

FLOW_ID = "synthetic"

_BODY = ("This part of the guide explains what happens next.\n"
         "Your care team will talk with you about it first.\n"
         "You can ask them to go slowly and to say it again.\n"
         "It is fine to bring a friend or a family member with you.\n"
         "Write down the things you want to ask before you go.")
_WHY = ("The answer changes what your team may suggest.\n"
        "If you do not know, pick Not sure. That is fine.")


class _Builder:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def _id(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}-{self.count}"

    def _block(self, key: str, text: str) -> None:
        self.lines.append(f"    {key}: |")
        self.lines.extend(f"      {line}" for line in text.splitlines())

    def outcome(self) -> str:
        nid = self._id("end")
        self.lines += ["", f"  - id: {nid}", "    kind: outcome", f"    title: End point number {self.count}"]
        self._block("body", _BODY)
        self.lines.append("    sources: [guide]")
        return nid

    def step(self, nxt_budget: int) -> str:
        nid = self._id("step")
        title = f"Step number {self.count}"
        nxt = self.subtree(nxt_budget)
        self.lines += ["", f"  - id: {nid}", "    kind: step", f"    title: {title}"]
        self._block("body", _BODY)
        self.lines += [f"    next: {nxt}", "    ask:", f"      - What does step {nid} mean for me?",
                       "    sources: [guide]"]
        return nid

    def question(self, budget: int) -> str:
        nid = self._id("question")
        title = f"Question number {self.count}: is this true for you?"
        rest = budget - 3
        yes = self.subtree(2)
        no = self.subtree(rest // 2)
        unsure = self.subtree(rest - rest // 2)
        self.lines += ["", f"  - id: {nid}", "    kind: question", f'    title: "{title}"']
        self._block("why", _WHY)
        self.lines += ["    answers:",
                       "      - label: \"Yes\"", f"        next: {yes}",
                       "      - label: \"No\"", f"        next: {no}",
                       "      - label: Not sure", f"        next: {unsure}", "        unsure: true",
                       "        ask:", f"          - How can we find out the answer to {nid}?"]
        return nid

    def subtree(self, budget: int) -> str:
        """A subtree of exactly ``budget`` nodes (at least 1); returns its root id."""
        if budget <= 1:
            return self.outcome()
        if budget < 5:
            return self.step(budget - 1)
        return self.question(budget)


def flow_yaml(n_nodes: int) -> str:
    if n_nodes < 1:
        raise ValueError("a flow needs at least one node")
    b = _Builder()
    start = b.subtree(n_nodes)
    assert b.count == n_nodes, (b.count, n_nodes)
    head = [
        "# yaml-language-server: $schema=schema.json",
        f"id: {FLOW_ID}",
        f"title: A synthetic guide with {n_nodes} parts",
        "summary: |",
        "  This guide is made up. It is used to measure how fast Pathway works.",
        "language: en",
        "review:",
        "  last_reviewed: 2026-01-01",
        "  next_review: 2099-01-01",
        "  reviewed_by: The benchmark",
        "sources:",
        "  - id: guide",
        "    title: A made-up source",
        "    publisher: Pathway benchmarks",
        "    year: 2026",
        "    url: https://example.org/guide",
        f"start: {start}",
        "nodes:",
    ]
    return "\n".join(head + b.lines) + "\n"


def write_flow(directory: Path, n_nodes: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{FLOW_ID}.yml"
    path.write_text(flow_yaml(n_nodes), encoding="utf-8")
    return path
