"""build_tools.source.config: where things are, read from the pathway entry of mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from build_tools.source.config import DEFAULT_MAX_GRADE, Config, ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_project_config():
    config = Config.load(ROOT / "mkdocs.yml")
    assert config.root == ROOT
    assert config.flows_dir == ROOT / "flows"
    assert config.content_dir == ROOT / "content"
    assert config.overrides_dir == ROOT / "site_overrides"
    assert config.cache_dir == ROOT / ".cache" / "pathway"
    assert config.max_grade == 8.0


def test_options_come_from_the_pathway_plugin_entry(tmp_path):
    path = write(tmp_path, "docs_dir: pages\ntheme:\n  name: material\n  custom_dir: theme\n"
                           "plugins:\n  - search\n  - pathway:\n      flows_dir: data/flows\n"
                           "      cache_dir: .c\n      reading_grade: 6.5\n")
    config = Config.load(path)
    assert config.root == tmp_path.resolve()
    assert config.flows_dir == tmp_path.resolve() / "data" / "flows"
    assert config.content_dir == tmp_path.resolve() / "pages"
    assert config.overrides_dir == tmp_path.resolve() / "theme"
    assert config.cache_dir == tmp_path.resolve() / ".c"
    assert config.max_grade == 6.5


def test_defaults_without_a_pathway_entry_or_without_the_file(tmp_path):
    for config in (Config.load(write(tmp_path, "site_name: x\n")), Config.load(tmp_path / "none.yml")):
        assert config.flows_dir == tmp_path.resolve() / "flows"
        assert config.content_dir == tmp_path.resolve() / "docs"  # MkDocs' own default
        assert config.overrides_dir == tmp_path.resolve() / "site_overrides"
        assert config.max_grade == DEFAULT_MAX_GRADE


def test_mkdocs_tags_are_ignored_and_theme_shorthand_accepted(tmp_path):
    path = write(tmp_path, "site_name: !ENV [NAME, x]\ntheme: material\n"
                           "markdown_extensions:\n  - pymdownx.emoji:\n"
                           "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    assert Config.load(path).overrides_dir == tmp_path.resolve() / "site_overrides"


@pytest.mark.parametrize("text, message", [
    ("plugins:\n  - pathway:\n      reading_grade: eight\n", "reading_grade must be a number like 8"),
    ("plugins:\n  - pathway:\n      reading_grade: true\n", "reading_grade must be a number like 8"),
    ("plugins:\n  - pathway: [a, b]\n", "the pathway plugin's options must be 'key: value' settings"),
    ("- just\n- a list\n", "expected 'key: value' settings"),
])
def test_settings_pathway_cannot_use_are_usage_errors(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        Config.load(write(tmp_path, text))


@pytest.mark.parametrize("site_url, ok", [("https://example.org/", True), ("http://localhost:8000/", True),
                                          ("example.org", False), ("javascript:alert(1)", False)])
def test_site_url_is_a_full_address_or_nothing(tmp_path, site_url, ok):
    path = write(tmp_path, f"site_url: '{site_url}'\n")
    if ok:
        assert Config.load(path).site_url == site_url
    else:
        with pytest.raises(ConfigError, match="site_url must be the site's full address"):
            Config.load(path)
    assert Config.load(write(tmp_path, "site_name: x\n")).site_url is None


def test_configs_compare_by_where_things_are(tmp_path):
    a = Config.from_options(tmp_path, {}, docs_dir="content", custom_dir=None)
    b = Config.from_options(tmp_path, {}, docs_dir="content", custom_dir="site_overrides")
    assert a == b and hash(a) == hash(b)
    assert a != Config.from_options(tmp_path, {"reading_grade": 9}, docs_dir="content", custom_dir=None)


def test_language_comes_from_the_theme_and_editions_from_the_plugin(tmp_path):
    path = write(tmp_path, "theme:\n  name: material\n  language: fr\n"
                           "plugins:\n  - pathway:\n      languages: [zh-Hans]\n")
    config = Config.load(path)
    assert config.language == "fr" and config.languages == ("zh-Hans",) and config.edition is None
    assert Config.load(write(tmp_path, "site_name: x\n")).language == "en"


@pytest.mark.parametrize("value", ["zh-Hans", "[1, 2]", "['not a code!']"])
def test_languages_must_be_a_list_of_language_codes(tmp_path, value):
    path = write(tmp_path, f"plugins:\n  - pathway:\n      languages: {value}\n")
    with pytest.raises(ConfigError, match="languages"):
        Config.load(path)
