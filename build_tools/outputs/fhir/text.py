"""Every text of the FHIR resource as plain text, in the flow's language.

All text is plain: titles and labels exactly as typed (whitespace folded, control
characters replaced, as everywhere: :func:`build_tools.core.markup.one_line`); bodies go
through the project's one Markdown path (:func:`build_tools.core.markup.html_block`) and
lose their markup (emphasis, heading marks), keeping paragraphs and ``-`` / ``1.`` list
items. A node's own ``ask`` list follows its body under "Questions to ask your care team:".
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from build_tools.core import i18n, markup
from build_tools.core.markup import one_line
from build_tools.source.model import Flow


def description(flow: Flow) -> str:
    """The summary, the review and the sources; fixed words in the flow's language (:mod:`build_tools.core.i18n`)."""
    _ = i18n.gettext(flow.language)
    review = flow.review
    summary = prose(flow.summary)
    lines = [summary, ""] if summary else []
    lines += [_("Last reviewed: %(reviewed)s. Next review due: %(next)s. Reviewed by: %(name)s.",
                reviewed=review.last_reviewed.isoformat(), next=review.next_review.isoformat(),
                name=one_line(review.reviewed_by)), "", _("Sources:")]
    lines += [f"- {one_line(s.title)}. {one_line(s.publisher)}, {s.year}. {s.url}" for s in flow.sources]
    return "\n".join(lines)


def prose(body: str | None, ask: list[str] | None = None, language: str = "en") -> str:
    """A Markdown body as plain text, then an optional list of questions for the care team."""
    _ = i18n.gettext(language)
    parts = [_markdown_to_plain(body)] if body else []
    if ask:
        parts.append(_("Questions to ask your care team:") + "\n" + "\n".join(f"- {one_line(q)}" for q in ask))
    return "\n\n".join(p for p in parts if p)


# Separators inside the converter's buffer. ``markup.clean`` has already replaced every
# control character of the source text, so these cannot occur in it.
_PARA, _LINE, _INDENT = "\x00", "\x01", "\x02"
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr"}


class _PlainText(HTMLParser):
    """Core-Markdown HTML (from :func:`markup.html_block`) to plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buf: list[str] = []
        self.lists: list[list] = []  # [ordered, items so far]
        self.prefix = ""

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.buf.append(_PARA)
        elif tag in ("ul", "ol"):
            self.buf.append(_LINE if self.lists else _PARA)
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self.buf.append(_LINE)
            current = self.lists[-1] if self.lists else [False, 0]
            current[1] += 1
            self.prefix = _INDENT * (len(self.lists) - 1) + (f"{current[1]}. " if current[0] else "- ")
        elif tag == "br":
            self.buf.append(_LINE)

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.buf.append(_PARA)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.buf.append(_LINE if self.lists else _PARA)
        elif tag == "li":
            self.buf.append(_LINE)

    def handle_data(self, data):
        if self.prefix and data.strip():
            self.buf.append(self.prefix)
            self.prefix = ""
            data = data.lstrip()
        self.buf.append(data)

    def text(self) -> str:
        joined = re.sub(r"\s+", " ", "".join(self.buf))  # the separators are not \s
        out = ""
        gap = ""
        for piece in re.split(f"([{_PARA}{_LINE}]+)", joined):
            if piece and set(piece) <= {_PARA, _LINE}:
                gap = "\n\n" if _PARA in piece else (gap or "\n")
                continue
            piece = piece.strip()
            if piece:
                out += (gap if out else "") + piece
                gap = ""
        return out.replace(_INDENT, "  ")


def _markdown_to_plain(text: str) -> str:
    parser = _PlainText()
    parser.feed(str(markup.html_block(text)))
    parser.close()
    return parser.text()
