"""What a text field from YAML may hold, and the one place it is made safe for output.

Policy (also in the editors' guide):

* Flow text is **plain text with simple Markdown**: paragraphs, ``*italic*``, ``**bold**``,
  bullet and numbered lists, and ``##`` sub-headings in a ``body`` or ``why``.
* **No raw HTML, no links, no images, no attribute lists, no code.** The characters that
  would start them (``< > & [ ] { } ` \\``) are turned into character references, so they
  are shown exactly as typed and can never become markup. ``check`` warns where text
  contains them, so an editor knows the text will be shown literally.
* **No boxes, tables or definition lists** (``!!! note``, ``??? note``, ``| a | b |``,
  ``: definition``). The site's Markdown knows them but the questionnaire's does not, so
  they are neutralised for both: every output shows them as typed, and ``check`` warns at
  their line.
* A ``# heading`` or a line of ``===`` under text becomes a ``##`` heading: the page title
  is the only top heading.
* Control characters (other than newlines) are replaced by U+FFFD.

Every renderer gets YAML text through these functions, never directly: ``block`` and
``inline`` for generated Markdown, ``html_block`` and ``html_inline`` for HTML output,
``attribute`` for front matter that a theme prints into HTML unescaped, and ``one_line``
for plain text that another format escapes (DOT, SVG, FHIR JSON).
Jinja's autoescape is the second wall: text printed without a filter is HTML-escaped.
"""

from __future__ import annotations

import html
import re

import markdown as _markdown
from markupsafe import Markup

# Characters that start HTML, links, images, attribute lists, code or escapes in Markdown.
# "|" starts a table (site pages only), so it is shown as typed everywhere.
_BLOCK_ESCAPES = {c: f"&#{ord(c)};" for c in "&<>[]{}`\\|"}
# Inline text (titles, labels) also loses emphasis, headings, tables and other markers.
_INLINE_ESCAPES = {**_BLOCK_ESCAPES, **{c: f"&#{ord(c)};" for c in "*_#|~^=!:"}}
_LEADING_MARKER = re.compile(r"^([-+>]|\d+)([.)]?)")
_BLOCK_TABLE = str.maketrans(_BLOCK_ESCAPES)
_INLINE_TABLE = str.maketrans(_INLINE_ESCAPES)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_H1 = re.compile(r"^ {0,3}#(?!#)", re.MULTILINE)
_SETEXT_H1 = re.compile(r"(^[^\n]*\S[^\n]*\n {0,3})(=+)[ \t]*$", re.MULTILINE)
# "!!!" and "???" open admonitions and collapsible boxes on the site (not in the questionnaire).
_BOX = re.compile(r"([!?])(?=\1\1)")
# ": text" at the start of a line (after any indent or list markers) is a definition list.
_DEFINITION = re.compile(r"^([ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)*):", re.MULTILINE)


def clean(text: str) -> str:
    """Normalise line endings and replace control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("\ufffd", text)


def one_line(text: str) -> str:
    """One-line text from YAML (a title, a label) as plain text: control characters replaced
    and every run of whitespace, newlines included, folded to one space. The one normaliser:
    every output shows such text exactly as this returns it, before its own escaping."""
    return " ".join(clean(text).split())


def same_words(text: str) -> str:
    """The key under which two texts count as the same words: case and spacing folded
    (two answers of a question, two questions for the care team, two glossary terms)."""
    return " ".join(text.casefold().split())


def block(text: str) -> Markup:
    """Multi-line Markdown from YAML, neutralised for a Markdown page."""
    out = clean(text).translate(_BLOCK_TABLE)
    # A level-one heading inside a body would compete with the page title: "# x" and a
    # line of "===" under text (the other way to write one) become level-two headings.
    out = _H1.sub("##", out)
    out = _SETEXT_H1.sub(lambda m: m.group(1) + "-" * len(m.group(2)), out)
    # Boxes and definition lists: one character of each marker becomes a reference.
    out = _BOX.sub(lambda m: f"&#{ord(m.group(1))};", out)
    out = _DEFINITION.sub(r"\1&#58;", out)
    return Markup(out.strip("\n"))


def inline(text: str) -> Markup:
    """One-line text from YAML (title, label), with every Markdown marker neutralised."""
    out = one_line(text).translate(_INLINE_TABLE)
    # "1. Biopsy" or "- note" at the start of a line would become a list item.
    out = _LEADING_MARKER.sub(lambda m: f"&#{ord(m.group(0)[0])};" + m.group(0)[1:], out)
    return Markup(out)


_CORE_MARKDOWN = _markdown.Markdown(extensions=[], output_format="html")


def html_block(text: str) -> Markup:
    """Multi-line Markdown from YAML as an HTML fragment (core Markdown only, no extensions)."""
    return Markup(_CORE_MARKDOWN.reset().convert(str(block(text))))


def html_inline(text: str) -> Markup:
    """One-line text from YAML as escaped HTML."""
    return Markup(html.escape(one_line(text), quote=True))


def attribute(text: str, limit: int | None = None) -> str:
    """One-line text for front matter that a theme prints into HTML without escaping it
    (Material's ``<title>`` and ``<meta name="description" content="…">``): spaces folded,
    cut to ``limit`` characters, then HTML-escaped, quotes included, so it can neither
    start a tag nor end an attribute."""
    out = one_line(text)
    if limit is not None:
        out = out[:limit]
    return html.escape(out, quote=True)


_FINDINGS = [
    (re.compile(r"<[A-Za-z!/?][^>\n]*>?"), "raw HTML ({match}) is not allowed in flow text and will be shown as typed"),
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), "images ({match}) are not allowed in flow text and will be shown as typed"),
    (re.compile(r"\[[^\]\n]*\]\([^)\n]*\)"), "links ({match}) are not allowed in flow text and will be shown as typed; put the address in 'sources'"),
    (re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S+", re.MULTILINE), "link definitions ({match}) are not allowed in flow text and will be shown as typed"),
    (re.compile(r"\{[:#.][^}\n]*\}?"), "attribute lists ({match}) are not allowed in flow text and will be shown as typed"),
    (re.compile(r"`[^`\n]*`?"), "code ({match}) is not allowed in flow text and will be shown as typed"),
    (re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);"), "character references ({match}) are shown as typed, not as the character they name"),
    (re.compile(r"^ {0,3}#(?!#)", re.MULTILINE), "a '# ' heading is turned into a '## ' heading: the page title is the only top heading"),
    (re.compile(r"(?<=\S\n) {0,3}=+[ \t]*$", re.MULTILINE), "a line of '=' under text is turned into a '## ' heading: the page title is the only top heading"),
    (re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)*(?:!!!|\?\?\?)\+?[^\n]*", re.MULTILINE), "boxes ({match}) are not allowed in flow text and will be shown as typed"),
    (re.compile(r"^[ \t]*\|[^\n]*\|[ \t]*$|^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.MULTILINE), "tables ({match}) are not allowed in flow text and will be shown as typed"),
    (re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)*:[ \t]+\S[^\n]*", re.MULTILINE), "definition lists ({match}) are not allowed in flow text and will be shown as typed"),
]


def policy_findings(text: str) -> list[tuple[int, int, str]]:
    """Markup the policy does not allow: (line offset, column, message), first per kind and line."""
    found: list[tuple[int, int, str]] = []
    seen: set[tuple[int, str]] = set()
    for pattern, template in _FINDINGS:
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start())
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1)
            if (line, template) in seen:
                continue
            seen.add((line, template))
            snippet = m.group(0).strip()
            snippet = snippet if len(snippet) <= 30 else snippet[:29] + "…"
            found.append((line, col, template.format(match=f"'{snippet}'")))
    if _CONTROL.search(text.replace("\r", "")):
        m = _CONTROL.search(text.replace("\r", ""))
        assert m is not None
        line = text.count("\n", 0, m.start())
        found.append((line, m.start() - (text.rfind("\n", 0, m.start()) + 1),
                      f"an invisible control character (U+{ord(m.group()):04X}) will be shown as '\ufffd'"))
    return sorted(found)
