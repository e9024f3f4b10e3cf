"""Reading grade (Flesch-Kincaid) of the prose in a node or a hand-written page.

Only prose is measured: Markdown markers, front matter, abbreviation definitions, link
targets and the source list are removed first. A heading or list item without an end
mark counts as its own sentence, so lists don't read as one endless sentence.
"""

from __future__ import annotations

import functools
import re

MIN_WORDS = 25  # below this, a Flesch-Kincaid grade says little

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_ABBR_DEF = re.compile(r"^\*\[[^\]]+\]:.*$", re.MULTILINE)
_SNIPPET = re.compile(r"^-{2,}8<-{2,}.*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*\w+(?:\s+"([^"]*)")?\s*$', re.MULTILINE)
_MARKERS = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+|>\s?|\|)", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)")
_URL = re.compile(r"https?://\S+")
_HTML = re.compile(r"<[^>]+>")


def prose(markdown_text: str) -> str:
    text = _FRONT_MATTER.sub("", markdown_text.replace("\r\n", "\n"))
    text = _ABBR_DEF.sub("", text)
    text = _SNIPPET.sub("", text)
    text = _ADMONITION.sub(lambda m: (m.group(1) or "") + ".", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    text = _HTML.sub("", text)
    lines = []
    for raw in text.splitlines():
        is_item = bool(_MARKERS.match(raw))
        line = _MARKERS.sub("", raw).replace("|", " ").strip()
        line = _EMPHASIS.sub("", line)
        if not line or set(line) <= set("-: "):
            lines.append("")
            continue
        if is_item and line[-1] not in ".!?:;":
            line += "."
        lines.append(line)
    return "\n".join(lines).strip()


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9’']+", text))


@functools.lru_cache(maxsize=8192)  # `check --grades` asks for each node's grade twice
def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of ``text``'s prose, or None when it is too short to measure."""
    body = prose(text)
    if word_count(body) < MIN_WORDS:
        return None
    import textstat  # loading its pronunciation dictionary takes ~0.8 s: only when grading

    return round(float(textstat.flesch_kincaid_grade(body)), 1)
