"""Label text for the chart: wrapped by display width, and the font that can draw it.

**Languages** (issue 15). Chinese and Japanese have no spaces between words, so labels wrap
by display width (:func:`wrap`): a wide character (East Asian Width W or F) counts two
columns, a line holds as many columns as an English one (8 Chinese characters in a box,
about the width of 16 Latin letters) and never more than :data:`CJK_MAX_COLUMNS`,
breaking between characters but never before closing or after opening punctuation. Text
with no wide character wraps exactly as before (``textwrap``), so English DOT and SVG are
unchanged. Those flows name a CJK font (:func:`font_for`: Noto Sans CJK, Debian's
``fonts-noto-cjk``, which ``make site`` installs) before the generic family, so Graphviz
measures and the PDF embeds real glyphs: its text is extractable. Arabic and Hebrew flows
name DejaVu Sans (:data:`RTL_FONTS`) the same way: pango shapes their letters with it.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

FONT = "Helvetica,Arial,sans-serif"
#: A line of wide (CJK) characters is never wider than this many columns (12 characters).
CJK_MAX_COLUMNS = 24
#: Fonts with CJK glyphs (Debian's fonts-noto-cjk), by script or language, named before the
#: generic family so Graphviz measures with them and the PDF embeds them.
CJK_FONTS = {"Hans": "Noto Sans CJK SC", "Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
             "ko": "Noto Sans CJK KR"}
#: Fonts for scripts written right to left, by script (Babel's likely script for the language):
#: DejaVu Sans has Arabic (and Persian, Urdu) and Hebrew letters and is Debian's
#: fonts-dejavu-core, which ``make site`` installs. Named first, like the CJK fonts, so
#: Graphviz measures with it and the PDF embeds it: pango (cairo) shapes Arabic with it,
#: joined letters in right-to-left order.
RTL_FONTS = {"Arab": "DejaVu Sans", "Hebr": "DejaVu Sans"}
#: Punctuation that never starts a line, and that never ends one (CJK line breaking).
_NO_START = set("，。、；：？！）」』》〉】〕…—％,.;:?!)]}'\"")
_NO_END = set("（「『《〈【〔([{")


def columns(text: str) -> int:
    """Display width: East Asian wide and fullwidth characters count two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display columns.

    Text without wide characters wraps as it always has (``textwrap``, words kept whole,
    "Rotationplasty" on an arrow, unless one is absurdly long). Text with them (Chinese,
    Japanese) breaks between characters too, at most :data:`CJK_MAX_COLUMNS` columns a line.
    """
    if all(columns(ch) == 1 for ch in text):
        lines = textwrap.wrap(text, width=width, break_long_words=False)
        if any(len(line) > 2 * width for line in lines):
            lines = textwrap.wrap(text, width=width, break_long_words=True)
        return lines
    width = min(width, CJK_MAX_COLUMNS)
    # Units that are never split: a run of narrow characters (a Latin word, a number), or
    # one wide character; closing punctuation joins the unit before it, opening the one after.
    units: list[str] = []
    pending = ""
    space_before: list[bool] = []
    gap = False
    for part in re.findall(r"\s+|[^\s]", text):
        if part.isspace():
            gap = True
            continue
        wide = columns(part) == 2
        joins_narrow = (not wide and units and not gap and columns(units[-1][-1]) == 1
                        and part not in _NO_END and not pending)
        if part in _NO_START and units and not pending:
            units[-1] += part
        elif joins_narrow:
            units[-1] += part
        elif part in _NO_END:
            pending += part
            continue
        else:
            units.append(pending + part)
            space_before.append(gap)
            pending = ""
        gap = False
    if pending:
        units.append(pending)
        space_before.append(gap)
    # Greedy filling leaves an orphan ("情" alone on the last line): take the narrowest
    # width that needs no more lines than the full width does, so the lines are balanced.
    best = _fill(units, space_before, width)
    for narrower in range(width - 1, 1, -1):
        lines = _fill(units, space_before, narrower)
        if len(lines) > len(best):
            break
        best = lines
    return best


def _fill(units: list[str], space_before: list[bool], width: int) -> list[str]:
    """Greedy line filling of unbreakable units, at most ``width`` columns a line."""
    lines: list[str] = []
    line = ""
    for unit, spaced in zip(units, space_before):
        while columns(unit) > width:  # a long Latin word: cut it
            cut = next(i for i in range(len(unit), 0, -1) if columns(unit[:i]) <= width)
            if line:
                lines.append(line)
                line = ""
            lines.append(unit[:cut])
            unit = unit[cut:]
        candidate = line + (" " if spaced and line else "") + unit
        if not line or columns(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = unit
    if line:
        lines.append(line)
    return lines


def font_for(language: str) -> str:
    """The DOT ``fontname`` for labels in ``language``: a CJK font first for CJK languages,
    an Arabic or Hebrew one for languages written in those scripts."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        loc = Locale.parse(language.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return FONT
    cjk = CJK_FONTS.get(loc.language) or (CJK_FONTS.get(loc.script or "Hans") if loc.language == "zh" else None)
    likely = get_global("likely_subtags").get(loc.language, "").split("_")
    script = loc.script or (likely[1] if len(likely) >= 3 else None)
    font = cjk or RTL_FONTS.get(script or "")
    return f"{font},{FONT}" if font else FONT
