"""The flow model: frozen, strict pydantic models with no file access.

The loader keeps every YAML value as text, so the only lax fields are the ones whose
meaning is not text: ``year`` (a whole number) and the review dates (``YYYY-MM-DD``).
``extra="forbid"`` turns every typo in a key into an error.

The rules that need the whole flow (references, reachability, cycles) are in
:mod:`build_tools.source.validate`, over the walks of :mod:`build_tools.source.graph`; this
module only describes the shape.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from build_tools.source import graph

MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 20_000
MAX_NODES = 5_000

def _written_as(pattern: str, kind: str):
    """Text must look exactly like ``pattern`` before it is parsed (no '2020.0', no times)."""
    full = re.compile(pattern)

    def check(value):
        if isinstance(value, str) and not full.fullmatch(value):
            raise PydanticCustomError(f"{kind}_format", f"not a {kind}")
        return value
    return check


Id = Annotated[str, StringConstraints(min_length=1, max_length=200),
               Field(description="A short name made of lowercase letters, digits and hyphens, "
                                 "like `chemotherapy-before-surgery`. It becomes part of web addresses.")]
# Text must hold at least one visible character: a title of spaces is a mistake.
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SHORT_TEXT, pattern=r"\S")]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=MAX_LONG_TEXT, pattern=r"\S")]
Markdown = Annotated[LongText, Field(description="Plain text with simple Markdown: paragraphs, "
                                                 "**bold**, *italic*, lists and ## sub-headings.")]
Date = Annotated[dt.date, BeforeValidator(_written_as(r"\d{4}-\d{2}-\d{2}", "date")),
                 Field(strict=False, description="A date written YYYY-MM-DD.")]
Year = Annotated[int, BeforeValidator(_written_as(r"\d{4}", "year")),
                 Field(strict=False, ge=1900, le=2100, description="Four digits, like 2024.")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"]+$", max_length=2000),
                Field(description="A full web address starting with https://")]


def _flag(value):
    """``true`` or ``false`` only: the loader keeps scalars as text, and YAML 1.1's ``yes``,
    ``on`` and ``No`` are too easy to write by accident."""
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise PydanticCustomError("flag_format", "not true or false")
        return value == "true"
    return value


Flag = Annotated[bool, BeforeValidator(_flag), Field(strict=False, description="true or false.")]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Review(_Strict):
    """Who checked the content, and when it must be checked again."""

    last_reviewed: Date
    next_review: Date
    reviewed_by: ShortText


class Source(_Strict):
    """Where a fact comes from."""

    id: Id
    title: ShortText
    publisher: ShortText
    year: Year
    url: Url


class Answer(_Strict):
    """One answer to a question, and the node it leads to."""

    label: ShortText
    next: Id
    unsure: Flag = Field(default=False,
                         description="true for the answer a reader picks when they do not know "
                                     "(\"Not sure\", in any language). Its arrow is dashed and its "
                                     "`ask` questions are gathered on the result.")
    ask: list[ShortText] = Field(default_factory=list,
                                 description="Questions to ask the care team after this answer.")


@dataclass(frozen=True)
class Edge:
    """One arrow of the flow: from a node to the next, with the answer that picks it, if any."""

    source: str
    target: str
    answer: Answer | None = None

    @property
    def unsure(self) -> bool:
        return self.answer is not None and self.answer.unsure


class _Node(_Strict):
    id: Id
    title: ShortText
    ask: list[ShortText] = Field(default_factory=list,
                                 description="Questions to ask your care team.")
    sources: list[Id] = Field(default_factory=list, description="Ids from the flow's `sources` list.")


class Step(_Node):
    """Information, then one next node."""

    kind: Literal["step"]
    body: Markdown
    next: Id

    def edges(self) -> list[Edge]:
        return [Edge(self.id, self.next)]


class Question(_Node):
    """A question with two or more answers, each leading to a node."""

    kind: Literal["question"]
    why: Markdown | None = Field(default=None, description="Why this question matters.")
    body: Markdown | None = None
    answers: list[Answer] = Field(min_length=2)

    def edges(self) -> list[Edge]:
        return [Edge(self.id, a.next, a) for a in self.answers]


class Outcome(_Node):
    """An end point of the flow."""

    kind: Literal["outcome"]
    body: Markdown

    def edges(self) -> list[Edge]:
        return []


Node = Annotated[Union[Step, Question, Outcome], Field(discriminator="kind")]
#: The node models by ``kind:``. Everything else about a kind (its reader-facing name, its
#: shape in the diagram, its page template) is in the one table, :mod:`build_tools.source.kinds`.
NODE_KINDS = {"step": Step, "question": Question, "outcome": Outcome}


class Term(_Strict):
    """A word readers may not know, and what it means in plain words."""

    term: ShortText = Field(description="The word or phrase, as it is written on the glossary page.")
    also: list[ShortText] = Field(default_factory=list,
                                  description="Other forms that get the same meaning, like plurals. "
                                              "Forms that differ only by a capital first letter are "
                                              "added for you.")
    definition: ShortText = Field(description="What it means, in one or two short sentences.")
    everyday: Flag = Field(default=False,
                           description="true for an everyday word (limb, scan): it is listed on the "
                                       "glossary page but never underlined on other pages.")


class Flow(_Strict):
    """One treatment pathway or questionnaire: one file in ``flows/``."""

    id: Id
    title: ShortText
    nav_title: ShortText | None = Field(default=None,
                                        description="A short name for the site menu and the home "
                                                    "page list (the title is used if this is missing).")
    summary: Markdown
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    review: Review
    sources: list[Source] = Field(min_length=1)
    start: Id
    nodes: list[Node] = Field(min_length=1, max_length=MAX_NODES)
    topic: Id | None = Field(default=None,
                             description="The topic glossary this flow uses, as the name of a file in "
                                         "glossaries/ (for example bone-tumours for "
                                         "glossaries/bone-tumours.yml).")
    glossary: list[Term] = Field(default_factory=list,
                                 description="Words explained on this flow's pages only. They win "
                                             "over the topic and site-wide glossaries there.")

    def node_map(self) -> dict[str, Step | Question | Outcome]:
        return {n.id: n for n in self.nodes}

    def source_map(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}


def successors(node: Step | Question | Outcome) -> list[str]:
    """The ids a node leads to, in order."""
    return [e.target for e in node.edges()]


def edges(flow: Flow, order: list[Step | Question | Outcome] | None = None) -> list[Edge]:
    """Every arrow of the flow, node by node (in ``order``, default file order)."""
    return [e for node in (flow.nodes if order is None else order) for e in node.edges()]


def reading_order(flow: Flow) -> list[Step | Question | Outcome]:
    """Nodes breadth-first from the start, then any others in file order."""
    nodes = flow.node_map()
    order = graph.breadth_first(graph.adjacency(flow), flow.start)
    seen = set(order)
    order.extend(n.id for n in flow.nodes if n.id not in seen)
    return [nodes[nid] for nid in order]


def json_schema() -> dict:
    """The JSON Schema editors' tools use for completion and underlining."""
    schema = Flow.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Pathway flow"
    # The loader reads every scalar as text; tell YAML tools the lax fields accept text.
    return schema
