"""Search through `make preview` (nginx, the production headers) in Chromium: every edition,
on a phone, Chinese recall, nothing for search on a first view, results shown as text, and
keyboard and screen-reader use. The header's form and the policy are in test_preview.

The fixtures (one nginx for this module) come from test_preview.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_preview import NODE_PAGE, browser, new_page, preview, wait_for_status  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_search_works_in_every_edition_and_on_a_phone(preview, browser):
    """On a narrow screen the header shows the search button alone; it opens the edition's
    own search page, which finds that edition's pages."""
    context, page, messages = new_page(browser, viewport={"width": 360, "height": 740})
    for edition, query, found in (("", "chemotherapy", "Pages found: "), ("zh-Hans/", "截肢", "找到的页面：")):
        page.goto(preview.url(edition + NODE_PAGE))
        assert not page.get_by_role("searchbox").is_visible()
        page.locator("form.pw-header-search button").click()
        page.wait_for_url(f"**/{edition}search/?q=")
        assert page.evaluate("document.activeElement.name") == "q"  # focus is in the box
        page.keyboard.type(query)
        page.keyboard.press("Enter")
        assert wait_for_status(page).startswith(found), edition
        links = [a.get_attribute("href") for a in page.locator(".pw-search-results a").all()]
        assert links and all(urlsplit(h).path.startswith("/" + edition) for h in links), links
        if edition:
            assert not any(urlsplit(h).path.startswith("/pathways/") for h in links)
    assert page.evaluate("window.__csp") == [] and messages == []
    context.close()


def article_text(path: Path) -> str:
    """A built page's own words (Material's article), as a reader sees them."""
    import html as html_mod

    text = path.read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', text, re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", match.group(1) if match else "", flags=re.S)
    return html_mod.unescape(re.sub(r"<[^>]+>", " ", body))


def search_all(page, preview, edition: str, query: str) -> set[str]:
    """Every page the search page lists for ``query`` (all of them: "Show more" until done)."""
    page.goto(preview.url(f"{edition}search/?q={query}"))
    wait_for_status(page)
    more = page.locator(".pw-search-more")
    while more.is_visible():
        before = page.locator(".pw-search-results li").count()
        more.click()
        page.locator(".pw-search-results li").nth(before).wait_for()
    return {urlsplit(a.get_attribute("href")).path for a in page.locator(".pw-search-results a").all()}


@pytest.mark.parametrize("word", ["保肢", "截肢", "化疗"])
def test_chinese_search_finds_the_pages_that_contain_the_word(preview, browser, word):
    """Recall at least 0.8 (issue 22) in Chromium, against the built zh-Hans pages: the truth
    is every page whose own words (its article) contain the word."""
    truth = {"/" + p.parent.relative_to(preview.site).as_posix() + "/"
             for p in (preview.site / "zh-Hans").rglob("index.html")
             if p.parent.name != "search" and word in article_text(p)}
    assert len(truth) >= 10, word
    context, page, _ = new_page(browser)
    found = search_all(page, preview, "zh-Hans/", word)
    context.close()
    recall = len(found & truth) / len(truth)
    assert recall >= 0.8, (word, recall, sorted(truth - found))
    precision = len(found & truth) / len(found)
    assert precision >= 0.8, (word, precision, sorted(found - truth))


def test_first_view_fetches_nothing_for_search(preview, browser):
    """Opening a page costs the same whatever the number of flows: no index, no worker."""
    for path in ("", NODE_PAGE, "pathways/limb-salvage/", "pathways/limb-salvage/flowchart/",
                 "zh-Hans/", "zh-Hans/" + NODE_PAGE):
        context, page, _ = new_page(browser)
        requests: list[str] = []
        page.on("request", lambda r: requests.append(urlsplit(r.url).path))
        page.goto(preview.url(path), wait_until="networkidle")
        context.close()
        assert requests, path
        assert not [r for r in requests if "_pagefind" in r or "search" in r or r.endswith(".json")], \
            (path, requests)


def test_search_results_are_shown_as_text(preview, browser):
    """Whatever text a page holds reaches the reader as text: a result whose title and
    excerpt are markup (served in place of the real fragment) runs nothing."""
    import gzip
    import json

    hostile = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
    context, page, _ = new_page(browser)

    def fragment(route):
        body = json.dumps({"url": "/about/", "content": hostile, "word_count": 3, "filters": {},
                           "meta": {"title": hostile}, "anchors": [], "excerpt": hostile,
                           "locations": [0], "weighted_locations": [], "raw_content": hostile,
                           "raw_url": "/about/"})
        route.fulfill(body=gzip.compress(b"pagefind_dcd" + body.encode()),
                      headers={"content-type": "application/octet-stream"})

    page.route("**/_pagefind/fragment/*", fragment)
    page.goto(preview.url("search/?q=chemotherapy"))
    wait_for_status(page)
    first = page.locator(".pw-search-results li").first
    first.wait_for()
    assert "<img src=x" in first.inner_text()
    assert page.locator(".pw-search-results img, .pw-search-results script").count() == 0
    assert page.evaluate("window.__pwned") is None
    context.close()


def test_search_page_is_keyboard_and_screen_reader_usable(preview, browser):
    """axe finds nothing on the search page with results, in each edition; the form is
    labelled, the count is announced (role=status) and the results are reached by Tab."""
    from support.checkers import describe_violations, run_axe

    for edition, query in (("", "amputation"), ("zh-Hans/", "保肢")):
        for scheme in ("light", "dark"):
            context, page, _ = new_page(browser, color_scheme=scheme)
            page.goto(preview.url(edition + "search/"))
            assert page.evaluate("document.activeElement.id") == "pw-search-input"
            page.keyboard.type(query)
            page.keyboard.press("Enter")
            wait_for_status(page)
            assert page.locator(".pw-search-status").get_attribute("role") == "status"
            assert page.get_by_role("searchbox", name=re.compile(".+")).count() >= 2  # header's and page's
            page.keyboard.press("Tab")  # the Search button
            page.keyboard.press("Tab")  # the first result
            assert page.evaluate("document.activeElement.closest('.pw-search-results') !== null")
            violations = run_axe(page)
            assert violations == [], f"{edition} {scheme}:\n" + describe_violations(violations)
            context.close()
