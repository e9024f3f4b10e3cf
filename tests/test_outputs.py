"""build_tools.site.registry: one registry; collisions and reserved ids come from it, never a hand list."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from conftest import ROOT

from build_tools.core import ids
from build_tools.site import registry as outputs, pipeline
from build_tools.source.config import Config
from build_tools.core.errors import InternalError

MINI = ROOT / "tests" / "fixtures" / "mini.yml"


def project(tmp_path: Path, node_id: str | None = None) -> Config:
    (tmp_path / "flows").mkdir()
    (tmp_path / "content").mkdir()
    text = MINI.read_text(encoding="utf-8")
    if node_id:
        text = text.replace("end-that", node_id)
    (tmp_path / "flows" / "mini.yml").write_text(text, encoding="utf-8")
    return Config.from_options(tmp_path, {}, docs_dir="content", custom_dir=None)


def check(config: Config) -> list[str]:
    return [d.message for d in pipeline.check(pipeline.discover(config), config,
                                              readability_check=False).errors]


def test_reserved_node_ids_come_from_the_registry():
    assert outputs.reserved_node_ids() == {"index", "flowchart"}


@pytest.mark.parametrize("node_id, what", [("flowchart", "the flowchart page"),
                                           ("index", "the overview page")])
def test_a_node_id_that_would_overwrite_a_generated_page_is_an_error(tmp_path, monkeypatch, node_id, what):
    monkeypatch.chdir(tmp_path)
    (message,) = check(project(tmp_path, node_id))
    assert message == (f"the node id '{node_id}' is taken: its page would be "
                       f"pathways/mini/{node_id}.md, where Pathway writes {what}; choose another id "
                       "(these are reserved: flowchart, index)")


def test_a_new_output_reserves_its_names_with_no_other_edit(tmp_path, monkeypatch):
    extra = outputs.Output("print", "flow", paths=lambda f: [outputs.Claim(f"pathways/{f.id}/print.md",
                                                                           what="the print page")],
                           render=lambda ctx: {f"pathways/{ctx.flow.id}/print.md": b"# Print\n"})
    monkeypatch.setattr(outputs, "OUTPUTS", outputs.OUTPUTS + (extra,))
    assert outputs.reserved_node_ids() == {"index", "flowchart", "print"}
    monkeypatch.chdir(tmp_path)
    (message,) = check(project(tmp_path, "print"))
    assert "where Pathway writes the print page" in message


def test_a_hand_written_page_where_an_output_writes_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = project(tmp_path)
    (tmp_path / "content" / "sources.md").write_text("---\n---\n")
    (tmp_path / "content" / "pathways" / "mini").mkdir(parents=True)
    (tmp_path / "content" / "pathways" / "mini" / "flowchart.md").write_text("x")
    found = [str(d) for d in pipeline.check(pipeline.discover(config), config, readability_check=False).errors]
    assert any(f.startswith("content/sources.md:1:1: error: Pathway generates this file") for f in found)
    assert any("content/pathways/mini/flowchart.md is written by hand, but this flow generates "
               "the flowchart page there" in f for f in found)


def test_render_writes_exactly_what_each_output_declares(tmp_path):
    config = project(tmp_path)
    flows = [f for f, _ in pipeline.check(pipeline.discover(config), config, readability_check=False).flows]
    files = pipeline.render(flows, config, diagrams=False)
    declared = {c.path for f in flows for o in outputs.flow_outputs(f, diagrams=False) for c in o.paths(f)}
    assert set(files) == declared | set(outputs.site_paths())
    assert ids.questionnaire_file("mini") in files and ids.diagram_file("mini", "svg") not in files
    assert json.loads(files[ids.fhir_file("mini")])["resourceType"] == "Questionnaire"


def test_an_output_that_writes_an_undeclared_path_is_a_bug(tmp_path, monkeypatch):
    liar = outputs.Output("liar", "site", paths=lambda: [outputs.Claim("a.md")],
                          render=lambda ctx: {"b.md": b""})
    monkeypatch.setattr(outputs, "OUTPUTS", outputs.OUTPUTS + (liar,))
    config = project(tmp_path)
    flows = [f for f, _ in pipeline.check(pipeline.discover(config), config, readability_check=False).flows]
    with pytest.raises(InternalError, match="output 'liar' wrote"):
        pipeline.render(flows, config, diagrams=False)


def test_two_site_outputs_on_one_path_are_never_a_silent_overwrite(monkeypatch):
    twin = dataclasses.replace(next(o for o in outputs.OUTPUTS if o.name == "sources-page"), name="twin")
    monkeypatch.setattr(outputs, "OUTPUTS", outputs.OUTPUTS + (twin,))
    (hit,) = outputs.collisions([])
    assert hit.path == outputs.SOURCES_PAGE and {hit.first[0], hit.second[0]} == {"sources-page", "twin"}
