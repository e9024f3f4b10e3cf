"""The built patient site: generated pages, review dates, links, privacy, atomic swap, engine parity."""

from __future__ import annotations

import hashlib
import html.parser
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
import yaml
from support.page_footer import assert_review_footer
from conftest import ROOT, build_site, copy_project, site_pages

from build_tools.core import ids
from build_tools.site import pipeline


@pytest.fixture(scope="module")
def flows():
    config = pipeline.Config.load(ROOT / "mkdocs.yml")
    return [flow for flow, _ in pipeline.check(pipeline.discover(config), config,
                                               readability_check=False).flows]


def page_file(site: Path, docs_path: str) -> Path:
    return site / ids.page_url(docs_path) / "index.html"


def test_every_flow_and_node_has_its_pages(site, flows):
    assert {f.id for f in flows} == {"limb-salvage", "treatment-pathway"}
    for flow in flows:
        assert page_file(site, ids.overview_page(flow.id)).is_file()
        assert page_file(site, ids.flowchart_page(flow.id)).is_file()
        for node in flow.nodes:
            page = page_file(site, ids.node_page(flow.id, node.id)).read_text(encoding="utf-8")
            title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
            assert re.sub(r"<[^>]+>", "", title).strip().replace("&#39;", "'") == node.title.strip()


def test_node_pages_follow_the_flow(site, flows):
    """Each node page links to what comes next (every answer's target) and what came before."""
    for flow in flows:
        for node in flow.nodes:
            page = page_file(site, ids.node_page(flow.id, node.id)).read_text(encoding="utf-8")
            hrefs = set(re.findall(r'href="([^"]+)"', page))
            targets = [a.next for a in getattr(node, "answers", [])] + (
                [node.next] if node.kind == "step" else [])
            for target in targets:
                assert f"../{target}/" in hrefs, (node.id, target)
            predecessors = [n.id for n in flow.nodes
                            if node.id in ([n.next] if n.kind == "step" else
                                           [a.next for a in getattr(n, "answers", [])])]
            for prev in predecessors:
                assert f"../{prev}/" in hrefs


def test_every_page_has_review_dates_sources_and_disclaimer(site):
    standalone = {site / ids.questionnaire_file(f) for f in ("limb-salvage", "treatment-pathway")}
    # The English pages; the Chinese edition's footer is checked in test_languages_site.
    # The search page is a tool, not content: it has nothing to review.
    pages = [p for p in site_pages(site) if p.name != "404.html" and p not in standalone
             and p.relative_to(site).parts[0] not in ("zh-Hans", "search")]
    assert len(pages) >= 38
    for page in pages:
        assert_review_footer(page.read_text(encoding="utf-8"), page)


def test_patient_pages_list_their_sources(site):
    for page in site_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("pathways/", "rebuilding-the-bone", "amputation", "about-bone")):
            assert "Sources for this page" in page.read_text(encoding="utf-8"), rel


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src", "data"):
            if a.get(attr) is not None and tag in ("a", "link", "script", "img", "iframe", "source", "object", "use", "image"):
                self.refs.append((tag, a[attr]))
        if a.get("xlink:href") is not None:
            self.refs.append((tag, a["xlink:href"]))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def resolve(site: Path, page: Path, ref: str) -> tuple[Path | None, str]:
    url, fragment = urldefrag(ref)
    if not url:
        return page, fragment
    path = unquote(urlsplit(url).path)
    base = site if path.startswith("/") else page.parent  # "/x" means the site root (404 page)
    target = (base / path.lstrip("/")).resolve()
    if target.is_dir():
        target = target / "index.html"
    return target, fragment


def internal_link_problems(site: Path) -> list[str]:
    problems = []
    parsed = {p: parse(p) for p in site_pages(site)}
    for page, links in parsed.items():
        for tag, ref in links.refs:
            if re.match(r"^[a-z][a-z0-9+.-]*:", ref):  # http:, https:, mailto:, data:
                continue
            target, fragment = resolve(site, page, ref)
            rel = page.relative_to(site)
            if target is None or not target.exists() or site.resolve() not in target.parents:
                problems.append(f"{rel}: <{tag}> {ref} does not exist")
            elif fragment and target.suffix == ".html":
                ids_ = parsed[target].ids if target in parsed else parse(target).ids
                if fragment not in ids_:
                    problems.append(f"{rel}: <{tag}> {ref}: no element with id '{fragment}'")
    return problems


def test_internal_links_resolve(site):
    assert internal_link_problems(site) == []


def test_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/">ok</a><a href="missing/">bad</a><a href="#nope">x</a>')
    (tmp_path / "a" / "index.html").write_text("<p id=here>hi</p><a href='../#x'>up</a>")
    assert internal_link_problems(tmp_path) == [
        "a/index.html: <a> ../#x: no element with id 'x'",
        "index.html: <a> missing/ does not exist",
        "index.html: <a> #nope: no element with id 'nope'",
    ]


NOT_LOADED = re.compile(r'<link rel="(?:canonical|alternate)"[^>]*>', re.I)
FOREIGN_ATTR = re.compile(r"<(?:link|script|img|iframe|source|object|embed|video|audio|image)\b[^>]*\b(?:href|src|data)=\"(?:https?:)?//", re.I)


def test_no_page_refers_to_another_origin(site):
    """Static half of the privacy rule; the Chromium test below is the other half."""
    for path in [*site.rglob("*.html"), *site.rglob("*.css"), *site.rglob("*.svg")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        # rel="canonical" (from site_url) and hreflang alternates name an address; no browser
        # loads them. Everything else with an address on another origin would be a request.
        text = NOT_LOADED.sub("", text)
        assert not FOREIGN_ATTR.search(text), path
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), path


@pytest.mark.browser
def test_no_request_leaves_the_site_in_chromium(site):
    from support.browser import RequestLog, chromium, require_chromium, serve

    require_chromium()
    pages = [p.relative_to(site).as_posix() for p in site_pages(site)]
    with serve(site) as server, chromium() as browser:
        context = browser.new_context()
        log = RequestLog(context)
        page = context.new_page()
        for rel in pages:
            page.goto(server.url(rel), wait_until="load")
        page.wait_for_timeout(300)  # late requests (workers, fonts) get their chance
        assert log.foreign(server.origin) == []
        assert len(log.urls) > len(pages)  # the log does see the site's own assets
        context.close()


def tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"))


def test_failed_build_leaves_previous_site_untouched(project_copy):
    site = project_copy / "site"
    first = build_site(project_copy, site)
    assert first.returncode == 0, first.stderr
    before = tree_digest(site)
    flow = project_copy / "flows" / "limb-salvage.yml"
    good = flow.read_text(encoding="utf-8")
    flow.write_text(good.replace("next: nerves-and-blood-vessels", "next: nerves-and-blood-vesels", 1),
                    encoding="utf-8")
    try:
        failed = build_site(project_copy, site)
    finally:
        flow.write_text(good, encoding="utf-8")
    assert failed.returncode == 1
    output = failed.stdout + failed.stderr
    assert re.search(r"flows/limb-salvage\.yml:\d+:\d+: error: next: 'nerves-and-blood-vesels' is not "
                     r"the id of any node in this flow; did you mean 'nerves-and-blood-vessels'\?", output)
    assert "Traceback" not in output
    assert tree_digest(site) == before
    assert not [p for p in project_copy.iterdir() if p.name.startswith(".site.")]


def test_strict_warning_also_keeps_previous_site(project_copy):
    site = project_copy / "site"
    if not site.exists():
        assert build_site(project_copy, site).returncode == 0
    before = tree_digest(site)
    page = project_copy / "content" / "about.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n[broken](no-such-page.md)\n", encoding="utf-8")
    try:
        failed = build_site(project_copy, site)
    finally:
        page.write_text(good, encoding="utf-8")
    assert failed.returncode == 1
    assert "no-such-page.md" in failed.stderr
    assert tree_digest(site) == before


def test_render_out_gives_the_same_site_as_the_plugin(site, tmp_path):
    """Another engine reads the folder `render --out` writes; MkDocs without our plugin stands in."""
    docs = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "build_tools", "render", "--out", str(docs)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    from build_tools.site import navigation, pipeline

    flows = [pipeline.load_flow(p)[0] for p in sorted((ROOT / "flows").glob("*.yml"))]
    config["nav"] = navigation.arrange(config["nav"], flows)  # as the plugin (and make zensical) do
    config["docs_dir"] = str(docs)
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "pathway" in p)]
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(docs)]
    config["theme"]["custom_dir"] = str(ROOT / "site_overrides")
    cfg_file = tmp_path / "mkdocs.yml"
    cfg_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    out = tmp_path / "site"
    proc = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-q",
                           "-f", str(cfg_file), "-d", str(out)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    # The default language's edition (render --out --language LANG writes another one).
    ours = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
            and p.relative_to(site).parts[0] != "zh-Hans"}
    theirs = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    # _headers and the search index (_pagefind/) are written after the build from the built
    # pages (render_headers, search_index), by the plugin, for every edition at once.
    ours = {rel for rel in ours if not rel.startswith("_pagefind/")}
    assert ours - {"sitemap.xml.gz", "_headers"} == theirs - {"sitemap.xml.gz"}
    from test_languages_site import without_language_links

    for rel in sorted(ours):
        if rel.endswith((".svg", ".css", ".pdf")):
            assert (site / rel).read_bytes() == (out / rel).read_bytes(), rel
        elif rel.endswith(".html"):
            # The language switcher and hreflang links name each page's counterpart: the
            # plugin adds them per page; an engine building render --out has none.
            assert without_language_links((site / rel).read_text("utf-8")) == \
                without_language_links((out / rel).read_text("utf-8")), rel


@pytest.fixture(scope="module")
def browser_on_site(site):
    from support.browser import chromium, require_chromium, serve

    require_chromium()
    with serve(site) as server, chromium() as browser:
        yield server, browser


@pytest.mark.browser
def test_every_page_fits_320px_without_sideways_scrolling(site, browser_on_site):
    server, browser = browser_on_site
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = []
    for path in site_pages(site):
        page.goto(server.url(path.relative_to(site).as_posix()))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{path.relative_to(site)}: {width}px")
    context.close()
    assert too_wide == []


@pytest.mark.browser
def test_200_percent_text_still_fits(site, browser_on_site):
    """WCAG 1.4.4: text at 200% at a 640px window (the same as 320px at 100%)."""
    server, browser = browser_on_site
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    for rel in ("pathways/limb-salvage/where-is-the-tumour/", "rebuilding-the-bone/", "index.html"):
        page.goto(server.url(rel))
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        assert page.evaluate("document.documentElement.scrollWidth") <= 640, rel
    context.close()


@pytest.mark.browser
def test_print_hides_navigation_and_shows_link_targets(browser_on_site):
    server, browser = browser_on_site
    page = browser.new_page()
    page.goto(server.url("sources/"))  # has links in running text
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none", selector
    after = page.eval_on_selector("article.md-content__inner > ul a[href^='http']",
                                  "e => getComputedStyle(e, '::after').content")
    assert "http" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")
    assert page.eval_on_selector(".md-header", "e => getComputedStyle(e).display") != "none"
    page.close()


@pytest.mark.browser
def test_light_and_dark_palettes_both_apply(browser_on_site):
    server, browser = browser_on_site
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(server.url("pathways/limb-salvage/"))
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        svg_colour = page.eval_on_selector("svg.pw-diagram", "e => getComputedStyle(e).color")
        assert svg_colour != colours[scheme]  # the chart's ink differs from its background
        context.close()
    assert colours["light"] != colours["dark"]


def test_hostile_flow_builds_and_nothing_runs(tmp_path):
    """A flow made of hostile text, through the real MkDocs/Material build."""
    project = copy_project(tmp_path / "project")
    (project / "flows" / "hostile.yml").write_text(
        (ROOT / "tests" / "fixtures" / "hostile.yml").read_text(encoding="utf-8"), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "  - Home: index.md\n", "  - Home: index.md\n  - pathways/hostile/index.md\n"), encoding="utf-8")
    proc = build_site(project, project / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = project / "site"
    written = [*(site / "pathways" / "hostile").rglob("*.html"), site / "embed" / "hostile.html",
               site / "index.html", site / "diagrams" / "hostile.svg"]
    # Search results are shown as text by the search page's script: test_preview checks it
    # with a hostile result (test_search_results_are_shown_as_text).
    normal_scripts = len(re.findall(r"<script\b", (site / "about" / "index.html").read_text(encoding="utf-8")))
    from support.html_checks import assert_nothing_live, parse

    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "evil.example" not in " ".join(re.findall(r'src="([^"]*)"', text)), path
        if path.suffix == ".html":
            doc = parse(text)
            if path.parent.name == "embed":
                assert_nothing_live(doc, str(path))
            else:  # Material's own scripts are there; nothing else may be live
                assert len([t for t, _ in doc.tags if t == "script"]) == normal_scripts, path
                without_scripts = re.sub(r"<script\b.*?</script>", "", text, flags=re.S)
                assert_nothing_live(parse(without_scripts), str(path), allow=("form",))  # the search forms
        else:  # the SVG
            for el in ET.fromstring(text).iter():
                assert el.tag.split("}")[-1] not in ("script", "foreignObject"), path
                assert not any(k.split("}")[-1].startswith("on") for k in el.attrib), path
    overview = (site / "pathways" / "hostile" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", overview, re.S).group(1)
    assert html_unescape(title).startswith("<script>alert('title')</script> {{ config }} & </title><b>")
    assert "<b>" not in title and "</title><b>" not in title
    # Snippet inclusion and Jinja never ran: the text is there, the file contents are not.
    assert "site_name: Limb-sparing surgery" not in overview
    assert "{{ config }}" in html_unescape(overview)


def html_unescape(text: str) -> str:
    import html
    return html.unescape(text)


def test_template_override_replaces_ours_and_is_not_published(tmp_path):
    """A hospital restyles generated pages from site_overrides/pathway/ without forking."""
    project = copy_project(tmp_path / "project")
    override = project / "site_overrides" / "pathway" / "flowchart.md.jinja"
    override.parent.mkdir(parents=True)
    override.write_text("---\n{{ meta }}\n---\n\n# Our hospital's chart: {{ flow.title|md_inline }}\n",
                        encoding="utf-8")
    proc = build_site(project, project / "site")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (project / "site" / "pathways" / "limb-salvage" / "flowchart" / "index.html").read_text(encoding="utf-8")
    heading = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1))
    assert html_unescape(heading) == "Our hospital's chart: Could limb-sparing surgery be an option for me?"
    assert not (project / "site" / "pathway").exists()  # the template itself is not a site file
