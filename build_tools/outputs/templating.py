"""The one Jinja environment: autoescape on, undefined names are errors, overridable templates.

One environment per language: Jinja's i18n extension with the language's catalogue
(:mod:`build_tools.core.i18n`) installed as newstyle gettext, so ``{% trans %}`` blocks and
``_()`` print the reader's words and their placeholders are autoescaped.

A template in ``site_overrides/pathway/`` replaces the one of the same name in
``build_tools/templates/``, so a hospital can restyle generated pages without forking.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2

from build_tools.core import i18n, markup
from build_tools.source.config import OVERRIDE_SUBDIR

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


@functools.lru_cache(maxsize=16)
def environment(overrides_dir: Path | None = None, cache_dir: Path | None = None,
                language: str = "en") -> jinja2.Environment:
    """The environment for pages in ``language``; with ``cache_dir``, compiled templates are
    kept there between builds (Jinja's own bytecode cache, keyed by each template's source;
    the compiled code does not depend on the language, which is looked up when rendering)."""
    loaders: list[jinja2.BaseLoader] = []
    if overrides_dir is not None and (overrides_dir / OVERRIDE_SUBDIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(overrides_dir / OVERRIDE_SUBDIR))
    loaders.append(jinja2.FileSystemLoader(TEMPLATE_DIR))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every template: text printed without a filter is HTML-escaped
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(cache_dir) if cache_dir is not None else None,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)
    env.globals["language"] = language
    env.globals["direction"] = i18n.direction  # "rtl" for Arabic: <html dir>, mirrored layout
    env.filters.update(
        md_block=markup.block,
        md_inline=markup.inline,
        html_block=markup.html_block,
        html_inline=markup.html_inline,
    )
    return env


def _bytecode_cache(folder: Path) -> jinja2.FileSystemBytecodeCache:
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
