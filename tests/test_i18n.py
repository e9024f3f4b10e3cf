"""Languages (issue 15, parts 1 and 6): message catalogues and CJK in diagrams.

* Every reader-facing literal in a template goes through the catalogue: a template's
  literal text (Jinja ``TemplateData`` outside ``{% trans %}``/``_()``) may hold only
  markup, never words (:func:`untranslated`).
* ``pathway.pot`` is what the sources say today, and zh_Hans translates every msgid with
  the same placeholders.
* A small Simplified Chinese flow (tests/fixtures/i18n/zh-hans-demo.yml) rendered through
  the real pipeline, diagrams included, shows no English interface word; its dates are
  Chinese; no diagram label line is wider than 24 columns; the PDF's text holds every node
  title (real glyphs, not outlines).
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
from build_tools.source.config import Config
from build_tools.source.loader import load_text
from build_tools.source.model import Flow

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "build_tools" / "templates"
FOOTER = ROOT / "site_overrides" / "partials" / "pathway-page-footer.html"
ZH_FLOW = ROOT / "tests" / "fixtures" / "i18n" / "zh-hans-demo.yml"

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
    return [p for p in sorted(TEMPLATES.glob("*.jinja")) if p.name not in NOT_READER_FACING] + [FOOTER]


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
    extracted = {m.id for m in i18n.extract() if m.id}
    committed = {m.id for m in _po(i18n.POT_FILE) if m.id}
    assert extracted == committed, ("run `make messages`: "
                                    f"new {sorted(extracted - committed)}, gone {sorted(committed - extracted)}")


def test_zh_hans_translates_every_msgid_with_its_placeholders():
    pot = [m for m in _po(i18n.POT_FILE) if m.id]
    zh = _po(i18n.po_path("zh_Hans"), "zh_Hans")
    assert "NOT yet been reviewed by a clinician" in (zh.header_comment or "")
    problems = []
    for m in pot:
        t = zh.get(m.id)
        if t is None or not t.string:
            problems.append(f"untranslated: {m.id!r}")
        elif t.fuzzy:
            problems.append(f"fuzzy: {m.id!r}")
        elif _placeholders(t.string) != _placeholders(m.id):
            problems.append(f"placeholders differ: {m.id!r} -> {t.string!r}")
    assert not problems, "\n".join(problems)
    assert len(pot) >= 100


def test_only_po_files_are_committed():
    assert not list(i18n.LOCALES_DIR.rglob("*.mo"))
    assert i18n.available() == ["en", "zh_Hans"]


@pytest.mark.parametrize(("tag", "locale"), [
    ("zh-Hans", "zh_Hans"), ("zh", "zh_Hans"), ("zh-CN", "zh_Hans"), ("zh-Hans-SG", "zh_Hans"),
    ("zh-TW", "en"), ("zh-Hant", "en"), ("en", "en"), ("en-GB", "en"), ("fr", "en"), ("xx", "en"),
])
def test_locale_resolution(tag, locale):
    assert i18n.catalogue_locale(tag) == locale


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
