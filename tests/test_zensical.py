"""`make zensical`: the same gates on the Zensical build as on the MkDocs one.

Zensical (Material for MkDocs' successor, pinned in the Makefile, in .venv-zensical) builds
what `render --out` writes. Gates: the review footer on every page, internal links, no request
to another origin, axe on three pages, and a search box that finds something. The build runs
once per module, through `make zensical`, into temporary folders.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from build_tools.source.config import Config
from support.page_footer import assert_review_footer
from conftest import ROOT, site_pages

from build_tools.adapters.zensical_project import MATERIAL_ONLY_MARK, shared_overrides

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
AXE_PAGES = ("", "pathways/limb-salvage/where-is-the-tumour/", "pathways/limb-salvage/flowchart/")


@pytest.fixture(scope="module")
def zsite(tmp_path_factory) -> Path:
    if not ZENSICAL.exists():
        pytest.skip("Zensical is not installed: `make test` installs it into .venv-zensical")
    tmp = tmp_path_factory.mktemp("zensical")
    proc = subprocess.run(["make", "-s", "zensical", f"ZENSICAL_SITE={tmp / 'site'}",
                           f"ZENSICAL_BUILD={tmp / 'build'}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Build finished" in proc.stdout + proc.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def served(zsite):
    from support.browser import chromium, require_chromium, serve

    require_chromium()
    with serve(zsite) as server, chromium() as browser:
        yield zsite, server, browser


def questionnaires(site: Path) -> set[Path]:
    return {p for p in (site / "embed").glob("*.html") if p.name != "index.html"}


def test_zensical_builds_every_page_the_mkdocs_build_has(zsite, site):
    """Same pages in both builds (a page lost by one engine would fail here). make zensical
    builds the site's own language; the language editions (zh-Hans/) are MkDocs builds only."""
    editions = set(Config.load(ROOT / "mkdocs.yml").languages)
    ours = {p.relative_to(site).as_posix() for p in site_pages(site)
            if p.relative_to(site).parts[0] not in editions}
    theirs = {p.relative_to(zsite).as_posix() for p in site_pages(zsite)}
    assert ours == theirs
    assert questionnaires(zsite) and (zsite / "diagrams" / "limb-salvage.svg").is_file()


def test_every_zensical_page_has_review_dates_sources_and_disclaimer(zsite):
    pages = [p for p in site_pages(zsite) if p.name != "404.html" and p not in questionnaires(zsite)
             and p.relative_to(zsite).parts[0] != "search"]  # a tool, not content
    assert len(pages) >= 38
    for page in pages:
        assert_review_footer(page.read_text(encoding="utf-8"), page)


def test_zensical_internal_links_resolve(zsite):
    from test_site import internal_link_problems

    assert internal_link_problems(zsite) == []


def test_zensical_search_header_is_zensicals_own(zsite):
    """The Material copy of partials/header.html is left out: Zensical's search component is used."""
    page = (zsite / "index.html").read_text(encoding="utf-8")
    header = re.search(r'<div class="md-search"[^>]*>.*?</div>', page, re.S).group(0)
    assert 'class="md-search__button"' in header and "md-search__form" not in header
    assert 'role="dialog" aria-label="Search"' in header


def test_material_only_overrides_are_left_out(tmp_path):
    overrides = ROOT / "site_overrides"
    marked = {p.relative_to(overrides) for p in overrides.rglob("*.html")
              if p.read_text(encoding="utf-8").startswith(MATERIAL_ONLY_MARK)}
    shared = set(shared_overrides(overrides))
    assert Path("partials/header.html") in marked  # Material's, with the search form
    assert not marked & shared
    assert {Path("main.html"), Path("partials/pathway-page-footer.html")} <= shared
    assert not any(p.parts[0] == "pathway" for p in shared)  # our page templates, not theme files


@pytest.mark.browser
def test_no_request_leaves_the_zensical_site(served):
    from support.browser import RequestLog

    zsite, server, browser = served
    context = browser.new_context()
    log = RequestLog(context)
    page = context.new_page()
    pages = site_pages(zsite)
    for path in pages:
        page.goto(server.url(path.relative_to(zsite).as_posix()), wait_until="load")
    page.wait_for_timeout(300)
    assert log.foreign(server.origin) == []
    assert len(log.urls) > len(pages)
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("rel", AXE_PAGES)
def test_axe_on_zensical_pages(served, rel):
    from support.checkers import describe_violations, run_axe

    _, server, browser = served
    page = browser.new_page()
    page.goto(server.url(rel), wait_until="load")
    violations = run_axe(page)
    page.close()
    assert not violations, describe_violations(violations)


@pytest.mark.browser
def test_zensical_search_box_finds_pages(served):
    _, server, browser = served
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(server.url(""))
    page.click(".md-search__button")
    box = page.get_by_role("combobox", name="Search")  # inside Zensical's search component
    box.wait_for(timeout=10_000)
    box.fill("rotationplasty")
    results = page.locator(f"#{box.get_attribute('aria-controls')} a",
                           has_text=re.compile("rotationplasty", re.I))
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 3
    href = results.first.get_attribute("href")
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url != server.url(""), href
    assert "rotationplasty" in page.locator("h1").inner_text().lower()
    page.close()
