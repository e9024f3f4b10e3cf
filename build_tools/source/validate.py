"""Rules that need the whole flow, or every flow: references, reachability, loops, review dates.

Every rule appends to one list; nothing stops at the first problem. Positions come from
the loader's :class:`~build_tools.source.loader.Document`, so each message points at the line
the editor has to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from build_tools.core import ids, markup
from build_tools.core.markup import same_words
from build_tools.source import graph, readability
from build_tools.source.config import DEFAULT_MAX_GRADE
from build_tools.core.errors import Diagnostic, Severity
from build_tools.source.loader import Document
from build_tools.source.kinds import KINDS, has_questions
from build_tools.source.model import Flow, Node, Review, successors
from build_tools.core.i18n import language_problem  # noqa: F401 (the language rule)
from build_tools.core.suggest import did_you_mean

#: Above this many nodes a flow gets no questionnaire (the rest of the site is built); check
#: warns. The questionnaire has one screen per node, so its size grows linearly.
MAX_QUESTIONNAIRE_NODES = 300

W = Severity.WARNING


@dataclass(frozen=True)
class Settings:
    today: dt.date
    max_grade: float = DEFAULT_MAX_GRADE
    check_readability: bool = True
    language: str = "en"  # of hand-written pages (the theme's language)


def _slug_problem(value: str, what: str) -> str | None:
    if ids.is_slug(value):
        return None
    suggestion = ids.slugify(value)
    fix = f"; use '{suggestion}'" if suggestion else ""
    return (f"{what} '{value}' may only use lowercase letters a-z, digits and single hyphens "
            f"(at most {ids.MAX_SLUG_LENGTH} characters){fix}")


def validate_flow(flow: Flow, doc: Document, settings: Settings) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    add = out.append

    # Flow id and file name.
    if problem := _slug_problem(flow.id, "the flow id"):
        add(doc.diagnostic(("id",), problem))
    if doc.path.stem != flow.id:
        add(doc.diagnostic(("id",), f"the flow id '{flow.id}' must match the file name "
                                    f"'{doc.path.name}': rename the file to '{flow.id}.yml' "
                                    "or change the id"))

    # Language: a locale CLDR knows (through Babel), written as a BCP 47 tag.
    if problem := language_problem(flow.language):
        add(doc.diagnostic(("language",), problem))

    # Sources.
    source_ids: dict[str, int] = {}
    for i, src in enumerate(flow.sources):
        loc = ("sources", i, "id")
        if problem := _slug_problem(src.id, "the source id"):
            add(doc.diagnostic(loc, problem))
        if src.id in source_ids:
            first = doc.locate(("sources", source_ids[src.id], "id"))
            add(doc.diagnostic(loc, f"the source id '{src.id}' is already used on line {first.line}"))
        else:
            source_ids[src.id] = i

    # Node ids: slug-safe, unique, and unique once slugged. (Ids taken by generated pages are
    # found by the output registry's collision check, in build_tools.site.pipeline.)
    node_index: dict[str, int] = {}
    slugged: dict[str, int] = {}
    for i, node in enumerate(flow.nodes):
        loc = ("nodes", i, "id")
        if node.id in node_index:
            first = doc.locate(("nodes", node_index[node.id], "id"))
            add(doc.diagnostic(loc, f"the node id '{node.id}' is already used on line {first.line}; "
                                    "each node needs its own id"))
            continue
        node_index[node.id] = i
        if problem := _slug_problem(node.id, "the node id"):
            add(doc.diagnostic(loc, problem))
        slug = ids.slugify(node.id)
        if slug in slugged and flow.nodes[slugged[slug]].id != node.id:
            other = flow.nodes[slugged[slug]]
            first = doc.locate(("nodes", slugged[slug], "id"))
            add(doc.diagnostic(loc, f"the node id '{node.id}' gives the web address '{slug}', which "
                                    f"'{other.id}' on line {first.line} already gives; rename one"))
        else:
            slugged.setdefault(slug, i)

    nodes = flow.node_map()

    # References.
    def ref(target: str, loc: tuple, what: str) -> None:
        if target not in nodes:
            add(doc.diagnostic(loc, f"{what} '{target}' is not the id of any node in this flow"
                                    + did_you_mean(target, nodes)))

    ref(flow.start, ("start",), "start:")
    for i, node in enumerate(flow.nodes):
        labels: dict[str, int] = {}
        for j, edge in enumerate(node.edges()):
            if edge.answer is None:
                ref(edge.target, ("nodes", i, "next"), "next:")
                continue
            ref(edge.target, ("nodes", i, "answers", j, "next"), "next:")
            key = same_words(edge.answer.label)
            if key in labels:
                first = doc.locate(("nodes", i, "answers", labels[key], "label"))
                add(doc.diagnostic(("nodes", i, "answers", j, "label"),
                                   f"the answer '{edge.answer.label}' is the same as the answer on "
                                   f"line {first.line}; each answer needs different words"))
            labels.setdefault(key, j)
        if KINDS[node.kind].answered:
            unsure = [j for j, answer in enumerate(node.answers) if answer.unsure]
            if not unsure:
                add(doc.diagnostic(("nodes", i, "answers"),
                                   "this question has no 'Not sure' answer (an answer with "
                                   "'unsure: true'); readers who don't know need a way forward",
                                   severity=W))
            for j in unsure[1:]:
                add(doc.diagnostic(("nodes", i, "answers", j, "unsure"),
                                   "only one answer of a question can be the 'Not sure' answer; "
                                   "remove 'unsure: true' from all but one", severity=W))
        for k, source in enumerate(node.sources):
            if source not in source_ids:
                add(doc.diagnostic(("nodes", i, "sources", k),
                                   f"the source '{source}' is not in this flow's sources list"
                                   + did_you_mean(source, source_ids)))
        if KINDS[node.kind].cites and not node.sources:
            add(doc.diagnostic(("nodes", i, "id"),
                               f"the {node.kind} '{node.id}' cites no source: add 'sources:' with "
                               "the id of at least one source it relies on"))

    out.extend(_graph_rules(flow, doc, node_index))
    out.extend(review_rules(flow.review, doc, settings.today))
    out.extend(_text_rules(flow, doc, settings))
    return out


def _graph_rules(flow: Flow, doc: Document, index: dict[str, int]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    nodes = flow.node_map()
    if flow.start not in nodes:
        return out
    arrows = graph.adjacency(flow)

    reached = graph.reachable(arrows, [flow.start])
    for nid, i in index.items():
        if nid not in reached:
            out.append(doc.diagnostic(("nodes", i, "id"),
                                      f"the node '{nid}' cannot be reached from start '{flow.start}': "
                                      "no step or answer leads to it"))

    for nid, loop in graph.loops(arrows):
        out.append(doc.diagnostic(("nodes", index[nid], "id"),
                                  "these nodes go round in a loop: " + " → ".join(loop)
                                  + "; every path must move forward to an outcome"))

    # Dead ends: a reachable node from which no outcome can be reached.
    ends = [nid for nid, n in nodes.items() if KINDS[n.kind].ends]
    finishes = graph.reachable(graph.predecessors(arrows), ends)
    dangling = {nid for nid, n in nodes.items() if len(arrows[nid]) != len(successors(n))}
    for nid in reached - finishes:
        if nid in dangling:
            continue  # already reported as a broken reference
        out.append(doc.diagnostic(("nodes", index[nid], "id"),
                                  f"dead end: no path from '{nid}' leads to an outcome"))
    return out


def questionnaire_fits(flow: Flow) -> bool:
    """Whether the flow gets a questionnaire: it has questions and at most
    :data:`MAX_QUESTIONNAIRE_NODES` nodes."""
    return has_questions(flow) and len(flow.nodes) <= MAX_QUESTIONNAIRE_NODES


def review_rules(review: Review, doc: Document, today: dt.date, *, at: tuple = ("review",),
                 what: str = "content") -> list[Diagnostic]:
    """The review-date rules, shared by flows and hand-written pages."""
    out = []
    if review.next_review < review.last_reviewed:
        out.append(doc.diagnostic(at + ("next_review",),
                                  f"next_review ({review.next_review}) is before last_reviewed "
                                  f"({review.last_reviewed})"))
    elif review.next_review < today:
        out.append(doc.diagnostic(at + ("next_review",),
                                  f"review overdue since {review.next_review.isoformat()}: check the "
                                  f"{what}, then update last_reviewed and next_review",
                                  severity=W))
    if review.last_reviewed > today:
        out.append(doc.diagnostic(at + ("last_reviewed",),
                                  f"last_reviewed ({review.last_reviewed}) is in the future",
                                  severity=W))
    return out


def _text_fields(flow: Flow) -> Iterable[tuple[tuple, str]]:
    yield ("title",), flow.title
    yield ("summary",), flow.summary
    for i, node in enumerate(flow.nodes):
        yield ("nodes", i, "title"), node.title
        if getattr(node, "body", None):
            yield ("nodes", i, "body"), node.body
        if getattr(node, "why", None):
            yield ("nodes", i, "why"), node.why
        if KINDS[node.kind].answered:
            for j, answer in enumerate(node.answers):
                yield ("nodes", i, "answers", j, "label"), answer.label
                for k, item in enumerate(answer.ask):
                    yield ("nodes", i, "answers", j, "ask", k), item
        for k, item in enumerate(node.ask):
            yield ("nodes", i, "ask", k), item


def node_prose(node: Node) -> str:
    """The words a reader sees for a node, as Markdown, for the reading-grade check."""
    parts = [node.title]
    if getattr(node, "why", None):
        parts.append(node.why)
    if getattr(node, "body", None):
        parts.append(node.body)
    parts.extend(f"- {e.answer.label}" for e in node.edges() if e.answer is not None)
    parts.extend(f"- {q}" for q in node.ask)
    return "\n\n".join(parts)


def _text_rules(flow: Flow, doc: Document, settings: Settings) -> list[Diagnostic]:
    out = []
    for loc, text in _text_fields(flow):
        for line, col, message in markup.policy_findings(text):
            mark = doc.locate_in_text(loc, line, col)
            out.append(doc.diagnostic(loc, message, severity=W, mark=mark))
    if settings.check_readability:
        for i, node in enumerate(flow.nodes):
            score = readability.score(node_prose(node), flow.language)
            if score is not None and score.too_hard(settings.max_grade):
                out.append(doc.diagnostic(("nodes", i, "id"), score.warning(settings.max_grade),
                                          severity=W))
    if has_questions(flow):
        if len(flow.nodes) > MAX_QUESTIONNAIRE_NODES:
            out.append(doc.diagnostic(("nodes",),
                                      f"this flow has {len(flow.nodes):,} nodes, more than the "
                                      f"{MAX_QUESTIONNAIRE_NODES} a questionnaire can hold, so its "
                                      "questionnaire is not built; the pages and the flowchart are: "
                                      "split the flow", severity=W))
    return out


def validate_project(flows: list[tuple[Flow, Document]]) -> list[Diagnostic]:
    """Rules across flows: each flow id is used once."""
    out = []
    first: dict[str, Document] = {}
    for flow, doc in flows:
        if flow.id in first:
            out.append(doc.diagnostic(("id",), f"the flow id '{flow.id}' is also used by "
                                               f"{first[flow.id].name}; each flow needs its own id"))
        else:
            first[flow.id] = doc
    return out
