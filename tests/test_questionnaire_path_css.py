"""Tests for build_tools.outputs.questionnaire.path_css: the path taken, in CSS, linear in the flow."""

from __future__ import annotations

import re

from support.questionnaire import FIXTURE, Page, built, load_flow  # noqa: F401 (fixture)

from build_tools.outputs.questionnaire import plan as rq
from build_tools.outputs.questionnaire.path_css import _any, _sel, logic_css


def test_the_path_logic_has_one_rule_per_node_answer_and_outcome(built):
    """Linear: the stylesheet's logic grows with the flow, never with the number of paths."""
    flow, page = built
    p = rq.plan(flow)
    style = Page(page).style
    answers = sum(len(s.ways_out) for s in p.questions())
    assert style.count(":checked){--a") == answers
    assert style.count(":target){--h:") == len(p.outcomes())
    assert len(re.findall(r"--n\d+:", style)) == len(p.screens)


def test_or_of_toggles_and_selectors_for_ids_starting_with_a_digit():
    assert _any(["--a"]) == "var(--a)"
    assert _any(["--a", "--b", "--c"]) == "var(--a,var(--b,var(--c)))"
    assert _sel("result") == "#result" and _sel("2nd-scan") == "#\\32 nd-scan"


def test_each_node_is_on_the_path_when_a_way_into_it_is():
    p = rq.plan(load_flow(FIXTURE))
    css = logic_css(p)
    body = dict(part.split(":", 1) for part in re.match(r"body\{(.*?)\}", css).group(1).split(";"))
    assert body[p.start.var] == " "  # the start is always on the path
    for s in p.screens[1:]:
        assert body[s.var] == _any([w.var for w in s.ways_in]), s.fid
    for s in p.questions():
        for w in s.ways_out:  # an answer counts only when its question is on the path
            assert f"body:has(#{w.rid}:checked){{{w.var}:var({s.var})}}" in css
