"""Tests for build_tools.outputs.diagram.text_equivalent: the chart in words, links and escaping."""

from __future__ import annotations

import posixpath
import re

from support.diagram import hostile_flow, small_flow  # noqa: F401 (fixtures)

from build_tools.core import ids
from build_tools.outputs.diagram.text_equivalent import text_equivalent
from build_tools.source.kinds import KINDS
from build_tools.source.kinds import LABELS as KIND_NAMES
from build_tools.source.model import Flow


def test_text_equivalent_carries_everything(small_flow: Flow) -> None:
    for page in ("pathways/small-flow/index.md", "pathways/small-flow/flowchart.md"):
        text = str(text_equivalent(small_flow, page_docs_path=page))
        assert "\n\n" not in text and "<" not in text
        for node in small_flow.nodes:
            kind = KIND_NAMES[node.kind]
            assert re.search(rf"^\d+\. \*\*{kind}:\*\* \[[^\]]+\]\({node.id}\.md\)", text, re.M), node.id
        for edge in (e for n in small_flow.nodes for e in n.edges()):
            target = small_flow.node_map()[edge.target]
            if edge.answer is not None:
                assert f"    - Answer “{edge.answer.label}”: go to [" in text
                assert f"[{target.title}]({edge.target}.md)" in text
            else:
                assert f"    - Then go to: [{target.title}]({edge.target}.md)" in text
        ends = sum(KINDS[n.kind].ends for n in small_flow.nodes)
        assert ends and text.count("    - This is an end point of the flowchart.") == ends
        # Every Markdown link resolves to a node page.
        here = posixpath.dirname(page)
        pages = {ids.node_page(small_flow.id, n.id) for n in small_flow.nodes}
        for link in re.findall(r"\]\(([^)]+)\)", text):
            assert posixpath.normpath(posixpath.join(here, link)) in pages


def test_text_equivalent_neutralises_markdown() -> None:
    text = str(text_equivalent(hostile_flow(), page_docs_path="pathways/hostile/index.md"))
    assert "<script" not in text and "<b>" not in text and "<img" not in text
    assert "&#60;script&#62;" in text
    # No unescaped brackets from labels: the only links are ours.
    assert len(re.findall(r"\]\(", text)) == len(re.findall(r"\.md\)", text))
