"""Real Chromium for tests: launch it, serve files over HTTP, and watch every request.

* :func:`chromium` starts Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) through
  Playwright with flags that keep it quiet and offline-friendly. Playwright cannot download
  its own browsers here, so the system one is used.
* :func:`serve` serves a folder from ``http://127.0.0.1:<ephemeral port>/`` in a background
  thread, so pages have a real origin (two calls give two origins, for iframe tests).
* :class:`RequestLog` records every request a page makes; :meth:`RequestLog.foreign`
  returns the ones to other origins.

Tests that need these are skipped when Playwright or Chromium is missing (a failure under
`make test`, which sets PATHWAY_STRICT_SKIPS=1: there every tool is installed);
see :func:`require_chromium`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The Chromium binary: ``$CHROMIUM``, else ``/usr/bin/chromium``, else on ``PATH``."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def require_chromium() -> str:
    """Skip the calling test (or module) unless Playwright and Chromium are available."""
    import pytest

    pytest.importorskip("playwright.sync_api")
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium not found: install Debian's 'chromium' package or set CHROMIUM")
    return path


@contextlib.contextmanager
def chromium(**launch_options) -> Iterator[object]:
    """A Playwright ``Browser`` on the system Chromium, closed on exit.

    Use once per test module (a module-scoped fixture): starting Chromium costs about a second.
    """
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        raise RuntimeError("Chromium not found: install Debian's 'chromium' package or set CHROMIUM")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, **launch_options)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml"}

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass


class Server:
    """A running local HTTP server; ``url(path)`` gives a full address on it."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"


@contextlib.contextmanager
def serve(root: Path | str) -> Iterator[Server]:
    """Serve ``root`` on 127.0.0.1 with an ephemeral port until the block ends."""
    server = Server(Path(root))
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        server.thread.join(timeout=5)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:"


class RequestLog:
    """Every request made by a page (or a whole context) while attached.

    ``foreign(*allowed)`` returns the URLs whose origin is not one of ``allowed`` origins.
    ``data:`` URLs are not network requests and are never foreign.
    """

    def __init__(self, target):
        self.urls: list[str] = []
        self.target = target
        target.on("request", self._record)

    def _record(self, request) -> None:
        self.urls.append(request.url)

    def detach(self) -> None:
        self.target.remove_listener("request", self._record)

    def foreign(self, *allowed: str) -> list[str]:
        ok = {origin_of(a) for a in allowed}
        return [u for u in self.urls if not u.startswith("data:") and origin_of(u) not in ok]


def history_back(page, frame=None, timeout: float = 5_000) -> None:
    """Press the browser's Back button: step back one entry of the tab's joint history.

    Works when the last navigation happened inside an iframe (``page.go_back()`` waits for a
    top-level navigation that never comes). Uses the same DevTools call as Playwright's
    ``go_back`` (``Page.navigateToHistoryEntry``), then waits until ``frame``'s URL (default:
    the top page's) has changed.
    """
    frame = frame or page.main_frame
    before = frame.url
    cdp = page.context.new_cdp_session(page)
    try:
        history = cdp.send("Page.getNavigationHistory")
        index = history["currentIndex"]
        if index == 0:
            raise AssertionError("there is no history entry to go back to")
        cdp.send("Page.navigateToHistoryEntry", {"entryId": history["entries"][index - 1]["id"]})
    finally:
        cdp.detach()
    deadline = timeout / 1000
    start = time.monotonic()
    while frame.url == before:
        if time.monotonic() - start > deadline:
            raise AssertionError(f"Back did not change the frame's address from {before}")
        page.wait_for_timeout(10)
