"""Production response headers for a built site, and ``robots.txt``.

The Content-Security-Policy allows Material's inline ``<script>``s by hash, never with
``'unsafe-inline'`` or ``'unsafe-eval'``. Their text depends on each page's depth (Material
writes ``new URL("../..", location)``), so the hashes are read from the *built* site: every
inline script of every page, each hash once. Script-free questionnaires in ``embed/`` get a
policy of their own that other sites may frame (``frame-ancestors``).

* :func:`policies` reads a built site and gives the two policies (site pages, embeds);
  it refuses what no hash can allow (inline event handlers, ``javascript:`` links, a script
  in a questionnaire).
* :func:`render_headers` gives ``{"_headers": bytes}``, the rules for static hosts that read
  that format (Netlify, Cloudflare Pages). Their rules never set one header twice for a
  path: hosts join repeated headers with commas, and two joined policies both apply.
* :func:`nginx_csp` gives the include that ``deploy/nginx.conf`` reads (three ``set``s).

The search pages (``search/`` in the site and each edition) and Pagefind's bundle
(``_pagefind/``) get a third policy: the site's, with ``'wasm-unsafe-eval'`` added, because
Pagefind compiles WebAssembly (in its worker, whose policy is its own response's). That is
the one ``'unsafe-…'`` keyword it adds, on those addresses only: it allows compiling
WebAssembly, never running script text (no ``eval``, no inline script without a hash).
* :func:`render_robots` is pure (known before any build): ``{"robots.txt": bytes}``.

``python -m build_tools.site.render_headers SITE_DIR`` writes ``SITE_DIR/_headers``; with
``--nginx FILE`` it writes only the nginx include, to FILE.
No MkDocs import and no subprocess: plain files in, text out.
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from build_tools.core.csp import hash_source
from build_tools.site import search_index

#: Material's fingerprinted assets (``bundle.d7400e89.min.js``, ``main.ec1eaa64.min.css``):
#: their names change whenever their contents do, so browsers may keep them for a year.
#: deploy/nginx.conf has the same pattern in its ``location ~`` for these files.
HASHED_ASSET = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")

#: ``frame-ancestors`` of the questionnaires: any site may put them in an iframe.
EMBED_ANCESTORS_DEFAULT = "*"

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_REVALIDATE = "no-cache"

#: ``<script type=...>`` values that browsers run; any other type is a data block
#: (Material's ``<script id="__config" type="application/json">``), which CSP does not govern.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class HeaderError(ValueError):
    """The built site holds something that no hash-based policy can allow."""


class _Inline(html.parser.HTMLParser):
    """Inline scripts, ``<style>`` elements, style attributes and live attributes of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attrs: list[str] = []
        self.external_scripts: list[str] = []
        self.forbidden: list[str] = []
        self._open: str | None = None  # "script" or "style" while inside one
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        for name, value in a.items():
            if name.startswith("on"):
                self.forbidden.append(f"<{tag} {name}=...> (an inline event handler)")
            if name in ("href", "src", "action", "formaction") and \
                    re.match(r"\s*javascript:", value, re.I):
                self.forbidden.append(f"<{tag} {name}=\"{value[:40]}\"> (a javascript: address)")
        if "style" in a:
            self.style_attrs.append(a["style"])
        if tag == "script":
            if "src" in a:
                self.external_scripts.append(a["src"])
            elif a.get("type", "").strip().lower() in _SCRIPT_TYPES:
                self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open == tag:
            (self.scripts if tag == "script" else self.styles).append("".join(self._text))
            self._open = None


@dataclass
class Inline:
    """What a group of pages needs allowed, each hash once, sorted."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    style_attrs: set[str] = field(default_factory=set)
    pages: int = 0


@dataclass(frozen=True)
class Policies:
    site: str
    embed: str
    embed_pages: tuple[str, ...]  # site-relative paths of the questionnaires
    #: The search pages' policy: the site's, plus ``'wasm-unsafe-eval'`` (Pagefind compiles
    #: WebAssembly). Only the search pages and Pagefind's bundle (its worker) get it.
    search: str = ""
    search_pages: tuple[str, ...] = ()


def is_embed(rel: str) -> bool:
    """A standalone questionnaire (``embed/<flow>.html``), not the Material page ``embed/index.html``."""
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "embed" and parts[1].endswith(".html") \
        and parts[1] != "index.html"


def _svg(text: str) -> _Inline:
    """The same record for an SVG document (XML: a style's text is what the browser hashes)."""
    import xml.etree.ElementTree as ET

    page = _Inline()
    for el in ET.fromstring(text).iter():
        tag = el.tag.rsplit("}", 1)[-1]
        attrs = {k.rsplit("}", 1)[-1]: v for k, v in el.attrib.items()}
        page.handle_starttag(tag, [(k, v) for k, v in attrs.items() if k not in ("src",)])
        if tag in ("script", "style"):
            if tag == "script" and "href" in attrs:
                page.external_scripts.append(attrs["href"])
            else:
                (page.scripts if tag == "script" else page.styles).append(el.text or "")
            page._open = None
    return page


def scan(site_dir: Path) -> tuple[Inline, Inline, list[str]]:
    """The inline code of site pages (and SVG documents) and of embeds; the embeds' paths."""
    site, embed, embeds, _search, _pages = scan_groups(site_dir)
    return site, embed, embeds


_FIELDS = ("scripts", "styles", "style_attrs", "external_scripts", "forbidden")


def _read(path: Path, memo: dict[str, list]) -> tuple[_Inline, str]:
    """One document's record; ``memo`` maps a document's hash to its record (a page that did
    not change since the last build is not parsed again: parsing is most of this pass)."""
    data = path.read_bytes()
    key = hashlib.sha256(path.suffix.encode() + b"\0" + data).hexdigest()
    page = _Inline()
    if key in memo:
        for name, values in zip(_FIELDS, memo[key]):
            setattr(page, name, list(values))
        return page, key
    if path.suffix == ".svg":
        page = _svg(data.decode("utf-8"))
    else:
        page.feed(data.decode("utf-8"))
        page.close()
    memo[key] = [getattr(page, name) for name in _FIELDS]
    return page, key


def _load_memo(cache_file: Path | None) -> dict[str, list]:
    if cache_file is None:
        return {}
    try:
        memo = json.loads(cache_file.read_text(encoding="utf-8"))
        return memo if isinstance(memo, dict) and memo.get("version") == _MEMO_VERSION else {}
    except (OSError, ValueError):
        return {}


def _save_memo(cache_file: Path | None, memo: dict[str, list], used: set[str]) -> None:
    if cache_file is None:
        return
    keep = {k: v for k, v in memo.items() if k in used}
    keep["version"] = _MEMO_VERSION
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(keep), encoding="utf-8")
        tmp.replace(cache_file)
    except OSError:
        pass  # a cache that cannot be written only costs time


#: Changes whenever what a record holds changes (old caches are then ignored).
_MEMO_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def scan_groups(site_dir: Path, *, cache_file: Path | None = None
                ) -> tuple[Inline, Inline, list[str], Inline, list[str]]:
    """:func:`scan`, and the search pages apart: their inline code and paths. With
    ``cache_file``, each document's record is kept there by its hash for the next build."""
    site, embed, embeds, problems = Inline(), Inline(), [], []
    search, search_pages = Inline(), []
    memo = _load_memo(cache_file)
    used: set[str] = set()
    documents = sorted([*site_dir.rglob("*.html"), *site_dir.rglob("*.svg")])
    for path in documents:
        rel = path.relative_to(site_dir).as_posix()
        page, key = _read(path, memo)
        used.add(key)
        problems += [f"{rel}: {what}" for what in page.forbidden]
        group = site
        if search_index.is_search_page(rel):
            group = search
            search_pages.append(rel)
        elif is_embed(rel):
            group = embed
            embeds.append(rel)
            if page.scripts or page.external_scripts:
                problems.append(f"{rel}: a questionnaire must have no script")
        group.pages += 1
        group.scripts.update(hash_source(s) for s in page.scripts)
        group.styles.update(hash_source(s) for s in page.styles)
        group.style_attrs.update(hash_source(s) for s in page.style_attrs)
    _save_memo(cache_file, memo, used)
    if problems:
        raise HeaderError("no Content-Security-Policy without 'unsafe-inline' can allow:\n  "
                          + "\n  ".join(problems))
    if not site.pages:
        raise HeaderError(f"{site_dir} has no HTML pages: build the site first")
    return site, embed, embeds, search, search_pages


def _style_src(inline: Inline, base: list[str]) -> str:
    sources = base + sorted(inline.styles)
    if inline.style_attrs:  # style="..." attributes (a diagram's width) need CSP3 'unsafe-hashes'
        sources += ["'unsafe-hashes'", *sorted(inline.style_attrs)]
    return "style-src " + (" ".join(sources) if sources else "'none'")


def _page_policy(inline: Inline, *, wasm: bool = False) -> str:
    """The policy of Material pages: their own inline code by hash; ``wasm`` adds
    ``'wasm-unsafe-eval'`` (compiling WebAssembly; still no eval of script text)."""
    return "; ".join([
        "default-src 'none'",
        " ".join(["script-src 'self'", *(["'wasm-unsafe-eval'"] if wasm else []), *sorted(inline.scripts)]),
        _style_src(inline, ["'self'"]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",   # the search index (search pages)
        "worker-src 'self'",    # the search worker (search pages)
        "manifest-src 'self'",
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'self'",
    ])


def policies(site_dir: Path, *, embed_ancestors: str = EMBED_ANCESTORS_DEFAULT,
             cache_file: Path | None = None) -> Policies:
    """The Content-Security-Policy of site pages, of questionnaires and of search pages,
    from a built site."""
    site, embed, embeds, search, search_pages = scan_groups(Path(site_dir), cache_file=cache_file)
    site_csp = _page_policy(site)
    embed_csp = "; ".join([
        "default-src 'none'",
        _style_src(embed, []),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        f"frame-ancestors {embed_ancestors}",
    ])
    return Policies(site=site_csp, embed=embed_csp, embed_pages=tuple(embeds),
                    search=_page_policy(search, wasm=True), search_pages=tuple(search_pages))


def _rule(path: str, headers: dict[str, str]) -> str:
    return path + "\n" + "".join(f"  {k}: {v}\n" for k, v in headers.items())


def render_headers(site_dir: Path, *, embed_ancestors: str = EMBED_ANCESTORS_DEFAULT,
                   cache_file: Path | None = None) -> dict[str, bytes]:
    """``{"_headers": bytes}``: the same headers as deploy/nginx.conf, for static hosts.

    No two rules that can match one path set the same header: ``/*`` carries only the
    headers every response gets; each top-level entry carries the site policy, and a folder
    holding a page with another policy (a questionnaire, a search page, Pagefind's bundle)
    is listed entry by entry instead; each fingerprinted asset gets its long cache.
    """
    site_dir = Path(site_dir)
    pol = policies(site_dir, embed_ancestors=embed_ancestors, cache_file=cache_file)
    site_headers = {"Content-Security-Policy": pol.site}
    special = {rel: {"Content-Security-Policy": pol.embed} for rel in pol.embed_pages}
    search_headers = {"Content-Security-Policy": pol.search}
    for rel in pol.search_pages:  # search/index.html: its folder, as its address is search/
        special[rel.rsplit("/", 1)[0]] = search_headers
    if (site_dir / search_index.BUNDLE_DIR).is_dir():
        special[search_index.BUNDLE_DIR] = search_headers
    out = ["# Generated from the built site by `python -m build_tools.site.render_headers`: do not edit.\n"
           "# The same headers as deploy/nginx.conf, for hosts that read this format (Netlify,\n"
           "# Cloudflare Pages). No header is set by two rules matching one path.\n",
           _rule("/*", COMMON_HEADERS), _rule("/", site_headers)]

    def folder(path: Path, prefix: str) -> None:
        for entry in sorted(path.iterdir(), key=lambda p: p.name):
            name, rel = entry.name, prefix + entry.name
            if (not prefix and name.startswith(".")) or rel == "_headers":
                continue
            if rel in special:
                out.append(_rule("/" + rel + ("/*" if entry.is_dir() else ""), special[rel]))
            elif entry.is_dir() and any(s.startswith(rel + "/") for s in special):
                out.append(_rule(f"/{rel}/", site_headers))  # the folder's own page
                folder(entry, rel + "/")
            else:
                out.append(_rule("/" + rel + ("/*" if entry.is_dir() else ""), site_headers))

    folder(site_dir, "")
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file() and HASHED_ASSET.search(rel):
            out.append(_rule(f"/{rel}", {"Cache-Control": CACHE_IMMUTABLE}))
    return {"_headers": "\n".join(out).encode("utf-8")}


def nginx_csp(pol: Policies) -> str:
    """The include deploy/nginx.conf reads: ``$pathway_csp_site``, ``$pathway_csp_embed`` and
    ``$pathway_csp_search``."""
    for csp in (pol.site, pol.embed, pol.search):
        if any(c in csp for c in '"$\\\n{}'):
            raise HeaderError(f"a policy nginx cannot quote: {csp!r}")
    return ("# Generated from the built site by `python -m build_tools.site.render_headers --nginx`.\n"
            "# Included by deploy/nginx.conf at server level: do not edit.\n"
            f'set $pathway_csp_site "{pol.site}";\n'
            f'set $pathway_csp_embed "{pol.embed}";\n'
            f'set $pathway_csp_search "{pol.search or pol.site}";\n')


def render_robots(site_url: str | None = None) -> dict[str, bytes]:
    """``{"robots.txt": bytes}``: every page may be crawled. The questionnaires keep their
    own ``<meta name="robots" content="noindex">``, which crawlers only see if they may
    fetch them, so nothing is disallowed here."""
    text = ("# Every page of this guide may be crawled. The questionnaires in embed/ ask not to\n"
            "# be indexed in their own <meta name=\"robots\">.\n"
            "User-agent: *\nAllow: /\n")
    if site_url:
        text += f"\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"
    return {"robots.txt": text.encode("utf-8")}


def write_headers(site_dir: Path, *, embed_ancestors: str = EMBED_ANCESTORS_DEFAULT,
                  cache_file: Path | None = None) -> None:
    """Write ``SITE_DIR/_headers`` (call it on a finished build). ``cache_file`` keeps each
    page's parsed record by its hash, so an unchanged page is not parsed again next build."""
    for rel, data in render_headers(site_dir, embed_ancestors=embed_ancestors,
                                    cache_file=cache_file).items():
        (Path(site_dir) / rel).write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.site.render_headers",
                                     description="write SITE_DIR/_headers, or with --nginx "
                                                 "the CSP include of deploy/nginx.conf")
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR")
    parser.add_argument("--nginx", type=Path, metavar="FILE",
                        help="write only the CSP include of deploy/nginx.conf, to FILE (not _headers)")
    parser.add_argument("--embed-ancestors", default=EMBED_ANCESTORS_DEFAULT, metavar="SOURCES",
                        help="who may frame the questionnaires, e.g. 'https://a.example "
                             "https://b.example' (default: *)")
    args = parser.parse_args(argv)
    if re.search(r"[;,\"'$\\\n]", args.embed_ancestors):
        parser.error("--embed-ancestors takes space-separated origins, like 'https://a.example'")
    try:
        if args.nginx:
            pol = policies(args.site_dir, embed_ancestors=args.embed_ancestors)
            args.nginx.write_text(nginx_csp(pol), encoding="utf-8")
        else:
            write_headers(args.site_dir, embed_ancestors=args.embed_ancestors)
    except (HeaderError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
