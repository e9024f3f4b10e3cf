"""build_tools.site.editions: where an edition's sources are, its nav, its links out, its counterparts."""

from __future__ import annotations

import pytest
from conftest import ROOT

from build_tools.site import editions
from build_tools.source.config import Config, ConfigError
from build_tools.site.navigation import FLOWS_MARKER


def test_an_edition_lives_one_folder_down_and_is_published_there():
    base = Config.from_options(ROOT, {"languages": {"zh-Hans": {"site_name": "x"}}}, docs_dir="content",
                               custom_dir=None, site_url="https://h.example/guide/")
    (ed,) = editions.editions(base)
    assert ed.edition == "zh-Hans" and ed.language == "zh-Hans"
    assert (ed.flows_dir, ed.content_dir, ed.glossaries_dir) == (
        ROOT / "flows" / "zh-Hans", ROOT / "content" / "zh-Hans", ROOT / "glossaries" / "zh-Hans")
    assert ed.site_url == "https://h.example/guide/zh-Hans/"
    assert editions.site_root(base.site_url) == "/guide/" and editions.site_root(None) == "/"


def test_languages_must_be_codes_cldr_knows():
    with pytest.raises(ConfigError, match="'xx-nonsense' is not a language code"):
        Config.from_options(ROOT, {"languages": ["xx-nonsense"]}, docs_dir="content", custom_dir=None)
    with pytest.raises(ConfigError, match="only site_name and nav"):
        Config.from_options(ROOT, {"languages": {"zh-Hans": {"theme": "x"}}}, docs_dir="content",
                            custom_dir=None)


def test_counterparts_link_both_ways_and_only_to_the_same_page():
    pages = {"": ["index.md", "about.md", "pathways/x/a.md"], "zh-Hans": ["index.md", "pathways/x/a.md"]}
    links = {a["lang"]: a["link"] for a in editions.alternates("pathways/x/a.md", pages, "en", "/g/")}
    assert links == {"en": "/g/pathways/x/a/", "zh-Hans": "/g/zh-Hans/pathways/x/a/"}
    # Not translated: no hreflang at all (it may only name the same content in another language).
    assert editions.alternates("about.md", pages, "en") == []


def test_the_edition_nav_keeps_the_shape_and_marks_untranslated_pages():
    nav = [{"Home": "index.md"}, {"About": "about.md"}, {"Pathways": [FLOWS_MARKER]},
           {"For hospitals": [{"Embed": "embed.md"}, {"Guide": "editors-guide.md"}]},
           {"Web": "https://example.org/"}]
    out = editions.edition_nav(nav, translated={"index.md", "embed.md"},
                               section_titles={"Pathways": "治疗路径"},
                               flows_entries=[{"流程": "pathways/x/index.md"}],
                               english_label=lambda t: f"{t}（英文）")
    assert out == ["index.md", {"About（英文）": "../about/"}, {"治疗路径": [{"流程": "pathways/x/index.md"}]},
                   {"For hospitals": ["embed.md", {"Guide（英文）": "../editors-guide/"}]},
                   {"Web": "https://example.org/"}]


@pytest.mark.parametrize("page, text, expected", [
    ("index.md", "[a](../rebuilding-the-bone.md)", "[a](../rebuilding-the-bone/)"),
    ("about.md", "[a](../rebuilding-the-bone.md#risks)", "[a](../../rebuilding-the-bone/#risks)"),
    ("sub/p.md", "[a](../../index.md) [b](../about.md)", "[a](../../../) [b](../about.md)"),
    ("index.md", "[inside](about.md) [web](https://x.example/a.md)", "[inside](about.md) [web](https://x.example/a.md)"),
])
def test_links_to_untranslated_pages_become_addresses_on_the_site(page, text, expected):
    assert editions.link_out(page, text) == expected


def test_the_switcher_names_each_language_in_itself():
    assert editions.display_name("zh-Hans") == "中文 (简体)" and editions.display_name("en") == "English"
