"""Whole-site gates: every page through axe-core and the W3C Nu checker, in light and dark.

Known Material for MkDocs issues the Nu checker reports are listed in ``NU_KNOWN`` with
their reasons; anything else fails the build.
"""

from __future__ import annotations

import re

import pytest
from conftest import site_pages

#: Nu checker messages that come from Material's own templates, not from our content.
NU_KNOWN: dict[str, str] = {
    r"Attribute “autocomplete” is only allowed when the input type is":
        "Material's drawer/search/toc toggles are hidden checkboxes with autocomplete=off, so "
        "Firefox does not restore them as ticked after a reload; harmless, but not valid HTML.",
    r"The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control":
        "Material's navigation labels point at those hidden toggle checkboxes (__toc, __drawer); "
        "the checker wants visible controls, but the labels work as intended.",
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(site):
    from support.browser import chromium, require_chromium, serve

    require_chromium()
    with serve(site) as server, chromium() as browser:
        yield site, server, browser


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page(served, scheme):
    from support.checkers import describe_violations, run_axe

    site, server, browser = served
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = []
    checked = 0
    for path in site_pages(site):
        rel = path.relative_to(site).as_posix()
        page.goto(server.url(rel), wait_until="load")
        if scheme == "dark" and (path.parent.name != "embed" or path.name == "index.html"):
            # Material picks the palette from the media query on first visit
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", rel
        violations = run_axe(page)
        checked += 1
        if violations:
            failures.append(f"{rel}:\n{describe_violations(violations)}")
    context.close()
    assert checked == len(site_pages(site)) >= 40
    assert not failures, "\n".join(failures)


def test_axe_is_not_blind(served):
    """The gate must be able to fail: a page with a missing alt text is caught."""
    from support.checkers import run_axe

    _, _, browser = served
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><h1>t</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></html>')
    assert [v["id"] for v in run_axe(page)] == ["image-alt"]
    page.close()


def test_nu_checker_finds_no_errors(site):
    from support.checkers import describe_vnu, run_vnu, vnu_available

    if not vnu_available():
        pytest.fail("the Nu checker is not installed: run `make test` (npm install vnu-jar)")
    messages = run_vnu(site_pages(site))
    unexpected = [m for m in messages if not any(re.search(k, m["message"]) for k in NU_KNOWN)]
    assert not unexpected, describe_vnu(unexpected)


def test_nu_checker_is_not_blind(tmp_path):
    from support.checkers import run_vnu

    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=en><title>x</title><p><div></p>")
    assert run_vnu([bad])
