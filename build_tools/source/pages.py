"""Hand-written pages in ``content/``: front matter rules and their reading grade.

Every page carries ``title`` and ``review`` dates (the NHS "page last reviewed" pattern);
the theme override prints them with the page's ``sources`` and the disclaimer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, ValidationError

from build_tools.source import readability
from build_tools.core.errors import Diagnostic, Severity, display_path
from build_tools.source.loader import Document, Mark, decode, load_text
from build_tools.source.model import Review, ShortText, Url, Year, _Strict
from build_tools.source.model_errors import diagnostics_from
from build_tools.source.validate import review_rules

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$", re.DOTALL | re.MULTILINE)


class PageSource(_Strict):
    title: ShortText
    publisher: ShortText
    year: Year
    url: Url


#: Material prints a page's title and description into HTML without escaping them, so they
#: may not hold the characters that would start markup or end an attribute.
PlainText = Annotated[ShortText, StringConstraints(pattern=r'^[^<>"]*$')]


class PageMeta(_Strict):
    """Front matter of a hand-written page. Material's own keys are allowed too."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    title: PlainText
    description: PlainText | None = None
    review: Review
    sources: list[PageSource] = Field(default_factory=list)
    audience: Literal["patients", "editors", "hospitals"] = "patients"
    topic: str | None = None  # the topic glossary of the page (glossaries/<topic>.yml)
    hide: list[str] = Field(default_factory=list)
    search: dict | None = None
    icon: str | None = None
    status: str | None = None
    template: str | None = None


def split_front_matter(text: str) -> tuple[str | None, str]:
    m = _FRONT.match(text.lstrip("\ufeff"))
    if not m:
        return None, text
    return m.group(1), text[m.end():]


def check_page(path: Path, settings: Any) -> tuple[list[Diagnostic], float | None, PageMeta | None]:
    """Diagnostics, reading grade and metadata of one Markdown page."""
    name = display_path(path)
    undecoded = Document(path=path)
    text = decode(undecoded, path.read_bytes())
    if text is None:
        return undecoded.diagnostics, None, None
    front, body = split_front_matter(text)
    if front is None:
        return [Diagnostic(name, 1, 1, Severity.ERROR,
                           "this page has no front matter: start it with '---', then title:, "
                           "review: (last_reviewed, next_review, reviewed_by) and sources:, then '---'")], None, None
    # One leading newline so YAML line numbers match the file's (the opening '---' is line 1).
    doc: Document = load_text(path, "\n" + front)
    out = list(doc.diagnostics)
    meta = None
    if not out:
        try:
            meta = PageMeta.model_validate(doc.data if doc.data is not None else {})
        except ValidationError as exc:
            out.extend(diagnostics_from(exc, doc, root_model=PageMeta))
    grade = None
    if meta is not None:
        out.extend(review_rules(meta.review, doc, settings.today, what="page"))
        if meta.audience == "patients" and settings.check_readability:
            score = readability.score(body, getattr(settings, "language", "en"))
            grade = None if score is None else score.value
            if score is not None and score.too_hard(settings.max_grade):
                line = text[: len(text) - len(body)].count("\n") + 1
                out.append(Diagnostic(name, line, 1, Severity.WARNING, score.warning(settings.max_grade)))
    return out, grade, meta


__all__ = ["PageMeta", "check_page", "split_front_matter", "Mark"]
