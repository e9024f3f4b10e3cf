"""Where things are: the ``pathway`` entry of ``mkdocs.yml``. Cheap to import (no pydantic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_MAX_GRADE = 8.0
#: Templates in ``<custom_dir>/pathway/`` replace those in ``build_tools/templates/``.
OVERRIDE_SUBDIR = "pathway"


@dataclass(frozen=True)
class Config:
    """Where things are, read from the ``pathway`` plugin entry of ``mkdocs.yml``."""

    root: Path
    flows_dir: Path
    content_dir: Path
    overrides_dir: Path
    cache_dir: Path
    max_grade: float = DEFAULT_MAX_GRADE
    #: Topic and site-wide glossaries (``glossaries/site.yml``, ``glossaries/<topic>.yml``).
    glossaries_dir: Path | None = None
    #: The site's public address (``site_url`` in mkdocs.yml), for links in files that leave
    #: the site: the questionnaire, the PDF, the embed snippet. ``None``: relative links.
    site_url: str | None = None
    #: The ``nav`` of mkdocs.yml as written (flows are added by build_tools.site.navigation).
    nav: Any = field(default=None, compare=False, hash=False)
    #: The site's language (``theme.language``): hand-written pages are graded in it.
    language: str = "en"
    #: Other languages published as editions of the site (``languages:``; build_tools.site.editions).
    languages: tuple[str, ...] = ()
    #: The edition this configuration builds (None: the site's own language, at its root).
    edition: str | None = None
    #: Per edition: ``site_name`` and ``nav`` (section titles of the nav, translated).
    edition_settings: Any = field(default=None, compare=False, hash=False)
    config_file: Path | None = None

    @classmethod
    def load(cls, config_file: Path | str = "mkdocs.yml") -> Config:
        config_file = Path(config_file)
        root = config_file.parent.resolve()
        data: dict[str, Any] = {}
        if config_file.exists():
            from build_tools.source.site_check import read_config  # raises ConfigSyntaxError

            data = read_config(config_file)[0]
        if not isinstance(data, dict):
            raise ConfigError(f"{config_file}: expected 'key: value' settings")
        options: dict[str, Any] = {}
        for entry in data.get("plugins") or []:
            if isinstance(entry, dict) and "pathway" in entry:
                options = entry["pathway"] or {}
        if not isinstance(options, dict):
            raise ConfigError(f"{config_file}: the pathway plugin's options must be 'key: value' "
                              f"settings, not {options!r}")
        theme = data.get("theme") or {}
        if isinstance(theme, str):  # MkDocs allows `theme: material`
            theme = {"name": theme}
        return cls.from_options(root, options, docs_dir=str(data.get("docs_dir", "docs")),
                                custom_dir=theme.get("custom_dir", "site_overrides"),
                                site_url=data.get("site_url"), nav=data.get("nav"),
                                config_file=config_file, language=str(theme.get("language") or "en"))

    @classmethod
    def from_options(cls, root: Path, options: dict[str, Any], *, docs_dir: str,
                     custom_dir: str | None, site_url: Any = None, nav: Any = None,
                     config_file: Path | None = None, language: str = "en") -> Config:
        if site_url is not None and not (isinstance(site_url, str) and
                                         site_url.startswith(("https://", "http://"))):
            raise ConfigError(f"site_url must be the site's full address, like https://example.org/, "
                              f"not {site_url!r}")
        return cls(
            root=root,
            flows_dir=root / options.get("flows_dir", "flows"),
            content_dir=root / docs_dir,
            overrides_dir=root / (custom_dir or "site_overrides"),
            cache_dir=root / options.get("cache_dir", ".cache/pathway"),
            max_grade=_grade(options.get("reading_grade", DEFAULT_MAX_GRADE)),
            glossaries_dir=root / options.get("glossaries_dir", "glossaries"),
            site_url=site_url or None,
            nav=nav,
            config_file=config_file,
            language=language,
            languages=_languages(options.get("languages") or []),
            edition_settings=_edition_settings(options.get("languages") or {}),
            edition=options.get("edition") or None,
        )


class ConfigError(ValueError):
    """mkdocs.yml does not say what Pathway needs (a usage error, not a content error)."""


def _languages(value: Any) -> tuple[str, ...]:
    if isinstance(value, dict):
        value = list(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"languages must be a list of language codes like [zh-Hans], not {value!r}")
    from build_tools.core.i18n import language_problem

    for code in value:
        if problem := language_problem(code):
            raise ConfigError(f"languages: {problem}")
    return tuple(value)


def _edition_settings(value: Any) -> dict[str, dict]:
    """``languages: {zh-Hans: {site_name: ..., nav: {Pathways: ...}}}`` (a list: no settings)."""
    if not isinstance(value, dict):
        return {}
    out = {}
    for code, settings in value.items():
        settings = settings or {}
        if not isinstance(settings, dict) or set(settings) - {"site_name", "nav"}:
            raise ConfigError(f"languages: {code}: only site_name and nav (translated nav section "
                              f"titles) can be set, not {settings!r}")
        out[code] = settings
    return out


def _grade(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"reading_grade must be a number like 8, not {value!r}")
    return float(value)


class MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring MkDocs' own tags (!ENV, !!python/name:...)."""


MkDocsYamlLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
MkDocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
