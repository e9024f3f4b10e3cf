"""`make preview`: the built site through deploy/nginx.conf, the production headers, in Chromium.

One nginx per module (``make preview`` on the session's site, a free port), stopped at the end.
A second origin (a Python file server on another port) hosts the pages that frame ours.
"""

from __future__ import annotations

import gzip
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, site_pages

pytestmark = pytest.mark.browser

#: Records every CSP violation a document reports, in every frame, before any page script.
RECORD_VIOLATIONS = """
window.__csp = [];
addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`.trim()), true);
"""

NODE_PAGE = "pathways/limb-salvage/where-is-the-tumour/"
EMBED = "embed/limb-salvage.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"make preview stopped ({proc.returncode}):\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise AssertionError(f"make preview did not answer at {url}:\n{log.read_text()}")


def stop(proc: subprocess.Popen) -> None:
    """Stop make and the nginx it started (one process group, ours), within 15 seconds."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


class Preview:
    def __init__(self, origin: str, site: Path):
        self.origin, self.site = origin, site

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def get(self, path: str, **headers) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(self.url(path), headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


@pytest.fixture(scope="module")
def preview(site, tmp_path_factory):
    """`make preview` serving the session's site (built once, in a temporary folder)."""
    from support.browser import require_chromium

    require_chromium()
    if not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed: `make test` installs it (Debian package nginx)")
    log = tmp_path_factory.mktemp("preview") / "make-preview.log"
    port = free_port()
    with log.open("w") as out:
        proc = subprocess.Popen(["make", "-s", "preview", f"SITE_DIR={site}", f"PORT={port}",
                                 "PREVIEW_BUILD=0"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", proc, log)
        yield Preview(f"http://127.0.0.1:{port}", site)
    finally:
        stop(proc)
    assert proc.returncode is not None
    with pytest.raises(OSError):  # nginx is gone too
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


@pytest.fixture(scope="module")
def browser(preview):
    from support.browser import chromium

    with chromium() as b:
        yield b


def csp_of(headers: dict[str, str]) -> dict[str, list[str]]:
    out = {}
    for part in headers["content-security-policy"].split(";"):
        name, *values = part.split()
        out[name] = values
    return out


# --- headers, over plain HTTP -------------------------------------------------------------

SEARCH_ADDRESSES = ("search/", "search/?q=x", "zh-Hans/search/", "zh-Hans/search/index.html",
                    "_pagefind/pagefind-worker.js", "_pagefind/pagefind.js")


@pytest.mark.parametrize("path", ["", NODE_PAGE, "404-no-such-page/", EMBED, "embed/", "zh-Hans/",
                                  "pathways/search/", *SEARCH_ADDRESSES])
def test_every_page_has_a_strict_csp_and_the_privacy_headers(preview, path):
    """'wasm-unsafe-eval' (Pagefind's WebAssembly) on the search pages and the bundle only,
    as the only 'unsafe-' keyword of their policy; script-src has none anywhere else."""
    status, headers, _ = preview.get(path)
    assert status == (404 if "no-such" in path or path == "pathways/search/" else 200)
    csp = csp_of(headers)
    values = " ".join(v for vs in csp.values() for v in vs)
    assert "'unsafe-eval'" not in values and "'unsafe-inline'" not in values
    if path in SEARCH_ADDRESSES:
        assert [v for vs in csp.values() for v in vs if "unsafe" in v] == ["'wasm-unsafe-eval'"]
    else:
        assert "'wasm-unsafe-eval'" not in values
        assert not [v for v in csp.get("script-src", []) if "unsafe" in v]
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == (["*"] if path == EMBED else ["'self'"])
    if path != EMBED:
        assert csp["script-src"][0] == "'self'" and len(csp["script-src"]) > 1  # the hashes
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_responses_are_compressed(preview):
    for path in ("", NODE_PAGE, EMBED, "_pagefind/pagefind.js", "search/", "assets/pathway.css",
                 next(p.relative_to(preview.site).as_posix()
                      for p in (preview.site / "assets" / "javascripts").glob("bundle.*.min.js"))):
        status, headers, body = preview.get(path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", path
        assert "accept-encoding" in headers.get("vary", "").lower(), path
        assert gzip.decompress(body) == (preview.site / (path or "index.html")
                                         if not path.endswith("/") else
                                         preview.site / path / "index.html").read_bytes(), path


def test_fingerprinted_assets_are_cached_for_a_year_and_the_rest_revalidated(preview):
    from build_tools.site.render_headers import HASHED_ASSET

    hashed = [p.relative_to(preview.site).as_posix() for p in preview.site.rglob("*")
              if HASHED_ASSET.search(p.name)]
    assert len(hashed) >= 3  # Material's bundle and stylesheets
    for rel in hashed:
        _, headers, _ = preview.get(rel)
        assert headers["cache-control"] == "public, max-age=31536000, immutable", rel
    for rel in ("", NODE_PAGE, EMBED, "assets/pathway.css", "search/", "_pagefind/pagefind-entry.json"):
        _, headers, _ = preview.get(rel)
        assert headers["cache-control"] == "no-cache", rel  # ETag/Last-Modified revalidate


def test_the_shipped_headers_file_is_not_served(preview):
    status, _, body = preview.get("_headers")
    assert status == 404 and b"Content-Security-Policy" not in body


# --- Chromium ---------------------------------------------------------------------------

def new_page(browser, **context_options):
    context = browser.new_context(**context_options)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
    return context, page, messages


def test_no_csp_violation_on_any_page(preview, browser):
    scheme = "dark"  # Material's inline palette script takes its other branch in light
    context, page, messages = new_page(browser, color_scheme=scheme)
    documents = [p.relative_to(preview.site).as_posix() for p in site_pages(preview.site)]
    documents += [p.relative_to(preview.site).as_posix() for p in preview.site.glob("diagrams/*.svg")]
    violations = []
    for rel in documents:
        page.goto(preview.url(rel), wait_until="load")
        found = page.evaluate("window.__csp || []")
        violations += [f"{rel}: {v}" for v in found]
        if rel.endswith(".html") and "/embed/" not in f"/{rel}" or rel == "embed/index.html":
            # Material's scripts ran: they switch the palette from the media query
            assert page.evaluate("document.body.dataset.mdColorScheme") == \
                ("slate" if scheme == "dark" else "default"), rel
    context.close()
    assert len(documents) >= 40
    assert violations == [] and messages == []


def wait_for_status(page, timeout: float = 15) -> str:
    """The search page's status line once the search has answered (it says "Searching…"
    meanwhile). Polled from here: the page's CSP forbids the eval that wait_for_function uses."""
    deadline = time.monotonic() + timeout
    status = page.locator(".pw-search-status")
    while time.monotonic() < deadline:
        text = (status.text_content() or "").strip()
        if text and "…" not in text and "JavaScript" not in text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"the search did not answer: {status.text_content()!r}")


def test_search_from_the_header_and_palette_toggle_work_under_the_csp(preview, browser):
    """The header's plain GET form opens the search page, whose script loads Pagefind under
    the production policy (its worker compiles WebAssembly) and lists the pages found."""
    context, page, messages = new_page(browser, viewport={"width": 1200, "height": 800})
    page.goto(preview.url(""))
    box = page.get_by_role("searchbox", name="Search")
    box.fill("rotationplasty")
    box.press("Enter")
    page.wait_for_url("**/search/?q=rotationplasty")
    assert wait_for_status(page).startswith("Pages found: ")
    results = page.locator(".pw-search-results li a")
    assert results.count() >= 3
    assert "rotationplasty" in page.locator(".pw-search-results li").first.inner_text().lower()
    results.first.click()
    page.wait_for_load_state()
    assert "rotationplasty" in page.content().lower() and "/search/" not in page.url
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.dataset.mdColorScheme !== '{before}'")
    # the header's icons are inline SVG: drawn, not blocked
    box = page.locator("form[data-md-component=palette] label:visible svg").first.bounding_box()
    assert box and box["width"] > 0
    assert page.evaluate("window.__csp") == [] and messages == []
    context.close()


#: Material's language switcher asks for ``<page>/sitemap.xml`` (issue 22's 404s): the
#: library branch's fix (absolute hreflang, sitemaps) removes them; until it is on main this
#: test leaves those two requests out, and only those.
MATERIAL_SITEMAP_PROBE = re.compile(r"/(?:zh-Hans/)?(?:[^?]+/)?sitemap\.xml$")


def test_no_request_returns_404(preview, browser):
    """Home, node, overview, flowchart and search pages of every edition: every request the
    browser makes is answered (but Material's sitemap probe, above)."""
    failed = []
    for edition in ("", "zh-Hans/"):
        for path in ("", NODE_PAGE, "pathways/limb-salvage/", "pathways/limb-salvage/flowchart/",
                     "search/?q=surgery" if not edition else "search/?q=手术"):
            context, page, _ = new_page(browser)
            page.on("response", lambda r: failed.append(f"{edition}{path}: {r.status} {r.url}")
                    if r.status >= 400 and not (MATERIAL_SITEMAP_PROBE.search(urlsplit(r.url).path)
                                                and urlsplit(r.url).path not in ("/sitemap.xml", "/zh-Hans/sitemap.xml"))
                    else None)
            page.goto(preview.url(edition + path), wait_until="networkidle")
            context.close()
    assert failed == []


@pytest.fixture(scope="module")
def other_origin(preview, tmp_path_factory):
    """A page on another origin (another port) that frames the questionnaire and a site page."""
    from support.browser import serve

    host = tmp_path_factory.mktemp("other-origin")
    (host / "frames.html").write_text(
        '<!doctype html><html lang="en"><title>A hospital</title>'
        f'<iframe id="embed" title="Questionnaire" src="{preview.url(EMBED)}" '
        'sandbox="allow-top-navigation-by-user-activation" width="640" height="700"></iframe>'
        f'<iframe id="page" title="A site page" src="{preview.url(NODE_PAGE)}" width="640" height="700"></iframe>',
        encoding="utf-8")
    with serve(host) as server:
        assert server.origin != preview.origin
        yield server


def test_embed_loads_in_an_iframe_on_another_origin_and_a_site_page_refuses(preview, browser, other_origin):
    context, page, messages = new_page(browser)
    frame_messages: list[str] = []
    page.on("console", lambda m: frame_messages.append(m.text))
    page.goto(other_origin.url("frames.html"), wait_until="load")
    page.wait_for_timeout(300)
    embed = page.frame_locator("#embed")
    heading = embed.locator("h2").first
    heading.wait_for(timeout=10_000)
    assert heading.inner_text().strip()
    embed_frame = next(f for f in page.frames if f.url == preview.url(EMBED))
    assert embed_frame.evaluate("document.title")  # its own document loaded, with its styles:
    assert embed_frame.evaluate("getComputedStyle(document.body).paddingTop") == "16px"
    # the site page is refused: Chromium shows its error page instead of the document
    assert preview.url(NODE_PAGE) not in [f.url for f in page.frames]
    site_frame = page.locator("#page").element_handle().content_frame()
    assert site_frame.url.startswith("chrome-error:")
    assert site_frame.evaluate("document.querySelector('.md-content, .pw-page-footer')") is None
    refused = [m for m in frame_messages if "frame-ancestors 'self'" in m]
    assert len(refused) == 1 and f"Framing '{preview.origin}/'" in refused[0], frame_messages
    context.close()


def test_a_site_page_may_frame_itself(preview, browser):
    """frame-ancestors 'self': the same origin may still frame site pages (and embeds)."""
    context, page, _ = new_page(browser)
    page.goto(preview.url(""))
    page.evaluate("""url => new Promise(done => {
        const f = document.createElement('iframe'); f.src = url; f.onload = done;
        document.body.append(f); })""", preview.url(NODE_PAGE))
    frame = next(f for f in page.frames if f.url == preview.url(NODE_PAGE))
    assert frame.evaluate("document.querySelector('h1').textContent")
    context.close()


# --- make preview itself ------------------------------------------------------------------

def test_make_preview_refuses_a_folder_that_is_not_a_built_site(tmp_path):
    proc = subprocess.run(["make", "-s", "preview", f"SITE_DIR={tmp_path}", "PORT=1", "PREVIEW_BUILD=0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert re.search(r"has no index\.html: build the site first", proc.stderr)
