"""Search and first-view weight at 2, 20 and 100 flows (issue 22), and the candidates side by side.

For each size, a copy of the real project gets copies of the real flow ``limb-salvage``
(and of its Chinese translation, so both editions grow) until it has N flows; it is built
with ``python -m build_tools site`` (timed: the build at N flows x 2 languages). The built
site is served on 127.0.0.1 and loaded in Chromium (Playwright, a fresh context per page,
so nothing is cached):

* **first view**: every request the home, overview, node and flowchart pages make, in both
  editions, until the network is idle; sizes from disk, raw and gzipped (level 6, as nginx);
* **search**: the search page answering one query (``chemotherapy``; ``化疗`` in zh-Hans): the
  bytes its requests fetch (page, script, Pagefind's code and the index chunks it needs),
  and the latency from pressing Enter to the count shown (median of 5, fresh context each:
  nothing cached, so Pagefind's WebAssembly is fetched and compiled each time);
* the whole index on disk (``_pagefind/``).

Candidates (2 and 100 flows, Material's ``search`` plugin and header put back in a copy): Material's index is what every page
fetches today (eager), what "Material's search loaded only when the box opens" would fetch
on opening it, and what "an index per topic and language" would fetch when all flows share
one topic (one hospital's flows on one subject; the best case divides it by the topics).
Its latency is measured the same way: typing the query in Material's box until results show.
Chinese recall of Pagefind is measured against the built zh-Hans pages' own text (Material's
search box in the zh-Hans edition showed no results at all in headless Chromium, so its
recall is the issue's figure, measured before).

``build_3_languages``: 100 flows in each of three languages (the site, zh-Hans and a third
edition ``fr`` made of the English flows and glossaries and the zh-Hans edition's pages: the
words do not matter for the time), built with ``python -m build_tools site``.
"""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import re
import shutil
import statistics
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks import common

SIZES = (2, 20, 100)
QUICK_SIZES = (2, 6)
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
FIRST_VIEW = {
    "home": "",
    "overview": "pathways/limb-salvage/",
    "node": "pathways/limb-salvage/where-is-the-tumour/",
    "flowchart": "pathways/limb-salvage/flowchart/",
}
QUERIES = {"": "chemotherapy", "zh-Hans/": "化疗"}
ZH_WORDS = ("保肢", "截肢", "化疗")
LATENCY_RUNS = 5


# --------------------------------------------------------------------------- projects

def project(n_flows: int, *, material_search: bool = False, third_language: bool = False,
            prefix: str = "search") -> Path:
    """A copy of the project with ``n_flows`` flows in each edition (copies of limb-salvage)."""
    root = common.tempdir(f"{prefix}-{n_flows}")
    for folder in ("content", "site_overrides", "glossaries", "flows"):
        shutil.copytree(common.ROOT / folder, root / folder)
    config = (common.ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if material_search:  # Material's search plugin and Material's own header (its search box)
        config = config.replace("plugins:\n", "plugins:\n  - search\n", 1)
        (root / "site_overrides" / "partials" / "header.html").unlink()
    if third_language:
        config = config.replace("      languages:\n", "      languages:\n        fr:\n          site_name: Chirurgie\n", 1)
        (root / "flows" / "fr").mkdir()
        for f in (common.ROOT / "flows").glob("*.yml"):
            shutil.copy(f, root / "flows" / "fr" / f.name)
        (root / "glossaries" / "fr").mkdir()
        for f in (common.ROOT / "glossaries").glob("*.yml"):
            shutil.copy(f, root / "glossaries" / "fr" / f.name)
        (root / "content" / "fr").mkdir()
        for page in (common.ROOT / "content" / "zh-Hans").glob("*.md"):  # an edition's pages
            shutil.copy(page, root / "content" / "fr" / page.name)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    real = len(list((common.ROOT / "flows").glob("*.yml")))
    for folder in [root / "flows", *(p for p in (root / "flows").iterdir() if p.is_dir())]:
        source = (folder / "limb-salvage.yml").read_text(encoding="utf-8")
        for i in range(n_flows - real):
            fid = f"copy-{i:03d}"
            (folder / f"{fid}.yml").write_text(
                re.sub(r"^id: limb-salvage$", f"id: {fid}", source, count=1, flags=re.MULTILINE),
                encoding="utf-8")
    return root


def build(root: Path) -> tuple[float, Path]:
    site = root / "site"
    seconds, _ = common.run([common.PYTHON, "-m", "build_tools", "site", "--site-dir", str(site)],
                            cwd=root, timeout=1800)
    return seconds, site


# --------------------------------------------------------------------------- serving

class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Served:
    def __init__(self, site: Path):
        self.site = site
        handler = functools.partial(_Quiet, directory=str(site))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def file(self, url: str) -> Path | None:
        rel = urllib.parse.unquote(urllib.parse.urlparse(url).path).lstrip("/")
        f = self.site / rel
        if f.is_dir():
            f = f / "index.html"
        return f if f.is_file() else None

    def sizes(self, urls: list[str]) -> tuple[int, int]:
        raw = gz = 0
        for u in dict.fromkeys(urls):
            f = self.file(u)
            if f is not None:
                data = f.read_bytes()
                raw += len(data)
                gz += len(gzip.compress(data, compresslevel=6, mtime=0))
        return raw, gz


def _wait_status(page, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = (page.locator(".pw-search-status").text_content() or "").strip()
        if text and "…" not in text and "JavaScript" not in text:
            return text
        time.sleep(0.01)
    raise RuntimeError("the search page did not answer")


def _page_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    m = re.search(r'<article class="md-content__inner md-typeset">(.*)</article>', text, re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1) if m else "", flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _truth(site: Path, word: str) -> set[str]:
    return {"/" + p.parent.relative_to(site).as_posix() + "/" for p in (site / "zh-Hans").rglob("index.html")
            if p.parent.name != "search" and word in _page_text(p)}


def measure_pagefind(site: Path, browser) -> dict:
    served = Served(site)
    out: dict = {"first_view": {}, "search": {}, "recall": {}}
    try:
        for edition in ("", "zh-Hans/"):
            for name, path in FIRST_VIEW.items():
                context = browser.new_context()
                page = context.new_page()
                urls: list[str] = []
                page.on("request", lambda r, urls=urls: urls.append(r.url))
                page.goto(f"{served.origin}/{edition}{path}", wait_until="networkidle")
                context.close()
                raw, gz = served.sizes(urls)
                out["first_view"][f"{edition}{name}"] = {
                    "requests": len(urls), "raw": raw, "gz": gz,
                    "search_requests": [u for u in urls if "pagefind" in u or "search" in u]}
            timings, fetched = [], None
            for _ in range(LATENCY_RUNS):
                context = browser.new_context()
                page = context.new_page()
                urls = []
                page.goto(f"{served.origin}/{edition}search/", wait_until="networkidle")
                page.on("request", lambda r, urls=urls: urls.append(r.url))
                page.fill("#pw-search-input", QUERIES[edition])
                t = time.perf_counter()
                page.press("#pw-search-input", "Enter")
                status = _wait_status(page)
                timings.append(time.perf_counter() - t)
                context.close()
                fetched = urls
            raw, gz = served.sizes(fetched)
            out["search"][edition or "en"] = {
                "query": QUERIES[edition], "status": status, "latency": timings,
                "median": statistics.median(timings), "requests": len(fetched), "raw": raw, "gz": gz}
        bundle = site / "_pagefind"
        out["index_bytes"] = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        out["index_files"] = sum(1 for p in bundle.rglob("*") if p.is_file())
        context = browser.new_context()
        page = context.new_page()
        for word in ZH_WORDS:
            truth = _truth(site, word)
            page.goto(f"{served.origin}/zh-Hans/search/?q={urllib.parse.quote(word)}")
            _wait_status(page)
            more = page.locator(".pw-search-more")
            while more.is_visible():
                n = page.locator(".pw-search-results li").count()
                more.click()
                page.locator(".pw-search-results li").nth(n).wait_for()
            found = {urllib.parse.urlparse(a.get_attribute("href")).path
                     for a in page.locator(".pw-search-results a").all()}
            out["recall"][word] = {"truth": len(truth), "found": len(found), "hit": len(found & truth)}
        context.close()
    finally:
        served.close()
    return out


def measure_material(site: Path, browser) -> dict:
    """Material's search (the plugin put back): its index, the first view, latency, recall."""
    served = Served(site)
    out: dict = {"index": {}, "first_view": {}, "search": {}}
    try:
        for edition in ("", "zh-Hans/"):
            idx = site / edition / "search" / "search_index.json"
            data = idx.read_bytes()
            out["index"][edition or "en"] = {"raw": len(data), "gz": len(gzip.compress(data, 6, mtime=0))}
            context = browser.new_context()
            page = context.new_page()
            urls: list[str] = []
            page.on("request", lambda r, urls=urls: urls.append(r.url))
            page.goto(f"{served.origin}/{edition}", wait_until="networkidle")
            context.close()
            raw, gz = served.sizes(urls)
            out["first_view"][f"{edition}home"] = {"requests": len(urls), "raw": raw, "gz": gz}
            if edition:  # Material's box in the zh-Hans edition showed no results in headless
                continue  # Chromium (its index is there, segmented by jieba): not measured
            timings = []
            for _ in range(LATENCY_RUNS):
                context = browser.new_context(viewport={"width": 1200, "height": 800})
                page = context.new_page()
                page.goto(f"{served.origin}/{edition}", wait_until="domcontentloaded")
                t = time.perf_counter()  # the reader types at once: the index loads meanwhile
                page.click(".md-search__input")
                page.keyboard.type(QUERIES[edition])
                page.locator(".md-search-result__item").first.wait_for(timeout=120_000)
                timings.append(time.perf_counter() - t)
                context.close()
            out["search"][edition or "en"] = {"latency": timings, "median": statistics.median(timings)}
    finally:
        served.close()
    return out


def _browser():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    return pw, pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def run_all(*, quick: bool = False, log=print) -> dict:
    rows, material = [], {}
    pw, browser = _browser()
    try:
        for n in QUICK_SIZES if quick else SIZES:
            root = project(n)
            try:
                seconds, site = build(root)
                row = {"flows": n, "build_seconds": seconds, **measure_pagefind(site, browser)}
                log(f"   {n:>3} flows: build {seconds:.1f} s, home {row['first_view']['home']['gz'] / 1024:.1f} KB gz, "
                    f"index {row['index_bytes'] / 1e6:.2f} MB, query {row['search']['en']['median'] * 1000:.0f} ms "
                    f"fetching {row['search']['en']['gz'] / 1024:.1f} KB gz")
                rows.append(row)
            finally:
                shutil.rmtree(root, ignore_errors=True)
        for n in ((QUICK_SIZES[0], QUICK_SIZES[-1]) if quick else (SIZES[0], SIZES[-1])):
            root = project(n, material_search=True, prefix="search-material")
            try:
                _, site = build(root)
                material[n] = measure_material(site, browser)
                log(f"   Material's search, {n} flows: index {material[n]['index']['en']['raw'] / 1e6:.2f} MB, "
                    f"first results {material[n]['search']['en']['median'] * 1000:.0f} ms")
            finally:
                shutil.rmtree(root, ignore_errors=True)
    finally:
        browser.close()
        pw.stop()
    n3 = QUICK_SIZES[-1] if quick else 100
    root = project(n3, third_language=True, prefix="search-3lang")
    try:
        seconds, site = build(root)
        files = [p for p in site.rglob("*") if p.is_file()]
        build3 = {"flows": n3, "languages": 3, "seconds": seconds, "files": len(files),
                  "bytes": sum(p.stat().st_size for p in files)}
        log(f"   {n3} flows x 3 languages: build {seconds:.1f} s")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return {"rows": rows, "material": material, "build_3_languages": build3}
