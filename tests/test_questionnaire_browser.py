"""The questionnaire in real Chromium: sandboxed iframe, every path, Back, keyboard, axe-core,
print, dark mode, the :has() fallback and the recommended frame height.

Two local HTTP servers give two origins: the "hospital" host page on one, the questionnaire
(``embed/<flow>.html``) and a stand-in guide page on the other, as on the real web. One
browser serves the whole module.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from pathlib import Path

import pytest
from conftest import assert_golden
from support import browser as sb
from support import checkers

from benchmarks import synthetic
from build_tools.core import ids
from build_tools.outputs.questionnaire.frame import frame_size, heaviest_path
from build_tools.outputs.questionnaire.page import EMBED_SANDBOX, SOURCES_ID, SUMMARY_ID, guide_url_for, render
from build_tools.outputs.questionnaire.plan import Plan, Screen, Way, plan
from build_tools.source.loader import load_text
from build_tools.source.model import Flow

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "questionnaire"
FIXTURE = GOLDEN / "tiny-pathway.yml"
DEFAULT_FLOW = ROOT / "flows" / "limb-salvage.yml"
OTHER_FLOW = ROOT / "flows" / "treatment-pathway.yml"
GENERATED = "generated-12"

VISIBLE_JS = """() => [...document.querySelectorAll('main > section')]
    .filter(s => getComputedStyle(s).display !== 'none').map(s => s.id)"""
ACTIVE_JS = "() => document.activeElement && (document.activeElement.id || document.activeElement.tagName)"
SHOWN_JS = """sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0)
    .map(e => e.textContent.trim())"""


def load_flow(path: Path) -> Flow:
    return Flow.model_validate(load_text(path, path.read_text(encoding="utf-8")).data)


def generated(n: int = 12) -> Flow:
    text = synthetic.questions_flow_yaml(n)
    return Flow.model_validate(load_text(Path(f"{synthetic.QUESTIONS_FLOW_ID}.yml"), text).data)


def flow_params() -> list:
    return [pytest.param(FIXTURE, id="fixture"), pytest.param(DEFAULT_FLOW, id="limb-salvage")]


def get_flow(param) -> Flow:
    return generated() if param == GENERATED else load_flow(param)


def documented_sandbox() -> str:
    """The sandbox the embed page recommends (it prints ``EMBED_SANDBOX``)."""
    return EMBED_SANDBOX


@pytest.fixture(scope="module")
def chromium():
    sb.require_chromium()
    with sb.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Both origins' files: questionnaires + guide stand-ins, and the host pages."""
    embed_root = tmp_path_factory.mktemp("embed-site")
    host_root = tmp_path_factory.mktemp("host-site")
    flows = {}
    for flow in (load_flow(FIXTURE), load_flow(DEFAULT_FLOW), load_flow(OTHER_FLOW), generated()):
        flows[flow.id] = flow
        out = embed_root / ids.questionnaire_file(flow.id)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render(flow), encoding="utf-8")
        guide = embed_root / ids.page_url(ids.overview_page(flow.id)) / "index.html"
        guide.parent.mkdir(parents=True, exist_ok=True)
        guide.write_text("<!doctype html><html lang=en><title>Guide</title><h1>Full guide</h1>")
    with sb.serve(embed_root) as embed, sb.serve(host_root) as host:
        for flow_id in flows:
            src = embed.url(ids.questionnaire_file(flow_id))
            for name, sandbox in (("empty", ""), ("documented", documented_sandbox())):
                (host_root / f"{flow_id}-{name}.html").write_text(
                    '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    '<link rel="icon" href="data:,"><title>A hospital page</title></head><body>'
                    f'<h1>Hospital</h1><iframe id="q" title="Questionnaire" sandbox="{sandbox}" '
                    f'src="{src}" width="640" height="760"></iframe></body></html>')
        yield {"embed": embed, "host": host, "flows": flows, "root": embed_root}


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1024, "height": 800})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    yield pg
    context.close()


def url_of(site, flow: Flow, fragment: str = "") -> str:
    return site["embed"].url(ids.questionnaire_file(flow.id)) + (f"#{fragment}" if fragment else "")


def visible(target) -> list[str]:
    return target.evaluate(VISIBLE_JS)


def shown(target, selector: str) -> list[str]:
    return target.evaluate(SHOWN_JS, selector)


def frame_of(page):
    handle = page.wait_for_selector("#q").content_frame()
    handle.wait_for_load_state()
    return handle


def go(target, fragment: str) -> None:
    target.evaluate("id => { location.hash = id }", fragment)
    target.wait_for_function("id => location.hash === '#' + id", arg=fragment)


def norm(text: str) -> str:
    return " ".join(text.casefold().split())


def expected_asks(path: list[tuple[Screen, Way]], p: Plan) -> set[str]:
    """The questions a path raises: every answer's, and every step's and question's passed."""
    out = set()
    for screen, way in path:
        out |= {norm(t) for t in screen.node.ask}
        if way.answer is not None:
            out |= {norm(t) for t in way.answer.ask}
    return out


def set_path(target, path: list[tuple[Screen, Way]]) -> None:
    """Check the radios of a path (as if the reader had answered), without navigating."""
    for _, way in path:
        if way.answer is not None:
            target.evaluate("id => { document.getElementById(id).checked = true }", way.rid)


def paths_to(p: Plan, goal: Screen, *, heaviest: bool = False) -> list[tuple[Screen, Way]]:
    """One path from the start to ``goal``: the first in the plan's order, or the one that
    makes the outcome screen tallest (:func:`heaviest_path`)."""
    if heaviest:
        return heaviest_path(p, goal)
    first: dict[str, list] = {p.start.fid: []}
    for s in p.screens:
        for w in s.ways_out:
            if s.fid in first:
                first.setdefault(s.target(w).fid, first[s.fid] + [(s, w)])
    return first[goal.fid]


# --- every path in <iframe sandbox="">, by clicking, with Back, only the path's answers --------

@pytest.mark.parametrize("flow_path", flow_params())
def test_walk_every_path_in_an_empty_sandbox_with_the_back_button(page, site, flow_path):
    flow = load_flow(flow_path)
    p = plan(flow)
    log = sb.RequestLog(page.context)
    page.goto(site["host"].url(f"{flow.id}-empty.html"))
    handle = frame_of(page)
    assert visible(handle) == [p.start.fid], "with no fragment, the start screen shows"
    reached: list[str] = []
    actions: list[int] = []

    def walk(screen: Screen, path: list, clicks: int) -> None:
        assert visible(handle) == [screen.fid]
        if screen.ends:
            labels = [w.answer.label for _, w in path if w.answer is not None]
            assert shown(handle, f"#{SUMMARY_ID} dd.v") == labels, "only the answers on the path"
            assert norm(" ".join(shown(handle, f"#{SUMMARY_ID} li"))) == norm(" ".join(
                t.text for t in p.asks if norm(t.text) in expected_asks(path, p))), screen.fid
            assert shown(handle, f"#{SUMMARY_ID} .nv") == []
            reached.append(screen.fid)
            actions.append(clicks)
            return
        section = handle.locator(f"section#{screen.fid}")
        for way in screen.ways_out:
            child = screen.target(way)
            if way.answer is not None:
                section.locator(f"label[for='{way.rid}']").click()
                links = section.locator(".go a:visible")
                assert links.count() == 1, "one Continue, for the checked answer"
                links.first.click()
                cost = 2
            else:
                section.locator("a.btn").click()
                cost = 1
            handle.wait_for_function("id => location.hash === '#' + id", arg=child.fid)
            assert handle.evaluate(ACTIVE_JS) == child.fid, "focus moves to the new screen"
            back = shown(handle, f"section#{child.fid} .back a")
            assert len(back) == 1, "one Back link: to where the reader came from"
            walk(child, path + [(screen, way)], clicks + cost)
            sb.history_back(page, handle)  # the browser's Back button
            assert visible(handle) == [screen.fid], f"Back from {child.fid} returns to {screen.fid}"

    walk(p.start, [], 0)
    outcomes = {s.fid for s in p.outcomes()}
    assert set(reached) == outcomes
    assert log.foreign(site["embed"].origin, site["host"].origin) == []
    embed_requests = [u for u in log.urls if u.startswith(site["embed"].origin)]
    assert embed_requests == [url_of(site, flow)], "one file; answers are never sent anywhere"
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
    print(f"\n{flow.id}: {len(p.screens)} screens, {len(reached)} paths, "
          f"{min(actions)}-{max(actions)} clicks per path")


def test_a_stale_answer_on_another_branch_is_never_shown(page, site):
    """Answer, go Back, take another branch: the first branch's answers stay checked but
    are not on the path, so the result does not list them."""
    flow = load_flow(FIXTURE)
    p = plan(flow)
    page.goto(url_of(site, flow))
    first, second = p.screens[0], p.screens[2]
    set_path(page, [(first, first.ways_out[0]), (second, second.ways_out[0])])  # Yes, Yes
    go(page, "good-to-talk")
    assert shown(page, f"#{SUMMARY_ID} dd.v") == ["Yes", "Yes, I feel well"]
    set_path(page, [(first, first.ways_out[1])])  # change the first answer: No
    assert shown(page, f"#{SUMMARY_ID} dd.v") == ["No", "Yes, I feel well"]
    set_path(page, [(second, second.ways_out[2])])  # second: Not sure, which leads elsewhere
    assert shown(page, f"#{SUMMARY_ID} dd.v") == [], "this result is not on the path now"
    assert shown(page, f"#{SUMMARY_ID} .nv"), "the reader is told why"
    go(page, "open-questions")
    assert shown(page, f"#{SUMMARY_ID} dd.v") == ["No", "Not sure"]


def test_generated_twelve_questions_some_paths(page, site):
    """4,096 ways through: walk a few, with Back and a changed answer on the way."""
    flow = site["flows"][synthetic.QUESTIONS_FLOW_ID]
    p = plan(flow)
    page.goto(url_of(site, flow))
    for pick in (0, 2, 1):  # all first answers; all "Not sure"; every second answer
        page.goto(url_of(site, flow, p.start.fid))
        screen, path = p.start, []
        while not screen.ends:
            way = screen.ways_out[min(pick, len(screen.ways_out) - 1)]
            section = page.locator(f"section#{screen.fid}")
            if way.answer is not None:
                section.locator(f"label[for='{way.rid}']").click()
                section.locator(".go a:visible").click()
            else:
                section.locator("a.btn").click()
            path.append((screen, way))
            screen = screen.target(way)
            page.wait_for_function("id => location.hash === '#' + id", arg=screen.fid)
        labels = [w.answer.label for _, w in path if w.answer is not None]
        assert shown(page, f"#{SUMMARY_ID} dd.v") == labels


def test_continue_shows_only_for_the_checked_answer(page, site):
    flow = load_flow(FIXTURE)
    q = plan(flow).start
    page.goto(url_of(site, flow))
    assert shown(page, f"section#{q.fid} .go a") == [], "no Continue before an answer"
    assert shown(page, f"section#{q.fid} .hint")
    for way in q.ways_out:
        page.locator(f"label[for='{way.rid}']").click()
        hrefs = page.evaluate("""() => [...document.querySelectorAll('section .go a')]
            .filter(a => a.getClientRects().length).map(a => a.getAttribute('href'))""")
        assert hrefs == ["#" + q.target(way).fid]
        assert shown(page, f"section#{q.fid} .hint") == []


def test_enter_on_a_radio_submits_nothing_and_requests_nothing(page, site):
    flow = load_flow(FIXTURE)
    q = plan(flow).start
    log = sb.RequestLog(page.context)
    page.goto(url_of(site, flow, q.fid))
    page.focus(f"#{q.ways_out[0].rid}")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("() => location.hash") == "#" + q.fid
    assert page.evaluate("() => document.forms.length") == 0
    assert log.urls == [url_of(site, flow, q.fid).split("#")[0]]


@pytest.mark.parametrize("flow_path", flow_params())
def test_start_again_back_and_change_links(page, site, flow_path):
    flow = load_flow(flow_path)
    p = plan(flow)
    outcome = p.outcomes()[0]
    path = paths_to(p, outcome)
    page.goto(site["host"].url(f"{flow.id}-empty.html"))
    handle = frame_of(page)
    # A direct link into the frame (a hospital linking straight to a result).
    page.evaluate("u => document.getElementById('q').src = u", url_of(site, flow, outcome.fid))
    handle = page.wait_for_selector("#q").content_frame()
    handle.wait_for_function("id => location.hash === '#' + id", arg=outcome.fid)
    assert visible(handle) == [outcome.fid]
    assert shown(handle, f"#{SUMMARY_ID} .nv"), "no answers yet: the reader is told so"
    set_path(handle, path)
    last, _ = path[-1]
    handle.locator(f"section#{outcome.fid} .back a:visible").click()
    handle.wait_for_function("id => location.hash === '#' + id", arg=last.fid)
    go(handle, outcome.fid)
    question = [s for s, w in path if w.answer is not None][-1]
    assert question is not p.start
    handle.locator(f"#{SUMMARY_ID} dd.ch a[href='#{question.fid}']").click()
    handle.wait_for_function("id => location.hash === '#' + id", arg=question.fid)
    handle.locator(f"section#{question.fid} a", has_text="Start again").click()
    handle.wait_for_function("id => location.hash === '#' + id", arg=p.start.fid)
    assert visible(handle) == [p.start.fid]


def test_guide_link_opens_outside_the_frame_with_the_documented_sandbox(page, site):
    flow = load_flow(FIXTURE)
    outcome = plan(flow).outcomes()[0]
    page.goto(site["host"].url(f"{flow.id}-documented.html"))
    frame_of(page)
    page.evaluate("u => document.getElementById('q').src = u", url_of(site, flow, outcome.fid))
    handle = page.wait_for_selector("#q").content_frame()
    handle.wait_for_function("id => location.hash === '#' + id", arg=outcome.fid)
    with page.expect_navigation():
        handle.locator(f"section#{outcome.fid} a", has_text="Read the full guide").click()
    assert page.url == site["embed"].url(ids.page_url(ids.overview_page(flow.id)))
    assert documented_sandbox().split() == ["allow-top-navigation-by-user-activation"]


# --- keyboard, focus, axe, reflow, text size ----------------------------------------------------

@pytest.mark.parametrize("flow_path", flow_params())
def test_one_path_by_keyboard_alone_with_visible_focus(page, site, flow_path):
    flow = load_flow(flow_path)
    p = plan(flow)
    page.goto(url_of(site, flow))
    screen, keys, questions = p.start, 0, 0
    visited = []

    def tab_until(js_test: str, what: str) -> None:
        nonlocal keys
        for _ in range(40):
            page.keyboard.press("Tab")
            keys += 1
            if page.evaluate(js_test):
                return
        pytest.fail(f"Tab never reached {what} on {screen.fid}")

    while not screen.ends:
        if screen.answered:
            # Pick the last answer ("Not sure" in our flows): Tab to the group, arrows to it.
            way = screen.ways_out[-1]
            tab_until("() => document.activeElement.type === 'radio'", "the answers")
            for _ in range(len(screen.ways_out) - 1):
                page.keyboard.press("ArrowDown")
                keys += 1
            assert page.evaluate("() => document.activeElement.id") == way.rid
            assert page.is_checked(f"#{way.rid}")
            questions += 1
            visited.append(screen.fid)
        else:
            way = screen.ways_out[0]
        target = screen.target(way)
        tab_until(f"() => document.activeElement.getAttribute('href') === '#{target.fid}'", "Continue")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [s.backgroundColor, s.boxShadow]; }""")
        assert style[0] == "rgb(255, 221, 0)" and style[1] != "none", "focus is visible"
        page.keyboard.press("Enter")
        keys += 1
        page.wait_for_function("id => location.hash === '#' + id", arg=target.fid)
        assert visible(page) == [target.fid]
        assert page.evaluate(ACTIVE_JS) == target.fid, "focus moves to the new screen"
        label = page.evaluate("""() => { const a = document.activeElement;
            return document.getElementById(a.getAttribute('aria-labelledby')).textContent; }""")
        assert label == target.node.title, "the focused screen is named by its heading"
        screen = target
    assert page.locator(f"#{SUMMARY_ID}--t").is_visible()
    assert shown(page, f"#{SUMMARY_ID} dd.v") == [s.ways_out[-1].answer.label for s in p.questions()
                                                     if s.fid in {x for x in visited}]
    print(f"\n{flow.id}: {keys} key presses for {questions} questions")


def axe_params() -> list:
    return [*flow_params(), pytest.param(OTHER_FLOW, id="treatment-pathway"),
            pytest.param(GENERATED, id=GENERATED)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("flow_param", axe_params())
def test_axe_finds_no_violations_on_any_screen(chromium, site, flow_param, scheme):
    flow = get_flow(flow_param)
    p = plan(flow)
    context = chromium.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(url_of(site, flow))
        problems = {}
        states = [(s.fid, []) for s in p.screens] + [(SOURCES_ID, [])]
        states += [(s.fid, paths_to(p, s, heaviest=True)) for s in p.outcomes()]
        for fid, path in states:
            page.evaluate("() => document.querySelectorAll('input').forEach(i => i.checked = false)")
            set_path(page, path)
            go(page, fid)
            assert visible(page) == [fid]
            violations = checkers.run_axe(page)
            if violations:
                problems[f"{fid} ({len(path)} answers)"] = checkers.describe_violations(violations)
        assert problems == {}, "\n".join(f"#{k}:\n{v}" for k, v in problems.items())
    finally:
        context.close()


def test_dark_mode_follows_the_reader(chromium, site):
    flow = load_flow(FIXTURE)
    colours = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url_of(site, flow))
        colours[scheme] = page.evaluate("""() => { const s = getComputedStyle(document.body);
            return [s.backgroundColor, s.color, getComputedStyle(document.documentElement).colorScheme]; }""")
        context.close()
    assert colours["light"][:2] == ["rgb(255, 255, 255)", "rgb(11, 12, 12)"]
    dark_bg = [int(x) for x in re.findall(r"\d+", colours["dark"][0])]
    dark_fg = [int(x) for x in re.findall(r"\d+", colours["dark"][1])]
    assert max(dark_bg) < 60 and min(dark_fg) > 200, colours["dark"]
    assert colours["dark"][2] == "light dark"


@pytest.mark.parametrize("flow_path", flow_params())
def test_reflow_at_320px_and_200_percent_text(chromium, site, flow_path):
    flow = load_flow(flow_path)
    p = plan(flow)
    overflow_js = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    narrow = chromium.new_context(viewport={"width": 320, "height": 640})
    large = chromium.new_context(viewport={"width": 640, "height": 800}, bypass_csp=True)
    try:
        for context, big_text in ((narrow, False), (large, True)):
            pg = context.new_page()
            pg.goto(url_of(site, flow))
            if big_text:
                pg.add_style_tag(content="html{font-size:200%}")
            for s in p.screens:
                set_path(pg, paths_to(p, s, heaviest=True))
                go(pg, s.fid)
                assert pg.evaluate(overflow_js) <= 0, f"#{s.fid} scrolls sideways"
    finally:
        narrow.close()
        large.close()


def test_links_do_not_rely_on_colour_alone(page, site):
    flow = load_flow(FIXTURE)
    p = plan(flow)
    outcome = p.outcomes()[0]
    page.goto(url_of(site, flow))
    set_path(page, paths_to(p, outcome))
    for fid in (p.start.fid, outcome.fid):
        go(page, fid)
        looks = page.evaluate("""() => [...document.querySelectorAll('main a')]
            .filter(a => a.getClientRects().length).map(a => { const s = getComputedStyle(a);
            return s.textDecorationLine.includes('underline') || parseFloat(s.borderTopWidth) > 0; })""")
        assert looks and all(looks)


# --- print: "take this to your appointment" ------------------------------------------------------

def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("flow_param", axe_params())
def test_an_outcome_prints_on_one_page_with_answers_questions_review_and_guide(page, site, flow_param, tmp_path):
    flow = get_flow(flow_param)
    p = plan(flow)
    for outcome in p.outcomes():
        path = paths_to(p, outcome, heaviest=True)
        page.goto(url_of(site, flow))
        set_path(page, path)
        go(page, outcome.fid)
        page.emulate_media(media="print")
        try:
            assert visible(page) == [outcome.fid]
            links = page.evaluate("""() => [...document.querySelectorAll('a')]
                .filter(a => a.getClientRects().length).map(a => a.textContent)""")
            assert links == ["Read the full guide"], "no links to other screens are printed"
            labels = [w.answer.label for _, w in path if w.answer is not None]
            assert shown(page, f"#{SUMMARY_ID} dd.v") == labels
            asks = expected_asks(path, p)
            assert {norm(t) for t in shown(page, f"#{SUMMARY_ID} li")} == asks
            footer = page.inner_text("footer")
            assert f"Reviewed by {flow.review.reviewed_by}" in footer and "Next review due" in footer
            after = page.evaluate("""() => getComputedStyle(
                document.querySelector('section:target .guide a'), '::after').content""")
            assert guide_url_for(flow) in after, "the printout gives the guide's address"
            pdf = page.pdf(format="A4", prefer_css_page_size=True)  # the stylesheet's @page margins
            assert pdf_pages(pdf) == 1, f"{outcome.fid} prints on {pdf_pages(pdf)} pages"
        finally:
            page.emulate_media(media="screen")


def test_print_snapshot_of_an_outcome(page, site):
    """What a printed result says, as text (reviewed; refresh with --update-golden)."""
    flow = load_flow(FIXTURE)
    p = plan(flow)
    outcome = next(s for s in p.outcomes() if s.fid == "open-questions")
    page.goto(url_of(site, flow))
    set_path(page, paths_to(p, outcome, heaviest=True))
    go(page, outcome.fid)
    page.emulate_media(media="print")
    text = page.inner_text("body")
    text = "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"
    assert_golden(GOLDEN / "tiny-pathway.print.txt", text)


# --- browsers without :has() -----------------------------------------------------------------

def without_has(page_html: str) -> str:
    """The page as a browser without :has() applies it: every rule that uses :has() is
    dropped, ``@supports not selector(:has(a))`` applies, and the CSP hash is recomputed."""
    style = re.search(r"<style>(.*?)</style>", page_html, re.S).group(1)
    out, i = [], 0
    while i < len(style):
        j = style.index("{", i)
        prelude = style[i:j].strip()
        depth, k = 1, j + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(style[k], 0)
            k += 1
        block = style[j + 1:k - 1]
        if prelude == "@supports not selector(:has(a))":
            out.append(block)
        elif ":has(" not in prelude:
            out.append(style[i:k].strip())
        i = k
        while i < len(style) and style[i] in " \n":
            i += 1
    new_style = "\n".join(out)
    digest = base64.b64encode(hashlib.sha256(new_style.encode()).digest()).decode()
    page_html = re.sub(r"sha256-[A-Za-z0-9+/=]+", f"sha256-{digest}", page_html, count=1)
    return page_html.replace(f"<style>{style}</style>", f"<style>{new_style}</style>")


def test_without_has_every_screen_and_every_labelled_continue_link_shows(page, site):
    flow = load_flow(DEFAULT_FLOW)
    p = plan(flow)
    fallback = site["root"] / "embed" / "no-has.html"
    fallback.write_text(without_has(render(flow)), encoding="utf-8")
    page.goto(site["embed"].url("embed/no-has.html"))
    assert not page.console_errors, page.console_errors
    assert set(visible(page)) == {s.fid for s in p.screens} | {SOURCES_ID}
    for s in p.questions():
        texts = shown(page, f"section#{s.fid} .go li")
        assert texts == [f"If you answer “{w.answer.label}”: Continue to: {s.target(w).node.title}"
                         for w in s.ways_out]
    assert shown(page, f"#{SUMMARY_ID}") == [], "the summary needs :has(), so it is not shown"
    q = p.questions()[0]
    page.locator(f"section#{q.fid} .go a").first.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=q.target(q.ways_out[0]).fid)
    assert page.evaluate(ACTIVE_JS) == q.target(q.ways_out[0]).fid


# --- the recommended frame height fits 90% of the screens ----------------------------------------

@pytest.mark.parametrize("flow_param", [pytest.param(DEFAULT_FLOW, id="limb-salvage"),
                                        pytest.param(OTHER_FLOW, id="treatment-pathway"),
                                        pytest.param(GENERATED, id=GENERATED)])
def test_recommended_frame_height_fits_90_percent_of_screens(chromium, site, flow_param):
    flow = get_flow(flow_param)
    p = plan(flow)
    width, height = frame_size(flow)
    context = chromium.new_context(viewport={"width": width, "height": 200})
    page = context.new_page()
    try:
        page.goto(url_of(site, flow))
        heights = {}
        for fid, path in [(s.fid, paths_to(p, s, heaviest=True)) for s in p.screens] + [(SOURCES_ID, [])]:
            page.evaluate("() => document.querySelectorAll('input').forEach(i => i.checked = false)")
            set_path(page, path)  # outcomes at their tallest: the longest answer summary
            go(page, fid)
            heights[fid] = page.evaluate("() => document.documentElement.scrollHeight")
    finally:
        context.close()
    fits = sum(h <= height for h in heights.values())
    print(f"\n{flow.id}: {width}x{height} fits {fits} of {len(heights)} screens; heights "
          + ", ".join(f"{k}={v}" for k, v in heights.items()))
    assert fits >= math.ceil(0.9 * len(heights)), (height, heights)
    measured90 = sorted(heights.values())[math.ceil(0.9 * len(heights)) - 1]
    assert height <= 1.2 * measured90 + 40, f"not needlessly tall: 90% fit in {measured90}"


def test_ids_that_start_with_a_digit_work_in_the_stylesheet(page, site):
    """CSS needs ``#\\31 x`` for id "1x": the path logic must still find such a result."""
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in (("first-question", "1st-question"), ("good-to-talk", "2-good-to-talk")):
        text = text.replace(old, new)
    flow = Flow.model_validate(load_text(FIXTURE, text).data)
    p = plan(flow)
    out = site["root"] / "embed" / "digits.html"
    out.write_text(render(flow), encoding="utf-8")
    page.goto(site["embed"].url("embed/digits.html"))
    first, second = p.screens[0], next(s for s in p.screens if s.fid == "second-question")
    set_path(page, [(first, first.ways_out[1]), (second, second.ways_out[0])])
    go(page, "2-good-to-talk")
    assert visible(page) == ["2-good-to-talk"]
    assert shown(page, f"#{SUMMARY_ID} dd.v") == ["No", "Yes, I feel well"]
