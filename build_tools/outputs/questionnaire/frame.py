"""The frame size the embed page recommends, estimated per screen (no browser at build time).

*Frame height*: :func:`frame_size` recommends a height from a per-screen estimate; the
browser tests measure every screen in Chromium, each result after its longest path
(:func:`heaviest_path`), and check that 90% fit. Results with a long answer summary are the
tall screens, so the height is about that of a result.
"""

from __future__ import annotations

import math

from build_tools.outputs.questionnaire.plan import Plan, Screen, Way, plan
from build_tools.source.model import Flow

#: The frame width the embed page recommends (CSS pixels).
FRAME_WIDTH = 640

#: Layout of questionnaire.css.jinja at :data:`FRAME_WIDTH` (CSS px), measured in Chromium
#: with DejaVu Sans (Debian's default sans-serif); the browser test checks the result.
_CHARS_PER_LINE = 50        # body text, 19 px, in 608 px (DejaVu Sans is wide)
_LINE = 28.5                # its line height
_SMALL_CHARS = 66           # 16 px text (summary questions, sources)
_SMALL_LINE = 22.4
_HEADING_CHARS = 38         # h2, 28 px
_HEADING_LINE = 34
_H3 = 54                    # an h3 with its margins
_CHROME = 260               # header, Back, label, margins, "Start again", footer


def _lines(text: str, per_line: int) -> int:
    return sum(max(1, math.ceil(len(para) / per_line)) for para in text.split("\n\n") if para.strip())


def _prose(text: str) -> float:
    """A Markdown body: its lines, and a paragraph gap each."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    return sum(_lines(p, _CHARS_PER_LINE) for p in paras) * _LINE + len(paras) * 0.75 * _LINE


def _summary_gain(screen: Screen, way: Way) -> float:
    """How much taller an outcome's answer summary gets for one step of the path."""
    h = sum(_lines(t, _CHARS_PER_LINE - 2) * _LINE for t in screen.node.ask)
    if way.answer is not None:
        h += _lines(screen.node.title, _SMALL_CHARS) * _SMALL_LINE + _LINE + 8
        h += sum(_lines(t, _CHARS_PER_LINE - 2) * _LINE for t in way.answer.ask)
    return h


def heaviest_path(p: Plan, goal: Screen) -> list[tuple[Screen, Way]]:
    """The path to ``goal`` whose answer summary and questions are the longest: the way in
    that makes an outcome screen tallest (the frame height is measured on it)."""
    best: dict[str, tuple[float, list[tuple[Screen, Way]]]] = {p.start.fid: (0.0, [])}
    for s in p.screens:  # topological order: every way into s is already counted
        if s.fid not in best:
            continue
        score, path = best[s.fid]
        for w in s.ways_out:
            t = s.target(w)
            cand = (score + _summary_gain(s, w), path + [(s, w)])
            if t.fid not in best or cand[0] > best[t.fid][0]:
                best[t.fid] = cand
    return best[goal.fid][1]


def screen_height_estimate(screen: Screen, p: Plan) -> float:
    """An estimate of one screen's height at :data:`FRAME_WIDTH`, in CSS px; an outcome as
    reached by :func:`heaviest_path`."""
    node = screen.node
    h = _CHROME + _lines(node.title, _HEADING_CHARS) * _HEADING_LINE
    if getattr(node, "body", None):
        h += _prose(node.body)
    if screen.answered:
        h += 3 * _LINE  # the label, "Why we ask" (closed)
        h += sum(_lines(w.answer.label, _CHARS_PER_LINE - 3) * _LINE + 28 for w in screen.ways_out)
        h += 3 * _LINE  # Continue, or the hint
    elif not screen.ends:  # a step
        h += 2 * _LINE
    else:
        h += _LINE + 2 * _H3  # "Result", "What this means", questions
        h += sum(_lines(t, _CHARS_PER_LINE - 2) * _LINE for t in node.ask)
        h += 3 * _LINE  # the guide link, sources
        path = heaviest_path(p, screen)
        h += 2 * _H3 + 2 * _LINE  # "Your answers", "Questions about your answers", the print note
        h += sum(_summary_gain(s, w) for s, w in path)
    return h


def frame_size(flow: Flow) -> tuple[int, int]:
    """(width, height) in CSS px for the embed page's ``<iframe>``: the width the layout is
    made for, and a height that fits at least 90% of the screens without scrolling: the
    90th percentile of :func:`screen_height_estimate` over every screen and the sources
    screen, rounded up to 40 px, at least 480. The browser tests measure every screen in
    Chromium (outcomes at their tallest) and check that 90% fit."""
    p = plan(flow)
    sources = _CHROME + _H3 + 2 * _LINE + sum(
        _lines(f"{s.title}. {s.publisher}, {s.year}. {s.url}", _CHARS_PER_LINE - 4) * _LINE
        for s in flow.sources)
    heights = sorted([sources, *(screen_height_estimate(s, p) for s in p.screens)])
    at90 = heights[max(0, math.ceil(0.9 * len(heights)) - 1)]
    return FRAME_WIDTH, max(480, int(math.ceil(at90 / 40) * 40))
