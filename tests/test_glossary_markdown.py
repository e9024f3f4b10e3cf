"""build_tools.outputs.glossary_markdown: the first use of a word is marked and linked; no other."""

from __future__ import annotations

import markdown

DEFS = ("\n\n*[implant]: Something put inside the body.\n*[Implant]: Something put inside the body.\n"
        "[pw-glossary:implant]: glossary.md#implant\n[pw-glossary:Implant]: glossary.md#implant\n")


def render(text: str) -> str:
    return markdown.markdown(text + DEFS, extensions=["abbr", "attr_list", "build_tools.glossary_markdown"])


def test_only_the_first_use_is_marked_and_it_links_to_the_glossary():
    html = render("An implant here.\n\nAnother implant there. Implant again.")
    assert html.count("<abbr") == 1
    assert ('<a class="pw-term" href="glossary.md#implant"><abbr title="Something put inside the body.">'
            'implant</abbr></a> here.') in html
    assert "Another implant there. Implant again." in html


def test_never_in_headings_links_or_buttons_and_the_first_use_outside_them_wins():
    html = render("## About the implant\n\n[an implant link](x.md)\n\n"
                  "[implant](y.md){ .md-button }\n\nThe implant itself.")
    assert html.count("<abbr") == 1
    assert "<h2>About the implant</h2>" in html
    assert '<a href="x.md">an implant link</a>' in html
    assert 'The <a class="pw-term" href="glossary.md#implant"><abbr' in html


def test_without_abbr_definitions_nothing_changes():
    text = "Plain text with an implant."
    plain = markdown.markdown(text)
    assert markdown.markdown(text, extensions=["build_tools.glossary_markdown"]) == plain


def test_a_meaning_without_a_glossary_link_stays_a_tooltip():
    html = markdown.markdown("An implant.\n\n*[implant]: Meaning.",
                             extensions=["abbr", "build_tools.glossary_markdown"])
    assert html == '<p>An <abbr title="Meaning.">implant</abbr>.</p>'
