"""build_tools.source.kinds: the node-kind table is the one place a kind is described."""

from __future__ import annotations

from conftest import ROOT

from build_tools.source import kinds, model
from build_tools.outputs import templating
from build_tools.source.loader import load_text

MINI = ROOT / "tests" / "fixtures" / "mini.yml"


def test_every_model_kind_has_one_row_and_every_row_a_model():
    assert set(kinds.KINDS) == set(model.NODE_KINDS) == {"step", "question", "outcome"}
    for name, row in kinds.KINDS.items():
        assert row.model is model.NODE_KINDS[name] and row.name == name


def test_each_kind_has_its_own_shape_and_template():
    shapes = {tuple(sorted(k.shape.items())) for k in kinds.KINDS.values()}
    assert len(shapes) == 3  # colour is never the only signal
    env = templating.environment(None)
    for row in kinds.KINDS.values():
        assert env.get_template(row.template) is not None


def test_the_table_says_what_each_kind_does():
    assert [k for k, r in kinds.KINDS.items() if r.answered] == ["question"]
    assert [k for k, r in kinds.KINDS.items() if r.ends] == ["outcome"]
    assert {k for k, r in kinds.KINDS.items() if r.cites} == {"step", "outcome"}
    assert kinds.LABELS == {"step": "Step", "question": "Question", "outcome": "End point"}


def test_edges_come_from_each_model_and_successors_from_the_edges():
    flow = model.Flow.model_validate(load_text(MINI, MINI.read_text(encoding="utf-8")).data)
    nodes = flow.node_map()
    question = next(n for n in flow.nodes if kinds.kind_of(n).answered)
    assert [(e.target, e.answer.label) for e in question.edges()] == [(a.next, a.label) for a in question.answers]
    assert [e.unsure for e in question.edges()] == [a.unsure for a in question.answers]
    step = next(n for n in flow.nodes if n.kind == "step")
    assert [(e.source, e.target, e.answer) for e in step.edges()] == [(step.id, step.next, None)]
    assert all(model.successors(n) == [e.target for e in n.edges()] for n in nodes.values())
    assert len(model.edges(flow)) == sum(len(n.edges()) for n in flow.nodes)


def test_has_questions_asks_the_table():
    flow = model.Flow.model_validate(load_text(MINI, MINI.read_text(encoding="utf-8")).data)
    assert kinds.has_questions(flow)
    steps_only = flow.model_copy(update={"nodes": [n for n in flow.nodes if not kinds.kind_of(n).answered]})
    assert not kinds.has_questions(steps_only)
