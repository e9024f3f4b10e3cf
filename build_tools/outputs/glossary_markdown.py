"""A Python-Markdown extension: glossary meanings on first use only, linked to the glossary.

Python-Markdown's ``abbr`` extension marks *every* use of a defined word, headings, links
and buttons included; a long page ends up with dozens of dotted underlines, and a
``title`` tooltip cannot be opened on a touch screen. After ``abbr`` has run, this
extension (registered in ``mkdocs.yml`` as ``build_tools.outputs.glossary_markdown``) keeps only
the **first** ``<abbr>`` of each meaning on the page that is **not** inside a heading, a
link, a button or a definition term, and turns it into a link to that word's entry on the
glossary page, so a tap or a keypress reaches the meaning. Every other ``<abbr>`` becomes
plain text again.

The link target comes from a reference definition ``[pw-glossary:<form>]: URL`` that
:func:`build_tools.outputs.glossary_marks.annotate` writes next to each ``*[form]: meaning`` line. It is
an ordinary relative ``.md`` link, so MkDocs (or any engine) resolves it like any other.

Pure Python-Markdown: it works with any engine that runs Markdown extensions; it never
imports MkDocs.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

#: Reference ids written by build_tools.outputs.glossary_marks.annotate.
REFERENCE_PREFIX = "pw-glossary:"
_SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "dt", "summary", "label"}


def _skip(el: etree.Element) -> bool:
    return el.tag in _SKIP_TAGS or "md-button" in (el.get("class") or "").split()


class FirstUseTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        seen: set[str] = set()
        refs = getattr(self.md, "references", {})

        def walk(parent: etree.Element, inside_skip: bool) -> None:
            i = 0
            while i < len(parent):
                child = parent[i]
                if child.tag == "abbr":
                    meaning = child.get("title") or ""
                    form = (child.text or "").strip()
                    if inside_skip or meaning in seen:
                        _unwrap(parent, i)
                        continue  # the same index now holds the next element
                    seen.add(meaning)
                    ref = refs.get((REFERENCE_PREFIX + form).lower())
                    if ref is not None:
                        link = etree.Element("a", {"href": ref[0], "class": "pw-term"})
                        link.tail, child.tail = child.tail, None
                        parent.remove(child)
                        link.append(child)
                        parent.insert(i, link)
                else:
                    walk(child, inside_skip or _skip(child))
                i += 1

        walk(root, False)


def _unwrap(parent: etree.Element, index: int) -> None:
    """Replace ``parent[index]`` (an ``<abbr>`` holding only text) by its text."""
    child = parent[index]
    text = (child.text or "") + (child.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    parent.remove(child)


class GlossaryExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        # After abbr (7), before the table of contents (5) and MkDocs' link rewriting (0).
        md.treeprocessors.register(FirstUseTreeprocessor(md), "pathway_glossary", 6.5)


def makeExtension(**kwargs) -> GlossaryExtension:  # noqa: N802 (Python-Markdown's entry point)
    return GlossaryExtension(**kwargs)


# --------------------------------------------------------------------------- the definitions
