"""The reader's words written in mkdocs.yml (build_tools/source/site_words.py): found with their
lines, extracted as msgids, and put into each build's language."""

from __future__ import annotations

from pathlib import Path

from build_tools.core import i18n
from build_tools.source import site_words

ROOT = Path(__file__).resolve().parent.parent


def test_every_reader_facing_word_of_mkdocs_yml_is_found_at_its_line():
    words = site_words.site_words(ROOT / "mkdocs.yml")
    lines = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    kinds = {w.what for w in words}
    assert kinds == {"site_name", "site_description", "copyright", "theme.palette.toggle.name",
                     "nav section"}
    for w in words:  # the line of the text, or of its key when the text is folded (>-)
        line = lines[w.line - 1]
        assert w.text.split()[0] in line or line.strip().startswith(f"{w.what}: >"), (w, line)
    texts = [w.text for w in words]
    assert "Switch to dark mode" in texts and "Switch to light mode" in texts
    assert "Pathways" in texts and "For hospitals" in texts
    assert "About bone tumours" not in texts  # a page's title: the edition's page has its own
    assert site_words.messages(ROOT / "mkdocs.yml")[0][1:] == ("mkdocs.yml", words[0].line)


def test_words_in_a_written_config(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: A\ncopyright: B\ntheme:\n  name: material\n  palette:\n"
                      "    toggle:\n      name: C\nnav:\n  - Home: index.md\n  - D:\n"
                      "      - E:\n          - x.md\n      - y.md\n", encoding="utf-8")
    assert [(w.text, w.line) for w in site_words.site_words(config)] == [
        ("A", 1), ("B", 2), ("C", 7), ("D", 10), ("E", 11)]
    assert site_words.site_words(tmp_path / "missing.yml") == []


def test_section_titles_of_a_loaded_nav():
    nav = [{"Home": "index.md"}, {"Pathways": ["pathways/*"]},
           {"For hospitals": [{"Embed": "embed.md"}, {"Deeper": ["a.md"]}]}]
    assert site_words.section_titles(nav) == ["Pathways", "For hospitals", "Deeper"]


def _config() -> dict:
    return {"site_name": "Limb-sparing surgery for bone cancer", "site_description": None,
            "copyright": "Pathway editorial team. General information only; it does not replace "
                         "advice from your care team.",
            "theme": {"palette": [{"toggle": {"name": "Switch to dark mode", "icon": "x"}},
                                  {"toggle": {"name": "Switch to light mode"}}, {"scheme": "y"}]}}


def test_translate_puts_the_words_in_the_language():
    config = _config()
    site_words.translate(config, i18n.gettext("es"))
    assert config["site_name"] == "Cirugía que conserva la extremidad en el cáncer de hueso"
    assert config["copyright"].startswith("Equipo editorial de Pathway.")
    assert [o.get("toggle", {}).get("name") for o in config["theme"]["palette"]] == [
        "Cambiar al modo oscuro", "Cambiar al modo claro", None]
    assert config["theme"]["palette"][0]["toggle"]["icon"] == "x"
    assert config["site_description"] is None


def test_english_and_unknown_words_stay_as_written():
    config = _config()
    site_words.translate(config, i18n.gettext("en"))
    assert config == _config()
    config = {"site_name": "Royal Example Hospital", "theme": {"palette": {"toggle": {"name": "Dark"}}}}
    site_words.translate(config, i18n.gettext("ar"))
    assert config == {"site_name": "Royal Example Hospital", "theme": {"palette": {"toggle": {"name": "Dark"}}}}
