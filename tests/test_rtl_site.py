"""A Spanish and an Arabic edition, built by the real `make site` step (issue 20, item 5).

The fixture project (tests/fixtures/editions, built once per session by ``editions_site``)
has one English flow and its Spanish and Arabic translations. In real Chromium:

* every Arabic page and questionnaire says ``dir="rtl"`` and lays out right to left: the
  nav is on the right, headings start at the right, the disclaimer's bar is on its right,
  a questionnaire's radio is to the right of its label and "Back" is at the top right;
* the flowchart starts at the top right, its first answer is the rightmost, and each Arabic
  label reads from right to left inside its box;
* the Spanish and Arabic editions show no English interface word, Material's or ours,
  including the words that come from mkdocs.yml (copyright, light/dark switch, 404 page);
* axe finds nothing, and the Nu checker finds no error, on the Arabic pages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.requires_dot, pytest.mark.browser]

FLOW = "before-surgery"
#: English words of Pathway, of Material and of mkdocs.yml that no Spanish or Arabic page
#: may show (the language switcher's "English" is the language's own name, and allowed).
ENGLISH_INTERFACE = [
    "Question", "Why we ask", "Back", "Start again", "Continue", "Your answer", "Your answers",
    "What came before", "What comes next", "What next", "Page last reviewed", "Last reviewed",
    "Next review due", "Reviewed by", "End point", "Step", "Result", "Change", "Sources",
    "Flowchart", "Read the full guide", "Questions to ask", "care team", "Important",
    "Answer the questions", "See this on the flowchart", "Download", "Start here", "Then go to",
    "questionnaire", "Glossary", "You are here", "What this means",
    # Material's own words
    "Table of contents", "Search", "Skip to content", "Back to top", "Next", "Previous",
    "Initializing search", "Select language", "Header", "Footer", "Navigation",
    # mkdocs.yml: site name, description, copyright, light/dark switch, nav sections; the 404
    "Limb-sparing", "General information only", "editorial team", "Switch to", "dark mode",
    "light mode", "Pathways", "For hospitals", "Not found", "Page not found", "home page",
    # dates
    "November", "May",
]


class _Visible(HTMLParser):
    """What a reader sees or hears: text (no script, style or code) and labelling attributes."""

    SKIP = {"script", "style", "code", "pre"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        a = dict(attrs)
        for name in ("title", "aria-label", "alt", "placeholder"):
            if a.get(name):
                self.parts.append(a[name])
        if tag == "meta" and a.get("name") == "description":
            self.parts.append(a.get("content") or "")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH_INTERFACE if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def edition_files(site: Path, language: str) -> list[Path]:
    root = site / language
    return sorted([*root.rglob("*.html"), *(root / "diagrams").glob("*.svg")])


# --------------------------------------------------------------------------- files

@pytest.mark.parametrize("language", ["es", "ar"])
def test_no_english_interface_word_in_the_edition(editions_site, language):
    files = edition_files(editions_site, language)
    assert len(files) >= 12, files  # home, 404, sources, glossary, embed, 6 flow pages, questionnaire, chart
    found = {}
    for path in files:
        words = english_in(visible(path.read_text(encoding="utf-8")))
        if words:
            found[path.relative_to(editions_site).as_posix()] = words
    assert not found, found
    # ... while the English site does show them: the check can see English
    home = visible((editions_site / "index.html").read_text(encoding="utf-8"))
    assert {"Switch to", "General information only", "Page last reviewed"} <= set(english_in(home))


def test_the_words_of_mkdocs_yml_are_translated(editions_site):
    es = (editions_site / "es" / "index.html").read_text(encoding="utf-8")
    assert "Equipo editorial de Pathway. Solo información general" in es  # copyright
    assert 'title="Cambiar al modo oscuro"' in es and 'title="Cambiar al modo claro"' in es
    assert "Recorridos de tratamiento" in es and "Para hospitales" in es  # nav sections
    assert "<title>Prepararse para la cirugía - Cirugía que conserva la extremidad" in es  # site_name
    ar = (editions_site / "ar" / "404.html").read_text(encoding="utf-8")
    assert "<h1>الصفحة غير موجودة</h1>" in ar and "فريق تحرير Pathway" in ar
    en = (editions_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in en and 'title="Switch to dark mode"' in en


def test_arabic_pages_and_questionnaire_say_rtl(editions_site):
    pages = [p for p in (editions_site / "ar").rglob("*.html")]
    questionnaire = editions_site / "ar" / "embed" / f"{FLOW}.html"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if page == questionnaire:
            assert '<html lang="ar" dir="rtl">' in html
        else:
            assert '<html lang="ar"' in html and '<body dir="rtl"' in html, page
    for page in (editions_site / "es").rglob("*.html"):
        assert 'dir="rtl"' not in page.read_text(encoding="utf-8"), page
    svg = (editions_site / "ar" / "diagrams" / f"{FLOW}.svg").read_text(encoding="utf-8")
    assert 'direction="rtl"' in svg and 'lang="ar"' in svg and "DejaVu Sans" in svg


# --------------------------------------------------------------------------- Chromium

@pytest.fixture(scope="module")
def browser_on(editions_site):
    from support.browser import chromium, require_chromium, serve

    require_chromium()
    with serve(editions_site) as server, chromium() as browser:
        yield server, browser


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def test_an_arabic_page_lays_out_right_to_left(browser_on, tmp_path):
    server, browser = browser_on
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url(f"ar/pathways/{FLOW}/had-scan/"))
    page.screenshot(path=str(tmp_path / "ar-page.png"))
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    article = _box(page, "article.md-content__inner")
    heading = _box(page, "article h1")
    nav = _box(page, ".md-sidebar--primary")
    toc = _box(page, ".md-sidebar--secondary")
    assert nav["x"] > article["x"] + article["width"] - 1  # the site nav is right of the text
    assert toc["x"] + toc["width"] < article["x"] + 1      # the page's contents on the left
    assert abs((heading["x"] + heading["width"]) - (article["x"] + article["width"])) < 30
    # Our own stylesheet: the disclaimer's bar is on the side the text starts (the right).
    sides = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.pw-disclaimer'));
        return [parseFloat(s.borderRightWidth), parseFloat(s.borderLeftWidth)]; }""")
    assert sides[0] > 0 and sides[1] == 0, sides
    # An address stays left to right inside Arabic text.
    assert page.evaluate("getComputedStyle(document.querySelector('.pw-sources a')).direction") == "ltr"
    page.close()


def test_the_arabic_questionnaire_mirrors(browser_on, tmp_path):
    server, browser = browser_on
    for language, rtl in (("ar", True), ("es", False)):
        page = browser.new_page(viewport={"width": 400, "height": 800})
        page.goto(server.url(f"{language}/embed/{FLOW}.html#had-scan"))
        section = _box(page, "#had-scan")
        right = section["x"] + section["width"]
        radios = page.locator("#had-scan .a > div")
        assert radios.count() == 3
        for i in range(3):
            radio = radios.nth(i).locator("input").bounding_box()
            label = radios.nth(i).locator("label").bounding_box()
            if rtl:  # the radio is to the right of its label
                assert radio["x"] >= label["x"] + label["width"] - 1, (language, i, radio, label)
                assert abs(radio["x"] + radio["width"] - right) < 2
            else:
                assert radio["x"] + radio["width"] <= label["x"] + 1, (language, i, radio, label)
        back = _box(page, "#had-scan .back a")
        if rtl:  # "Back" at the top right
            assert abs(back["x"] + back["width"] - right) < 2 and back["x"] > section["x"] + section["width"] / 2
        else:
            assert abs(back["x"] - section["x"]) < 2
        radios.nth(0).locator("label").click()
        go = _box(page, "#had-scan .go a:visible")
        if rtl:  # Continue starts at the right, like the text
            assert abs(go["x"] + go["width"] - right) < 2 and go["x"] > section["x"] + 10
        else:
            assert abs(go["x"] - section["x"]) < 2
        page.screenshot(path=str(tmp_path / f"{language}-questionnaire.png"))
        page.close()


def test_the_arabic_flowchart_reads_from_the_top_right(browser_on):
    server, browser = browser_on
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url(f"ar/pathways/{FLOW}/flowchart/"))
    chart = page.evaluate("""() => {
      const svg = document.querySelector('svg.pw-diagram');
      const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.top]; };
      const node = id => box(svg.querySelector('#pw-before-surgery--n-' + id + ' :is(polygon,path)'));
      const texts = [...svg.querySelectorAll('g.node text, g.edge text')].map(t => {
        const n = t.getNumberOfChars();
        const group = t.closest('g');
        const shape = group.querySelector('polygon, path');
        return {text: t.textContent, first: t.getStartPositionOfChar(0).x,
                last: t.getStartPositionOfChar(n - 1).x, width: t.getComputedTextLength(),
                box: group.classList.contains('node') ? shape.getBBox().width : null};
      });
      return {svg: box(svg), start: node('before-surgery'), done: node('scan-done'),
              needed: node('scan-needed'), direction: getComputedStyle(svg.querySelector('text')).direction,
              texts};
    }""")
    assert chart["direction"] == "rtl"
    left, right, _ = chart["svg"]
    assert (chart["start"][0] + chart["start"][1]) / 2 > (left + right) / 2  # the start: top right
    assert chart["done"][0] > chart["needed"][0]  # the first answer ("yes") is the rightmost
    arabic = [t for t in chart["texts"] if re.match(r"^[\u0600-\u06ff\s،؟]+$", t["text"])]
    assert len(arabic) >= 8, chart["texts"]
    for t in arabic:
        assert t["first"] > t["last"], t  # read from right to left
        if t["box"] is not None:
            assert t["width"] <= t["box"], t  # drawn no wider than Graphviz measured its box
    page.close()


@pytest.mark.parametrize("path", ["ar/", f"ar/pathways/{FLOW}/had-scan/", f"ar/pathways/{FLOW}/flowchart/",
                                  f"ar/embed/{FLOW}.html", f"ar/embed/{FLOW}.html#scan-needed", "es/",
                                  "ar/404.html"])
def test_axe_finds_nothing_on_the_editions(browser_on, path):
    from support.checkers import describe_violations, run_axe

    server, browser = browser_on
    page = browser.new_page()
    page.goto(server.url(path))
    violations = run_axe(page)
    page.close()
    assert not violations, describe_violations(violations)


def test_nu_checker_finds_no_error_on_arabic_pages(editions_site):
    from support.checkers import describe_vnu, run_vnu, vnu_available

    from test_gates import NU_KNOWN

    if not vnu_available():
        pytest.skip("the W3C Nu checker (vnu-jar) is not installed: run `make test` once")
    pages = [editions_site / "ar" / "index.html", editions_site / "ar" / "embed" / f"{FLOW}.html",
             editions_site / "ar" / "pathways" / FLOW / "flowchart" / "index.html"]
    messages = [m for m in run_vnu(pages)
                if not any(re.search(known, m.get("message", "")) for known in NU_KNOWN)]
    assert not messages, describe_vnu(messages)
