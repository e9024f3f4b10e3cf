"""The words a reader sees that are written in ``mkdocs.yml``, in the reader's language.

``mkdocs.yml`` holds a few words that every page shows: ``site_name``, ``site_description``
(the pages' ``<meta name="description">`` when they have none of their own), ``copyright``
(the disclaimer at the foot of every page), the labels of the light/dark switch
(``theme.palette[].toggle.name``) and the titles of the nav's sections. They are msgids like
the templates' words:

* :func:`site_words` finds them, with their lines, in the YAML;
* ``make messages`` puts them in ``pathway.pot`` and every catalogue (located at
  ``mkdocs.yml``), so each catalogue translates them;
* :func:`translate` gives a build's configuration the words in its language, which the MkDocs
  plugin applies to the site and to every edition. English is the msgids, so the English
  site is unchanged; a word a catalogue lacks stays as written, and ``check`` says so
  (:mod:`build_tools.source.catalogue_check`).

Settings an edition gives itself (``languages: {es: {site_name: ...}}``) still win.
Pure: reads YAML, imports no MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

#: The top-level keys whose value a reader sees.
TEXT_KEYS = ("site_name", "site_description", "copyright")


@dataclass(frozen=True)
class SiteWord:
    """One reader-facing text of ``mkdocs.yml``, with its 1-based line."""

    text: str
    line: int
    what: str  # "copyright", "theme.palette.toggle.name", "nav section", ...


def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None


def _scalar(node: yaml.Node | None, what: str) -> list[SiteWord]:
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        return [SiteWord(node.value, node.start_mark.line + 1, what)]
    return []


def _sections(node: yaml.Node | None) -> list[SiteWord]:
    """Titles of the nav's sections (a title whose value is a list), at any depth. Page
    titles are not: an edition's page takes its title from the page itself."""
    out: list[SiteWord] = []
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    if isinstance(v, yaml.SequenceNode):
                        out += _scalar(k, "nav section") + _sections(v)
    return out


def words_in(root: yaml.Node | None) -> list[SiteWord]:
    """Every reader-facing text in a composed ``mkdocs.yml``, in the order of the file."""
    out: list[SiteWord] = []
    for key in TEXT_KEYS:
        out += _scalar(_get(root, key), key)
    palette = _get(_get(root, "theme"), "palette")
    options = palette.value if isinstance(palette, yaml.SequenceNode) else [palette]
    for option in options:
        out += _scalar(_get(_get(option, "toggle"), "name"), "theme.palette.toggle.name")
    out += _sections(_get(root, "nav"))
    return sorted(out, key=lambda w: w.line)


def site_words(config_file: Path) -> list[SiteWord]:
    """The reader-facing texts of the ``mkdocs.yml`` at ``config_file`` (none if it is absent)."""
    from build_tools.source.site_check import read_config

    return words_in(read_config(Path(config_file))[1])


def messages(config_file: Path, location: str = "mkdocs.yml") -> list[tuple[str, str, int]]:
    """``(text, file, line)`` for :func:`build_tools.core.i18n.extract` (``make messages``)."""
    return [(w.text, location, w.line) for w in site_words(config_file)]


def section_titles(nav: Any) -> list[str]:
    """The titles of the sections of a nav as MkDocs holds it (lists of one-key dicts)."""
    out: list[str] = []
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    out += ([title] if isinstance(title, str) else []) + section_titles(value)
    return out


def translate(config: Any, gettext: Callable[[str], str]) -> None:
    """Put ``config``'s reader-facing words (a MkDocs configuration, or any mapping with a
    ``theme`` mapping) into the language of ``gettext``, in place."""
    for key in TEXT_KEYS:
        value = config.get(key)
        if isinstance(value, str) and value.strip():
            config[key] = gettext(value)
    theme = config.get("theme")
    palette = theme.get("palette") if theme is not None and hasattr(theme, "get") else None
    for option in palette if isinstance(palette, list) else [palette]:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = gettext(toggle["name"])
