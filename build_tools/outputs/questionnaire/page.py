"""The questionnaire page: one HTML document from the plan, its path CSS and the templates.

A question is the GOV.UK question-page pattern: radio buttons, then a "Continue" link.
There is no ``<form>``: radios need none, so nothing can be submitted (not even by Enter,
which submits a form implicitly in some browsers; the browser tests press it) and the
CSP's ``form-action 'none'`` is only a second wall. Each answer has its own Continue link,
a plain fragment link (``<a href="#next-node">``) to the node the answer leads to;
``section:has(.a>:nth-child(N)>input:checked) .go>:nth-child(N)`` shows the one for the
checked answer (one such rule per answer position, for the whole page).

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
* *Frame height*: :mod:`.frame`.

Text safety: every YAML text goes through :func:`build_tools.core.markup.html_block` (Markdown
bodies) or :func:`build_tools.core.markup.html_inline` (one-line text); Jinja autoescapes the
rest. The CSP ``<meta>`` allows only the inline ``<style>`` (by its SHA-256 hash,
:func:`build_tools.core.csp.hash_source`) and ``data:`` images; it forbids scripts, other
loads, ``<base>`` and form submission. No reader-facing word is written here: they are all
in the templates.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_tools.core import i18n, ids, markup
from build_tools.core.csp import hash_source
from build_tools.outputs.questionnaire.path_css import logic_css
from build_tools.outputs.questionnaire.plan import plan
from build_tools.source.kinds import has_questions
from build_tools.source.model import Flow

TEMPLATE = "questionnaire.html.jinja"
STYLE_TEMPLATE = "questionnaire.css.jinja"

#: The fragment of the sources screen; ``--`` never occurs in a YAML id, so it cannot clash.
SOURCES_ID = "sources--list"
#: The block under every outcome: the answers on the path and the questions they raise.
SUMMARY_ID = "answers--summary"
#: The ``sandbox`` the embed page recommends: only the "Read the full guide" link needs a
#: token (to open in the whole window, on a click). Every screen works with ``sandbox=""``.
EMBED_SANDBOX = "allow-top-navigation-by-user-activation"
#: The gzip budget: what fits in the first round trip (10 TCP segments of 1,460 bytes).
GZIP_BUDGET = 14_600  # check warns above it (build_tools.site.pipeline.budget_rules)


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
        f"style-src {hash_source(css)}",
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
