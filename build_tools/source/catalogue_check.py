"""``check`` for the message catalogues: what a language's readers would see in English, and
what in a catalogue would break the build.

An editor adds a language by copying one ``.po`` file and translating it (the editors'
guide, "Other languages"), so catalogues are checked like the flows. For each language the
site publishes besides English (:func:`check_languages`):

* **no catalogue**: one warning, the interface (buttons, headings, footers, the flowchart's
  key) will be English, with the command that starts one;
* **words still in English**: one warning naming the language, how many interface words are
  untranslated or fuzzy, and the ``FILE:LINE`` of the first few; the reader's words of
  ``mkdocs.yml`` (:mod:`build_tools.source.site_words`) that the catalogue has no entry
  for count too (``make messages`` adds them);
* **errors** (the build would crash, or print the wrong thing): a line that is not
  catalogue syntax, a translation whose
  ``%(name)s`` placeholders differ from the English, a lone ``%``, and a ``Plural-Forms``
  header with another number of forms than the language has (CLDR, through Babel: Polish
  has 3, Arabic 6), which a copied catalogue keeps until it is changed.

Pure: reads files, returns diagnostics.
"""

from __future__ import annotations

import re
from pathlib import Path

from build_tools.core import i18n
from build_tools.core.errors import Diagnostic, Severity, display_path

E, W = Severity.ERROR, Severity.WARNING
#: How many untranslated entries a warning names before "and N more".
FIRST_FEW = 5
_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)s|%%")


def placeholders(text: str) -> list[str]:
    """The ``%(name)s`` placeholders and ``%%`` of a message, sorted."""
    return sorted(_PLACEHOLDER.findall(text))


def language_name(language: str) -> str:
    """"Spanish (es)", "Chinese (Simplified, zh-Hans)": the English name and the code."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language.replace("_", "-"), sep="-").get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        name = None
    if not name:
        return language
    return f"{name[:-1]}, {language})" if name.endswith(")") else f"{name} ({language})"


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _header_line(lines: list[str], field: str) -> int:
    return next((i for i, line in enumerate(lines, 1) if line.lstrip('"').startswith(field + ":")), 1)


def _format_problem(message) -> str | None:
    """Why a translation would print wrongly or stop the build, or None."""
    if isinstance(message.id, (list, tuple)):
        allowed = set(placeholders(message.id[1])) | set(placeholders(message.id[0]))
        needed = allowed - {"%(num)s"}  # a form may leave the number out ("one questionnaire")
        forms = list(message.string)
    else:
        allowed = needed = set(placeholders(message.id))
        forms = [message.string]
    for form in forms:
        if not form:
            continue
        found = set(placeholders(form))
        if found - allowed or needed - found:
            return (f"the translation of '{_short(message.id)}' has the placeholders "
                    f"{sorted(found) or 'none'}, but the English has {sorted(needed | (found & allowed)) or 'none'}: "
                    "keep every %(name)s exactly as it is, untranslated")
        try:
            form % {name[2:-2]: "" for name in found if name != "%%"}
        except (ValueError, TypeError, KeyError):
            return (f"the translation of '{_short(message.id)}' has a lone '%': write a "
                    "percent sign as %% where the English does, and nowhere else")
    return None


def _syntax_problem(path: Path, locale: str) -> Diagnostic | None:
    """A line that is not catalogue syntax (Babel reads past it, dropping words), or None."""
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as f:
            read_po(f, locale=locale.replace("-", "_"), domain=i18n.DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        line = (getattr(exc, "lineno", None) or 0) + 1
        return Diagnostic(display_path(path), line, 1, E,
                          f"this line is not catalogue syntax: {str(getattr(exc, 'line', '')).strip()!r}; "
                          'each entry is a msgid "..." line and a msgstr "..." line, and a comment '
                          "starts with #")
    except (UnicodeDecodeError, ValueError) as exc:
        return Diagnostic(display_path(path), 1, 1, E, f"this catalogue cannot be read ({exc}): "
                                                        "save it as UTF-8 text")
    return None


def _short(msgid) -> str:
    text = msgid[0] if isinstance(msgid, (list, tuple)) else msgid
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


def check_catalogue(language: str, required: set, site_words: list = (),
                    config_file: Path | None = None) -> list[Diagnostic]:
    """Diagnostics for the catalogue ``language`` uses (see the module docstring).

    ``required`` are the msgids the package's templates and code use (from the ``.pot``; a
    plural entry by its singular); ``site_words`` the
    :class:`~build_tools.source.site_words.SiteWord` of ``mkdocs.yml``.
    """
    from babel.messages.catalog import Catalog

    locale = i18n.catalogue_locale(language)
    name = language_name(language)
    where = display_path(config_file) if config_file is not None else "mkdocs.yml"
    if locale == i18n.SOURCE_LANGUAGE:
        if language.split("-")[0].lower() == i18n.SOURCE_LANGUAGE:
            return []
        return [Diagnostic(where, 1, 1, W,
                           f"there is no interface catalogue for {name}: its pages' buttons, "
                           "headings, footers and the flowchart's key will be in English. Copy "
                           f"build_tools/locales/es/LC_MESSAGES/pathway.po to "
                           f"build_tools/locales/{language.replace('-', '_')}/LC_MESSAGES/pathway.po "
                           "and translate it (editors' guide, \"Other languages\")")]
    path = i18n.po_path(locale)
    shown = display_path(path)
    lines = _lines(path)
    syntax = _syntax_problem(path, locale)
    if syntax is not None:
        return [syntax]
    catalog = i18n.read_catalogue(locale)
    out: list[Diagnostic] = []
    expected = Catalog(locale=locale.replace("-", "_"))
    if catalog.num_plurals != expected.num_plurals:
        out.append(Diagnostic(shown, _header_line(lines, "Plural-Forms"), 1, E,
                              f"{language_name(locale)} has {expected.num_plurals} plural forms, "
                              f"but this catalogue's header says {catalog.num_plurals} (was it "
                              f"copied from another language?): write \"Plural-Forms: "
                              f"{expected.plural_forms}\\n\" and give each msgid_plural "
                              f"{expected.num_plurals} msgstr[n] lines"))
    required = set(required) | {w.text for w in site_words}
    missing: list[tuple[int, str]] = []  # (line in the catalogue, 0: no entry; what)
    for message in catalog:
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if not message.id or key not in required:
            continue
        problem = _format_problem(message)
        if problem:
            out.append(Diagnostic(shown, message.lineno or 1, 1, E, problem))
        if not i18n.translated(message):
            missing.append((message.lineno or 1, f"line {message.lineno} '{_short(message.id)}'"))
    lines_of = {w.text: w.line for w in site_words}
    for key in sorted(required - {m.id[0] if isinstance(m.id, (list, tuple)) else m.id
                                  for m in catalog if m.id}):
        where = f"mkdocs.yml:{lines_of[key]}: " if key in lines_of else ""
        missing.append((0, f"'{_short(key)}' ({where}no entry yet, run `make messages`)"))
    if missing:
        missing.sort(key=lambda m: (m[0] == 0, m[0]))
        first = ", ".join(text for _, text in missing[:FIRST_FEW])
        more = f" and {len(missing) - FIRST_FEW} more" if len(missing) > FIRST_FEW else ""
        words, them = ("word is", "it") if len(missing) == 1 else ("words are", "them")
        out.append(Diagnostic(shown, missing[0][0] or 1, 1, W,
                              f"{len(missing)} interface {words} not translated into {name} yet, "
                              f"so readers see {them} in English: {first}{more}. Write each "
                              "translation in its msgstr (and remove any '#, fuzzy' line)"))
    return out


def required_msgids(pot: Path = i18n.POT_FILE) -> set:
    """The msgids the package itself uses (a plural entry by its singular): the ``.pot`` less
    the words it took from a ``mkdocs.yml`` (those come from the project's own, read fresh)."""
    from babel.messages.pofile import read_po

    with pot.open("rb") as f:
        template = read_po(f, domain=i18n.DOMAIN)
    return {m.id[0] if isinstance(m.id, (list, tuple)) else m.id for m in template
            if m.id and not all(loc == "mkdocs.yml" for loc, _ in m.locations)}


def check_languages(own: str, editions: list[str], config_file: Path | None) -> list[Diagnostic]:
    """:func:`check_catalogue` for the site's own language (when it is not English; its
    ``mkdocs.yml`` is written in it, so its words are not asked for) and for each edition."""
    from build_tools.source import site_words as words

    required = required_msgids()
    site = words.site_words(config_file) if config_file is not None and config_file.exists() else []
    out = check_catalogue(own, required, [], config_file)
    for language in editions:
        out += check_catalogue(language, required, site, config_file)
    return out


def build_errors(language: str) -> list[Diagnostic]:
    """The mistakes in the catalogue of the language being built that would stop the build
    or print the wrong words (a changed placeholder, a copied Plural-Forms line): the build
    refuses them like a flow's, before rendering. ``check`` also reports the words still in
    English."""
    return [d for d in check_catalogue(language, required_msgids()) if d.is_error]
