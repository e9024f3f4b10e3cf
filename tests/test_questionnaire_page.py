"""Tests for build_tools.outputs.questionnaire.page: structure, safety, size, lynx and the Nu HTML checker.

The plan, the path CSS and the frame size have their own test files
(``test_questionnaire_plan.py``, ``test_questionnaire_path_css.py``, ``test_questionnaire_frame.py``);
the browser tests (sandboxed iframe, every path, Back, keyboard, axe-core, print, dark mode,
the :has() fallback, frame heights) are in ``test_questionnaire_browser.py``.
Golden output: ``pytest --update-golden``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

import pytest
from conftest import assert_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import checkers
from support.questionnaire import (  # noqa: F401 (fixture)
    BUDGET_GZIP,
    BUDGET_RAW,
    FIXTURE,
    GOLDEN,
    MAX_GROWTH,
    Page,
    built,
    flows_under_test,
    generated,
    load_flow,
    section,
    summary,
)

from build_tools.core import ids
from build_tools.core.markup import same_words
from build_tools.outputs.questionnaire import page as rq
from build_tools.outputs.questionnaire.plan import plan
from build_tools.source import validate
from build_tools.source.kinds import has_questions, kind_of
from build_tools.source.loader import Document
from build_tools.source.model import Flow, Outcome, Question


# --- API ------------------------------------------------------------------------------

def test_has_questions():
    flow = load_flow(FIXTURE)
    assert has_questions(flow)
    no_questions = flow.model_copy(update={"nodes": [n for n in flow.nodes if not kind_of(n).answered],
                                           "start": "about-results"})
    assert not has_questions(no_questions)
    with pytest.raises(ValueError, match="no questions"):
        rq.render(no_questions)


def test_golden_fixture():
    assert_golden(GOLDEN / "tiny-pathway.html", rq.render(load_flow(FIXTURE)))


def test_guide_url_is_relative_or_under_the_site_url():
    flow = load_flow(FIXTURE)
    assert rq.guide_url_for(flow) == "../pathways/tiny-pathway/"
    assert rq.guide_url_for(flow, "https://example.org/guide/") == "https://example.org/guide/pathways/tiny-pathway/"
    assert ids.questionnaire_file(flow.id) == "embed/tiny-pathway.html"
    page = rq.render(flow, guide_url="https://example.org/g/")
    assert 'href="https://example.org/g/" target="_top"' in page
    assert 'href="https://example.org/pathways/tiny-pathway/" target="_top"' in rq.render(
        flow, site_url="https://example.org")


def test_one_budget():
    assert rq.GZIP_BUDGET == BUDGET_GZIP


def test_size_figures():
    assert rq.size_figures(b"") == (0, 20)
    raw, packed = rq.size_figures("é" * 1000)
    assert raw == 2000 and packed < 100
    assert rq.size_figures("abc") == rq.size_figures(b"abc")


# --- the plan: every node once, in an order where answers lead down ------------------------


def test_generated_flows_are_shaped_like_real_ones():
    flow = generated(6)
    questions = [n for n in flow.nodes if kind_of(n).answered]
    assert len(questions) == 6
    for q in questions:
        assert q.why and len(q.why) > 200 and len(q.answers) == 3
        assert sum(a.unsure for a in q.answers) == 1 and all(a.ask for a in q.answers[1:])
    texts = [n.title for n in flow.nodes]
    assert len(texts) == len(set(texts))


# --- the size budgets, on generated flows with realistic text ----------------------

@pytest.fixture(scope="module")
def sizes() -> dict[int, tuple[int, int]]:
    return {n: rq.size_figures(rq.render(generated(n))) for n in (6, 12)}


def test_six_questions_fit_the_budgets(sizes):
    raw, packed = sizes[6]
    assert packed <= BUDGET_GZIP, f"{packed:,} bytes gzipped"
    assert raw <= BUDGET_RAW, f"{raw:,} bytes"


def test_twelve_questions_build_and_doubling_the_questions_at_most_2_4_times_the_bytes(sizes):
    for i in (0, 1):
        assert sizes[12][i] <= MAX_GROWTH * sizes[6][i], (sizes, i)
    assert sizes[12][1] <= BUDGET_GZIP
    assert validate.questionnaire_fits(generated(12))


def test_size_grows_linearly_with_the_questions():
    """Every node once: from 12 to 48 questions the bytes grow about 4 times, not 2**36."""
    small, big = (rq.size_figures(rq.render(generated(n)))[0] for n in (12, 48))
    assert big <= 4.5 * small


def test_size_budget(built):
    """Every real flow's questionnaire arrives in the first round trip."""
    flow, page = built
    raw, packed = rq.size_figures(page)
    assert packed <= BUDGET_GZIP, f"{flow.id}: {packed:,} bytes gzipped > {BUDGET_GZIP:,}"
    assert raw <= BUDGET_RAW


def _check(flow: Flow) -> list:
    """What check says of a flow: the source rules, then the limits measured on its outputs."""
    from build_tools.site import pipeline

    doc = Document(path=Path(f"{flow.id}.yml"))
    return validate.validate_flow(flow, doc, validate.Settings(today=flow.review.last_reviewed,
                                                               check_readability=False)) \
        + pipeline.budget_rules(flow, doc)


def test_check_warns_when_the_questionnaire_is_over_the_gzip_budget():
    big = generated(24)
    assert rq.size_figures(rq.render(big))[1] > BUDGET_GZIP
    warnings = [d for d in _check(big) if "bytes gzipped" in d.message]
    assert len(warnings) == 1 and not warnings[0].is_error
    assert validate.questionnaire_fits(big), "over the budget is a warning: it is still built"
    assert not [d for d in _check(generated(6)) if "gzipped" in d.message]


def test_past_the_node_limit_there_is_no_questionnaire_and_check_says_so():
    flow = load_flow(FIXTURE)
    end = Outcome(kind="outcome", id="end", title="The end", body="Done.", sources=["test-source"])
    n = validate.MAX_QUESTIONNAIRE_NODES
    chain = [Question(kind="question", id=f"q{i}", title=f"Question {i}?",
                      answers=[{"label": "Yes", "next": f"q{i + 1}" if i + 1 < n else "end"},
                               {"label": "Not sure", "next": "end", "unsure": True}])
             for i in range(n)]
    big = flow.model_copy(update={"nodes": [*chain, end], "start": "q0"})
    assert not validate.questionnaire_fits(big)
    warnings = [d for d in _check(big) if "a questionnaire can hold" in d.message]
    assert len(warnings) == 1 and not warnings[0].is_error


# --- no JavaScript, nothing from elsewhere, an enforcing CSP, no form ----------------------

def test_no_script_no_form_no_handlers_no_external_resources(built):
    flow, page = built
    parsed = Page(page)
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"script", "iframe", "object", "embed", "img", "form", "base", "button",
                       "svg", "math", "noscript", "select", "textarea"}
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}>"
            assert "javascript:" not in (value or "").lower().replace(" ", "")
            if name in ("src", "srcset", "poster", "data", "action", "formaction", "style", "form"):
                pytest.fail(f"<{tag} {name}=...> would load, submit or style from outside the stylesheet")
        if tag == "input":
            assert set(attrs) == {"type", "name", "id"} and attrs["type"] == "radio"
        if tag == "link":
            assert attrs == {"rel": "icon", "href": "data:,"}, "the only <link> stops the favicon request"
    assert "@import" not in parsed.style and "url(" not in parsed.style


def test_csp_and_colour_scheme_metas(built):
    _, page = built
    parsed = Page(page)
    metas = [a for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    directives = dict(d.strip().split(" ", 1) for d in metas[0]["content"].split(";"))
    digest = base64.b64encode(hashlib.sha256(parsed.style.encode()).digest()).decode()
    assert directives == {
        "default-src": "'none'",
        "style-src": f"'sha256-{digest}'",
        "img-src": "data:",
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    names = [t for t, _ in parsed.tags]
    assert names.index("meta") < names.index("style"), "the CSP comes before anything it governs"
    assert {"name": "color-scheme", "content": "light dark"} in [a for t, a in parsed.tags if t == "meta"]
    assert "prefers-color-scheme:dark" in parsed.style and "@media print" in parsed.style


def test_no_has_rule_shares_a_selector_list_with_a_plain_one(built):
    """A browser without :has() drops a whole rule if any selector in it uses :has()."""
    _, page = built
    style = Page(page).style
    for selectors in re.findall(r"(?:^|[}\n])([^{}@]+)\{", style):
        parts = selectors.split(",")
        if any(":has(" in s for s in parts):
            assert all(":has(" in s for s in parts), selectors


def test_every_link_is_a_screen_or_the_guide(built):
    flow, page = built
    parsed = Page(page)
    fids = set(parsed.ids())
    guide = rq.guide_url_for(flow)
    source_urls = {src.url for src in flow.sources}
    for tag, attrs in parsed.tags:
        if tag != "a":
            continue
        href = attrs["href"]
        if href == guide:
            assert attrs.get("target") == "_top"
        elif href in source_urls:
            assert attrs.get("target") == "_top" and "noopener" in attrs.get("rel", "")
        else:
            assert href.startswith("#") and href[1:] in fids, href
    assert rq.SOURCES_ID in fids


def test_ids_are_yaml_ids_or_ours_and_unique(built):
    flow, page = built
    all_ids = Page(page).ids()
    assert len(all_ids) == len(set(all_ids))
    node_ids = {n.id for n in flow.nodes}
    for i in all_ids:
        assert i in node_ids or "--" in i, i


def test_every_screen_cites_its_sources(built):
    flow, page = built
    for node in flow.nodes:
        body = section(page, node.id)
        for sid in node.sources:
            source = flow.source_map()[sid]
            assert f'<a href="#{rq.SOURCES_ID}">{html.escape(source.publisher)}, {source.year}</a>' in body


def test_review_status_and_dates_are_shown(built):
    flow, page = built
    review = flow.review
    assert f"Reviewed by {html.escape(review.reviewed_by)}." in page
    assert f"Last reviewed {review.last_reviewed.day} {review.last_reviewed:%B %Y}." in page
    assert f"Next review due {review.next_review.day} {review.next_review:%B %Y}." in page


# --- screens ---------------------------------------------------------------------------------

def test_each_question_has_radios_and_a_continue_link_per_answer(built):
    flow, page = built
    p = plan(flow)
    for s in p.questions():
        body = section(page, s.fid)
        assert f'role="radiogroup" aria-labelledby="{s.fid}--t"' in body
        for w in s.ways_out:
            label = html.escape(w.answer.label, quote=True)
            assert (f'<input type="radio" name="{s.fid}" id="{w.rid}"><label for="{w.rid}">{label}</label>'
                    in body)
            target = s.target(w)
            assert (f'<li><span class="to">If you answer “{label}”: </span>'
                    f'<a href="#{target.fid}">Continue<span class="to"> to: '
                    f'{html.escape(target.node.title, quote=True)}</span></a></li>') in body


def test_every_screen_but_the_start_has_a_way_back(built):
    flow, page = built
    for s in plan(flow).screens[1:]:
        body = section(page, s.fid)
        for w in s.ways_in:
            assert f'href="#{w.source.fid}">Back' in body


def test_outcome_screens_show_meaning_own_questions_and_guide(built):
    flow, page = built
    for node in flow.nodes:
        if not kind_of(node).ends:
            continue
        body = section(page, node.id)
        assert "<h3>What this means</h3>" in body
        for item in node.ask:
            assert f"<li>{html.escape(item, quote=True)}</li>" in body
        assert 'target="_top">Read the full guide</a>' in body


def test_the_summary_holds_every_answer_and_every_question_the_path_can_raise(built):
    flow, page = built
    block = summary(page)
    assert "Your answers</h3>" in block and "Start again</a>" in block
    p = plan(flow)
    for s in p.questions():
        assert f'<div class="v" id="{s.row_id}">\n<dt>{html.escape(s.node.title, quote=True)}</dt>' in block
        for w in s.ways_out:
            assert f'id="d{w.rid[1:]}">{html.escape(w.answer.label, quote=True)}</dd>' in block
        assert f'<a href="#{s.fid}">Change<span class="vh"> your answer to: ' in block
    raised = {same_words(t) for n in flow.nodes if not kind_of(n).ends
              for t in [*n.ask, *(x for a in getattr(n, "answers", []) for x in a.ask)]}
    shown = {same_words(html.unescape(t))
             for t in re.findall(r'<li class="v[^"]*" id="k\d+--">(.*?)</li>', block)}
    assert shown == raised


def test_text_from_yaml_never_becomes_markup():
    page = rq.render(load_flow(FIXTURE))
    assert "<script" not in page and "<b>" not in page and "<today>" not in page
    assert "&#60;script&#62;alert(1)&#60;/script&#62;" in page
    assert "Do you feel well &lt;today&gt;?" in page
    assert "&#91;a link&#93;(javascript:alert(1))" in page


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(str.strip)
_ALLOWED_TAGS = {"html", "head", "meta", "title", "link", "style", "body", "header", "h1", "main",
                 "section", "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "span", "dl",
                 "dt", "dd", "strong", "em", "footer", "hr", "br", "blockquote", "pre", "code",
                 "div", "input", "label", "details", "summary"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TEXT, label=_TEXT, body=_TEXT, ask=_TEXT)
def test_property_any_text_stays_text(title, label, body, ask):
    flow = load_flow(FIXTURE)
    nodes = []
    for n in flow.nodes:
        if kind_of(n).answered:
            answers = [a.model_copy(update={"label": f"{label} {i}", "ask": [ask]})
                       for i, a in enumerate(n.answers)]
            n = n.model_copy(update={"title": title, "answers": answers, "why": body})
        else:
            n = n.model_copy(update={"body": body, "title": title})
        nodes.append(n)
    page = rq.render(flow.model_copy(update={"nodes": nodes, "title": title}))
    parsed = Page(page)
    assert {t for t, _ in parsed.tags} <= _ALLOWED_TAGS
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert set(attrs) <= {"lang", "charset", "http-equiv", "content", "name", "rel", "href", "id",
                              "tabindex", "aria-labelledby", "class", "target", "type", "for",
                              "role", "dir"}, (tag, attrs)


# --- text browsers ---------------------------------------------------------------------------

def lynx_flows() -> list:
    return [*flows_under_test(), pytest.param(None, id="generated-12")]


@pytest.mark.skipif(not checkers.lynx_available(), reason="lynx is not installed")
@pytest.mark.parametrize("source", lynx_flows())
def test_lynx_dump_shows_every_question_answer_and_destination(source, tmp_path):
    flow = generated(12) if source is None else load_flow(source)
    path = tmp_path / "q.html"
    path.write_text(rq.render(flow), encoding="utf-8")
    dump = re.sub(r"\[\d+\]", "", " ".join(checkers.lynx_dump(path).split()))  # link numbers
    for s in plan(flow).screens:
        node = s.node
        assert " ".join(node.title.split()) in dump, node.title
        for w in s.ways_out:
            if w.answer is not None:
                label = " ".join(w.answer.label.split())
                title = " ".join(s.target(w).node.title.split())
                assert f") {label}" in dump, label  # the radio: "( ) label" (lynx marks the first "(*)")
                assert f"If you answer “{label}”: Continue to: {title}" in dump, label
        for item in node.ask:
            assert " ".join(item.split()) in dump


# --- the W3C Nu HTML checker -----------------------------------------------------------------

@pytest.mark.skipif(not checkers.vnu_available(), reason="needs Java and vnu.jar (npm install)")
def test_nu_html_checker_finds_no_errors(tmp_path):
    paths = []
    for param in flows_under_test():
        flow = load_flow(param.values[0])
        out = tmp_path / f"{flow.id}.html"
        out.write_text(rq.render(flow), encoding="utf-8")
        paths.append(out)
    out = tmp_path / "generated-12.html"
    out.write_text(rq.render(generated(12)), encoding="utf-8")
    paths.append(out)
    messages = checkers.run_vnu(paths)
    assert messages == [], checkers.describe_vnu(messages)


def test_the_size_benchmark_runs():
    from benchmarks import questionnaire

    rows = {name: cells for name, _, cells in questionnaire.measure()}
    assert rows["generated, 12 questions"].endswith("| yes")
