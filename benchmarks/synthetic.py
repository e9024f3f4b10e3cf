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


# --- questionnaire-sized flows with realistic text -----------------------------------------

QUESTIONS_FLOW_ID = "synthetic-questions"
#: Titles, prose, answer labels and ask items from the real flows, kept fixed (see its header).
TEXT_FILE = Path(__file__).resolve().parent / "questionnaire_text.yml"


def _real_texts() -> dict[str, list[str]]:
    import yaml

    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


def questions_flow_yaml(n_questions: int) -> str:
    """A valid flow of ``n_questions`` questions, the way a real decision aid is shaped.

    A "Before you start" step, then the questions in order. Each question has three answers:
    "Yes" goes on to the next question; "Not sure" (``unsure: true``, with things to ask)
    also goes on; "No" ends at one of several "something counts against" outcomes, except
    on every fourth question, where it skips the next question (so paths meet again, as in
    real flows). After the last question, "Yes" ends at "nothing counts against" and
    "Not sure" at "questions still open". Every question has a ``why``; titles, prose,
    labels and ask items are taken in turn from :data:`TEXT_FILE` (text of the real flows;
    a repeat gets a number, so no two are the same). Questions: n; outcomes: 2 + ceil(n / 3); nodes: about 1.4 n + 3.
    """
    if n_questions < 1:
        raise ValueError("a questionnaire needs at least one question")
    t = _real_texts()
    counters: dict[str, int] = {}

    def take(kind: str) -> str:
        i = counters.get(kind, 0)
        counters[kind] = i + 1
        pool = t[kind]
        text = pool[i % len(pool)]
        return text if i < len(pool) else f"{text} ({i // len(pool) + 1})"

    def q(i: int) -> str:
        return f"question-{i}" if i <= n_questions else "nothing-counts-against"

    def block(key: str, text: str, indent: str = "    ") -> list[str]:
        return [f"{indent}{key}: |", *(f"{indent}  {line}" if line else "" for line in text.splitlines())]

    def text_line(key: str, text: str, indent: str) -> str:
        return f"{indent}{key} {json_str(text)}" if key.startswith("-") else f"{indent}{key}: {json_str(text)}"

    against = [f"counts-against-{k}" for k in range(1, -(-n_questions // 3) + 1)]
    lines: list[str] = []
    lines += ["  - id: before-you-start", "    kind: step", "    title: Before you start",
              *block("body", take("prose")), "    next: question-1", "    sources: [guide]"]
    for i in range(1, n_questions + 1):
        no = q(i + 2) if i % 4 == 2 and i + 2 <= n_questions else against[(i - 1) // 3]
        lines += ["", f"  - id: question-{i}", "    kind: question", text_line("title", take("question"), "    "),
                  *block("why", take("prose")), "    answers:",
                  f"      - label: {json_str(take('label'))}", f"        next: {q(i + 1)}",
                  f"      - label: {json_str(take('label'))}", f"        next: {no}", "        ask:",
                  text_line("-", take("ask"), "          "),
                  "      - label: Not sure", f"        next: {q(i + 1) if i < n_questions else 'questions-still-open'}",
                  "        unsure: true", "        ask:",
                  text_line("-", take("ask"), "          "), text_line("-", take("ask"), "          "),
                  "    sources: [guide]"]
    for oid in ["nothing-counts-against", "questions-still-open", *against]:
        lines += ["", f"  - id: {oid}", "    kind: outcome", text_line("title", take("outcome"), "    "),
                  *block("body", take("prose")), "    ask:",
                  *(text_line("-", take("ask"), "      ") for _ in range(3)), "    sources: [guide]"]
    head = [
        "# yaml-language-server: $schema=schema.json",
        f"id: {QUESTIONS_FLOW_ID}",
        f"title: A made-up guide with {n_questions} questions",
        "summary: |",
        "  This guide is made up from the text of the real guides. It measures the questionnaire.",
        "language: en",
        "review:",
        "  last_reviewed: 2026-01-01",
        "  next_review: 2099-01-01",
        "  reviewed_by: Pathway benchmarks (not clinically reviewed)",
        "sources:",
        "  - id: guide",
        "    title: A made-up source",
        "    publisher: Pathway benchmarks",
        "    year: 2026",
        "    url: https://example.org/guide",
        "start: before-you-start",
        "nodes:",
    ]
    return "\n".join(head + lines) + "\n"


def json_str(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def write_questions_flow(directory: Path, n_questions: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{QUESTIONS_FLOW_ID}.yml"
    path.write_text(questions_flow_yaml(n_questions), encoding="utf-8")
    return path
