"""Language editions: one site, one section per language.

The site's own language (``theme.language``, English here) lives where it always did:
``flows/``, ``content/``, ``glossaries/``, published at the site's root. Each other language
named in the plugin's ``languages:`` option is an **edition** with the same layout one
folder down, published one folder down:

====================  ==========================  ===========================
what                  default language            edition ``zh-Hans``
====================  ==========================  ===========================
flows                 ``flows/<id>.yml``          ``flows/zh-Hans/<id>.yml``
hand-written pages    ``content/<page>.md``       ``content/zh-Hans/<page>.md``
glossaries            ``glossaries/*.yml``        ``glossaries/zh-Hans/*.yml``
published at          ``/``                       ``/zh-Hans/``
====================  ==========================  ===========================

Why per-language builds rather than a multilingual plugin: each edition is an ordinary
MkDocs build (``theme.language`` set, so Material's own words are in that language), and an
ordinary ``render --out`` docs folder for any other engine; nothing depends on a plugin that
Zensical would not run. :mod:`build_tools.adapters.mkdocs_adapter` builds the default site, then
each edition into its folder, in one atomic ``make site``.

This module is pure: the counterpart of a page in every language (:func:`alternates`, for
``hreflang`` and Material's language switcher; the plugin works out which pages each
language has), an edition's nav (:func:`edition_nav`: the default nav, with each page the
edition has not translated linked to the default-language page and marked "(English)"),
and the rewriting of an edition page's links to untranslated pages (:func:`link_out`).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from typing import Any

from build_tools.core import ids
from build_tools.source.config import Config


def edition(config: Config, language: str) -> Config:
    """Where the ``language`` edition's sources are, and where it is published."""
    return dataclasses.replace(
        config,
        flows_dir=config.flows_dir / language,
        content_dir=config.content_dir / language,
        glossaries_dir=(config.glossaries_dir / language) if config.glossaries_dir else None,
        site_url=(config.site_url.rstrip("/") + f"/{language}/") if config.site_url else None,
        language=language,
        edition=language,
        nav=None,
        config_file=None,
    )


def editions(config: Config) -> list[Config]:
    return [edition(config, lang) for lang in config.languages]


def display_name(language: str) -> str:
    """The language's name in itself ("English", "中文 (简体)"), for the switcher."""
    from babel import Locale

    locale = Locale.parse(language, sep="-")
    return locale.get_display_name(locale) or language


def prefix(language: str | None) -> str:
    """The folder an edition is published in ("" for the default language)."""
    return f"{language}/" if language else ""


def alternates(page: str, pages: dict[str, list[str]], default: str, root: str = "/") -> list[dict]:
    """Material's ``extra.alternate`` for one page: the page in every language that has it,
    for ``hreflang`` links and the language switcher. A page with no translation gets none
    (hreflang must name the same content; the switcher would only show one language).

    ``pages`` maps each language (``""`` for the default) to the docs paths it publishes;
    ``root`` is the path of the site's root on its server (from ``site_url``). The links are
    absolute paths: MkDocs' ``url`` filter mangles relative links that climb out of an
    edition's folder (``../``), and leaves absolute ones alone.
    """
    out = []
    for lang, published in pages.items():
        if page not in published:
            continue  # no counterpart: hreflang may only name the same page in another language
        link = root.rstrip("/") + "/" + prefix(lang or None) + ids.page_url(page)
        name_lang = lang or default
        out.append({"name": display_name(name_lang), "link": link, "lang": name_lang})
    return out if len(out) > 1 else []


def site_root(site_url: str | None) -> str:
    """The path of the site's root on its server: ``/`` unless ``site_url`` has a path."""
    from urllib.parse import urlsplit

    return (urlsplit(site_url).path or "/") if site_url else "/"


def edition_nav(nav: Any, *, translated: set[str], section_titles: dict[str, str],
                flows_entries: list[dict], english_label) -> Any:
    """The nav of an edition: the default nav's shape, each page either the edition's own
    (a bare path: MkDocs takes its translated title from the page) or, when the edition has
    not translated it, the default-language page, marked by ``english_label(title)``."""
    from build_tools.site.navigation import FLOWS_MARKER

    def walk(items: list) -> list:
        out: list = []
        for item in items:
            if item == FLOWS_MARKER or (isinstance(item, dict) and list(item.values()) == [FLOWS_MARKER]):
                out.extend(flows_entries)
                continue
            title, value = (None, item) if isinstance(item, str) else next(iter(item.items()))
            if isinstance(value, list):
                inner = walk(value)
                if inner:
                    out.append({section_titles.get(title, title): inner})
            elif re.match(r"^[a-z][a-z0-9+.-]*:", value):
                out.append(item)  # a link elsewhere
            elif value in translated:
                out.append(value)
            elif value.endswith(".md"):
                out.append({english_label(title or value): "../" + ids.page_url(value)})
        return out
    return walk(list(nav or []))


_OUT_LINK = re.compile(r"(\]\(\s*<?)((?:\.\./)+)([^)\s#>]+?)\.md(#[^)\s>]*)?(>?\s*(?:\"[^\"]*\")?\s*\))")


def link_out(page: str, markdown: str) -> str:
    """An edition page's links to a page outside the edition (``../rebuilding-the-bone.md``,
    the default-language page it has no translation of) become links to that page's address
    on the site, which the edition's build cannot see as a file."""
    # From the page's address (directory URLs: about.md is published at about/) up to the
    # edition's root, then one more level to the site's root.
    up = "../" * (ids.page_url(page).count("/") + 1)

    def repl(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), m.group(2) + m.group(3) + ".md"))
        if not target.startswith("../") or target.startswith("../../"):
            return m.group(0)  # inside the edition (an ordinary page link), or nowhere
        return f"{m.group(1)}{up}{ids.page_url(target[3:])}{m.group(4) or ''}{m.group(5)}"
    return _OUT_LINK.sub(repl, markdown)
