"""Page weight: bytes (raw and gzipped) and browser requests for each generated page type.

The site is built once (Pathway plugin on, temporary Graphviz cache) and served by
Python's ``http.server`` on 127.0.0.1. Chromium (through Playwright, a fresh context per
page so nothing is cached) loads each page and waits for the network to go idle; every
request it makes is recorded. Sizes are read from the built files on disk: raw, and
gzipped at level 9 (what a well-configured server sends).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import threading
import urllib.parse
from pathlib import Path

from benchmarks import common

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = {
    "overview": "pathways/limb-salvage/",
    "node page": "pathways/limb-salvage/where-is-the-tumour/",
    "flowchart": "pathways/limb-salvage/flowchart/",
    "questionnaire": "embed/limb-salvage.html",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - silence the access log
        pass


def _file_for(site: Path, url_path: str) -> Path | None:
    rel = urllib.parse.unquote(url_path).lstrip("/")
    f = site / rel
    if f.is_dir():
        f = f / "index.html"
    return f if f.is_file() else None


def _sizes(f: Path | None) -> tuple[int, int]:
    if f is None:
        return 0, 0
    data = f.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def build_site(work: Path) -> Path:
    cfg = common.write_config(work / "mkdocs.yml", cache_dir=work / "graphviz-cache")
    site = work / "site"
    common.run([common.MKDOCS, "build", "-q", "-f", str(cfg), "-d", str(site)])
    return site


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    rows = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                for name, path in PAGES.items():
                    context = browser.new_context()
                    page = context.new_page()
                    requests: list[str] = []
                    page.on("request", lambda r, requests=requests: requests.append(r.url))
                    page.goto(f"{origin}/{path}", wait_until="networkidle")
                    page.wait_for_timeout(500)
                    context.close()
                    http_reqs = [u for u in requests if u.startswith(("http:", "https:"))]
                    local = [u for u in http_reqs if u.startswith(origin)]
                    doc_raw, doc_gz = _sizes(_file_for(site, path))
                    total_raw = total_gz = 0
                    kinds: dict[str, int] = {}
                    for u in dict.fromkeys(local):  # each distinct URL once
                        raw, gz = _sizes(_file_for(site, urllib.parse.urlparse(u).path))
                        total_raw += raw
                        total_gz += gz
                        ext = Path(urllib.parse.urlparse(u).path).suffix or "/"
                        kinds[ext] = kinds.get(ext, 0) + 1
                    rows[name] = {
                        "url": path, "doc_raw": doc_raw, "doc_gz": doc_gz,
                        "requests": len(http_reqs), "other_origin": len(http_reqs) - len(local),
                        "data_urls": len(requests) - len(http_reqs),
                        "total_raw": total_raw, "total_gz": total_gz, "kinds": kinds,
                    }
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def run_all(*, log=print) -> dict:
    work = common.tempdir("page-weight")
    try:
        site = build_site(work)
        missing = None
        if not Path(CHROMIUM).exists():
            missing = f"{CHROMIUM} is not installed (apt-get install chromium)"
        try:
            import playwright  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed (pip install -e '.[test]')"
        if missing:  # document sizes only; no request counts without a browser
            rows = {}
            for name, path in PAGES.items():
                raw, gz = _sizes(_file_for(site, path))
                rows[name] = {"url": path, "doc_raw": raw, "doc_gz": gz}
            return {"rows": rows, "skipped": missing}
        rows = measure(site)
        for name, r in rows.items():
            log(f"  page weight {name}: {r['doc_gz'] / 1024:.1f} KB gz document, "
                f"{r['requests']} requests, {r['total_gz'] / 1024:.1f} KB gz in all")
        return {"rows": rows}
    finally:
        shutil.rmtree(work, ignore_errors=True)
