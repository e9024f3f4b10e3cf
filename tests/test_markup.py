"""build_tools.core.markup: what flow text may hold, how it is made safe, and where check warns.

One policy for every output: text from YAML reaches the site pages through ``block`` /
``inline`` (then the site's own Markdown, with every extension in mkdocs.yml) and the
questionnaire through ``html_block`` / ``html_inline`` (core Markdown). The same text must
show the same words in both, and only the allowed markup (paragraphs, emphasis, lists,
``##`` headings) may become structure.
"""

from __future__ import annotations

import html
import html.parser
import re

import pytest
import yaml
from conftest import ROOT
from support.site_markdown import site_markdown

from build_tools.core import markup
from build_tools.source.config import MkDocsYamlLoader


SITE = site_markdown()


class _Html(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(fragment: str) -> _Html:
    p = _Html()
    p.feed(fragment)
    p.close()
    return p


def on_site(text: str) -> str:
    """The HTML a flow's body becomes on a site page."""
    return SITE.reset().convert(str(markup.block(text)))


def in_questionnaire(text: str) -> str:
    """The HTML a flow's body becomes in the questionnaire."""
    return str(markup.html_block(text))


def words(fragment: str) -> str:
    return " ".join("".join(parsed(fragment).text).split())


def tags(fragment: str) -> list[str]:
    return [t for t, _ in parsed(fragment).tags]


# --------------------------------------------------------------------------- headings (M2)


@pytest.mark.parametrize("text", ["# Not a top heading\n\nText.", "  # Indented\n\nText.",
                                  "Intro.\n\n# Second\n\nMore."])
def test_hash_heading_becomes_level_two(text):
    out = str(markup.block(text))
    assert not re.search(r"^ {0,3}#(?!#)", out, re.M), out
    for rendered in (on_site(text), in_questionnaire(text)):
        assert "h1" not in tags(rendered), rendered
        assert "h2" in tags(rendered), rendered


@pytest.mark.parametrize("underline", ["=", "===", "======  "])
def test_setext_heading_becomes_level_two(underline):
    text = f"A heading\n{underline}\n\nText."
    out = str(markup.block(text))
    assert "=" not in out
    for rendered in (on_site(text), in_questionnaire(text)):
        assert "h1" not in tags(rendered) and "h2" in tags(rendered), rendered
        assert words(rendered) == "A heading Text."


def test_level_two_headings_are_kept_and_a_hash_without_space_is_demoted_too():
    assert str(markup.block("## Sub\n\nText")) == "## Sub\n\nText"
    # Python-Markdown needs no space after '#': "#hashtag" is a heading there.
    assert str(markup.block("#hashtag")) == "##hashtag"
    assert "h1" not in tags(on_site("#hashtag"))
    assert str(markup.block("a line\n\n=")) == "a line\n\n="  # no text above: not a heading


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("char", list("&<>[]{}`\\|"))
def test_block_turns_markup_characters_into_references(char):
    out = str(markup.block(f"a {char} b"))
    assert out == f"a &#{ord(char)}; b"


def test_block_keeps_allowed_markdown():
    text = "Para with **bold** and *italic*.\n\n- one\n- two\n\nThen:\n\n1. first\n2. second\n\n## Sub"
    assert str(markup.block(text)) == text
    for rendered in (on_site(text), in_questionnaire(text)):
        assert {"p", "strong", "em", "ul", "ol", "li", "h2"} <= set(tags(rendered)), rendered


def test_inline_neutralises_every_marker():
    out = str(markup.inline("**b** _i_ # h | t ~ ^ = ! : <x> [l](u)"))
    assert not re.search(r"[*_#|~^=!:<>\[\]()]".replace("()", ""), out.replace("&#", "")), out
    assert html.unescape(out) == "**b** _i_ # h | t ~ ^ = ! : <x> [l](u)"


@pytest.mark.parametrize("text,first", [("1. Biopsy", "&#49;. Biopsy"), ("- note", "&#45; note"),
                                        ("+ plus", "&#43; plus"), ("> quote", "&#62; quote")])
def test_inline_neutralises_a_leading_list_or_quote_marker(text, first):
    out = str(markup.inline(text))
    assert out == first
    rendered = SITE.reset().convert(out)
    assert tags(rendered) == ["p"]
    assert words(rendered) == text


def test_inline_folds_lines_and_spaces():
    assert str(markup.inline("two\n  lines\tand tab")) == "two lines and tab"


def test_html_block_and_inline_escape_html():
    assert "<script>" not in in_questionnaire("<script>alert(1)</script>")
    assert str(markup.html_inline('a "q" <b>')) == "a &quot;q&quot; &lt;b&gt;"


def test_clean_normalises_line_ends_and_control_characters():
    assert markup.clean("a\r\nb\rc\x00d\x1be\x7ff\tg") == "a\nb\nc\ufffdd\ufffde\ufffdf\tg"
    assert markup.clean("keep\nnewlines") == "keep\nnewlines"


# --------------------------------------------------------------------------- attribute (front matter)


@pytest.mark.parametrize("payload", ['"><b onclick="alert(1)">x', "' onmouseover='alert(1)",
                                     "</title><script>alert(1)</script>", "a & b"])
def test_attribute_cannot_start_a_tag_or_end_an_attribute(payload):
    out = markup.attribute(payload)
    assert not set(out) & set("<>\"'"), out
    assert html.unescape(out) == payload
    # As Material prints it: inside content="…" it stays one attribute of one element.
    p = parsed(f'<meta name="description" content="{out}"><title>{out}</title>')
    assert [t for t, _ in p.tags] == ["meta", "title"]
    assert p.tags[0][1] == {"name": "description", "content": payload}


def test_attribute_folds_spaces_replaces_controls_and_cuts_before_escaping():
    assert markup.attribute("  a\n\n b\x00 ") == "a b\ufffd"
    long = "&" * 400
    out = markup.attribute(long, limit=300)
    assert out == "&amp;" * 300  # cut by characters shown, never inside a reference
    assert markup.attribute("x" * 400) == "x" * 400


# --------------------------------------------------------------------------- one policy (site = questionnaire)

#: Markup the site's extensions know but the questionnaire's core Markdown does not:
#: (extension, text, (tag, class) the raw text becomes on the site[, words shown]).
SITE_ONLY_CASES = {
    "admonition": ("admonition", '!!! warning "Careful"\n    This is a box.', ("div", "admonition")),
    "details": ("pymdownx.details", "??? note \"More\"\n    Hidden text.", ("details", None)),
    "details-open": ("pymdownx.details", "???+ note\n    Open box.", ("details", None)),
    "table": ("tables", "| a | b |\n|---|---|\n| 1 | 2 |", ("table", None)),
    "table-no-outer-pipes": ("tables", "a | b\n--- | ---\n1 | 2", ("table", None)),
    "definition-list": ("def_list", "Term\n: The definition.", ("dl", None)),
    "definition-in-list": ("def_list", "- Term\n\n    : The definition.", ("dl", None),
                           "Term : The definition."),
    "attribute-list": ("attr_list", "Text\n{: .evil onclick=\"x\" }", ("p", "evil")),
    "abbreviation": ("abbr", "The HTML word.\n\n*[HTML]: hijacked", ("abbr", None)),
    "snippet": ("pymdownx.snippets", '--8<-- "index.md"', (None, None)),  # replaced by the file
    "raw-html-block": ("md_in_html", '<div markdown="1" onclick="x">\n*hi*\n</div>', ("div", None)),
}
#: Site extensions that give flow text no structure of its own, and why.
NO_STRUCTURE = {
    "toc": "adds ids to the ## headings the policy allows",
    "build_tools.glossary_markdown": "explains glossary words on first use; the words stay as typed",
}


def site_extensions() -> list[str]:
    data = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=MkDocsYamlLoader)
    return [next(iter(e)) if isinstance(e, dict) else e for e in data["markdown_extensions"]]


SITE_ONLY = {name: case[1:] for name, case in SITE_ONLY_CASES.items() if case[0] in site_extensions()}


def test_every_site_extension_is_covered_by_the_policy():
    """A new Markdown extension in mkdocs.yml needs a decision: a case above (shown as typed
    on both outputs) or a reason it gives flow text no structure."""
    covered = {case[0] for case in SITE_ONLY_CASES.values()} | set(NO_STRUCTURE)
    assert set(site_extensions()) <= covered, set(site_extensions()) - covered
    assert len(SITE_ONLY) >= 5


@pytest.mark.parametrize("name", sorted(SITE_ONLY))
def test_site_only_markup_is_literal_on_both_outputs(name):
    text, (tag, cls), *shown = SITE_ONLY[name]
    # The raw text through the site's Markdown does make that structure (the test can fail) ...
    raw = parsed(SITE.reset().convert(text))
    if tag is None:
        assert "8<" not in "".join(raw.text), name
    else:
        assert any(t == tag and (cls is None or cls in (a.get("class") or "")) for t, a in raw.tags), name
    # ... but through markup it is shown as typed, on the site and in the questionnaire alike.
    site, questionnaire = on_site(text), in_questionnaire(text)
    for rendered in (site, questionnaire):
        assert set(tags(rendered)) <= {"p", "ul", "li", "em"}, (name, rendered)
        for _, attrs in parsed(rendered).tags:
            assert not attrs, (name, rendered)
    expected = shown[0] if shown else " ".join(text.split())
    if tag == "div" and cls is None:  # the *emphasis* inside is allowed markup
        expected = expected.replace("*", "")
    assert words(site) == words(questionnaire) == expected, name


def test_allowed_markup_is_the_same_structure_on_both_outputs():
    text = "Intro with **bold**.\n\n## Sub\n\n- a\n- *b*\n\n1. one\n2. two"
    assert tags(on_site(text)) == tags(in_questionnaire(text))
    assert words(on_site(text)) == words(in_questionnaire(text))


# --------------------------------------------------------------------------- check's warnings (M7)

#: One sample per kind of finding: (text, line offset, column, start of the message).
FINDINGS = {
    "raw-html": ("Hello <b>x</b>", 0, 6, "raw HTML ('<b>')"),
    "image": ("See ![pic](http://x/p.png)", 0, 4, "images ('![pic](http://x/p.png)')"),
    "link": ("A [link](https://x.org) here", 0, 2, "links ('[link](https://x.org)')"),
    "link-definition": ("Text\n[ref]: https://x.org", 1, 0, "link definitions ('[ref]: https://x.org')"),
    "attribute-list": ("Text\n{: .evil }", 1, 0, "attribute lists ('{: .evil }')"),
    "code": ("Run `rm -rf` now", 0, 4, "code ('`rm -rf`')"),
    "character-reference": ("Fish &amp; chips", 0, 5, "character references ('&amp;')"),
    "hash-heading": ("Intro\n# Top", 1, 0, "a '# ' heading is turned into a '## ' heading"),
    "setext-heading": ("A heading\n===", 1, 0, "a line of '=' under text is turned into a '## ' heading"),
    "admonition": ('!!! note "x"\n    body', 0, 0, "boxes ('!!! note \"x\"')"),
    "details": ("Text\n\n??? tip\n    body", 2, 0, "boxes ('??? tip')"),
    "table": ("Text\n\n| a | b |\n|---|---|", 2, 0, "tables ('| a | b |')"),
    "table-separator": ("a | b\n--- | ---", 1, 0, "tables ('--- | ---')"),
    "definition-list": ("Term\n: the meaning", 1, 0, "definition lists (': the meaning')"),
    "control-character": ("bell\x07here", 0, 4, "an invisible control character (U+0007)"),
}


@pytest.mark.parametrize("name", sorted(FINDINGS))
def test_each_kind_of_markup_is_reported_at_its_line_and_column(name):
    text, line, col, start = FINDINGS[name]
    found = markup.policy_findings(text)
    assert any((fl, fc) == (line, col) and m.startswith(start) for fl, fc, m in found), found
    assert all(fl >= line for fl, _, _ in found), found  # nothing is reported before it


@pytest.mark.parametrize("text", [
    "Plain text with **bold**, *italic* and a list:\n\n- one\n- two\n\n## Sub-heading\n\n1. first",
    "A question? Yes! Really!! What?? Note: this is fine. a=b, 3 > 2 is not here.".replace(">", "over"),
    "Line one\n\n---\n\nA rule is fine.", "Costs £5 | or not", "## Sub", "Text with # inside",
])
def test_allowed_text_gives_no_findings(text):
    assert markup.policy_findings(text) == []


def test_each_kind_is_reported_once_per_line():
    found = markup.policy_findings("<b>a</b> <i>b</i>\n<u>c</u>")
    assert [(line, col) for line, col, _ in found] == [(0, 0), (1, 0)]


def test_long_matches_are_shortened_in_the_message():
    (_, _, message), = markup.policy_findings("<" + "a" * 80 + ">")
    assert "…" in message and len(message) < 140


def test_one_line_folds_every_run_of_whitespace_and_replaces_control_characters():
    assert markup.one_line("  two\nlines\r\nand\ttab  ") == "two lines and tab"
    assert markup.one_line("bell\x07 here") == "bell\ufffd here"
    # The one normaliser: the escaping functions show exactly this text, escaped.
    text = "A  <b>\n title\x00"
    assert markup.html_inline(text) == html.escape(markup.one_line(text), quote=True)
    assert markup.attribute(text) == html.escape(markup.one_line(text), quote=True)


def test_same_words_folds_case_and_spacing_only():
    assert markup.same_words("Not  Sure\n") == markup.same_words("not sure") == "not sure"
    assert markup.same_words("Straße") == markup.same_words("STRASSE")
    assert markup.same_words("not-sure") != markup.same_words("not sure")
