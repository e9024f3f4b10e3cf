"""Drop a flow in, and it is published; take it out, and it is gone. No other edit.

A flow on another topic (``tests/fixtures/topics/breast-surgery.yml``) is copied into a
copy of the real project, which is built with the real ``make site`` step. The flow must
appear in the nav, the home page's list of pathways, the embed page (snippet, direct
links, size figures that match the served file) and the sources page; and none of the
first topic's words may appear in its pages, glossary tooltips included.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_project

from build_tools.outputs.questionnaire.page import size_figures

FIXTURE = ROOT / "tests" / "fixtures" / "topics" / "breast-surgery.yml"
FLOW_ID = "breast-surgery"
#: Words of the first topic (bone tumours) that have no business on a breast-surgery page.
FIRST_TOPIC_WORDS = ("bone", "limb", "sarcoma", "amputat", "rotationplasty", "graft", "osteo",
                     "metal part")

pytestmark = [pytest.mark.slow, pytest.mark.requires_dot]


class _Nav(HTMLParser):
    """The primary navigation's link targets and texts."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "md-nav__link" in (a.get("class") or ""):
            self._href, self._text = a.get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text.split())))
            self._href = None


def nav_links(page: Path) -> list[tuple[str, str]]:
    parser = _Nav()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path]:
    project = copy_project(tmp_path_factory.mktemp("new-flow") / "p")
    shutil.copy(FIXTURE, project / "flows" / f"{FLOW_ID}.yml")
    site = project / "site"
    proc = build_site(project, site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project, site


def test_the_new_flow_is_in_the_nav(published):
    _, site = published
    # Flows sit in the "Pathways" section; with navigation.prune a page carries the open part
    # of the nav only, so the flow's own entry shows on the pages of that section.
    other = nav_links(site / "pathways" / "limb-salvage" / "index.html")
    assert (f"../{FLOW_ID}/", "Surgery for early breast cancer") in other
    assert any(text == "Pathways" for _, text in nav_links(site / "index.html"))
    # Hand-written pages stay where the editor put them (mkdocs.yml): Home, About bone
    # tumours, then the Pathways section (its first flow, in id order), then the rest, with
    # "For hospitals" (its first page, the embed page) last.
    hrefs = [h for h, _ in nav_links(site / "index.html") if not h.startswith("#")]
    assert hrefs[:4] == [".", "about-bone-tumours/", f"pathways/{FLOW_ID}/", "rebuilding-the-bone/"]
    assert hrefs[-1] == "embed/"


def test_the_new_flow_is_on_the_home_page(published):
    _, site = published
    home = article(site / "index.html")
    assert f'href="pathways/{FLOW_ID}/"' in home
    assert f'href="embed/{FLOW_ID}.html"' in home


def test_the_embed_page_has_its_snippet_links_and_real_sizes(published):
    _, site = published
    page = article(site / "embed" / "index.html")
    assert f"https://pathway.example.org/embed/{FLOW_ID}.html" in page  # the snippet, from site_url
    for node in ("before-you-start", "size-of-the-lump", "both-are-open"):
        assert f'href="{FLOW_ID}.html#{node}"' in page, node
    raw, zipped = size_figures((site / "embed" / f"{FLOW_ID}.html").read_bytes())
    section = page[page.index("Choosing surgery for early breast cancer"):]
    assert f"{raw / 1000:.1f} KB, or {zipped / 1000:.1f} KB once compressed" in section


def test_the_sources_page_lists_the_new_flows_sources(published):
    _, site = published
    page = article(site / "sources" / "index.html")
    item = page[page.index("https://www.nhs.uk/conditions/mastectomy/"):]
    item = item[:item.index("</li>")]
    assert f'href="../pathways/{FLOW_ID}/' in item  # "used on" links to the flow's pages


def test_no_word_of_the_first_topic_on_the_new_flows_pages(published):
    _, site = published
    pages = sorted((site / "pathways" / FLOW_ID).rglob("*.html"))
    assert len(pages) == 1 + 1 + 13  # overview, flowchart, 13 nodes
    for page in pages:
        text = article(page)
        for word in FIRST_TOPIC_WORDS:
            assert not re.search(word, text, re.IGNORECASE), (page, word)
    # The flow's own meaning of "implant" wins over the site's, and reaches the tooltip.
    step = article(site / "pathways" / FLOW_ID / "reconstruction" / "index.html")
    assert re.search(r'<abbr title="A soft shell filled with gel or salt water[^"]*">implant</abbr>', step)
    assert 'href="../../../glossary/#breast-surgery--implant"' in step


def test_removing_the_flow_removes_it_everywhere(published, tmp_path):
    project, _ = published
    (project / "flows" / f"{FLOW_ID}.yml").unlink()
    try:
        site = tmp_path / "site"
        proc = build_site(project, site)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert not (site / "pathways" / FLOW_ID).exists()
        assert not (site / "embed" / f"{FLOW_ID}.html").exists()
        for page in ("index.html", "embed/index.html", "sources/index.html", "glossary/index.html"):
            assert FLOW_ID not in (site / page).read_text(encoding="utf-8"), page
    finally:
        shutil.copy(FIXTURE, project / "flows" / f"{FLOW_ID}.yml")


def test_new_writes_a_starter_that_passes_check_strict(tmp_path):
    project = copy_project(tmp_path / "p")
    new = subprocess.run([sys.executable, "-m", "build_tools", "new", "knee-surgery"],
                         cwd=project, capture_output=True, text=True, timeout=120)
    assert new.returncode == 0, new.stderr
    starter = project / "flows" / "knee-surgery.yml"
    text = starter.read_text(encoding="utf-8")
    assert text.count("kind: step") == 1 and text.count("kind: question") == 1
    assert text.count("kind: outcome") == 2 and "unsure: true" in text
    check = subprocess.run([sys.executable, "-m", "build_tools", "check", "--strict", str(starter)],
                           cwd=project, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert check.stderr == "checked 1 flow and 0 pages: 0 errors, 0 warnings\n"
    again = subprocess.run([sys.executable, "-m", "build_tools", "new", "knee-surgery"],
                           cwd=project, capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert starter.read_text(encoding="utf-8") == text
