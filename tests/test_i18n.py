"""Languages (issue 15, parts 1 and 6; issue 20, item 5): message catalogues, CJK and
right-to-left diagrams.

* Every reader-facing literal in a template goes through the catalogue: a template's
  literal text (Jinja ``TemplateData`` outside ``{% trans %}``/``_()``) may hold only
  markup, never words (:func:`untranslated`).
* ``pathway.pot`` is what the sources (and mkdocs.yml's reader's words) say today, and every
  catalogue (Arabic, German, Spanish, French, Polish, Portuguese, Simplified Chinese)
  translates every msgid, not fuzzy, with the same placeholders and the language's number
  of plural forms; each says it is not yet reviewed by a native-speaking clinician.
* With each catalogue, a questionnaire and the flow pages show no English interface word.
* A small Simplified Chinese flow (tests/fixtures/i18n/zh-hans-demo.yml) rendered through
  the real pipeline, diagrams included, shows no English interface word; its dates are
  Chinese; no diagram label line is wider than 24 columns; the PDF's text holds every node
  title (real glyphs, not outlines).
* The Arabic and Spanish fixture flows (tests/fixtures/editions) the same way; the Arabic
  questionnaire says ``dir="rtl"``; the Arabic chart starts at the top right, and its PDF
  embeds DejaVu Sans with shaped Arabic (contextual forms and the lam-alef ligature) whose
  text pdftotext reads back in logical order.
* English output staying byte-identical is checked by the golden files (tests/golden).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from babel.messages.pofile import read_po
from jinja2 import nodes

from build_tools.core import i18n
from build_tools.site import pipeline
from build_tools.outputs import render_pages, templating
from build_tools.outputs.diagram.labels import columns
from build_tools.outputs.questionnaire import page as questionnaire_page
from build_tools.source import catalogue_check, readability, site_words
from build_tools.source.config import Config
from build_tools.source.loader import load_text
from build_tools.source.model import Flow

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "build_tools" / "templates"
FOOTER = ROOT / "site_overrides" / "partials" / "pathway-page-footer.html"
NOT_FOUND = ROOT / "site_overrides" / "404.html"
ZH_FLOW = ROOT / "tests" / "fixtures" / "i18n" / "zh-hans-demo.yml"
EDITIONS = ROOT / "tests" / "fixtures" / "editions" / "flows"
AR_FLOW = EDITIONS / "ar" / "before-surgery.yml"
ES_FLOW = EDITIONS / "es" / "before-surgery.yml"
#: Every catalogue but English (the msgids), found by looking, as Pathway finds them.
CATALOGUES = [c for c in i18n.available() if c != i18n.SOURCE_LANGUAGE]
#: The languages issue 20 asks for, beside Simplified Chinese.
REQUIRED = {"ar", "de", "es", "fr", "pl", "pt", "zh_Hans"}

#: Templates that are not read by patients: the questionnaire's stylesheet, and the starter
#: flow that ``build_tools new`` writes for editors to overwrite.
NOT_READER_FACING = {"questionnaire.css.jinja", "new-flow.yml.jinja"}
#: Words allowed in a template's literal text: Markdown syntax that is not prose.
#: (HTML tags, attribute lists ``{ .x }``, link targets and code are removed first.)
ALLOWED_WORDS = {
    "hide", "navigation", "toc",  # front matter: Material hides its sidebars
    "info",  # admonition type: !!! info "..."
}

#: English interface words that must not appear in a Chinese flow's outputs.
ENGLISH_WORDS = [
    "Question", "Why we ask", "Back", "Start again", "Continue", "Your answer", "What came before",
    "Page last reviewed", "Last reviewed", "Next review", "Step", "End point", "Sources", "Flowchart",
    "Result", "Change", "What this means", "What next", "What comes next", "See this on the flowchart",
    "Download", "Answer", "Then go to", "Start here", "item", "If you answer", "Read the full guide",
    "Reviewed by", "care team", "questionnaire", "Important", "Choose an answer", "You are here",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]


# --------------------------------------------------------------------------- templates

def _parse_env() -> jinja2.Environment:
    return jinja2.Environment(extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def untranslated(source: str) -> list[str]:
    """Words in a template's literal text (outside ``{% trans %}`` and ``_()``).

    The literal pieces are joined with ``X`` where an expression was, so a tag split by
    ``{{ ... }}`` is still one tag; then HTML tags, code, link targets and attribute lists
    are removed, and what is left must be markup only.
    """
    tree = _parse_env().parse(source)
    text = "X".join(node.data for node in tree.find_all(nodes.TemplateData))
    text = re.sub(r"```.*?```", " ", text, flags=re.S)   # fenced code: HTML/CSS to copy
    text = re.sub(r"`[^`]*`", " ", text)                  # inline code
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^<>]*>", " ", text)                 # tags and their attributes
    text = re.sub(r"\]\([^)]*\)", "] ", text)             # link targets
    text = re.sub(r"\{[^{}]*\}", " ", text)               # attribute lists { .pw-context }
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return [w for w in re.findall(r"[^\W\d_]+", text) if w != "X" and w not in ALLOWED_WORDS]


def reader_templates() -> list[Path]:
    return [p for p in sorted(TEMPLATES.glob("*.jinja")) if p.name not in NOT_READER_FACING] + [FOOTER, NOT_FOUND]


@pytest.mark.parametrize("path", reader_templates(), ids=lambda p: p.name)
def test_templates_have_no_untranslated_literal(path):
    words = untranslated(path.read_text(encoding="utf-8"))
    assert not words, f"{path.name}: put these words in {{{{ _(...) }}}}: {words}"


def test_the_literal_check_finds_a_word():
    """The check above is not vacuous: a literal word fails it, a translated one passes."""
    assert untranslated('<p class="n">Question</p>') == ["Question"]
    assert untranslated('<p class="n">{{ _("Question") }}</p>') == []
    assert untranslated("## Your answer\n\n[{{ _('Back') }}]({{ link(x) }})") == ["Your", "answer"]
    assert untranslated('<a href="#{{ x }}" class="v">{% trans %}Back{% endtrans %}</a>') == []


# --------------------------------------------------------------------------- catalogues

def _po(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=i18n.DOMAIN)


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)s|%%", text))


def test_pot_is_up_to_date_with_the_sources():
    extracted = {m.id for m in i18n.extract(site_words.messages(ROOT / "mkdocs.yml")) if m.id}
    committed = {m.id for m in _po(i18n.POT_FILE) if m.id}
    assert extracted == committed, ("run `make messages`: "
                                    f"new {sorted(extracted - committed, key=repr)}, "
                                    f"gone {sorted(committed - extracted, key=repr)}")
    # mkdocs.yml's words are msgids too: the copyright line, the light/dark switch, the 404
    for word in ("Switch to dark mode", "Pathways", "Page not found",
                 "Pathway editorial team. General information only; it does not replace advice "
                 "from your care team."):
        assert word in committed


def test_every_required_language_has_a_catalogue():
    assert REQUIRED <= set(CATALOGUES)


@pytest.mark.parametrize("locale", CATALOGUES)
def test_catalogue_translates_every_msgid(locale):
    """Every msgid, not fuzzy, the same placeholders, every plural form the language has."""
    from babel.messages.catalog import Catalog

    pot = [m for m in _po(i18n.POT_FILE) if m.id]
    po = _po(i18n.po_path(locale), locale)
    assert "has NOT yet been reviewed by a native-speaking clinician" in " ".join(
        (po.header_comment or "").replace("#", " ").split())
    forms = Catalog(locale=locale).num_plurals  # CLDR's, through Babel: pl 3, ar 6, zh 1
    assert po.num_plurals == forms, f"Plural-Forms says {po.num_plurals}, {locale} has {forms}"
    problems = []
    for m in pot:
        t = po.get(m.id)
        if t is None or not i18n.translated(t):
            problems.append(f"untranslated: {m.id!r}")
        elif t.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        elif isinstance(m.id, tuple):
            if len(t.string) != forms:
                problems.append(f"{len(t.string)} plural forms, not {forms}: {m.id!r}")
            for form in t.string:
                if set(_placeholders(form)) - set(_placeholders(m.id[1])):
                    problems.append(f"placeholders differ: {m.id!r} -> {form!r}")
        elif _placeholders(t.string) != _placeholders(m.id):
            problems.append(f"placeholders differ: {m.id!r} -> {t.string!r}")
    assert not problems, "\n".join(problems)
    assert len(pot) >= 130
    # `check` agrees: nothing to report for this language
    required = catalogue_check.required_msgids()
    assert catalogue_check.check_catalogue(locale.replace("_", "-"), required,
                                           site_words.site_words(ROOT / "mkdocs.yml")) == []


@pytest.mark.parametrize("locale", [c for c in CATALOGUES if readability.formula_for(c.replace("_", "-"))])
def test_each_long_translation_is_plain(locale):
    """Every translation long enough to measure (25 words: the disclaimer, the embed page's
    paragraphs, the site's description) passes the language's formula at reading_grade 8
    (Fernández-Huerta 60 or more, Kandel-Moles 60 or more, Wiener Sachtextformel 8 or below)."""
    language = locale.replace("_", "-")
    po = _po(i18n.po_path(locale), locale)
    measured, hard = 0, []
    for m in po:
        if not m.id or isinstance(m.id, tuple):
            continue
        score = readability.score(m.string.replace("%%", "%"), language)
        if score is None:
            continue
        measured += 1
        if score.too_hard(8):
            hard.append(f"{score}: {m.string[:60]}")
        if m.id.startswith("this guide gives general information"):
            assert not score.too_hard(8), score  # the disclaimer is measured, and plain
    assert measured >= 15, measured
    assert not hard, "\n".join(hard)


@pytest.mark.parametrize("locale", CATALOGUES)
def test_material_has_its_own_words_in_each_language(locale):
    """Material's interface words (search, table of contents, skip link) come from its own
    language partial, which an edition's build selects (mkdocs_adapter.material_language)."""
    from pathlib import Path as _Path

    import material

    from build_tools.adapters.mkdocs_adapter import material_language

    code = material_language(locale.replace("_", "-"))
    assert code != "en", locale
    partial = _Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{code}.html"
    text = partial.read_text(encoding="utf-8")
    assert '"toc": "Table of contents"' not in text
    assert ('"direction": "rtl"' in text) == (i18n.direction(locale.replace("_", "-")) == "rtl")


def test_only_po_files_are_committed():
    assert not list(i18n.LOCALES_DIR.rglob("*.mo"))
    assert "en" in i18n.available()


@pytest.mark.parametrize(("tag", "locale"), [
    ("zh-Hans", "zh_Hans"), ("zh", "zh_Hans"), ("zh-CN", "zh_Hans"), ("zh-Hans-SG", "zh_Hans"),
    ("zh-TW", "en"), ("zh-Hant", "en"), ("en", "en"), ("en-GB", "en"), ("xx", "en"),
    ("fr", "fr"), ("fr-CA", "fr"), ("es", "es"), ("es-MX", "es"), ("de-AT", "de"), ("pl", "pl"),
    ("pt", "pt"), ("pt-BR", "pt"), ("pt-PT", "pt"), ("ar", "ar"), ("ar-EG", "ar"), ("it", "en"),
])
def test_locale_resolution(tag, locale):
    assert i18n.catalogue_locale(tag) == locale


@pytest.mark.parametrize(("tag", "direction"), [
    ("ar", "rtl"), ("ar-EG", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"),
    ("en", "ltr"), ("es", "ltr"), ("zh-Hans", "ltr"), ("xx", "ltr"),
])
def test_direction_comes_from_cldr(tag, direction):
    assert i18n.direction(tag) == direction


def test_plural_forms_follow_the_language():
    one, many = "There is one questionnaire.", "There are %(num)s questionnaires."
    pl = i18n.ngettext("pl")
    assert [pl(one, many, n) for n in (1, 2, 5, 12, 22, 25)] == [
        "Jest jeden kwestionariusz.", "Są 2 kwestionariusze.", "Jest 5 kwestionariuszy.",
        "Jest 12 kwestionariuszy.", "Są 22 kwestionariusze.", "Jest 25 kwestionariuszy."]
    ar = i18n.ngettext("ar")
    assert [ar(one, many, n) for n in (0, 1, 2, 3, 11, 100)] == [
        "لا توجد استبيانات.", "يوجد استبيان واحد.", "يوجد استبيانان.", "توجد 3 استبيانات.",
        "يوجد 11 استبيانًا.", "يوجد 100 استبيان."]
    assert i18n.ngettext("zh-Hans")(one, many, 1) == "共有 1 份问卷。"
    assert [i18n.ngettext("en")(one, many, n) for n in (1, 2)] == [one, "There are 2 questionnaires."]


def test_the_embed_page_counts_with_the_language_plural():
    env = templating.environment(None, None, "pl")
    template = env.from_string('{{ ngettext("There is one questionnaire.", '
                               '"There are %(num)s questionnaires.", n) }}')
    assert [template.render(n=n) for n in (1, 3, 5)] == [
        "Jest jeden kwestionariusz.", "Są 3 kwestionariusze.", "Jest 5 kwestionariuszy."]
    source = (TEMPLATES / "site-embed.md.jinja").read_text(encoding="utf-8")
    assert 'ngettext("There is one questionnaire.", "There are %(num)s questionnaires."' in source


def test_dates_are_written_with_babel_for_the_locale():
    day = dt.date(2026, 11, 28)
    assert i18n.format_date(day, "en") == "28 November 2026"  # as the site always printed
    assert i18n.format_date(dt.date(2027, 1, 5), "en") == "5 January 2027"
    assert i18n.format_date(day, "zh-Hans") == "2026年11月28日"
    assert i18n.format_date(day, "fr") == "28 novembre 2026"


def test_english_is_the_msgids():
    _ = i18n.gettext("en")
    assert _("Start again") == "Start again"
    assert _("Flowchart: %(title)s", title="A % b") == "Flowchart: A % b"
    assert i18n.gettext("zh-Hans")("Start again") == "重新开始"


def test_environment_is_cached_per_language():
    assert templating.environment(None, None, "zh-Hans") is templating.environment(None, None, "zh-Hans")
    assert templating.environment(None, None, "zh-Hans") is not templating.environment(None, None, "en")
    env = templating.environment(None, None, "zh-Hans")
    assert env.autoescape is True
    out = env.from_string('{{ _("Flowchart: %(title)s", title=t) }}').render(t="<b>")
    assert out == "流程图：&lt;b&gt;"


# --------------------------------------------------------------------------- footer partial

def _footer_calls() -> dict[str, str]:
    tree = _parse_env().parse(FOOTER.read_text(encoding="utf-8"))
    return {call.args[0].value: call.args[1].value for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name == "t"}


def test_footer_partial_words_are_the_catalogues():
    assert _footer_calls() == render_pages.FOOTER_WORDS


def test_not_found_page_words_are_the_catalogues():
    """site_overrides/404.html's words are marked for extraction where the plugin lives."""
    from build_tools.adapters.mkdocs_adapter import NOT_FOUND_WORDS

    tree = _parse_env().parse(NOT_FOUND.read_text(encoding="utf-8"))
    calls = [call.args[0].value for call in tree.find_all(nodes.Call)
             if isinstance(call.node, nodes.Name) and call.node.name == "t"]
    assert calls == list(NOT_FOUND_WORDS)
    assert i18n.gettext("ar")(NOT_FOUND_WORDS[0]) == "الصفحة غير موجودة"


def _render_footer(meta: dict, env: jinja2.Environment | None = None) -> str:
    env = env or jinja2.Environment()  # MkDocs renders theme templates without autoescape
    template = env.from_string(FOOTER.read_text(encoding="utf-8"))
    return template.render(page=SimpleNamespace(meta=meta))


REVIEW = {"last_reviewed": dt.date(2026, 11, 28), "next_review": dt.date(2027, 5, 28), "reviewed_by": "Team"}


def test_footer_without_plugin_is_english():
    """Zensical runs no plugins: ``_`` is undefined, the partial's own words are used."""
    out = _render_footer({"review": REVIEW, "sources": [{"title": "T", "publisher": "P", "url": "https://e.org"}]})
    assert "Sources for this page" in out and "Page last reviewed:" in out
    assert "28 November 2026" in out and "28 May 2027" in out


def test_footer_takes_words_from_front_matter():
    words = render_pages.footer_words("zh-Hans", SimpleNamespace(last_reviewed=dt.date(2026, 11, 28),
                                                                  next_review=dt.date(2027, 5, 28)))
    out = _render_footer({"review": REVIEW, "pathway_words": words,
                          "sources": [{"title": "T", "publisher": "P", "url": "https://e.org"}]})
    assert "本页的资料来源" in out and "2026年11月28日" in out and "2027年5月28日" in out
    assert not re.search(r"Sources|reviewed|Important|November|May", out)
    assert render_pages.footer_words("en", SimpleNamespace(last_reviewed=None, next_review=None)) is None


def test_footer_in_mkdocs_uses_the_site_language():
    """Hand-written pages: the plugin's on_env installs the site language's catalogue."""
    from build_tools.adapters.mkdocs_adapter import PathwayPlugin

    for language, expect in (("zh-Hans", ["本页最近审核：", "2026年11月28日", "重要提示："]),
                             ("en", ["Page last reviewed:", "28 November 2026", "Important:"])):
        env = PathwayPlugin().on_env(jinja2.Environment(), config=SimpleNamespace(theme={"language": language}),
                                     files=None)
        out = _render_footer({"review": REVIEW}, env)
        for text in expect:
            assert text in out, (language, text)


# --------------------------------------------------------------------------- a Chinese flow, end to end

@pytest.fixture(scope="module")
def zh_files(tmp_path_factory) -> dict[str, bytes]:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: run `make site` once")
    doc = load_text(ZH_FLOW, ZH_FLOW.read_text(encoding="utf-8"))
    assert not [d for d in doc.diagnostics if d.is_error], doc.diagnostics
    flow = Flow.model_validate(doc.data)
    project = tmp_path_factory.mktemp("zh")
    config = Config.from_options(project, {}, docs_dir="content", custom_dir=None,
                                 site_url="https://pathway.example.org/", language="zh-Hans")
    return pipeline.render([flow], config, diagrams=True)


@pytest.fixture(scope="module")
def zh_flow() -> Flow:
    doc = load_text(ZH_FLOW, ZH_FLOW.read_text(encoding="utf-8"))
    return Flow.model_validate(doc.data)


def _english(text: str) -> list[str]:
    return [w for w in ENGLISH_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]


class _Visible(HTMLParser):
    """Text a reader sees or hears: text nodes (not the stylesheet) and labelling attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):
        self._style = tag == "style"
        a = dict(attrs)
        for name in ("title", "aria-label", "alt"):
            if a.get(name):
                self.parts.append(a[name])
        if tag == "meta" and a.get("name") == "description":
            self.parts.append(a.get("content", ""))

    def handle_endtag(self, tag):
        self._style = False

    def handle_data(self, data):
        if not self._style:
            self.parts.append(data)


def test_zh_questionnaire_has_no_english_interface_words(zh_files):
    html = zh_files["embed/zh-hans-demo.html"].decode("utf-8")
    parser = _Visible()
    parser.feed(html)
    visible = "\n".join(parser.parts)
    assert not _english(visible), _english(visible)
    assert "重新开始" in visible and "继续" in visible and "我们为什么问这个" in visible
    assert "最近审核：2026年11月28日" in visible and "下次审核：2027年5月28日" in visible
    assert '<html lang="zh-Hans">' in html


def test_zh_pages_have_no_english_interface_words(zh_files):
    pages = {p: d.decode("utf-8") for p, d in zh_files.items() if p.startswith("pathways/zh-hans-demo/")}
    assert len(pages) == 6
    for path, text in pages.items():
        assert not _english(text), (path, _english(text))
        assert "2026年11月28日" in text, path  # the footer's date, in the front matter
    assert "**问题**" in pages["pathways/zh-hans-demo/had-scan.md"]
    assert "# 流程图：" in pages["pathways/zh-hans-demo/flowchart.md"]


def test_zh_diagram_has_no_english_interface_words(zh_files):
    svg = zh_files["diagrams/zh-hans-demo.svg"].decode("utf-8")
    assert not _english(svg), _english(svg)
    assert "步骤是长方形" in svg and "最近审核：2026-11-28" in svg
    assert "Noto Sans CJK SC" in svg


def test_zh_diagram_label_lines_are_at_most_24_columns(zh_files):
    root = ET.fromstring(zh_files["diagrams/zh-hans-demo.svg"])
    lines = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    widest = max(lines, key=columns)
    assert columns(widest) <= 24, widest
    assert any(columns(line) > len(line) for line in lines)  # CJK is there


def test_zh_pdf_text_holds_every_node_title(zh_files, zh_flow, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: run `make test` once")
    pdf = tmp_path / "zh.pdf"
    pdf.write_bytes(zh_files["diagrams/zh-hans-demo.pdf"])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    missing = [n.title for n in zh_flow.nodes if re.sub(r"\s+", "", n.title) not in flat]
    assert not missing, f"not in the PDF's text: {missing}\n{text}"


def test_zh_fhir_text_has_no_english_interface_words(zh_files):
    import json

    resource = json.loads(zh_files["fhir/zh-hans-demo.json"])
    texts = [resource["description"]] + [i.get("text", "") for i in resource["item"]] + [
        c.get("text", "") for i in resource["item"] for c in i.get("item", [])]
    joined = "\n".join(texts)
    assert not _english(joined), _english(joined)
    assert "最近审核：2026-11-28" in joined and "可以问医疗团队的问题：" in joined


# --------------------------------------------------------------------------- every catalogue, in use

#: Words that are the same in a language as in English (French "Question", Portuguese "item").
SAME_WORD = {"fr": {"Question", "Sources", "Important", "questionnaire"}, "pt": {"item"},
             "de": {"November"}}


@pytest.mark.parametrize("locale", CATALOGUES)
def test_each_catalogue_leaves_no_english_in_a_questionnaire_or_the_pages(locale):
    """The Arabic fixture flow (no English words of its own) with its interface in each
    language: the questionnaire and every flow page (the chart's text equivalent included)."""
    language = locale.replace("_", "-")
    doc = load_text(AR_FLOW, AR_FLOW.read_text(encoding="utf-8"))
    flow = Flow.model_validate({**doc.data, "language": language})
    parser = _Visible()
    parser.feed(questionnaire_page.render(flow, site_url="https://pathway.example.org/"))
    pages = render_pages.render_flow(flow, svg=None, has_questionnaire=True)
    text = "\n".join(parser.parts + list(pages.values()))
    found = [w for w in _english(text) if w not in SAME_WORD.get(language.split("-")[0], set())]
    assert not found, found


# --------------------------------------------------------------------------- Arabic and Spanish flows

def _render(path: Path, language: str, tmp_path_factory) -> tuple[Flow, dict[str, bytes]]:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz (dot) is not installed: run `make site` once")
    doc = load_text(path, path.read_text(encoding="utf-8"))
    assert not [d for d in doc.diagnostics if d.is_error], doc.diagnostics
    flow = Flow.model_validate(doc.data)
    config = Config.from_options(tmp_path_factory.mktemp(language), {}, docs_dir="content",
                                 custom_dir=None, site_url="https://pathway.example.org/",
                                 language=language)
    return flow, pipeline.render([flow], config, diagrams=True)


@pytest.fixture(scope="module")
def ar(tmp_path_factory) -> tuple[Flow, dict[str, bytes]]:
    return _render(AR_FLOW, "ar", tmp_path_factory)


@pytest.fixture(scope="module")
def es(tmp_path_factory) -> tuple[Flow, dict[str, bytes]]:
    return _render(ES_FLOW, "es", tmp_path_factory)


def _all_text(files: dict[str, bytes]) -> dict[str, str]:
    out = {}
    for path, data in files.items():
        if path.endswith((".md", ".html", ".svg")) and "/before-surgery" in "/" + path:
            text = data.decode("utf-8")
            if path.endswith(".html"):
                parser = _Visible()
                parser.feed(text)
                text = "\n".join(parser.parts)
            out[path] = text
    return out


@pytest.mark.parametrize("which", ["ar", "es"])
def test_arabic_and_spanish_flows_have_no_english_interface_words(which, request):
    flow, files = request.getfixturevalue(which)
    texts = _all_text(files)
    assert len(texts) >= 8, sorted(texts)  # 6 pages, the questionnaire, the chart
    for path, text in texts.items():
        assert not _english(text), (path, _english(text))
    date = {"ar": "28 نوفمبر 2026", "es": "28 de noviembre de 2026"}[which]
    assert date in texts["embed/before-surgery.html"]


def test_the_arabic_questionnaire_is_right_to_left(ar):
    html = ar[1]["embed/before-surgery.html"].decode("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    css = html[html.index("<style>"):html.index("</style>")]
    assert not re.search(r"(?<![-\w])(?:left|right)\b|-left|-right", css), "a side that does not mirror"


def test_the_arabic_chart_starts_at_the_top_right(ar):
    flow, files = ar
    svg = files["diagrams/before-surgery.svg"].decode("utf-8")
    root = ET.fromstring(svg)
    assert root.get("direction") == "rtl" and root.get("lang") == "ar"
    assert "DejaVu Sans" in svg
    ns = "{http://www.w3.org/2000/svg}"

    def centre(node_id: str) -> float:
        group = next(g for g in root.iter(f"{ns}g") if g.get("id") == f"pw-before-surgery--n-{node_id}")
        xs = [float(x) for el in group.iter() if el.tag in (f"{ns}polygon", f"{ns}path")
              for x in re.findall(r"(-?[\d.]+),-?[\d.]+", el.get("points") or el.get("d") or "")]
        return (min(xs) + max(xs)) / 2

    width = float(root.get("viewBox").split()[2])
    assert centre("before-surgery") > width / 2          # the start: top right
    assert centre("scan-done") > centre("scan-needed")   # the first answer: rightmost
    labels = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert "آخر مراجعة: 28 نوفمبر 2026" in labels       # a date the way Arabic writes it
    # Labels hold the words in logical order, as letters (not pre-shaped presentation forms):
    # the browser shapes and orders them.
    assert not any(re.search(r"[\ufb50-\ufdff\ufe70-\ufeff]", label) for label in labels)
    assert any(label.startswith("هل أجريت") for label in labels)


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: run `make test` once")
    path = tmp_path / "chart.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


#: Arabic marks (harakat): pdftotext places them apart from their letter, so words are
#: compared without them. Bidi controls are what pdftotext adds around right-to-left runs.
_MARKS = re.compile(r"[\u064b-\u065f\u0670\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def test_the_arabic_pdf_reads_back_in_logical_order(ar, tmp_path):
    """pdftotext finds every word of every node title, in reading order. (poppler gives the
    two letters of a lam-alef ligature in visual order, "ال" for "لا", "أل" for "لأ": that
    one swap is undone.)"""
    flow, files = ar
    text = _MARKS.sub("", _pdf_text(files["diagrams/before-surgery.pdf"], tmp_path))
    words = set(text.split())
    missing = []
    for node in flow.nodes:
        for word in _MARKS.sub("", node.title).split():
            word = word.strip("()؟?،,.")
            swapped = re.sub(r"ل([اأإآ])", r"\1ل", word)
            if re.search(r"[\u0600-\u06ff]", word) and swapped not in words and word not in words:
                missing.append(word)
    assert not missing, f"not in the PDF's text: {missing}\n{text}"


def _to_unicode(pdf: bytes) -> dict[int, str]:
    """Glyph id -> text, from the PDF's ToUnicode maps (cairo writes them deflated)."""
    import zlib

    glyphs: dict[int, str] = {}
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        if b"beginbfchar" not in data:
            continue
        for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
            for gid, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
                glyphs[int(gid, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    return glyphs


def test_the_arabic_pdf_is_shaped_with_an_embedded_font(ar):
    """Shaped Arabic uses several glyphs for one letter (its initial, medial and final forms)
    and one glyph for lam-alef; unshaped text would use one glyph per letter."""
    from collections import Counter

    pdf = ar[1]["diagrams/before-surgery.pdf"]
    assert b"DejaVuSans" in pdf and b"/FontFile2" in pdf  # the font itself is in the file
    glyphs = _to_unicode(pdf)
    forms = Counter(text for text in glyphs.values() if re.fullmatch(r"[\u0621-\u064a]", text))
    contextual = [letter for letter, count in forms.items() if count >= 2]
    assert len(contextual) >= 5, forms
    assert "\ufefb" in glyphs.values() or "لا" in glyphs.values(), "no lam-alef ligature"
