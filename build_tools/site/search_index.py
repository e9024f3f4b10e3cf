"""The site's search index: Pagefind, written into ``SITE_DIR/_pagefind/`` after a build.

Why Pagefind (benchmarks/RESULTS.md, "Search" has the figures): Material's search sends the
whole index (about 60 KB per flow) to every reader on every first page view. Pagefind's
index is split into chunks, and the reader's browser fetches only the chunks a query needs,
and only on the search page. Opening any other page fetches nothing for search, whatever
the number of flows.

* Which pages: every Material page of every edition (those with Material's ``<article>``),
  except the 404 page and the search pages themselves. Only the article is indexed (the
  page's own words, not the menus), without the review dates and the disclaimer that every
  page repeats.
* One bundle for the whole site. Pagefind keeps one index per language (from ``<html
  lang>``), and the search page of an edition searches its own language.
* Chinese and Japanese: Pagefind cuts words with one dictionary when it builds the index and
  the browser cuts the query with another (``Intl.Segmenter``). They disagree ("化疗" is one
  word in the index but "化" + "疗" in Chromium's query), and a reader searching a word
  finds one page in twenty. So the index gets these scripts one character at a time
  (:func:`spaced`), the search page splits a query the same way and asks for the characters
  as an exact phrase (``assets/pathway-search.js``): a page is found when it contains the
  word, whatever dictionary either side has.
* Pagefind runs as a service process through its Python API (asyncio, no ``subprocess``);
  one request per page costs 0.1 s in that API, so the pages are written to a staging
  folder and indexed with one ``add_directory``.
* Cache: the bundle depends only on the staged pages and Pagefind's version. An unchanged
  site (the usual ``mkdocs build`` with nothing edited) copies the last bundle instead of
  indexing again.

No MkDocs import: a built folder in, a folder out.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.metadata
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The bundle's folder in the built site. The search page loads ``<root>/_pagefind/pagefind.js``.
BUNDLE_DIR = "_pagefind"
#: The search page of the site and of each edition (``search.md`` in the registry).
SEARCH_PAGE_DIR = "search"

#: Files of Pagefind's bundle no page loads (its ready-made interfaces).
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
#: Material's article: the page's own content, where indexing starts.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')
#: Repeated on every page: never what a reader searches for.
EXCLUDE = (".pw-review", ".pw-disclaimer", ".headerlink")

#: Scripts written without spaces between words: indexed a character at a time.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PAIR = re.compile(f"([{_UNSPACED}])(?=[{_UNSPACED}])")
_TAG = re.compile(r"(<[^>]*>)")
_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"', re.I)
_SEGMENTED = ("zh", "ja")


class SearchIndexError(RuntimeError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True)
class Stats:
    pages: int
    bundle_bytes: int
    cached: bool


def spaced(html: str) -> str:
    """``html`` with a space between any two Chinese or Japanese characters in its text
    (never inside a tag): each character becomes one word of the index."""
    return "".join(part if part.startswith("<") else _PAIR.sub(r"\1 ", part)
                   for part in _TAG.split(html))


#: The search page of the site or of an edition (a folder named by its language tag), as
#: a site-relative file. deploy/nginx.conf matches the same addresses.
SEARCH_PAGE_FILE = re.compile(r"^(?:[a-z]{2,3}(?:-[A-Za-z0-9]+)*/)?" + SEARCH_PAGE_DIR + r"/index\.html$")


def is_search_page(rel: str) -> bool:
    """``rel`` (site-relative) is a search page: the one page whose policy allows WebAssembly."""
    return bool(SEARCH_PAGE_FILE.match(rel))


def is_bundle(rel: str) -> bool:
    """``rel`` is a file of Pagefind's bundle (its worker compiles WebAssembly)."""
    return rel == BUNDLE_DIR or rel.startswith(BUNDLE_DIR + "/")


def indexable(site_dir: Path) -> dict[str, str]:
    """``{site-relative path: HTML as indexed}`` for every page search should find."""
    out = {}
    for path in sorted(Path(site_dir).rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if is_bundle(rel) or rel.endswith("404.html") or is_search_page(rel):
            continue
        text = path.read_text(encoding="utf-8")
        if not _ARTICLE.search(text):  # not a Material page (a questionnaire, a redirect)
            continue
        text = _ARTICLE.sub(lambda m: m.group(0) + " data-pagefind-body", text, count=1)
        lang = _LANG.search(text)
        if lang and lang.group(1).split("-")[0].lower() in _SEGMENTED:
            text = spaced(text)
        out[rel] = text
    return out


def _version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _key(pages: dict[str, str]) -> str:
    h = hashlib.sha256()
    h.update(f"pagefind {_version()}\n{EXCLUDE}\n".encode())
    h.update(Path(__file__).read_bytes())
    for rel, text in pages.items():
        h.update(rel.encode() + b"\0" + text.encode("utf-8") + b"\0")
    return h.hexdigest()[:32]


async def _pagefind(staging: Path, out: Path) -> None:
    try:
        from pagefind.index import IndexConfig, PagefindIndex
        from pagefind.service import get_executable
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise SearchIndexError("the pagefind package is missing: pip install 'pagefind[extended]'") from exc
    if get_executable() is None:
        raise SearchIndexError("Pagefind's program is missing: pip install 'pagefind[extended]'")
    config = IndexConfig(exclude_selectors=list(EXCLUDE), output_path=str(out))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(path=str(staging), glob="**/*.html")


def write_index(site_dir: Path, *, cache_dir: Path | None = None) -> Stats:
    """Index the built site ``site_dir`` into ``site_dir/_pagefind/`` (replaced)."""
    site_dir = Path(site_dir)
    pages = indexable(site_dir)
    target = site_dir / BUNDLE_DIR
    if target.exists():
        shutil.rmtree(target)
    key = _key(pages)
    cached = cache_dir / key if cache_dir else None
    hit = cached is not None and (cached / "pagefind-entry.json").is_file()
    if not hit:
        with tempfile.TemporaryDirectory(prefix="pathway-search-") as tmp:
            staging, out = Path(tmp) / "pages", Path(tmp) / "bundle"
            for rel, text in pages.items():
                (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                (staging / rel).write_text(text, encoding="utf-8")
            try:
                asyncio.run(_pagefind(staging, out))
            except SearchIndexError:
                raise
            except Exception as exc:  # the service's own errors carry Pagefind's message
                raise SearchIndexError(f"Pagefind failed: {exc}") from exc
            if not (out / "pagefind-entry.json").is_file():
                raise SearchIndexError("Pagefind wrote no index")
            for pattern in UNUSED:  # Pagefind's own interfaces: the search page has its own
                for f in out.glob(pattern):
                    f.unlink()
            if cached is not None:
                shutil.rmtree(cache_dir, ignore_errors=True)  # one bundle kept: the last one
                cached.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(out, cached)
            shutil.copytree(out, target)
    else:
        shutil.copytree(cached, target)
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    return Stats(pages=len(pages), bundle_bytes=size, cached=hit)


def main(argv: list[str] | None = None) -> int:
    """``python -m build_tools.site.search_index SITE_DIR``: index a site another engine built
    (``make zensical`` does), as the MkDocs build does after its last edition."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m build_tools.site.search_index",
                                     description="write SITE_DIR/_pagefind/, the search index of a built site")
    parser.add_argument("site_dir", type=Path, metavar="SITE_DIR")
    args = parser.parse_args(argv)
    try:
        stats = write_index(args.site_dir)
    except (SearchIndexError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"search index: {stats.pages} pages, {stats.bundle_bytes / 1000:.0f} kB in "
          f"{args.site_dir}/{BUNDLE_DIR}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
