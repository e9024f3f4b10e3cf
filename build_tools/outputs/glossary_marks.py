"""Glossary meanings written into a page's Markdown, for the first-use extension to mark.

:func:`annotate` appends, for every (not everyday) word a page uses, a Python-Markdown
``abbr`` definition (the tooltip) and a reference definition to the word's glossary entry.
:mod:`build_tools.outputs.glossary_markdown`, the Markdown extension, then keeps only the
first use of each meaning and links it. The two are apart so that the extension, which
other engines import, needs nothing but Python-Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from build_tools.core.ids import relative
from build_tools.outputs.glossary_markdown import REFERENCE_PREFIX
from build_tools.source.glossary import Meaning, _pattern, forms


def annotate(markdown: str, meanings: Iterable[Meaning], *, page: str,
             glossary_page: str = "glossary.md") -> str:
    """``markdown`` with the meaning of each (not everyday) word it uses.

    For each form found: an ``abbr`` definition (the tooltip) and a reference definition
    ``[pw-glossary:<form>]`` to the word's glossary entry, which
    :mod:`build_tools.outputs.glossary_markdown` uses to link the first use. ``page`` is the
    docs path of the page, for the relative link.
    """

    lines = []
    target = relative(page, glossary_page)
    body = _strip_code(markdown)
    for m in meanings:
        if m.term.everyday:
            continue
        meaning = " ".join(m.term.definition.split())
        for form in forms(m.term):
            if _pattern(form).search(body):
                lines.append(f"*[{form}]: {meaning}")
                lines.append(f"[{REFERENCE_PREFIX}{form}]: {target}#{m.anchor}")
    if not lines:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"


_CODE = re.compile(r"^(```|~~~).*?^\1|`[^`\n]*`", re.MULTILINE | re.DOTALL)
_FRONT = re.compile(r"\A---\n.*?^---$", re.MULTILINE | re.DOTALL)


def _strip_code(markdown: str) -> str:
    return _CODE.sub(" ", _FRONT.sub(" ", markdown))
