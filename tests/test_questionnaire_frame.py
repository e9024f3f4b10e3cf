"""Tests for build_tools.outputs.questionnaire.frame: the frame size the embed page recommends.

The browser tests measure every screen in Chromium and check that 90% fit
(``test_questionnaire_browser.py``)."""

from __future__ import annotations

from support.questionnaire import FIXTURE, built, load_flow  # noqa: F401 (fixture)

from build_tools.outputs.questionnaire import frame as rq
from build_tools.outputs.questionnaire.plan import plan


def test_frame_size_is_a_width_and_a_rounded_height(built):
    flow, _ = built
    width, height = rq.frame_size(flow)
    assert width == rq.FRAME_WIDTH == 640
    assert height >= 480 and height % 40 == 0


def test_the_heaviest_path_to_a_result_is_a_path_from_the_start(built):
    flow, _ = built
    p = plan(flow)
    for goal in p.outcomes():
        path = rq.heaviest_path(p, goal)
        assert path[0][0] is p.start
        assert all(s.target(w) is nxt for (s, w), (nxt, _) in zip(path, path[1:]))
        last, way = path[-1]
        assert last.target(way) is goal


def test_a_result_after_a_longer_path_is_estimated_taller():
    p = plan(load_flow(FIXTURE))
    goal = p.outcomes()[0]
    gains = [rq._summary_gain(s, w) for s, w in rq.heaviest_path(p, goal)]
    assert gains and all(g >= 0 for g in gains) and sum(gains) > 0
    assert rq.screen_height_estimate(goal, p) > rq._CHROME + sum(gains)
