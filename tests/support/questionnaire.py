"""Flows, a parsed page and budgets shared by the tests of build_tools.outputs.questionnaire."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from benchmarks import synthetic
from build_tools.outputs.questionnaire.page import SUMMARY_ID, render
from build_tools.source.kinds import has_questions
from build_tools.source.loader import load_text
from build_tools.source.model import Flow

ROOT = Path(__file__).resolve().parent.parent.parent
GOLDEN = ROOT / "tests" / "golden" / "questionnaire"
FIXTURE = GOLDEN / "tiny-pathway.yml"
DEFAULT_FLOW = ROOT / "flows" / "limb-salvage.yml"
# The budgets.
BUDGET_GZIP = 14_600
BUDGET_RAW = 100_000
MAX_GROWTH = 2.4


def load_flow(path: Path) -> Flow:
    doc = load_text(path, path.read_text(encoding="utf-8"))
    assert not [d for d in doc.diagnostics if d.is_error], doc.diagnostics
    return Flow.model_validate(doc.data)


def generated(n_questions: int) -> Flow:
    """A flow of n questions with realistic text (benchmarks/synthetic.py)."""
    text = synthetic.questions_flow_yaml(n_questions)
    doc = load_text(Path(f"{synthetic.QUESTIONS_FLOW_ID}.yml"), text)
    assert not [d for d in doc.diagnostics if d.is_error], doc.diagnostics
    return Flow.model_validate(doc.data)


def flows_under_test() -> list:
    """The fixture, the default flow and every other flow file."""
    params = [pytest.param(FIXTURE, id="fixture"), pytest.param(DEFAULT_FLOW, id="limb-salvage")]
    for path in sorted((ROOT / "flows").glob("*.yml")):
        if path != DEFAULT_FLOW:
            params.append(pytest.param(path, id=path.stem))
    return params


@pytest.fixture(scope="module", params=flows_under_test())
def built(request) -> tuple[Flow, str]:
    flow = load_flow(request.param)
    assert has_questions(flow), f"{flow.id} has no questions"
    return flow, render(flow)


class Page(HTMLParser):
    """Every start tag with its attributes, the style text and the visible text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]


def section(page: str, fid: str) -> str:
    start = page.index(f'<section id="{fid}"')
    return page[start:page.index("</section>", start)]


def summary(page: str) -> str:
    start = page.index(f'<div id="{SUMMARY_ID}">')
    return page[start:page.index("<section", start)]
