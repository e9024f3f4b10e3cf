"""The shipped headers: site/_headers, the nginx include, and robots.txt.

The policies are read from the built site (Material's inline scripts differ with a page's
depth). These tests check them with their own, simpler reading of the pages: every inline
script of every page must be allowed by the policy its path gets, with no 'unsafe-inline'.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, site_pages

from build_tools.site import render_headers as rh

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)


def inline_scripts(html: str) -> list[str]:
    """Executable inline scripts (not JSON data blocks), read with a regular expression."""
    return [body for attrs, body in INLINE_SCRIPT.findall(html)
            if not re.search(r'type="(?!text/javascript|module)[^"]*"', attrs)]


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, value = line.strip().split(": ", 1)
            assert name not in rules[-1][1], f"{rules[-1][0]} sets {name} twice"
            rules[-1][1][name] = value
    return rules


def matches(pattern: str, url_path: str) -> bool:
    """Netlify / Cloudflare Pages matching: '*' (a splat) matches anything, '/' included."""
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), url_path) is not None


def headers_for(rules, url_path: str) -> dict[str, list[str]]:
    """Every value each header gets at ``url_path`` (a host joins repeats with commas)."""
    out: dict[str, list[str]] = {}
    for pattern, headers in rules:
        if matches(pattern, url_path):
            for name, value in headers.items():
                out.setdefault(name, []).append(value)
    return out


def url_paths(site: Path) -> list[tuple[Path, str]]:
    """Each file's address, plus the folder address of each index.html."""
    out = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        out.append((path, "/" + rel))
        if path.name == "index.html":
            out.append((path, "/" + rel[: -len("index.html")]))
    return out


def directives(csp: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in csp.split(";"))}


@pytest.fixture(scope="module")
def shipped(site):
    """The rules as shipped: ``site/_headers`` as written by ``make site``."""
    return parse_headers_file(rh.render_headers(site)["_headers"].decode())


def test_make_site_ships_the_headers_file(site):
    assert (site / "_headers").is_file(), "make site must write site/_headers (render_headers.write_headers)"
    assert (site / "_headers").read_bytes() == rh.render_headers(site)["_headers"]


def test_every_inline_script_of_every_page_is_allowed_by_its_policy(site, shipped):
    checked = 0
    for path, url in url_paths(site):
        if path.suffix != ".html":
            continue
        csp = headers_for(shipped, url).get("Content-Security-Policy", [])
        assert len(csp) == 1, f"{url} gets {len(csp)} policies"
        d = directives(csp[0])
        assert "'unsafe-inline'" not in csp[0] and "'unsafe-eval'" not in csp[0], url
        scripts = inline_scripts(path.read_text(encoding="utf-8"))
        for body in scripts:
            assert sha(body) in d.get("script-src", []), f"{url}: inline script not allowed: {body[:80]!r}"
        checked += len(scripts)
    assert checked >= 3 * len(site_pages(site)) - 10  # Material's three inline scripts a page


def test_a_script_added_after_the_policy_was_made_is_caught(site, tmp_path, shipped):
    """The check above can fail: a page that gained an inline script is not allowed."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>console.log('new')</script></body>"), encoding="utf-8")
    d = directives(headers_for(shipped, "/about/")["Content-Security-Policy"][0])
    missing = [b for b in inline_scripts(page.read_text(encoding="utf-8")) if sha(b) not in d["script-src"]]
    assert missing == ["console.log('new')"]
    regenerated = rh.policies(copy)  # a fresh policy allows it by hash, not by 'unsafe-inline'
    assert sha("console.log('new')") in regenerated.site and "'unsafe-inline'" not in regenerated.site


def test_each_address_gets_each_header_once_and_the_right_framing_and_caching(site, shipped):
    embeds = {f"/{p.relative_to(site).as_posix()}" for p in (site / "embed").glob("*.html")
              if p.name != "index.html"}
    assert embeds
    for path, url in url_paths(site):
        got = headers_for(shipped, url)
        assert all(len(v) == 1 for v in got.values()), (url, got)
        assert got["X-Content-Type-Options"] == ["nosniff"] and got["Referrer-Policy"] == ["no-referrer"]
        if path.suffix == ".html":
            ancestors = directives(got["Content-Security-Policy"][0])["frame-ancestors"]
            assert ancestors == (["*"] if url in embeds else ["'self'"]), url
        if rh.HASHED_ASSET.search(url):
            assert got["Cache-Control"] == ["public, max-age=31536000, immutable"], url
        else:
            assert "Cache-Control" not in got, url  # the host's default: revalidate
    assert any(rh.HASHED_ASSET.search(u) for _, u in url_paths(site))


def test_embed_policy_allows_its_style_and_nothing_else(site):
    pol = rh.policies(site)
    d = directives(pol.embed)
    assert d["default-src"] == ["'none'"] and "script-src" not in d
    for rel in pol.embed_pages:
        text = (site / rel).read_text(encoding="utf-8")
        for style in re.findall(r"<style>(.*?)</style>", text, re.S):
            assert sha(style) in d["style-src"], rel


def test_nginx_include_carries_the_same_policies(site, shipped):
    pol = rh.policies(site)
    text = rh.nginx_csp(pol)
    assert f'set $pathway_csp_site "{pol.site}";' in text
    assert f'set $pathway_csp_embed "{pol.embed}";' in text
    assert headers_for(shipped, "/")["Content-Security-Policy"] == [pol.site]


def test_nginx_conf_uses_the_same_fingerprint_pattern():
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    pattern = re.search(r'location ~ "(\\\.\[0-9a-f\]\{8\}[^"]*)"', conf).group(1)
    for name in ("bundle.d7400e89.min.js", "main.ec1eaa64.min.css", "pathway.css", "lunr.min.js",
                 "search.2c215733.min.js", "x.abcdefgh.min.js"):
        assert bool(re.search(pattern.replace("(js|css)", "(?:js|css)"), name)) == \
            bool(rh.HASHED_ASSET.search(name)), name


def write_page(folder: Path, rel: str, body: str) -> None:
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_what_no_hash_can_allow_is_refused(tmp_path):
    write_page(tmp_path, "index.html", "<script>ok()</script>")
    assert "'sha256-" in rh.policies(tmp_path).site
    write_page(tmp_path, "a/index.html", '<button onclick="go()">x</button>')
    write_page(tmp_path, "embed/flow.html", "<script>no()</script>")
    write_page(tmp_path, "b/index.html", '<a href="javascript:go()">x</a>')
    with pytest.raises(rh.HeaderError) as err:
        rh.policies(tmp_path)
    message = str(err.value)
    assert "a/index.html: <button onclick=...>" in message
    assert "embed/flow.html: a questionnaire must have no script" in message
    assert "b/index.html: <a href=\"javascript:go()\">" in message


def test_data_blocks_are_not_hashed_but_style_attributes_are(tmp_path):
    write_page(tmp_path, "index.html", '<script id="__config" type="application/json">{"a":1}</script>'
                                       '<svg style="max-width:10pt"></svg>')
    pol = rh.policies(tmp_path)
    assert sha('{"a":1}') not in pol.site
    assert f"'unsafe-hashes' {sha('max-width:10pt')}" in pol.site


def test_cli_writes_headers_or_the_nginx_include(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "_headers").unlink(missing_ok=True)
    run = [sys.executable, "-m", "build_tools.site.render_headers"]
    proc = subprocess.run([*run, str(copy), "--nginx", str(tmp_path / "csp.conf")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert not (copy / "_headers").exists() and "set $pathway_csp_site" in (tmp_path / "csp.conf").read_text()
    proc = subprocess.run([*run, str(copy), "--embed-ancestors", "https://a.example https://b.example"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "frame-ancestors https://a.example https://b.example\n" in (copy / "_headers").read_text()
    bad = subprocess.run([*run, str(copy), "--embed-ancestors", "*; script-src *"], capture_output=True, text=True)
    assert bad.returncode == 2
    empty = subprocess.run([*run, str(tmp_path / "nothing")], capture_output=True, text=True)
    assert empty.returncode == 2 and "build the site first" in empty.stderr


def test_robots_txt():
    text = rh.render_robots()["robots.txt"].decode()
    assert "User-agent: *\nAllow: /\n" in text and "Disallow" not in text and "Sitemap" not in text
    with_url = rh.render_robots("https://pathway.example.org/")["robots.txt"].decode()
    assert with_url.endswith("\nSitemap: https://pathway.example.org/sitemap.xml\n")


# --- the search pages: the one place 'wasm-unsafe-eval' is allowed ------------------------

def unsafe_keywords(csp: str) -> list[str]:
    return [v for values in directives(csp).values() for v in values if "unsafe" in v]


def test_wasm_is_allowed_on_the_search_pages_and_pagefinds_bundle_only(site, shipped):
    """Pagefind needs 'wasm-unsafe-eval'. Every search page (the site's and each edition's)
    and the bundle get it, as their policy's only 'unsafe-' keyword; no other address gets
    it, and no other address gets any 'unsafe-' keyword in script-src. ('unsafe-hashes' in
    style-src, for the diagrams' style attributes, is issue 21's.)"""
    pol = rh.policies(site)
    assert sorted(pol.search_pages) == ["search/index.html", "zh-Hans/search/index.html"]
    assert unsafe_keywords(pol.search) == ["'wasm-unsafe-eval'"]
    assert "'wasm-unsafe-eval'" in directives(pol.search)["script-src"]
    searched = 0
    for path, url in url_paths(site):
        rel = path.relative_to(site).as_posix()
        if rel == "_headers":  # not served
            continue
        csp = headers_for(shipped, url).get("Content-Security-Policy", [])
        assert len(csp) == 1, url
        d = directives(csp[0])
        if rel in pol.search_pages or rel.startswith("_pagefind/"):
            searched += 1
            assert csp == [pol.search], url
        else:
            assert "'wasm-unsafe-eval'" not in csp[0], url
            assert not [v for v in d.get("script-src", []) if "unsafe" in v], url
            assert set(unsafe_keywords(csp[0])) <= {"'unsafe-hashes'"}, url
    assert searched > 10  # the two pages (file and folder addresses) and the bundle's files


def test_the_search_policy_allows_exactly_the_search_pages_inline_scripts(site):
    pol = rh.policies(site)
    allowed = set(directives(pol.search)["script-src"]) - {"'self'", "'wasm-unsafe-eval'"}
    needed = {sha(b) for rel in pol.search_pages
              for b in inline_scripts((site / rel).read_text(encoding="utf-8"))}
    assert needed and allowed == needed


def test_nginx_sends_the_search_policy_where_search_index_says(site):
    """deploy/nginx.conf's location for search pages matches what search_index calls one."""
    from build_tools.site import search_index

    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    pattern = re.compile(re.search(r'location ~ "(\^/[^"]*search/[^"]*)"', conf).group(1))
    assert "location ^~ /" + search_index.BUNDLE_DIR + "/ {" in conf
    assert "$pathway_csp_search" in rh.nginx_csp(rh.policies(site))
    for path in ["search/index.html", "zh-Hans/search/index.html", "pt-BR/search/index.html",
                 "pathways/search/index.html", "pathways/limb-salvage/search/index.html",
                 "about/index.html", "search.html"]:
        assert bool(pattern.match("/" + path)) == search_index.is_search_page(path), path
        if path.endswith("/index.html"):
            folder = "/" + path[: -len("index.html")]
            assert bool(pattern.match(folder)) == search_index.is_search_page(path), folder


def test_the_scan_cache_gives_the_same_policies_and_sees_a_changed_page(site, tmp_path):
    """write_headers keeps each page's record by its hash: an unchanged page is not parsed
    again, and a changed page is (its new inline script is allowed, by its hash)."""
    cache = tmp_path / "scan.json"
    assert rh.policies(site, cache_file=cache) == rh.policies(site)
    assert cache.is_file()
    assert rh.policies(site, cache_file=cache) == rh.policies(site)  # from the cache
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>console.log('changed')</script></body>"), encoding="utf-8")
    assert sha("console.log('changed')") in rh.policies(copy, cache_file=cache).site
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", '<a href="javascript:alert(1)">x</a></body>'), encoding="utf-8")
    with pytest.raises(rh.HeaderError, match="javascript:"):
        rh.policies(copy, cache_file=cache)
