"""Large inputs: a 5,000-node flow is checked without a memory blow-up (speed is in benchmarks/)."""

from __future__ import annotations

import datetime as dt
import tracemalloc

from conftest import ROOT

from build_tools.core import ids
from build_tools.source import loader, model, validate
from build_tools.site import pipeline

CONFIG = pipeline.Config.from_options(ROOT, {}, docs_dir="content", custom_dir="site_overrides")


def big_flow_text(n: int) -> str:
    """A chain of n-1 steps and questions ending at an outcome; every few nodes a question."""
    lines = ["id: big", "title: A big flow", "summary: Many nodes.", "review:",
             "  last_reviewed: 2026-01-01", "  next_review: 2027-01-01", "  reviewed_by: Tests",
             "sources:", "  - id: src", "    title: A source", "    publisher: Tests", "    year: 2024",
             "    url: https://example.org/", "start: n0", "nodes:"]
    for i in range(n - 1):
        nxt = f"n{i + 1}"
        if i % 50 == 10:  # a question whose answers meet again at the next node
            lines += [f"  - id: n{i}", "    kind: question", f"    title: Question number {i}?",
                      "    answers:", "      - label: Yes", f"        next: {nxt}",
                      "      - label: Not sure", f"        next: {nxt}", "        unsure: true",
                      "    sources: [src]"]
        else:
            lines += [f"  - id: n{i}", "    kind: step", f"    title: Step number {i}",
                      f"    body: This is step {i}. It has a short sentence. Then you go on.",
                      f"    next: {nxt}", "    sources: [src]"]
    lines += [f"  - id: n{n - 1}", "    kind: outcome", "    title: The end", "    body: Done.",
              "    sources: [src]"]
    return "\n".join(lines) + "\n"


def test_five_thousand_nodes_check_cleanly_in_bounded_memory(tmp_path):
    path = tmp_path / "big.yml"
    path.write_text(big_flow_text(5_000), encoding="utf-8")
    assert path.stat().st_size < loader.MAX_FILE_BYTES
    tracemalloc.start()
    result = pipeline.check([path], CONFIG, today=dt.date(2026, 11, 27))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.errors == []
    flow = result.flows[0][0]
    assert len(flow.nodes) == 5_000
    # Past the questionnaire's node limit: check warns and the render leaves the
    # questionnaire out (the pages still build).
    assert validate.MAX_QUESTIONNAIRE_NODES < 5_000
    assert [d.message for d in result.warnings] == [
        f"this flow has 5,000 nodes, more than the {validate.MAX_QUESTIONNAIRE_NODES} a questionnaire "
        "can hold, so its questionnaire is not built; the pages and the flowchart are: split the flow"]
    files = pipeline.render([flow], CONFIG, diagrams=False)
    assert flow.id == "big" and ids.questionnaire_file(flow.id) not in files
    assert ids.questionnaire_file("mini") == "embed/mini.html"  # the path the check above means
    assert len([p for p in files if p.startswith("pathways/big/")]) == 5_002
    assert peak < 400 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_a_flow_at_the_questionnaire_node_limit_gets_one_of_linear_size(tmp_path):
    """Every node is one screen: 300 nodes with 6 questions (answers that meet again, 2**6
    ways through) render at about the size of their text, with no unfolding."""
    from build_tools.outputs.questionnaire import page as render_questionnaire

    path = tmp_path / "big.yml"
    path.write_text(big_flow_text(validate.MAX_QUESTIONNAIRE_NODES), encoding="utf-8")
    result = pipeline.check([path], CONFIG, today=dt.date(2026, 11, 27), readability_check=False)
    assert result.errors == [] and result.warnings == []
    flow = result.flows[0][0]
    assert validate.questionnaire_fits(flow)
    raw, packed = render_questionnaire.size_figures(render_questionnaire.render(flow))
    assert raw < 600 * validate.MAX_QUESTIONNAIRE_NODES and packed <= render_questionnaire.GZIP_BUDGET


def test_more_than_the_node_limit_is_a_positioned_error(tmp_path):
    path = tmp_path / "big.yml"
    path.write_text(big_flow_text(model.MAX_NODES + 1), encoding="utf-8")
    result = pipeline.check([path], CONFIG, today=dt.date(2026, 11, 27), readability_check=False)
    assert [d.message for d in result.errors] == ["'nodes' is too long: 5,001 items; the limit is 5,000"]
    assert (result.errors[0].line, result.errors[0].column) == (16, 3)
