"""The embeddable questionnaire: one self-contained HTML file per flow, with no JavaScript.

Output: ``site/embed/<flow-id>.html`` (:func:`build_tools.core.ids.questionnaire_file`), made by
:func:`render`. Only flows with at least one question get one (:func:`has_questions`), and
only up to :data:`build_tools.source.validate.MAX_QUESTIONNAIRE_NODES` nodes.

How it works, and why
=====================

Every node of the flow is **one** ``<section>``, whatever the number of ways to reach it,
so the file grows linearly with the flow. CSS shows the section named by the URL fragment
(``section:target``); with no fragment it shows the start screen.

A question is the GOV.UK question-page pattern: radio buttons, then a "Continue" link.
There is no ``<form>``: radios need none, so nothing can be submitted (not even by Enter,
which submits a form implicitly in some browsers; the browser tests press it) and the
CSP's ``form-action 'none'`` is only a second wall. Each answer has its own Continue link,
a plain fragment link (``<a href="#next-node">``) to the node the answer leads to;
``section:has(.a>:nth-child(N)>input:checked) .go>:nth-child(N)`` shows the one for the
checked answer (one such rule per answer position, for the whole page).

The radios are the state. The outcome shows "Your answers" and the questions to ask,
computed in CSS from the checked radios, **only along the path actually taken**: a radio
still checked on a question the reader backed out of, or on another branch, is not shown.
The rule: node ``start`` is on the path; a node is on the path when some answer leading to
it is checked on a question on the path (or a step on the path leads to it); the summary
shows only if the targeted outcome is on the path. This is a recursive OR/AND over the
graph, written once per node and once per answer as CSS custom properties on ``<body>``
(the "space toggle": a property holding a space is *true*, an undefined one is *false*;
``var(--a, var(--b))`` is OR, ``var(--a)var(--b)`` is AND, and a property whose ``var()``
fails is itself undefined)::

    body{--n0: ;--n3:var(--a1,var(--a4))}       on(node 3) = answer 1 or answer 4
    body:has(#a1--:checked){--a1:var(--n0)}      answer 1 = its radio checked and on(its question)
    body:has(#result:target){--h:var(--n7)}     the targeted outcome is on the path
    #y0--{--t:var(--h)var(--n0)}                 node 0's summary row: shown when --t is true
    #d1--{--t:var(--a1)}                         answer 1 in that row
    .v{--u:var(--t) block;display:var(--u,none)}

So the stylesheet has one rule per node, answer, outcome and conditional element: linear.
The questions to ask are gathered the same way: every answer's and every step's and
question's ``ask`` items, once each (an item raised in several places shows when any of
them is on the path), those of "Not sure" answers (``unsure: true``) first.
:func:`logic_css` writes it; the browser tests walk every path, back out and change answers,
and check that only the answers on the path show.

Alternatives we weighed:

* **links only, the question graph unfolded into a tree** (the previous design): one click
  per question and Back for free, but a node reachable in *k* ways had *k* screens, so the
  size grew exponentially. On generated flows with the real flows' text
  (``python -m benchmarks.questionnaire``): 4 questions 53 screens, 102,714 bytes (6,716
  gzipped); 6 questions 233 screens, 469,201 bytes (18,646 gzipped, over the budget);
  12 questions 21,473 screens, 57 MB, so it passed the 2,000-screen limit and was left out.
* **one static page per screen**: dozens of files, a request per answer (answers in the
  URL path, so in server logs), and it cannot be embedded as one file.
* **radios + ``:has()`` + fragment links (chosen)**: one screen per node, so 4, 6 and 12
  questions are 24,844, 31,289 and 53,910 bytes (6,331, 7,491 and 10,853 gzipped); each
  node has one stable address (its YAML id); Back and focus work as with plain links.

The trade-off, measured: **two actions per question instead of one** (pick an answer, then
Continue). Clicks over every path of limb-salvage (63 paths): 2 to 6, mean 5.6, before;
3 to 11, mean 10.2, now (the browser test prints them). By keyboard, the all-"Not sure"
path of the 4-question limb-salvage took 12 key presses before and takes 30 now (per
question: Tab past Back and "Why we ask" to the answers, arrow keys to pick, Tab, Enter).
We accept it: the reader sees their choice before moving on and can change it on the same
screen; every answer is still checked when they come Back; a "Change" link on the result
goes straight to any question; and the page no longer disappears or weighs hundreds of
kilobytes once a flow has more than four or five questions.

Properties kept, and how:

* *Sandboxed iframe*: following a fragment link is a same-document navigation, which
  ``<iframe sandbox="">`` allows with no tokens; checking a radio needs no permission.
* *Back button*: each Continue is a fragment navigation, so a history entry; Back shows
  the previous screen, its answer still checked. Each screen also has a Back link to the
  screen the reader came from (for a node with several ways in, only the way taken) and
  "Start again".
* *Privacy*: the fragment is never sent to any server, the radios are in no form, and the
  page makes no requests at all (the browser tests record every request).
* *Screen readers*: each section is focusable (``tabindex="-1"``) and named by its heading
  (``aria-labelledby``); following a fragment link moves focus to it, so its name is
  announced. Radios are a ``role="radiogroup"`` named by the question.
* *lynx and CSS off*: every section is shown, in the flow's order. Each Continue link
  carries text (hidden when CSS is on) saying which answer it is for and where it leads;
  lynx shows the radios as form fields and reads every answer's target from these links.
* *Old browsers without ``:has()``*: ``@supports not selector(:has(a))`` shows every
  section, like CSS-off, and every Continue link with its answer; the answer summary needs
  ``:has()`` and is hidden (each question keeps its own radios). No rule that uses
  ``:has()`` shares a selector list with one that does not, since such a browser drops the
  whole rule.
* *Dark mode*: ``<meta name="color-scheme" content="light dark">`` and colours from
  ``prefers-color-scheme``.
* *Print* ("take this to your appointment"): an outcome prints on one A4 page with the
  result, the answers, every question to ask, the review status and dates and the guide's
  address (absolute when ``site_url`` is given); no links to other screens. "What this
  means" is left out of the printout (it is in the full guide), so that even the longest
  path of a 12-question flow fits one page; the browser tests print every outcome.
* *Frame height*: :func:`frame_size` recommends a height from a per-screen estimate (no
  browser at build time); the browser tests measure every screen in Chromium, each result
  after its longest path (:func:`heaviest_path`), and check that 90% fit. Results with a
  long answer summary are the tall screens, so the height is about that of a result.

Fragment ids: a node's section has the node's YAML id (``#spread``): the stable link a
hospital can use. Every other id Pathway adds has ``--`` in it (``<id>--t`` a heading,
``a3--`` a radio, ``y2--`` a summary row), and slugs never hold ``--``, so nothing clashes.

Text safety: every YAML text goes through :func:`build_tools.core.markup.html_block` (Markdown
bodies) or :func:`build_tools.core.markup.html_inline` (one-line text); Jinja autoescapes the
rest. The CSP ``<meta>`` allows only the inline ``<style>`` (by its SHA-256 hash) and
``data:`` images; it forbids scripts, other loads, ``<base>`` and form submission.
No reader-facing word is written here: they are all in the templates.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import heapq
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_tools.core import i18n, ids, markup
from build_tools.source.model import Answer, Flow, Outcome, Question, Step, reading_order

TEMPLATE = "questionnaire.html.jinja"
STYLE_TEMPLATE = "questionnaire.css.jinja"

#: The fragment of the sources screen; ``--`` never occurs in a YAML id, so it cannot clash.
SOURCES_ID = "sources--list"
#: The block under every outcome: the answers on the path and the questions they raise.
SUMMARY_ID = "answers--summary"
#: The frame width the embed page recommends (CSS pixels).
FRAME_WIDTH = 640
#: The ``sandbox`` the embed page recommends: only the "Read the full guide" link needs a
#: token (to open in the whole window, on a click). Every screen works with ``sandbox=""``.
EMBED_SANDBOX = "allow-top-navigation-by-user-activation"
#: The gzip budget: what fits in the first round trip (10 TCP segments of 1,460 bytes).
GZIP_BUDGET = 14_600  # check warns above it (build_tools.site.pipeline.budget_rules)


@dataclass
class Way:
    """One way into a node: an answer of a question, or a step's Continue."""

    source: Screen
    answer: Answer | None
    #: 1-based number of the answer on its question (0 for a step).
    number: int = 0
    #: The toggle that is true when this way is the one taken: ``--a<n>`` or the step's ``--n<k>``.
    var: str = ""
    #: Answers: the radio's id, ``a<n>--``. Every id Pathway adds ends in ``--``; YAML ids never do.
    rid: str = ""
    #: The id of the Back link this way gets on its target, ``b<n>--``.
    back_id: str = ""


@dataclass
class Screen:
    """One node: one section of the page."""

    node: Step | Question | Outcome
    index: int
    ways_in: list[Way] = field(default_factory=list)
    ways_out: list[Way] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def fid(self) -> str:
        return self.node.id

    @property
    def var(self) -> str:
        """The toggle that is true when this node is on the path taken."""
        return f"--n{self.index}"

    @property
    def row_id(self) -> str:
        """The id of this question's row in the answer summary."""
        return f"y{self.index}--"

    def target(self, way: Way) -> Screen:
        return self._targets[id(way)]

    _targets: dict = field(default_factory=dict, repr=False)


@dataclass
class AskItem:
    """One question for the care team raised by the path: shown when any of its ``ways`` is."""

    text: str
    #: Toggles (answers ``--a<n>`` or nodes ``--n<k>``): the item shows when one is true.
    vars: list[str]
    unsure: bool


@dataclass
class Plan:
    """The flow laid out as screens, in an order where every answer leads further down."""

    flow: Flow
    screens: list[Screen]
    asks: list[AskItem]

    @property
    def start(self) -> Screen:
        return self.screens[0]

    def questions(self) -> list[Screen]:
        return [s for s in self.screens if isinstance(s.node, Question)]

    def outcomes(self) -> list[Screen]:
        return [s for s in self.screens if isinstance(s.node, Outcome)]


def has_questions(flow: Flow) -> bool:
    """Whether the flow gets a questionnaire: it has at least one question."""
    return any(isinstance(n, Question) for n in flow.nodes)


def plan(flow: Flow) -> Plan:
    """The screens of ``flow``: the start first, every node once, in a topological order
    (ties in reading order), outcomes last. Raises ``ValueError`` for a broken reference or
    a loop (``check`` reports those first)."""
    nodes = flow.node_map()
    if flow.start not in nodes:
        raise ValueError(f"'{flow.start}' is not the id of any node in flow '{flow.id}'")
    rank = {n.id: i for i, n in enumerate(reading_order(flow))}
    reached = _reachable(flow)
    indegree = {nid: 0 for nid in reached}
    for nid in reached:
        for edge in nodes[nid].edges():
            if edge.target not in nodes:
                raise ValueError(f"'{edge.target}' is not the id of any node in flow '{flow.id}'")
            indegree[edge.target] += 1
    # Kahn's algorithm; outcomes wait until everything else is placed.
    def key(nid: str) -> tuple[int, int]:
        return (isinstance(nodes[nid], Outcome), rank[nid])
    ready = [key(flow.start) + (flow.start,)] if indegree[flow.start] == 0 else []
    order: list[str] = []
    while ready:
        *_, nid = heapq.heappop(ready)
        order.append(nid)
        for edge in nodes[nid].edges():
            indegree[edge.target] -= 1
            if indegree[edge.target] == 0:
                heapq.heappush(ready, key(edge.target) + (edge.target,))
    if len(order) != len(reached):
        raise ValueError(f"flow '{flow.id}' has a loop")
    screens = [Screen(node=nodes[nid], index=i) for i, nid in enumerate(order)]
    by_id = {s.fid: s for s in screens}
    answer_no = 0
    for screen in screens:
        for number, edge in enumerate(screen.node.edges(), start=1):
            if edge.answer is not None:
                way = Way(screen, edge.answer, number, f"--a{answer_no}", rid=f"a{answer_no}--")
                answer_no += 1
            else:
                way = Way(screen, None, 0, screen.var)
            way.back_id = f"b{sum(len(s.ways_in) for s in screens)}--"
            screen.ways_out.append(way)
            target = by_id[edge.target]
            target.ways_in.append(way)
            screen._targets[id(way)] = target
    return Plan(flow, screens, _ask_items(screens))


def _reachable(flow: Flow) -> set[str]:
    nodes = flow.node_map()
    seen = {flow.start}
    stack = [flow.start]
    while stack:
        for edge in nodes[stack.pop()].edges():
            if edge.target in nodes and edge.target not in seen:
                seen.add(edge.target)
                stack.append(edge.target)
    return seen


def _ask_items(screens: list[Screen]) -> list[AskItem]:
    """The questions the path can raise (every answer's and every step's and question's
    ``ask``), once each, in path order; those of "Not sure" answers first."""
    items: dict[str, AskItem] = {}
    for unsure_pass in (True, False):
        for screen in screens:
            if isinstance(screen.node, Outcome):
                continue
            sources = [(w.answer.ask, w.var, w.answer.unsure) for w in screen.ways_out
                       if w.answer is not None]
            sources.append((screen.node.ask, screen.var, False))
            for texts, var, unsure in sources:
                if unsure != unsure_pass:
                    continue
                for text in texts:
                    key = " ".join(text.casefold().split())
                    item = items.setdefault(key, AskItem(text, [], unsure))
                    if var not in item.vars:
                        item.vars.append(var)
    return list(items.values())


def _sel(fragment_id: str) -> str:
    """``#id`` as a CSS selector (ids may start with a digit, which CSS must escape)."""
    if fragment_id[:1].isdigit():
        return f"#\\3{fragment_id[0]} {fragment_id[1:]}"
    return "#" + fragment_id


def _any(vars_: list[str]) -> str:
    """OR of toggles: ``var(--a,var(--b,var(--c)))``."""
    out = f"var({vars_[-1]})"
    for v in reversed(vars_[:-1]):
        out = f"var({v},{out})"
    return out


def logic_css(p: Plan) -> str:
    """The rules that compute the path from the checked radios (see the module docstring).

    Ids (all end in ``--``, which no YAML id does): ``a<n>--`` radio n, ``y<k>--`` the summary
    row of node k, ``d<n>--`` answer n in it, ``k<m>--`` ask item m (``k--`` their heading),
    ``b<m>--`` a Back link.
    """
    rules: list[str] = []
    body = [f"{p.start.var}: "]
    for s in p.screens[1:]:
        body.append(f"{s.var}:{_any([w.var for w in s.ways_in])}")
    rules.append("body{" + ";".join(body) + "}")
    for s in p.questions():
        for w in s.ways_out:
            rules.append(f"body:has(#{w.rid}:checked){{{w.var}:var({s.var})}}")
    for s in p.outcomes():
        rules.append(f"body:has({_sel(s.fid)}:target){{--h:var({s.var})}}")
    # Elements shown when --t is true.
    for s in p.questions():
        rules.append(f"#{s.row_id}{{--t:var(--h)var({s.var})}}")
        for w in s.ways_out:
            rules.append(f"#d{w.rid[1:]}{{--t:var({w.var})}}")
    same: dict[str, list[str]] = {}  # items shown under the same condition share a rule
    for k, item in enumerate(p.asks):
        same.setdefault(_any(item.vars), []).append(f"#k{k}--")
    for condition, selectors in same.items():
        rules.append(f"{','.join(selectors)}{{--t:var(--h){condition}}}")
    if p.asks:
        rules.append(f"#k--{{--t:var(--h){_any(sorted({v for i in p.asks for v in i.vars}))}}}")
    for s in p.screens:
        for w in s.ways_in if len(s.ways_in) > 1 else ():
            rules.append(f"#{w.back_id}{{--t:var({w.var})}}")
    return "\n".join(rules)


def guide_url_for(flow: Flow, site_url: str | None = None) -> str:
    """The flow's overview page: relative to ``embed/<flow-id>.html`` on the same site, or
    absolute under ``site_url`` (then the printed page shows a usable address)."""
    page = ids.page_url(ids.overview_page(flow.id))
    if site_url:
        return site_url.rstrip("/") + "/" + page
    depth = ids.questionnaire_file(flow.id).count("/")
    return "../" * depth + page


def environment(overrides_dir: Path | None = None, language: str = "en") -> jinja2.Environment:
    """The project's Jinja environment (:mod:`build_tools.outputs.templating`): autoescape on,
    undefined names are errors, ``site_overrides/pathway/`` templates win, and the words
    are ``language``'s (:mod:`build_tools.core.i18n`)."""
    from build_tools.outputs import templating

    return templating.environment(overrides_dir, language=language)


def style_hash(css: str) -> str:
    """The CSP source expression for an inline ``<style>`` with exactly this text."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(flow: Flow, *, guide_url: str | None = None, site_url: str | None = None,
           overrides_dir: Path | None = None, env: jinja2.Environment | None = None) -> str:
    """The complete questionnaire page for ``flow``, as one HTML document.

    ``guide_url`` is the "full guide" link (default: :func:`guide_url_for`, absolute when
    ``site_url`` is given). ``overrides_dir`` is the theme's ``custom_dir``: a
    ``pathway/questionnaire.html.jinja`` or ``pathway/questionnaire.css.jinja`` there
    replaces ours. Raises ``ValueError`` for a flow without questions.
    """
    if not has_questions(flow):
        raise ValueError(f"flow '{flow.id}' has no questions, so it has no questionnaire")
    env = env or environment(overrides_dir, flow.language)
    p = plan(flow)
    most = max(len(s.ways_out) for s in p.questions())
    css = env.get_template(STYLE_TEMPLATE).render(logic=logic_css(p), answers=range(1, most + 1)).strip()
    csp = "; ".join([
        "default-src 'none'",
        f"style-src {style_hash(css)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    html = env.get_template(TEMPLATE).render(
        flow=flow,
        plan=p,
        screens=p.screens,
        start=p.start,
        css=css,
        csp=csp,
        guide_url=guide_url if guide_url is not None else guide_url_for(flow, site_url),
        block=_block,
        inline=markup.html_inline,
        reviewed=_date(flow.review.last_reviewed, flow.language),
        next_review=_date(flow.review.next_review, flow.language),
        sources=flow.source_map(),
        SOURCES_ID=SOURCES_ID,
        SUMMARY_ID=SUMMARY_ID,
    )
    return _compact(html)


def size_figures(html: bytes | str) -> tuple[int, int]:
    """(raw bytes, gzip bytes at level 9): what the embed page should say about a file."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


# --- the frame size the embed page recommends ----------------------------------------------

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
    if isinstance(node, Question):
        h += 3 * _LINE  # the label, "Why we ask" (closed)
        h += sum(_lines(w.answer.label, _CHARS_PER_LINE - 3) * _LINE + 28 for w in screen.ways_out)
        h += 3 * _LINE  # Continue, or the hint
    elif isinstance(node, Step):
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


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _block(text: str, below: int = 2) -> Markup:
    """A Markdown body as HTML, its sub-headings moved under the screen's level-``below`` heading.

    ``markup.html_block`` makes ``## Sub-heading`` an ``<h2>``; on a screen whose own heading
    is an ``<h2>`` (and whose sections are ``<h3>``) it must become an ``<h3>`` or ``<h4>``.
    Only tags that Markdown made can match: text from YAML has ``<`` turned into ``&#60;``.
    """
    html = markup.html_block(text)
    shift = below - 1
    return Markup(_HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(6, int(m[2]) + shift)}>", str(html)))


def _date(day, language: str = "en") -> str:
    """A review date in the flow's language, with Babel ("28 November 2026", "2026年11月28日")."""
    return i18n.format_date(day, language)


def _compact(html: str) -> str:
    """Drop indentation and blank lines, except inside ``<pre>`` where they are content."""
    out: list[str] = []
    in_pre = False
    for line in html.splitlines():
        if in_pre:
            out.append(line)
        elif line.strip():
            out.append(line.strip())
        in_pre = (in_pre or "<pre" in line) and "</pre>" not in line
    return "\n".join(out) + "\n"
