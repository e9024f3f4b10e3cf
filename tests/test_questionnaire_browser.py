"""The questionnaire in real Chromium: sandboxed iframe, every path, Back, keyboard, axe-core.

Two local HTTP servers give two origins: the "hospital" host page on one, the questionnaire
(``embed/<flow>.html``) and a stand-in guide page on the other, as on the real web. One
browser serves the whole module.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import browser as sb
from support import checkers

from build_tools import ids
from build_tools import render_questionnaire as rq
from build_tools.loader import load_text
from build_tools.model import Flow, Outcome, Step

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "golden" / "questionnaire" / "tiny-pathway.yml"
DEFAULT_FLOW = ROOT / "flows" / "limb-salvage.yml"
EMBED_PAGE = ROOT / "content" / "embed.md"

VISIBLE_JS = """() => [...document.querySelectorAll('section')]
    .filter(s => getComputedStyle(s).display !== 'none').map(s => s.id)"""
ACTIVE_JS = "() => document.activeElement && (document.activeElement.id || document.activeElement.tagName)"


def load_flow(path: Path) -> Flow:
    return Flow.model_validate(load_text(path, path.read_text(encoding="utf-8")).data)


def flow_params() -> list:
    return [pytest.param(FIXTURE, id="fixture"),
            pytest.param(DEFAULT_FLOW, id="limb-salvage")]


def documented_sandbox() -> str:
    """The sandbox tokens of the snippet on the "Embed this on your site" page."""
    text = EMBED_PAGE.read_text(encoding="utf-8")
    m = re.search(r'<iframe[^>]*\ssandbox="([^"]*)"', text)
    assert m, "content/embed.md has no iframe snippet with a sandbox attribute"
    return m.group(1)


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
    for param in flow_params():
        path = param.values[0]
        if not path.exists():
            continue
        flow = load_flow(path)
        flows[flow.id] = flow
        out = embed_root / ids.questionnaire_file(flow.id)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(rq.render(flow), encoding="utf-8")
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
        yield {"embed": embed, "host": host, "flows": flows}


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1024, "height": 800})
    pg = context.new_page()
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    yield pg
    context.close()


def screens_of(flow: Flow) -> list[rq.Screen]:
    return rq.unfold(flow)


def visible(target) -> list[str]:
    return target.evaluate(VISIBLE_JS)


def answers_shown(target) -> list[str]:
    return target.evaluate("""() => { const s = [...document.querySelectorAll('section')]
        .find(s => getComputedStyle(s).display !== 'none');
        return [...s.querySelectorAll('dd')].map(d => d.textContent); }""")


def frame_of(page):
    frame = page.frame_locator("#q")
    handle = page.wait_for_selector("#q").content_frame()
    handle.wait_for_load_state()
    return frame, handle


# --- requirement 4 + 2: every outcome in <iframe sandbox="">, by clicking, with Back ---------

@pytest.mark.parametrize("flow_path", flow_params())
def test_walk_every_path_in_an_empty_sandbox_with_the_back_button(page, site, flow_path):
    flow = load_flow(flow_path)
    log = sb.RequestLog(page.context)
    page.goto(site["host"].url(f"{flow.id}-empty.html"))
    frame, handle = frame_of(page)
    root = screens_of(flow)[0]
    assert visible(handle) == [root.fid], "with no fragment, the start screen shows"

    reached: list[str] = []

    def walk(screen: rq.Screen, depth: int) -> None:
        assert visible(handle) == [screen.fid]
        assert handle.evaluate(ACTIVE_JS) in (screen.fid, "BODY")
        if isinstance(screen.node, Outcome):
            assert answers_shown(handle) == [a.label for _, a in screen.path]
            reached.append(screen.fid)
            return
        if isinstance(screen.node, Step):
            links = [("Continue", screen.next)]
        else:
            links = [(c.answer.label, c.to) for c in screen.choices]
        for label, child in links:
            frame.locator(f"section#{screen.fid} a", has_text=label).first.click()
            handle.wait_for_function("id => location.hash === '#' + id", arg=child.fid)
            assert handle.evaluate(ACTIVE_JS) == child.fid, "focus moves to the new screen"
            walk(child, depth + 1)
            sb.history_back(page, handle)  # the browser's Back button
            assert visible(handle) == [screen.fid], f"Back from {child.fid} returns to {screen.fid}"

    walk(root, 0)
    outcome_screens = [s.fid for s in screens_of(flow) if isinstance(s.node, Outcome)]
    assert sorted(reached) == sorted(outcome_screens)
    assert log.foreign(site["embed"].origin, site["host"].origin) == []
    embed_requests = [u for u in log.urls if u.startswith(site["embed"].origin)]
    assert embed_requests == [site["embed"].url(ids.questionnaire_file(flow.id))], \
        "the questionnaire is one file and requests nothing else"
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
    print(f"\n{flow.id}: {len(screens_of(flow))} screens, {len(reached)} paths walked")


@pytest.mark.parametrize("flow_path", flow_params())
def test_start_again_and_back_links(page, site, flow_path):
    flow = load_flow(flow_path)
    page.goto(site["host"].url(f"{flow.id}-empty.html"))
    frame, handle = frame_of(page)
    screens = screens_of(flow)
    deepest = max((s for s in screens if isinstance(s.node, Outcome)), key=lambda s: len(s.path))
    # Direct link into the frame (a hospital linking straight to a result).
    page.evaluate("u => document.getElementById('q').src = u",
                  site["embed"].url(ids.questionnaire_file(flow.id)) + "#" + deepest.fid)
    handle = page.wait_for_selector("#q").content_frame()
    handle.wait_for_function("id => location.hash === '#' + id", arg=deepest.fid)
    assert visible(handle) == [deepest.fid]
    frame.locator(f"section#{deepest.fid} a", has_text="Back").click()
    handle.wait_for_function("id => location.hash === '#' + id", arg=deepest.parent.fid)
    assert visible(handle) == [deepest.parent.fid]
    frame.locator(f"section#{deepest.parent.fid} a", has_text="Start again").click()
    handle.wait_for_function("id => location.hash === '#' + id", arg=screens[0].fid)
    assert visible(handle) == [screens[0].fid]


def test_guide_link_opens_outside_the_frame_with_the_documented_sandbox(page, site):
    flow = next(iter(site["flows"].values()))
    outcome = next(s for s in screens_of(flow) if isinstance(s.node, Outcome))
    page.goto(site["host"].url(f"{flow.id}-documented.html"))
    _, handle = frame_of(page)
    page.evaluate("u => document.getElementById('q').src = u",
                  site["embed"].url(ids.questionnaire_file(flow.id)) + "#" + outcome.fid)
    handle = page.wait_for_selector("#q").content_frame()
    handle.wait_for_function("id => location.hash === '#' + id", arg=outcome.fid)
    with page.expect_navigation():
        handle.locator(f"section#{outcome.fid} a", has_text="Read the full guide").click()
    assert page.url == site["embed"].url(ids.page_url(ids.overview_page(flow.id)))
    assert "allow-scripts" not in documented_sandbox() and "allow-same-origin" not in documented_sandbox()
    assert documented_sandbox().split() == ["allow-top-navigation-by-user-activation"]


# --- requirement 6: keyboard, focus, axe, reflow, text size, print -----------------------------

@pytest.mark.parametrize("flow_path", flow_params())
def test_one_path_by_keyboard_alone_with_visible_focus(page, site, flow_path):
    flow = load_flow(flow_path)
    page.goto(site["embed"].url(ids.questionnaire_file(flow.id)))
    screen = screens_of(flow)[0]
    while True:
        if isinstance(screen.node, Outcome):
            break
        # Pick the last answer ("Not sure" in our flows) to vary from the click walk's first.
        target = screen.next if isinstance(screen.node, Step) else screen.choices[-1].to
        for _ in range(40):
            page.keyboard.press("Tab")
            href = page.evaluate("() => document.activeElement.getAttribute('href')")
            if href == "#" + target.fid:
                break
        else:
            pytest.fail(f"Tab never reached the link to {target.fid} on {screen.fid}")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [s.backgroundColor, s.boxShadow]; }""")
        assert style[0] == "rgb(255, 221, 0)" and style[1] != "none", "focus is visible"
        page.keyboard.press("Enter")
        page.wait_for_function("id => location.hash === '#' + id", arg=target.fid)
        assert visible(page) == [target.fid]
        assert page.evaluate(ACTIVE_JS) == target.fid, "focus moves to the new screen"
        label = page.evaluate("""() => { const a = document.activeElement;
            return a.getAttribute('aria-labelledby') &&
                   document.getElementById(a.getAttribute('aria-labelledby')).textContent; }""")
        assert label == target.node.title, "the focused screen is named by its heading"
        screen = target
    assert page.locator(f"section#{screen.fid} h3", has_text="The answers that led here").is_visible()


@pytest.mark.parametrize("flow_path", flow_params())
def test_axe_finds_no_violations_on_any_screen(page, site, flow_path):
    flow = load_flow(flow_path)
    url = site["embed"].url(ids.questionnaire_file(flow.id))
    page.goto(url)
    problems = {}
    for fid in [screen.fid for screen in screens_of(flow)] + [rq.SOURCES_ID]:
        page.evaluate("id => { location.hash = id }", fid)
        page.wait_for_function("id => location.hash === '#' + id", arg=fid)
        assert visible(page) == [fid]
        violations = checkers.run_axe(page)
        if violations:
            problems[fid] = checkers.describe_violations(violations)
    assert problems == {}, "\n".join(f"#{k}:\n{v}" for k, v in problems.items())


@pytest.mark.parametrize("flow_path", flow_params())
def test_reflow_at_320px_and_200_percent_text(chromium, site, flow_path):
    flow = load_flow(flow_path)
    url = site["embed"].url(ids.questionnaire_file(flow.id))
    overflow_js = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    narrow = chromium.new_context(viewport={"width": 320, "height": 640})
    # 200% text: the reader's font-size setting, emulated by doubling the root font size
    # (bypass_csp lets the test add that one rule to a page whose CSP forbids it).
    large = chromium.new_context(viewport={"width": 640, "height": 800}, bypass_csp=True)
    try:
        for context, big_text in ((narrow, False), (large, True)):
            pg = context.new_page()
            pg.goto(url)
            if big_text:
                pg.add_style_tag(content="html{font-size:200%}")
            for screen in screens_of(flow):
                pg.evaluate("id => { location.hash = id }", screen.fid)
                pg.wait_for_function("id => location.hash === '#' + id", arg=screen.fid)
                assert pg.evaluate(overflow_js) <= 0, f"#{screen.fid} scrolls sideways"
    finally:
        narrow.close()
        large.close()


def test_print_stylesheet(page, site):
    flow = next(iter(site["flows"].values()))
    outcome = next(s for s in screens_of(flow) if isinstance(s.node, Outcome) and s.path)
    page.goto(site["embed"].url(ids.questionnaire_file(flow.id)) + "#" + outcome.fid)
    page.emulate_media(media="print")
    assert visible(page) == [outcome.fid]
    section = page.locator(f"section#{outcome.fid}")
    assert not section.locator(".nav").is_visible(), "Back / Start again are not printed"
    assert section.locator("dl").is_visible() and section.locator("h3", has_text="What this means").is_visible()
    assert page.evaluate("() => getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def test_links_do_not_rely_on_colour_alone(page, site):
    flow = next(iter(site["flows"].values()))
    page.goto(site["embed"].url(ids.questionnaire_file(flow.id)) + "#" + flow.start)
    looks = page.evaluate("""() => [...document.querySelectorAll('section a')]
        .filter(a => a.offsetParent !== null).map(a => { const s = getComputedStyle(a);
        return s.textDecorationLine.includes('underline') || parseFloat(s.borderTopWidth) > 0; })""")
    assert looks and all(looks)
