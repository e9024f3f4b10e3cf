"""build_tools.adapters.zensical_project: the configuration a Zensical build of render --out reads."""

from __future__ import annotations

from conftest import ROOT

from build_tools.adapters import zensical_project
from build_tools.site.navigation import listed_paths


def test_the_config_points_at_the_build_folder_without_our_plugin(tmp_path):
    data = zensical_project.zensical_config(ROOT / "mkdocs.yml", tmp_path)
    assert (data["docs_dir"], data["site_dir"], data["theme"]["custom_dir"]) == ("docs", "site", "overrides")
    assert not any(isinstance(p, dict) and "pathway" in p for p in data["plugins"])
    paths = listed_paths(data["nav"])
    assert "pathways/*" not in paths  # the flows marker is expanded, as the plugin does
    assert {"pathways/limb-salvage/index.md", "pathways/treatment-pathway/index.md"} <= set(paths)


def test_material_only_overrides_stay_out_of_the_zensical_build(tmp_path):
    (tmp_path / "partials").mkdir()
    (tmp_path / "pathway").mkdir()
    (tmp_path / "partials" / "search.html").write_text(zensical_project.MATERIAL_ONLY_MARK + " x -#}\n")
    (tmp_path / "partials" / "footer.html").write_text("<footer></footer>\n")
    (tmp_path / "pathway" / "node.md.jinja").write_text("x\n")
    assert [p.as_posix() for p in zensical_project.shared_overrides(tmp_path)] == ["partials/footer.html"]
