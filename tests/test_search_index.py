"""The search index (build_tools/site/search_index.py), on small sites written here, with the
real Pagefind. The whole site's search, in Chromium through nginx, is in test_preview."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from build_tools.site import search_index as si

ARTICLE = '<article class="md-content__inner md-typeset">'


def page(lang: str, title: str, body: str) -> str:
    return (f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body>'
            f'<nav>Menu words</nav>{ARTICLE}<h1>{title}</h1><p>{body}</p>'
            '<footer class="pw-page-footer"><p class="pw-review">Page last reviewed</p>'
            '<p class="pw-disclaimer">general information</p></footer></article></body></html>')


def write_site(root: Path) -> Path:
    files = {
        "index.html": page("en", "Home", "Chemotherapy comes first."),
        "about/index.html": page("en", "About", "Rotationplasty keeps the knee working."),
        "search/index.html": page("en", "Search", "Search this guide"),
        "404.html": page("en", "Not found", "Chemotherapy"),
        "embed/x.html": '<!doctype html><html lang="en"><body><p>Chemotherapy questionnaire</p></body></html>',
        "zh-Hans/index.html": page("zh", "首页", "治疗常常先做化疗，然后做手术。"),
        "zh-Hans/search/index.html": page("zh", "搜索", "搜索本指南"),
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_spaced_splits_chinese_and_japanese_text_but_never_a_tag():
    html = '<p title="化疗">先做化疗, then surgery。カタカナ</p><a href="/保肢/">保肢</a>'
    assert si.spaced(html) == ('<p title="化疗">先 做 化 疗, then surgery。カ タ カ ナ</p>'
                               '<a href="/保肢/">保 肢</a>')
    assert si.spaced("<p>Chemotherapy and surgery</p>") == "<p>Chemotherapy and surgery</p>"


def test_indexable_pages_are_material_pages_but_not_404_search_or_questionnaires(tmp_path):
    pages = si.indexable(write_site(tmp_path))
    assert sorted(pages) == ["about/index.html", "index.html", "zh-Hans/index.html"]
    assert all(f"{ARTICLE[:-1]} data-pagefind-body>" in text for text in pages.values())
    assert "先 做 化 疗" in pages["zh-Hans/index.html"]
    assert "Chemotherapy comes first." in pages["index.html"]


@pytest.mark.parametrize("rel, expected", [
    ("search/index.html", True), ("zh-Hans/search/index.html", True), ("pt-BR/search/index.html", True),
    ("ar/search/index.html", True), ("pathways/search/index.html", False),
    ("zh-Hans/pathways/search/index.html", False), ("search.html", False), ("research/index.html", False),
])
def test_which_pages_are_search_pages(rel, expected):
    assert si.is_search_page(rel) is expected


def fragments(bundle: Path) -> list[dict]:
    return [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
            for f in sorted((bundle / "fragment").glob("*.pf_fragment"))]


def test_write_index_indexes_each_language_caches_and_drops_pagefinds_own_interfaces(tmp_path):
    site = write_site(tmp_path / "site")
    cache = tmp_path / "cache"
    stats = si.write_index(site, cache_dir=cache)
    bundle = site / si.BUNDLE_DIR
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert {lang: v["page_count"] for lang, v in entry["languages"].items()} == {"en": 2, "zh": 1}
    assert (stats.pages, stats.cached) == (3, False) and stats.bundle_bytes > 10_000
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert not list(bundle.glob("pagefind-*ui*")) and not (bundle / "pagefind-highlight.js").exists()
    found = {f["url"]: f for f in fragments(bundle)}
    assert sorted(found) == ["/", "/about/", "/zh-Hans/"]
    assert "Menu words" not in found["/"]["content"]  # the article only
    assert "general information" not in found["/"]["content"] and "reviewed" not in found["/"]["content"]
    first = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*"))

    again = si.write_index(site, cache_dir=cache)  # unchanged pages: the cached bundle
    assert again.cached and sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*")) == first

    about = site / "about" / "index.html"
    about.write_text(about.read_text().replace("knee", "ankle"), encoding="utf-8")
    changed = si.write_index(site, cache_dir=cache)
    assert not changed.cached
    assert "ankle" in {f["url"]: f for f in fragments(bundle)}["/about/"]["content"]
    assert len(list(cache.iterdir())) == 1  # one bundle kept


def test_a_site_without_material_pages_gives_an_empty_but_valid_index(tmp_path):
    (tmp_path / "embed").mkdir()
    (tmp_path / "embed" / "x.html").write_text("<html lang=en><body>x</body></html>")
    stats = si.write_index(tmp_path)
    assert stats.pages == 0 and (tmp_path / si.BUNDLE_DIR / "pagefind-entry.json").is_file()
