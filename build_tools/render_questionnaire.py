"""The embeddable questionnaire: one self-contained HTML file per flow, with no JavaScript.

Output: ``site/embed/<flow-id>.html`` (:func:`build_tools.ids.questionnaire_file`), made by
:func:`render`. Only flows with at least one question get one (:func:`has_questions`).

How it works, and why
=====================

Every screen (step, question, outcome) is a ``<section>`` in one HTML file. CSS hides
every section except the one named by the URL fragment (``section:target``); when no
section is targeted, ``:has()`` shows the start screen. Answers are plain links
(``<a href="#next-screen">``). There are no forms, no inputs and no script.

Alternatives we weighed against the requirements:

* **radio inputs + ``:has()``**: answers are state inside the page, so the browser's Back
  button does not undo an answer, a screen cannot be linked to, lynx shows a form it
  cannot act on, and nothing tells a screen reader that the screen changed.
* **one static page per screen**: works everywhere, but it is dozens of files (no longer
  "one file in the first round trip"), each answer is a request to the server (answers
  travel in the URL path to the host's logs), and it cannot be embedded as one file.
* **``:target`` fragments (chosen)**:

  - *Sandboxed iframe*: following a fragment link is a same-document navigation, which
    ``<iframe sandbox="">`` allows with no tokens at all, so every outcome can be reached.
  - *Back button*: each fragment navigation is a history entry; Back shows the previous
    screen. "Start again" is a link to the start screen's fragment.
  - *Privacy*: the fragment is never sent to any server (not in requests, not in the
    Referer), and the page makes no requests at all, so answers stay in the browser.
  - *Screen readers*: each section is focusable (``tabindex="-1"``) and named by its
    heading (``aria-labelledby``). Following a fragment link runs the HTML "focusing
    steps" for the target, so focus moves to the new screen and its name is announced;
    the next Tab reaches the first answer. (The browser tests check
    ``document.activeElement``.)
  - *lynx and CSS off*: every section is shown, in depth-first order. Each answer link
    carries a note (hidden when CSS is on) naming the screen it leads to, so a text
    browser shows every question, every answer and where each leads.
  - *Old browsers without ``:has()``*: ``@supports not selector(:has(a))`` shows every
    section, like CSS-off, rather than a blank page.
  - *Linkable*: see the fragment scheme below.

Unfolding and the fragment scheme
---------------------------------

An outcome screen lists the answers that led to it, so it must know its path. A
fragment cannot carry state, so the question graph is **unfolded into a tree**: a node
that can be reached in several ways gets one screen per way. ``check`` warns when the
number of screens passes :data:`build_tools.validate.MAX_QUESTIONNAIRE_SCREENS` and reports
an error past :data:`build_tools.validate.MAX_SCREENS`, where :func:`unfold` refuses.

Fragment ids:

* The first screen of a node in depth-first order (answers in YAML order) has the node's
  **YAML id**, e.g. ``#spread``. This is the stable link a hospital can use.
* Every later screen of the same node is ``<yaml-id>--<answer numbers>``: the 1-based
  number of the answer picked at each question on the way, e.g.
  ``#something-may-count-against--1-2`` (first answer, then second answer). Slugs never
  hold ``--``, so these never clash with a YAML id. They stay stable while the order of
  answers in the YAML stays the same.
* A section's heading is ``<screen id>--t``.

An outcome reached by its YAML id shows the answers on the first path to it, under the
heading "The answers that led here", which is true however the reader arrived.

Text safety: every YAML text goes through :func:`build_tools.markup.html_block` (Markdown
bodies) or :func:`build_tools.markup.html_inline` (one-line text); Jinja autoescapes the
rest. The CSP ``<meta>`` allows only the inline ``<style>`` (by its SHA-256 hash) and
``data:`` images; it forbids scripts, other loads, ``<base>`` and form submission.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_tools import ids, markup
from build_tools.model import Answer, Flow, Outcome, Question, Step
from build_tools.validate import MAX_SCREENS

TEMPLATE = "questionnaire.html.jinja"
STYLE_TEMPLATE = "questionnaire.css.jinja"

class QuestionnaireTooLarge(ValueError):
    """The unfolded question tree is larger than :data:`MAX_SCREENS`."""


@dataclass
class Choice:
    """One answer shown on a question screen and the screen it leads to."""

    answer: Answer
    to: Screen


@dataclass
class Screen:
    """One node at one place in the unfolded tree."""

    node: Step | Question | Outcome
    fid: str
    parent: Screen | None
    #: The (question, answer) pairs picked on the way here, in order.
    path: tuple[tuple[Question, Answer], ...]
    #: Steps and questions passed on the way here (for their ``ask`` lists).
    passed: tuple[Step | Question, ...]
    number: int = 0  # question number along the path (questions only)
    choices: list[Choice] = field(default_factory=list)
    next: Screen | None = None  # steps only

    @property
    def kind(self) -> str:
        return self.node.kind

    def ask(self) -> list[str]:
        """Questions for the care team: from the nodes passed, the answers picked, then here."""
        items = [item for node in self.passed for item in node.ask]
        items += [item for _, answer in self.path for item in answer.ask]
        items += self.node.ask
        seen: set[str] = set()
        out = []
        for item in items:
            key = " ".join(item.casefold().split())
            if key not in seen:
                seen.add(key)
                out.append(item)
        return out


def has_questions(flow: Flow) -> bool:
    """Whether the flow gets a questionnaire: it has at least one question."""
    return any(isinstance(n, Question) for n in flow.nodes)


def unfold(flow: Flow, *, limit: int = MAX_SCREENS) -> list[Screen]:
    """The flow as a tree of screens, in depth-first order (the start screen first).

    Raises :class:`QuestionnaireTooLarge` past ``limit`` screens, and ``ValueError`` for a
    broken reference or a loop (``check`` reports those first).
    """
    nodes = flow.node_map()

    def get(node_id: str) -> Step | Question | Outcome:
        if node_id not in nodes:
            raise ValueError(f"'{node_id}' is not the id of any node in flow '{flow.id}'")
        return nodes[node_id]

    root = Screen(node=get(flow.start), fid="", parent=None, path=(), passed=())
    order: list[Screen] = []
    codes: dict[int, tuple[int, ...]] = {id(root): ()}
    stack = [root]
    while stack:  # depth-first, pre-order, answers in YAML order
        screen = stack.pop()
        order.append(screen)
        if len(order) > limit:
            raise QuestionnaireTooLarge(
                f"the questionnaire for '{flow.id}' would need more than {limit} screens; "
                "merge answers that lead to the same place, or split the flow")
        node = screen.node
        if len(screen.passed) > len(nodes):
            raise ValueError(f"flow '{flow.id}' has a loop through '{node.id}'")
        passed = screen.passed + (node,) if isinstance(node, (Step, Question)) else screen.passed
        here = codes[id(screen)]
        if isinstance(node, Step):
            screen.next = Screen(node=get(node.next), fid="", parent=screen, path=screen.path,
                                 passed=passed)
            codes[id(screen.next)] = here
            stack.append(screen.next)
        elif isinstance(node, Question):
            screen.number = len(screen.path) + 1
            for i, answer in enumerate(node.answers, start=1):
                child = Screen(node=get(answer.next), fid="", parent=screen,
                               path=screen.path + ((node, answer),), passed=passed)
                codes[id(child)] = here + (i,)
                screen.choices.append(Choice(answer, child))
            stack.extend(reversed([c.to for c in screen.choices]))

    seen: set[str] = set()
    for screen in order:
        nid = screen.node.id
        if nid in seen:
            screen.fid = f"{nid}--{'-'.join(map(str, codes[id(screen)])) or '0'}"
        else:
            screen.fid = nid
            seen.add(nid)
    return order


#: The fragment of the sources screen; ``--`` never occurs in a YAML id, so it cannot clash.
SOURCES_ID = "sources--list"


def guide_url_for(flow: Flow) -> str:
    """The flow's overview page, relative to ``embed/<flow-id>.html`` on the same site."""
    depth = ids.questionnaire_file(flow.id).count("/")
    return "../" * depth + ids.page_url(ids.overview_page(flow.id))


def environment(overrides_dir: Path | None = None) -> jinja2.Environment:
    """The project's Jinja environment (:mod:`build_tools.templating`): autoescape on,
    undefined names are errors, and ``site_overrides/pathway/`` templates win."""
    from build_tools import templating

    return templating.environment(overrides_dir)


def style_hash(css: str) -> str:
    """The CSP source expression for an inline ``<style>`` with exactly this text."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(flow: Flow, *, guide_url: str | None = None, overrides_dir: Path | None = None,
           env: jinja2.Environment | None = None) -> str:
    """The complete questionnaire page for ``flow``, as one HTML document.

    ``guide_url`` is the "full guide" link (default: the flow's overview page, relative to
    ``embed/<flow-id>.html``). ``overrides_dir`` is the theme's ``custom_dir``: a
    ``pathway/questionnaire.html.jinja`` or ``pathway/questionnaire.css.jinja`` there
    replaces ours. Raises ``ValueError`` for a flow without questions and
    :class:`QuestionnaireTooLarge` past :data:`MAX_SCREENS` screens.
    """
    if not has_questions(flow):
        raise ValueError(f"flow '{flow.id}' has no questions, so it has no questionnaire")
    env = env or environment(overrides_dir)
    screens = unfold(flow)
    css = env.get_template(STYLE_TEMPLATE).render().strip()
    csp = "; ".join([
        "default-src 'none'",
        f"style-src {style_hash(css)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    html = env.get_template(TEMPLATE).render(
        flow=flow,
        screens=screens,
        start=screens[0],
        css=css,
        csp=csp,
        guide_url=guide_url if guide_url is not None else guide_url_for(flow),
        block=_block,
        inline=markup.html_inline,
        reviewed=_date(flow.review.last_reviewed),
        next_review=_date(flow.review.next_review),
        sources=flow.source_map(),
        SOURCES_ID=SOURCES_ID,
    )
    return _compact(html)


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


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}"


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
