"""build_tools.site.pipeline: check everything before reporting, render every output, write a docs folder.

Tested against behaviour (what check reports, what render returns), not the registry's
internals: tests/test_outputs.py covers those.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import pytest
from conftest import ROOT

from build_tools.core import atomic, ids
from build_tools.site import pipeline
from build_tools.core.errors import InternalError, Severity

TODAY = dt.date(2026, 11, 27)
MINI = (ROOT / "tests" / "fixtures" / "mini.yml").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> pipeline.Config:
    """An empty project: flows/, content/ and site_overrides/ in tmp_path."""
    for folder in ("flows", "content", "site_overrides"):
        (tmp_path / folder).mkdir()
    return pipeline.Config.from_options(tmp_path, {}, docs_dir="content", custom_dir="site_overrides")


def add_flow(config: pipeline.Config, flow_id: str = "mini", text: str = MINI) -> Path:
    path = config.flows_dir / f"{flow_id}.yml"
    path.write_text(text.replace("id: mini\n", f"id: {flow_id}\n", 1), encoding="utf-8")
    return path


def check(config, *paths, **kw):
    kw.setdefault("today", TODAY)
    kw.setdefault("readability_check", False)
    return pipeline.check(list(paths), config, **kw)


def lines(result) -> list[str]:
    return [str(d) for d in result.diagnostics]


# --------------------------------------------------------------------------- discover and load


def test_discover_finds_flows_then_pages_and_skips_includes(project):
    add_flow(project, "b")
    add_flow(project, "a")
    (project.flows_dir / "c.yaml").write_text(MINI, encoding="utf-8")
    (project.flows_dir / "schema.json").write_text("{}", encoding="utf-8")
    (project.content_dir / "includes").mkdir()
    (project.content_dir / "includes" / "abbreviations.md").write_text("x", encoding="utf-8")
    (project.content_dir / "sub").mkdir()
    (project.content_dir / "sub" / "page.md").write_text("x", encoding="utf-8")
    (project.content_dir / "index.md").write_text("x", encoding="utf-8")
    rel = [p.relative_to(project.root).as_posix() for p in pipeline.discover(project)]
    assert rel == ["flows/a.yml", "flows/b.yml", "flows/c.yaml", "content/index.md", "content/sub/page.md"]


def test_load_flow(project):
    flow, doc = pipeline.load_flow(add_flow(project))
    assert flow is not None and flow.id == "mini" and doc.diagnostics == []
    empty = project.flows_dir / "empty.yml"
    empty.write_text("# nothing here\n", encoding="utf-8")
    flow, doc = pipeline.load_flow(empty)
    assert flow is None
    assert [d.message for d in doc.diagnostics] == [
        "this file is empty: a flow needs id:, title:, summary:, review:, sources:, start: and nodes:"]
    bad = add_flow(project, "bad", MINI.replace("year: 2024", "year: soon"))
    flow, doc = pipeline.load_flow(bad)
    assert flow is None and doc.diagnostics[0].message.startswith("'year' must be four digits")


# --------------------------------------------------------------------------- check


def test_check_reports_every_file_before_stopping(project):
    a = add_flow(project, "a", MINI.replace("year: 2024", "year: soon"))
    b = add_flow(project, "b", MINI.replace("next: end-this", "next: nowhere"))
    c = add_flow(project, "c")
    result = check(project, a, b, c)
    files = {Path(d.file).name for d in result.errors}
    assert files == {"a.yml", "b.yml"}
    assert [f.id for f, _ in result.flows] == ["b", "c"]  # b loads; its graph is wrong
    assert result.diagnostics == sorted(set(result.diagnostics))


def test_check_of_a_clean_flow_has_no_diagnostics(project):
    result = check(project, add_flow(project))
    assert result.diagnostics == [] and result.errors == [] and result.warnings == []


def test_warnings_pass_and_strict_makes_them_errors(project):
    path = add_flow(project, text=MINI.replace("body: Some information.", "body: Some <b>information</b>."))
    result = check(project, path)
    assert result.errors == [] and [d.severity for d in result.warnings] == [Severity.WARNING]
    strict = check(project, path, strict=True)
    assert [str(d) for d in strict.errors] == [str(d).replace(": warning: ", ": error: ")
                                               for d in result.warnings]


def test_two_flows_with_one_id_are_an_error(project, tmp_path):
    first = add_flow(project)
    other = tmp_path / "elsewhere"
    other.mkdir()
    second = other / "mini.yml"
    second.write_text(MINI, encoding="utf-8")
    result = check(project, first, second)
    assert any("the flow id 'mini' is also used by" in d.message for d in result.errors)


@pytest.mark.parametrize("node_id, page", [("flowchart", "flowchart page"), ("index", "overview page")])
def test_a_node_id_that_is_a_generated_page_of_its_flow_is_an_error(project, node_id, page):
    """A node called 'flowchart' or 'index' would overwrite that page: check refuses it, at the node."""
    text = MINI.replace("end-this", node_id)
    result = check(project, add_flow(project, text=text))
    (error,) = result.errors
    assert error.message.startswith(f"the node id '{node_id}' is taken")
    assert page in error.message
    line = next(i for i, l in enumerate(text.splitlines(), 1) if l.strip() == f"- id: {node_id}")
    assert (error.line, error.column) == (line, 9)


def test_every_generated_page_name_of_a_flow_is_refused_as_a_node_id(project):
    """Whatever pages a flow gets, no node id may land on one of them."""
    files = pipeline.render([pipeline.load_flow(add_flow(project))[0]], project, diagrams=False)
    folder = posixpath.dirname(ids.node_page("mini", "x"))
    generated = {p[len(folder) + 1:-3] for p in files if p.startswith(folder + "/") and p.endswith(".md")}
    node_ids = {"first-step", "the-question", "end-this", "end-that"}
    for name in sorted(generated - node_ids):
        text = MINI.replace("end-that", name)
        result = check(project, add_flow(project, text=text))
        assert any(f"the node id '{name}' is taken" in d.message for d in result.errors), name


def test_a_hand_written_page_where_a_flow_writes_is_an_error(project):
    path = add_flow(project)
    target = project.content_dir / ids.overview_page("mini")
    target.parent.mkdir(parents=True)
    target.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    result = check(project, path)
    assert any(f"{ids.overview_page('mini')} is written by hand" in d.message for d in result.errors)


# --------------------------------------------------------------------------- render


def test_render_returns_every_page_of_a_flow(project):
    flow = pipeline.load_flow(add_flow(project))[0]
    files = pipeline.render([flow], project, diagrams=False)
    for path in (ids.overview_page("mini"), ids.flowchart_page("mini"), ids.questionnaire_file("mini"),
                 *(ids.node_page("mini", n.id) for n in flow.nodes)):
        assert path in files, path
        assert isinstance(files[path], bytes) and files[path]
    assert files[ids.flowchart_page("mini")].decode("utf-8").count("# Flowchart: A small test flow") == 1
    assert not any(p.startswith("diagrams/") for p in files)  # diagrams=False: no dot


def test_render_never_writes_into_content(project):
    before = sorted(project.content_dir.rglob("*"))
    pipeline.render([pipeline.load_flow(add_flow(project))[0]], project, diagrams=False)
    assert sorted(project.content_dir.rglob("*")) == before


@pytest.mark.parametrize("node_id, page, title", [
    ("flowchart", ids.flowchart_page, "Flowchart: A small test flow"),
    ("index", ids.overview_page, "A small test flow"),
])
def test_render_never_silently_overwrites_a_generated_page(node_id, page, title, project):
    """Even if check was skipped: render refuses, or the page at that path is still its page."""
    import yaml

    from build_tools.source.loader import load_text
    from build_tools.source.model import Flow

    text = MINI.replace("end-this", node_id)  # the node's own title is "This"
    flow = Flow.model_validate(load_text(Path("mini.yml"), text).data)
    try:
        files = pipeline.render([flow], project, diagrams=False)
    except InternalError:
        return
    front = yaml.safe_load(files[page("mini")].decode("utf-8").split("---\n", 2)[1])
    assert front["title"] == title


def test_write_docs_writes_content_and_generated_files_and_refuses_unsafe_targets(project, tmp_path):
    (project.content_dir / "index.md").write_text("# Home\n", encoding="utf-8")
    out = tmp_path / "docs-out"
    pipeline.write_docs(out, project, {"pathways/x/index.md": b"generated"})
    assert (out / "index.md").read_text(encoding="utf-8") == "# Home\n"
    assert (out / "pathways" / "x" / "index.md").read_bytes() == b"generated"
    pipeline.write_docs(out, project, {"other.md": b"new"})  # an earlier output is replaced
    assert not (out / "pathways").exists() and (out / "other.md").exists()
    for unsafe in (project.content_dir, project.root, project.flows_dir / "out"):
        with pytest.raises(atomic.UnsafeTarget):
            pipeline.write_docs(unsafe, project, {})
