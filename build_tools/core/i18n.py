"""Message catalogues: every fixed word a reader sees, in the flow's language.

Catalogues are GNU gettext ``.po`` files, one per locale, in
``build_tools/locales/<locale>/LC_MESSAGES/pathway.po``; ``build_tools/locales/pathway.pot``
is extracted from the sources with Babel (``make messages``: Jinja2's
``jinja2.ext.babel_extract`` for ``build_tools/templates/*.jinja``, Babel's Python
extractor for ``build_tools/*.py``, plus the reader's words in ``mkdocs.yml``, such as the
copyright line; then the ``.po`` files are updated from it). Only
``.po`` files are committed: a ``.po`` is compiled in memory the first time a build needs
that locale (``read_po`` -> ``write_mo`` -> :class:`babel.support.Translations`), so a
stale ``.mo`` can never be published and translators edit one file.

Catalogues are found by looking (:func:`available`), never listed: an editor adds a language
by copying one ``.po`` into a new folder and translating it, with no Python (the editors'
guide, "Other languages"). ``check`` reports what each edition's catalogue still lacks
(:mod:`build_tools.source.catalogue_check`). Plural forms (:func:`ngettext`) follow the
catalogue's ``Plural-Forms`` header: Polish has three, Arabic six. :func:`direction` says
whether a language is written right to left (CLDR's character order).

The msgids are the English text, so English needs no catalogue entries (``en`` ships an
empty ``.po``): an untranslated string falls back to English, word for word, and the
English site is byte-identical to the one built before catalogues existed.

Where strings come from:

* templates: ``{% trans %}`` blocks and ``_()`` (Jinja's i18n extension, newstyle gettext,
  installed by :func:`build_tools.outputs.templating.environment` for one language);
* Python (kind names, the diagram's key sentence and text equivalent, page titles,
  descriptions): :func:`gettext` for a language, and :func:`N_` to mark a string for
  extraction where it is defined (it is translated where it is shown);
* dates: :func:`format_date`, Babel's CLDR ``long`` format for the locale ("28 November
  2026", "2026年11月28日"). English without a region uses ``en_GB``, the house style the
  site has always printed (CLDR's ``en`` is American, "November 28, 2026").

Locale resolution (:func:`catalogue_locale`): a flow's BCP 47 tag is parsed with Babel
(``zh-Hans`` -> ``zh_Hans``, ``zh-TW`` -> ``zh_Hant_TW``, ``zh`` -> its likely script,
``zh_Hans``), then walked up: drop the region, then the script only when it is the
language's usual one. So ``zh-CN`` and ``zh`` find ``zh_Hans``, but ``zh-TW`` never falls
to Simplified Chinese: it falls back to English, as every locale without a catalogue does.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from pathlib import Path
from typing import Callable

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALES_DIR = PACKAGE_DIR / "locales"
DOMAIN = "pathway"
POT_FILE = LOCALES_DIR / f"{DOMAIN}.pot"
#: The language of the msgids.
SOURCE_LANGUAGE = "en"
#: Keywords the extractor looks for in Python (``N_`` marks without translating).
PYTHON_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def _folders() -> dict[str, Path]:
    """Every catalogue, by locale id: ``build_tools/locales/<code>/LC_MESSAGES/pathway.po``.

    Found by looking, never listed in code: a folder an editor copies in is a language. The
    folder may be named like gettext (``pt_BR``) or like a flow's ``language:`` (``pt-BR``).
    """
    return {p.parent.parent.name.replace("-", "_"): p
            for p in sorted(LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))}


def po_path(locale: str) -> Path:
    """The catalogue of ``locale`` (where it is, or where a new one goes)."""
    return _folders().get(locale.replace("-", "_"),
                          LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po")


def available() -> list[str]:
    """Locales with a catalogue, e.g. ``["ar", "de", "en", "es", ...]``."""
    return sorted(_folders())


def _parse(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("_", "-"), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def _chain(language: str) -> list[str]:
    """Locale ids to try for a BCP 47 tag, most specific first."""
    loc = _parse(language)
    if loc is None:
        return []
    likely = get_global("likely_subtags").get(loc.language, "")
    usual_script = likely.split("_")[1] if likely.count("_") >= 2 else None
    script = loc.script or usual_script
    lang, region = loc.language, loc.territory
    out: list[str] = []
    if script:
        out += [f"{lang}_{script}_{region}"] if region else []
        out.append(f"{lang}_{script}")
    if script in (None, usual_script):  # zh_Hant never falls back to zh (Simplified)
        out += [f"{lang}_{region}"] if region else []
        out.append(lang)
    return out


def catalogue_locale(language: str) -> str:
    """The catalogue a flow in ``language`` uses; English (the msgids) when none fits."""
    have = set(available())
    # A catalogue named exactly (zh_Hans), or the msgids' own language: no need to load CLDR's
    # likely subtags (0.1-0.5 s a build). A bare language (sr) may prefer its usual script's.
    exact = language.replace("-", "_")
    if exact == SOURCE_LANGUAGE or ("_" in exact and exact in have):
        return exact
    return next((c for c in _chain(language) if c in have), SOURCE_LANGUAGE)


def read_catalogue(locale: str):
    """The catalogue of ``locale`` as Babel reads it (a ``babel.messages.catalog.Catalog``)."""
    with po_path(locale).open("rb") as f:
        return read_po(f, locale=locale.replace("-", "_"), domain=DOMAIN)


@functools.lru_cache(maxsize=32)
def _compiled(locale: str) -> NullTranslations:
    path = po_path(locale)
    if locale == SOURCE_LANGUAGE or not path.is_file():
        return NullTranslations()
    buf = io.BytesIO()
    write_mo(buf, read_catalogue(locale), use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def translations(language: str) -> NullTranslations:
    """Compiled translations for a BCP 47 tag (cached per catalogue)."""
    return _compiled(catalogue_locale(language))


def gettext(language: str) -> Callable[..., str]:
    """``_(message, **values)`` for ``language``: translated, then ``%``-formatted with ``values``
    (like Jinja's newstyle gettext, so one catalogue serves templates and Python)."""
    t = translations(language)

    def _(message: str, **values) -> str:
        text = t.gettext(message)
        return text % values if values else text

    return _


def ngettext(language: str) -> Callable[..., str]:
    """``n_(singular, plural, n, **values)`` for ``language``: the form the language uses for
    ``n`` (Polish and Arabic have several), ``%``-formatted with ``num=n`` and ``values``."""
    t = translations(language)

    def n_(singular: str, plural: str, n: int, **values) -> str:
        return t.ngettext(singular, plural, n) % {"num": n, **values}

    return n_


def direction(language: str) -> str:
    """``"rtl"`` for a language written right to left (Arabic, Hebrew, Persian, Urdu), else
    ``"ltr"``: CLDR's character order for the language, so no list is kept here."""
    loc = _parse(language)
    return "rtl" if loc is not None and loc.character_order == "right-to-left" else "ltr"


def date_locale(language: str) -> str:
    """The CLDR locale dates are written in: the flow's, English without a region as ``en_GB``."""
    loc = _parse(language)
    if loc is None:
        return "en_GB"
    if loc.language == "en" and loc.territory is None:
        return "en_GB"
    return str(loc)


def format_date(day: dt.date, language: str) -> str:
    """A date as readers of ``language`` write it ("28 November 2026", "2026年11月28日")."""
    return _babel_format_date(day, format="long", locale=date_locale(language))


# --------------------------------------------------------------------------- make messages

#: What Babel extracts from, relative to the package: templates with Jinja's extractor,
#: Python with Babel's own.
METHOD_MAP = [("templates/**.jinja", "jinja2.ext:babel_extract"), ("**.py", "python")]


def extract(extra: list[tuple[str, str, int]] = ()):
    """A fresh template catalogue (the ``.pot``) from the package's templates and modules, plus
    ``extra`` messages as ``(text, file, line)``: the reader's words in ``mkdocs.yml``
    (:mod:`build_tools.source.site_words`), which the CLI's ``messages`` passes in."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Pathway", domain=DOMAIN, charset="utf-8", fuzzy=False)
    root = PACKAGE_DIR
    for filename, lineno, message, comments, context in extract_from_dir(
            root, METHOD_MAP, keywords=PYTHON_KEYWORDS, comment_tags=("Translators:",),
            options_map={"templates/**.jinja": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}},
            strip_comment_tags=True):
        catalog.add(message, None, [(f"build_tools/{filename}", lineno)], auto_comments=comments,
                    context=context)
    for text, filename, lineno in extra:
        if text in catalog:
            catalog[text].locations.append((filename, lineno))
        else:
            catalog.add(text, None, [(filename, lineno)])
    return catalog


def update(write: bool = True, extra: list[tuple[str, str, int]] = ()) -> dict[str, int]:
    """``make messages``: re-extract ``pathway.pot`` (with ``extra``, see :func:`extract`) and
    update every ``.po`` from it.

    Returns, per locale, how many msgids have no translation yet.
    """
    from babel.messages.pofile import write_po

    template = extract(extra)
    if POT_FILE.is_file():  # unchanged messages keep their date: no churn in the .po headers
        with POT_FILE.open("rb") as f:
            old = read_po(f, domain=DOMAIN)
        if _signature(old) == _signature(template):
            template.creation_date = old.creation_date
    if write:
        with POT_FILE.open("wb") as f:
            write_po(f, template, width=100, include_lineno=False, sort_output=True)
    missing: dict[str, int] = {}
    for locale in available():
        path = po_path(locale)
        with path.open("rb") as f:
            catalog = read_po(f, locale=locale, domain=DOMAIN)
        catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
        if write:
            with path.open("wb") as f:
                write_po(f, catalog, width=100, include_lineno=False, sort_output=True,
                         ignore_obsolete=True)
        missing[locale] = sum(1 for m in catalog if m.id and not translated(m))
    return missing


def translated(message) -> bool:
    """A catalogue entry that has its translation (every plural form), and is not fuzzy."""
    forms = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(forms) and all(forms) and not message.fuzzy


def _signature(catalog) -> list:
    return sorted((repr(m.id), sorted(m.locations), sorted(m.flags)) for m in catalog if m.id)


# --------------------------------------------------------------------------- language codes

def known_languages() -> list[str]:
    """Every locale CLDR has data for, as BCP 47 tags (``en-GB``, ``zh-Hans``)."""
    from babel.localedata import locale_identifiers

    return sorted(code.replace("_", "-") for code in locale_identifiers())


def language_problem(code: str) -> str | None:  # used by check and by Config (no pydantic)
    """Why ``code`` is not a language Pathway can publish in, or None."""
    from babel import Locale, UnknownLocaleError

    from build_tools.core.suggest import did_you_mean

    try:
        Locale.parse(code, sep="-")
        return None
    except (UnknownLocaleError, ValueError):
        return (f"'{code}' is not a language code CLDR knows: use a code like en, en-GB, fr "
                "or zh-Hans" + did_you_mean(code, known_languages()))
