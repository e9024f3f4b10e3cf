"""How hard the prose of a node or a hand-written page is to read, with a formula made for
its language.

| language | formula (textstat) | scale | passes at ``reading_grade: 8`` |
|---|---|---|---|
| en | Flesch-Kincaid grade | US school grade | 8 or below |
| de | Wiener Sachtextformel (1st variant) | school grade (4 easy to 15 hard) | 8 or below |
| es | Fernández-Huerta | ease, 0 hard to 100 easy | 60 or more |
| it | Gulpease | ease, 0 hard to 100 easy | 60 or more |
| fr | Kandel-Moles (Flesch with French constants) | ease | 60 or more |
| nl | Flesch-Douma | ease | 60 or more |

Ease scales are compared with ``100 - 5 x reading_grade`` (60 for grade 8: "normal" text,
ages 13 to 15, on the Fernández-Huerta and Gulpease tables). Any other language, Chinese
among them, is **not graded**: no formula exists here, and an English score would be
meaningless, so ``check --grades`` says "not graded: no formula for zh".

Only prose is measured: Markdown markers, front matter, abbreviation definitions, link
targets and the source list are removed first. A heading or list item without an end
mark counts as its own sentence, so lists don't read as one endless sentence.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

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
    return len(re.findall(r"[^\W_][\w’']*", text))


@dataclass(frozen=True)
class Formula:
    """A readability formula for one language."""

    name: str
    language: str  # textstat's language code
    function: str  # the textstat function
    grade_scale: bool  # True: a school grade (lower is easier); False: an ease score (higher is easier)
    args: tuple = ()

    def limit(self, max_grade: float) -> float:
        return max_grade if self.grade_scale else 100 - 5 * max_grade

    def too_hard(self, score: float, max_grade: float) -> bool:
        return score > self.limit(max_grade) if self.grade_scale else score < self.limit(max_grade)

    def describe_limit(self, max_grade: float) -> str:
        limit = f"{self.limit(max_grade):g}"
        return f"{limit} or below" if self.grade_scale else f"{limit} or more"


FORMULAS: dict[str, Formula] = {
    "en": Formula("Flesch-Kincaid grade", "en", "flesch_kincaid_grade", True),
    "de": Formula("Wiener Sachtextformel", "de", "wiener_sachtextformel", True, (1,)),
    "es": Formula("Fernández-Huerta", "es", "fernandez_huerta", False),
    "it": Formula("Gulpease", "it", "gulpease_index", False),
    "fr": Formula("Kandel-Moles", "fr", "flesch_reading_ease", False),
    "nl": Formula("Flesch-Douma", "nl", "flesch_reading_ease", False),
}


def formula_for(language: str) -> Formula | None:
    """The formula for a BCP 47 language tag (``en-GB`` uses ``en``), or None."""
    return FORMULAS.get(language.split("-")[0].lower())


@dataclass(frozen=True)
class Score:
    formula: Formula
    value: float

    def too_hard(self, max_grade: float) -> bool:
        return self.formula.too_hard(self.value, max_grade)

    def __str__(self) -> str:
        return f"{self.formula.name} {self.value:.1f}"

    def warning(self, max_grade: float) -> str:
        """The check message when :meth:`too_hard` (one wording for every language)."""
        f = self.formula
        if f.grade_scale:
            return (f"reading grade {self.value:.1f} ({f.name}) is above {f.limit(max_grade):g}: "
                    "use shorter sentences and simpler words")
        return (f"reading ease {self.value:.1f} ({f.name}) is below {f.limit(max_grade):g}: "
                "use shorter sentences and simpler words")


def not_graded(language: str) -> str:
    """Why a text in ``language`` gets no score."""
    return f"not graded: no formula for {language}"


@functools.lru_cache(maxsize=8192)
def score(text: str, language: str = "en") -> Score | None:
    """The score of ``text``'s prose with its language's formula; None when the text is too
    short to measure or the language has no formula (see :func:`formula_for`)."""
    formula = formula_for(language)
    if formula is None:
        return None
    body = prose(text)
    if word_count(body) < MIN_WORDS:
        return None
    import textstat  # loading its pronunciation dictionary takes ~0.8 s: only when grading

    textstat.set_lang(formula.language)
    try:
        value = getattr(textstat, formula.function)(body, *formula.args)
    finally:
        textstat.set_lang("en_US")
    return Score(formula, round(float(value), 1))


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade of English ``text``'s prose, or None when it is too short."""
    result = score(text, "en")
    return None if result is None else result.value
