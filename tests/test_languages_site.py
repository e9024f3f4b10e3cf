"""The Simplified Chinese edition, built by the real `make site` step with the English site.

* every page has the right ``<html lang>``, and Material's own words are Chinese;
* ``hreflang`` links go both ways between each page and its counterpart;
* pages the edition has not translated are in its nav as "(英文)" and lead to the English page;
* the Chinese questionnaires, flow pages and diagrams hold no English interface words;
* the English site is byte-identical to a build without the edition, apart from the language
  switcher and the ``hreflang`` links.

axe and the Nu checker run on the Chinese pages too: tests/test_gates.py checks every page
of the same built site.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_project

pytestmark = [pytest.mark.slow, pytest.mark.requires_dot]
ZH = "zh-Hans"
#: Fixed English words of Pathway and Material that a Chinese page must not show.
ENGLISH_INTERFACE = ["Question", "Why we ask", "Back", "Start again", "Continue", "Your answer",
                     "What came before", "Page last reviewed", "Last reviewed", "Next review due",
                     "End point", "Sources for this page", "Flowchart", "Read the full guide",
                     "Questions to ask your care team", "Table of contents", "Search",
                     "November", "December"]


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a["href"]


def head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def test_every_page_says_its_language(site):
    zh_pages = sorted((site / ZH).rglob("*.html"))
    assert len(zh_pages) > 30
    for page in zh_pages:
        if page.parent.name == "embed" and page.name != "index.html":  # a questionnaire
            assert f'<html lang="{ZH}"' in page.read_text(encoding="utf-8"), page
        else:
            assert head(page).lang == "zh", page  # Material's code for Simplified Chinese
    for page in (site / "index.html", site / "pathways" / "limb-salvage" / "index.html"):
        assert head(page).lang == "en"


def test_every_chinese_page_has_its_footer_in_chinese(site):
    pages = [p for p in (site / ZH).rglob("index.html") if p.parent.name != "embed" or p.name == "index.html"]
    for page in pages:
        if page.relative_to(site / ZH).parts[0] in ("404.html", "search"):  # not content
            continue
        text = page.read_text(encoding="utf-8")
        assert re.search(r'本页最近审核：\s*<time datetime="\d{4}-\d\d-\d\d">\d{4}年\d{1,2}月\d{1,2}日</time>', text), page


def test_hreflang_links_go_both_ways(site):
    checked = 0
    for page in sorted(site.rglob("index.html")):
        rel = page.relative_to(site)
        if rel.parts[0] == ZH:
            continue
        counterpart = site / ZH / rel
        if not counterpart.exists():
            continue
        en, zh = head(page), head(counterpart)
        assert en.alternates.get(ZH) == url_of(site, counterpart), rel
        assert zh.alternates.get("en") == url_of(site, page), rel
        assert en.alternates.get("en") == url_of(site, page) and zh.alternates.get(ZH) == url_of(site, counterpart)
        checked += 1
    assert checked >= 30  # home, about, both flows' overview, flowchart and node pages, site pages


def test_untranslated_pages_are_marked_and_lead_to_the_english_page(site):
    home = (site / ZH / "index.html").read_text(encoding="utf-8")
    marked = re.findall(r'href="([^"]+)" class="md-nav__link[^"]*"[^>]*>\s*<span[^>]*>\s*([^<]*（英文）)', home)
    assert len(marked) >= 5, marked
    for href, _ in marked:
        target = (site / ZH / href).resolve() / "index.html"
        assert target.exists() and ZH not in target.relative_to(site.resolve()).parts, href


def test_chinese_pages_questionnaires_and_charts_hold_no_english_interface_words(site):
    files = [*(site / ZH / "pathways").rglob("index.html"), *(site / ZH / "embed").glob("*.html"),
             *(site / ZH / "diagrams").glob("*.svg"), site / ZH / "index.html"]
    assert len(files) > 30
    for path in files:
        html = path.read_text(encoding="utf-8")
        if "<article" in html:  # a site page: its content (the nav names untranslated pages in English)
            html = html[html.index("<article"):html.index("</article>")]
        text = visible_text(html)
        found = [w for w in ENGLISH_INTERFACE if re.search(rf"\b{re.escape(w)}\b", text)]
        assert not found, (path.relative_to(site), found)
    assert "2026年11月28日" in visible_text((site / ZH / "embed" / "limb-salvage.html").read_text("utf-8"))


def test_the_words_of_mkdocs_yml_and_the_404_page_are_chinese(site):
    """The copyright line, the light/dark switch and the 404 page come from the catalogue."""
    home = (site / ZH / "index.html").read_text(encoding="utf-8")
    assert "Pathway 编辑团队。仅提供一般信息" in home
    assert 'title="切换到深色模式"' in home and 'title="切换到浅色模式"' in home
    not_found = (site / ZH / "404.html").read_text(encoding="utf-8")
    assert "<h1>找不到页面</h1>" in not_found and "前往首页" in not_found
    for html in (home, not_found):
        text = visible_text(html) + " ".join(re.findall(r'(?:title|aria-label)="([^"]*)"', html))
        found = [w for w in ("Switch to", "General information only", "Not found", "Page not found")
                 if w in text]
        assert not found, found


_SWITCHER = re.compile(r'<div class="md-header__option">\s*<div class="md-select">.*?</div>\s*</div>\s*</div>',
                       re.S)
_BLANKS = re.compile(r"(?:\n[ \t]*)+\n")
_HREFLANG = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def without_language_links(html: str) -> str:
    """A page without the language switcher, its hreflang links and the blank lines Material's
    template leaves around them."""
    return _BLANKS.sub("\n", _HREFLANG.sub("", _SWITCHER.sub("", html)))


def test_the_english_site_is_unchanged_apart_from_the_switcher(site, tmp_path):
    project = copy_project(tmp_path / "p")
    shutil.rmtree(project / "content" / ZH)
    shutil.rmtree(project / "flows" / ZH)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      # Other languages")
    end = text.index("      reading_grade")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    alone = tmp_path / "site"
    proc = build_site(project, alone)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The search index (_pagefind/) is one for every edition: it holds the Chinese pages too.
    ours = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and
            p.relative_to(site).parts[0] not in (ZH, "_pagefind")}
    theirs = {p.relative_to(alone).as_posix() for p in alone.rglob("*") if p.is_file()
              and p.relative_to(alone).parts[0] != "_pagefind"}
    assert ours == theirs
    differ = []
    for rel in sorted(ours - {"_headers", "sitemap.xml.gz"}):
        a, b = (site / rel).read_bytes(), (alone / rel).read_bytes()
        if rel.endswith(".html"):
            a = without_language_links(a.decode("utf-8")).encode("utf-8")
            b = without_language_links(b.decode("utf-8")).encode("utf-8")
        if a != b:
            differ.append(rel)
    assert differ == []
    assert _SWITCHER.search((site / "index.html").read_text(encoding="utf-8"))  # the switcher is there
