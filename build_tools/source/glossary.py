"""The glossary: one source of meanings, site-wide, per topic and per flow.

Where meanings come from, most specific first (the first one wins on a page):

1. the flow's own ``glossary:`` list, on that flow's pages;
2. the topic glossary ``glossaries/<topic>.yml``, on pages of flows and hand-written pages
   that say ``topic: <topic>``;
3. the site-wide glossary ``glossaries/site.yml``, everywhere. Keep it to words whose
   meaning does not change with the topic.

So a breast-surgery flow never explains "implant" as a metal part that replaces bone: that
meaning lives in the bone-tumours topic, which that flow does not use.

From these files come the glossary page (:func:`build_tools.outputs.render_site.glossary_page`)
and the tooltips: :func:`build_tools.outputs.glossary_markdown.annotate` appends Python-Markdown ``abbr`` definitions for the
words a page uses, and :mod:`build_tools.outputs.glossary_markdown` keeps only the first use of
each word on a page, outside headings, links and buttons. Everyday words (``everyday:
true``) are listed on the glossary page but never marked.

``check`` reports duplicate words, unknown topics and forms that cannot be marked, and
warns about words no page uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, ValidationError

from build_tools.source.config import Config
from build_tools.core.errors import Diagnostic, Severity
from build_tools.core.markup import same_words
from build_tools.source.loader import Document, load_file
from build_tools.source.model import Flow, Review, Term, _Strict
from build_tools.source.model_errors import diagnostics_from
from build_tools.source.pages import PageSource
from build_tools.core.suggest import did_you_mean

SITE = "site"
W = Severity.WARNING


class GlossaryFile(_Strict):
    """One file in ``glossaries/``."""

    title: str | None = Field(default=None, description="The heading of this topic on the glossary page.")
    review: Review
    sources: list[PageSource] = Field(default_factory=list)
    terms: list[Term] = Field(min_length=1)


@dataclass
class Glossary:
    """Every glossary file, by name (``site`` and one per topic)."""

    files: dict[str, GlossaryFile] = field(default_factory=dict)
    docs: dict[str, Document] = field(default_factory=dict)

    def topics(self) -> list[str]:
        return sorted(n for n in self.files if n != SITE)

    def terms_for(self, *, topic: str | None = None, flow: Flow | None = None) -> list[Meaning]:
        """The meanings that apply on a page: the flow's, then the topic's, then the site's."""
        layers: list[tuple[str | None, Iterable[Term]]] = []
        if flow is not None:
            layers.append((flow.id, flow.glossary))
            topic = topic or flow.topic
        if topic and topic in self.files:
            layers.append((topic, self.files[topic].terms))
        if SITE in self.files:
            layers.append((None, self.files[SITE].terms))
        out: dict[str, Meaning] = {}
        taken: set[str] = set()
        for layer, terms in layers:
            for term in terms:
                names = {key(f) for f in forms(term)}
                if key(term.term) in out or names & taken:
                    continue  # a more specific layer already explains this word
                out[key(term.term)] = Meaning(term, layer)
                taken |= names
        return sorted(out.values(), key=lambda m: key(m.term.term))


@dataclass(frozen=True)
class Meaning:
    """A term and the glossary it comes from (``None``: site-wide; else a topic or flow id)."""

    term: Term
    layer: str | None = None

    @property
    def anchor(self) -> str:
        return anchor(self.term, self.layer)


def key(text: str) -> str:
    return same_words(text)


def forms(term: Term) -> list[str]:
    """Every form of a term that gets its meaning, with first-letter case variants."""
    out: list[str] = []
    for form in (term.term, *term.also):
        form = " ".join(form.split())
        for variant in (form, form[:1].upper() + form[1:], form[:1].lower() + form[1:]):
            if variant and variant not in out:
                out.append(variant)
    return out


def _wide(text: str) -> bool:
    """Whether ``text`` holds wide (CJK) characters: such writing has no spaces between words."""
    import unicodedata

    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def _pattern(form: str) -> re.Pattern[str]:
    if _wide(form):  # 骨肉瘤 in "对于骨肉瘤，": no word boundaries to look for
        return re.compile(re.escape(form))
    return re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])")


def uses(text: str, term: Term) -> bool:
    return any(_pattern(f).search(text) for f in forms(term))


_ABBR_UNSAFE = re.compile(r"[\[\]\n]")


def anchor(term: Term, layer: str | None = None) -> str:
    """The glossary page's fragment for a term of a layer (site-wide, a topic or a flow)."""
    slug = re.sub(r"[^a-z0-9]+", "-", key(term.term)).strip("-")
    if not slug:  # a word written without Latin letters (骨肉瘤): a stable id from its text
        import hashlib

        slug = "term-" + hashlib.sha256(key(term.term).encode("utf-8")).hexdigest()[:10]
    return slug if layer is None else f"{layer}--{slug}"


# --------------------------------------------------------------------------- loading and checks

def load(config: Config) -> tuple[Glossary, list[Diagnostic]]:
    """Every ``glossaries/*.yml``, with positioned diagnostics for the bad ones."""
    glossary = Glossary()
    out: list[Diagnostic] = []
    folder = config.glossaries_dir
    if not folder.is_dir():
        return glossary, out
    for path in sorted(folder.glob("*.yml")):
        doc = load_file(path)
        out.extend(doc.diagnostics)
        if doc.diagnostics:
            continue
        if doc.data is None:
            out.append(doc.diagnostic((), "this glossary file is empty: it needs review: and terms:"))
            continue
        try:
            data = GlossaryFile.model_validate(doc.data)
        except ValidationError as exc:
            out.extend(diagnostics_from(exc, doc, root_model=GlossaryFile))
            continue
        glossary.files[path.stem] = data
        glossary.docs[path.stem] = doc
        out.extend(_term_rules(data.terms, doc, ("terms",)))
    return glossary, out


def load_for(config: Config, flows: Iterable[Flow]) -> Glossary:
    """The glossary for rendering (``check`` has already reported any problem)."""
    return load(config)[0]


def _term_rules(terms: list[Term], doc: Document, at: tuple) -> list[Diagnostic]:
    from build_tools.core import markup

    out = []
    seen: dict[str, int] = {}
    for i, term in enumerate(terms):
        loc = at + (i, "definition")
        for line, col, message in markup.policy_findings(term.definition):  # shown as typed
            out.append(doc.diagnostic(loc, message, severity=W, mark=doc.locate_in_text(loc, line, col)))
        for j, form in enumerate((term.term, *term.also)):
            loc = at + (i, "term") if j == 0 else at + (i, "also", j - 1)
            if _ABBR_UNSAFE.search(form):
                out.append(doc.diagnostic(loc, f"'{form}' may not contain [ or ]: write the word "
                                               "without them"))
            k = key(form)
            if k in seen and seen[k] != i:
                first = doc.locate(at + (seen[k], "term"))
                out.append(doc.diagnostic(loc, f"'{form}' is already explained on line {first.line}; "
                                               "keep one meaning per word"))
            seen.setdefault(k, i)
    return out


def check(glossary: Glossary, flows: list[tuple[Flow, Document]],
          pages: list[tuple[str, str | None]]) -> list[Diagnostic]:
    """Rules across files: known topics, per-flow terms, words no page uses.

    ``pages`` is ``(text, topic)`` for every hand-written page.
    """
    out: list[Diagnostic] = []
    topics = glossary.topics()
    texts: dict[str | None, list[str]] = {}
    for text, topic in pages:
        texts.setdefault(topic, []).append(text)
    for flow, doc in flows:
        if flow.topic is not None and flow.topic not in glossary.files:
            out.append(doc.diagnostic(("topic",), f"there is no glossary for the topic '{flow.topic}': "
                                                  f"add glossaries/{flow.topic}.yml or fix the name"
                                      + did_you_mean(flow.topic, topics)))
        text = _flow_text(flow)
        texts.setdefault(flow.topic, []).append(text)
        out.extend(_term_rules(flow.glossary, doc, ("glossary",)))
        for i, term in enumerate(flow.glossary):
            if not uses(text, term):
                out.append(doc.diagnostic(("glossary", i, "term"),
                                          f"no page of this flow uses '{term.term}': remove it, or "
                                          "check its spelling", severity=W))
    everything = "\n".join(t for ts in texts.values() for t in ts)
    for name, data in glossary.files.items():
        doc = glossary.docs[name]
        scope = everything if name == SITE else "\n".join(texts.get(name, []))
        for i, term in enumerate(data.terms):
            if not uses(scope, term):
                where = "no page" if name == SITE else f"no page of the topic '{name}'"
                out.append(doc.diagnostic(("terms", i, "term"),
                                          f"{where} uses '{term.term}': remove it, or check its "
                                          "spelling", severity=W))
    return out


def _flow_text(flow: Flow) -> str:
    from build_tools.source.validate import node_prose

    return "\n".join([flow.title, flow.summary, *(node_prose(n) for n in flow.nodes)])
