"""``check`` for the message catalogues (build_tools/source/catalogue_check.py).

An editor adds a language by copying one catalogue into a new folder, with no Python: it is
found by looking, used at once, and checked like a flow. Each test works on a copy of the
catalogues in a temporary folder (``i18n.LOCALES_DIR`` pointed at it).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.core import i18n
from build_tools.source import catalogue_check, site_words
from build_tools.source.site_words import SiteWord

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def locales(tmp_path, monkeypatch) -> Path:
    """A copy of build_tools/locales that Pathway reads instead of its own."""
    folder = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, folder)
    monkeypatch.setattr(i18n, "LOCALES_DIR", folder)
    i18n._compiled.cache_clear()
    yield folder
    i18n._compiled.cache_clear()


def copy_catalogue(locales: Path, source: str, target: str) -> Path:
    """What the editors' guide says to do: copy one file into a folder named for the language."""
    path = locales / target / "LC_MESSAGES" / "pathway.po"
    path.parent.mkdir(parents=True)
    shutil.copy(locales / source / "LC_MESSAGES" / "pathway.po", path)
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line == text)


def check(language: str, words: list[SiteWord] = ()) -> list:
    return catalogue_check.check_catalogue(language, catalogue_check.required_msgids(), list(words),
                                           ROOT / "mkdocs.yml")


def test_a_copied_catalogue_is_found_and_used_with_no_code(locales):
    assert "it" not in i18n.available()
    copy_catalogue(locales, "es", "it")
    assert "it" in i18n.available()
    assert i18n.catalogue_locale("it-CH") == "it"
    assert i18n.gettext("it")("Start again") == "Empezar de nuevo"  # not translated yet, but used
    assert check("it") == []  # complete (in Spanish): nothing to report
    # A folder named like a flow's language: code (pt-BR) is found too.
    copy_catalogue(locales, "pt", "pt-BR")
    assert i18n.catalogue_locale("pt-BR") == "pt_BR"


def test_untranslated_and_fuzzy_words_are_counted_with_their_lines(locales):
    path = copy_catalogue(locales, "es", "it")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "Atrás"', 'msgstr ""')
    text = text.replace('#: build_tools/templates/questionnaire.html.jinja\nmsgid "Continue"',
                        '#: build_tools/templates/questionnaire.html.jinja\n#, fuzzy\nmsgid "Continue"')
    path.write_text(text, encoding="utf-8")
    found = check("it")
    assert len(found) == 1
    d = found[0]
    assert d.severity.value == "warning" and d.file.endswith("locales/it/LC_MESSAGES/pathway.po")
    back, go = line_of(path, 'msgid "Back"'), line_of(path, 'msgid "Continue"')
    assert d.line == back  # the first one, at its msgid
    assert "2 interface words are not translated into Italian (it)" in d.message
    assert f"line {back} 'Back', line {go} 'Continue'" in d.message
    assert i18n.gettext("it")("Continue") == "Continue"  # a fuzzy entry is not used


def test_a_placeholder_changed_or_a_lone_percent_is_an_error(locales):
    path = copy_catalogue(locales, "es", "it")
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgstr "Cuestionario: %(title)s"', 'msgstr "Cuestionario: %(titulo)s"')
    text = text.replace('msgstr "Hay %(num)s cuestionarios."'.replace("msgstr", "msgstr[2]"),
                        'msgstr[2] "Hay %(num)s cuestionarios al 100 %."')
    path.write_text(text, encoding="utf-8")
    errors = [d for d in check("it") if d.is_error]
    assert len(errors) == 2, errors
    by_line = {d.line: d.message for d in errors}
    title = line_of(path, 'msgid "Questionnaire: %(title)s"')
    assert "keep every %(name)s exactly as it is" in by_line[title]
    plural = line_of(path, 'msgid "There is one questionnaire."')
    assert "lone '%'" in by_line[plural]


def test_a_line_that_is_not_catalogue_syntax_is_an_error_at_its_line(locales, capsys):
    path = copy_catalogue(locales, "es", "it")
    text = path.read_text(encoding="utf-8").replace('msgstr "Atrás"', 'msgstr "Atrás"\nAtrás otra vez')
    path.write_text(text, encoding="utf-8")
    [error] = check("it")
    assert error.is_error and error.line == line_of(path, "Atrás otra vez")
    assert "this line is not catalogue syntax: 'Atrás otra vez'" in error.message


def test_a_catalogue_copied_from_a_language_with_other_plural_forms_is_an_error(locales):
    path = copy_catalogue(locales, "es", "sv")  # Spanish has 3 forms (CLDR), Swedish 2
    [error] = [d for d in check("sv") if d.is_error]
    assert error.line == line_of(path, '"Plural-Forms: nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % '
                                       '1000000 == 0 ? 1 : 2);\\n"')
    assert "Swedish (sv) has 2 plural forms, but this catalogue's header says 3" in error.message
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in error.message


def test_a_language_without_a_catalogue_is_told_its_interface_is_english(locales):
    [d] = check("sw")
    assert (d.file, d.line, d.severity.value) == ("mkdocs.yml", 1, "warning")
    assert "no interface catalogue for Swahili (sw)" in d.message
    assert "build_tools/locales/sw/LC_MESSAGES/pathway.po" in d.message
    assert check("en-GB") == []  # English is the msgids


def test_a_word_of_mkdocs_yml_the_catalogue_lacks_is_counted(locales):
    word = SiteWord("Royal Example Hospital. General information only.", 8, "copyright")
    [d] = check("es", [word, *site_words.site_words(ROOT / "mkdocs.yml")])
    assert "1 interface word is not translated into Spanish (es) yet, so readers see it in English" \
        in d.message
    assert "'Royal Example Hospital. General" in d.message
    assert "(mkdocs.yml:8: no entry yet, run `make messages`)" in d.message


def test_check_reports_each_edition_and_strict_refuses(tmp_path):
    """The real command on a project with a Swahili edition and no Swahili catalogue."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.editions_project import make_project

    project = make_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      ar: {}\n", "      ar: {}\n      sw: {}\n"),
                      encoding="utf-8")
    shutil.copytree(project / "flows" / "es", project / "flows" / "sw")
    flow = project / "flows" / "sw" / "before-surgery.yml"
    flow.write_text(flow.read_text(encoding="utf-8").replace("language: es", "language: sw"), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "build_tools", "check", "--today", "2026-11-28", *args],
                              cwd=project, capture_output=True, text=True, timeout=300)

    proc = run()
    assert proc.returncode == 0, proc.stderr
    assert "mkdocs.yml:1:1: warning: there is no interface catalogue for Swahili (sw)" in proc.stderr
    assert "Spanish" not in proc.stderr and "Arabic" not in proc.stderr  # complete: nothing to say
    strict = run("--strict")
    assert strict.returncode == 1
    assert "mkdocs.yml:1:1: error: there is no interface catalogue for Swahili (sw)" in strict.stderr


def test_the_build_refuses_a_catalogue_that_would_break_it(locales, tmp_path):
    """The edition's whole-site check, which the MkDocs plugin runs before rendering, stops on
    a changed placeholder in its language's catalogue, at its line (never a traceback later)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.editions_project import make_project

    from build_tools.site import editions, pipeline
    from build_tools.source.config import Config

    path = locales / "es" / "LC_MESSAGES" / "pathway.po"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'msgstr "Cuestionario: %(title)s"', 'msgstr "Cuestionario: %(titulo)s"'), encoding="utf-8")
    config = Config.load(make_project(tmp_path / "p") / "mkdocs.yml")
    spanish = editions.edition(config, "es")
    result = pipeline.check(pipeline.discover(spanish), spanish, whole_site=True)
    [error] = result.errors
    assert error.file.endswith("locales/es/LC_MESSAGES/pathway.po")
    assert error.line == line_of(path, 'msgid "Questionnaire: %(title)s"')
    arabic = editions.edition(config, "ar")  # another language's build is not stopped
    assert pipeline.check(pipeline.discover(arabic), arabic, whole_site=True).errors == []
