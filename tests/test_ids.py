"""build_tools.core.ids: the one slug rule and every output path."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import property_settings

from build_tools.core import ids


@pytest.mark.parametrize("value", ["a", "scan-2", "chemotherapy-before-surgery", "x" * ids.MAX_SLUG_LENGTH])
def test_slugs(value):
    assert ids.is_slug(value)


@pytest.mark.parametrize("value", ["", "Scan", "scan_2", "scan--2", "-scan", "scan-", "scan 2", "é",
                                   "x" * (ids.MAX_SLUG_LENGTH + 1),
                                   "scan\n"])  # '$' alone would let a final newline through
def test_not_slugs(value):
    assert not ids.is_slug(value)


@pytest.mark.parametrize("text, slug", [("Scans again!", "scans-again"), ("Ré-use", "re-use"),
                                        ("  MRI / CT  ", "mri-ct"), ("!!!", ""), ("a__b--c", "a-b-c")])
def test_slugify(text, slug):
    assert ids.slugify(text) == slug


def test_slugify_cuts_to_the_limit_without_a_trailing_hyphen():
    slug = ids.slugify("word " * 40)
    assert len(slug) <= ids.MAX_SLUG_LENGTH and not slug.endswith("-") and ids.is_slug(slug)


@property_settings(max_examples=200)
@given(st.text(max_size=100))
def test_slugify_gives_a_slug_or_nothing(text):
    slug = ids.slugify(text)
    assert slug == "" or ids.is_slug(slug)
    assert ids.slugify(slug) == slug


def test_paths_of_a_flow():
    assert ids.overview_page("f") == "pathways/f/index.md"
    assert ids.flowchart_page("f") == "pathways/f/flowchart.md"
    assert ids.node_page("f", "scan") == "pathways/f/scan.md"
    assert ids.diagram_file("f", "svg") == "diagrams/f.svg"
    assert ids.diagram_file("f", "pdf") == "diagrams/f.pdf"
    assert ids.questionnaire_file("f") == "embed/f.html"


def test_a_node_page_lands_on_a_generated_page_only_for_its_names():
    """Why 'index' and 'flowchart' cannot be node ids: their pages are the flow's own pages."""
    assert ids.node_page("f", "index") == ids.overview_page("f")
    assert ids.node_page("f", "flowchart") == ids.flowchart_page("f")
    assert ids.node_page("f", "scan") not in {ids.overview_page("f"), ids.flowchart_page("f")}
    assert ids.node_page("f", "a") != ids.node_page("g", "a")


@pytest.mark.parametrize("docs_path, url", [("index.md", ""), ("pathways/f/index.md", "pathways/f/"),
                                            ("pathways/f/scan.md", "pathways/f/scan/"),
                                            ("diagrams/f.svg", "diagrams/f.svg")])
def test_page_url(docs_path, url):
    assert ids.page_url(docs_path) == url


@pytest.mark.parametrize("src, target, link", [
    ("pathways/f/scan.md", "pathways/f/index.md", "index.md"),
    ("pathways/f/index.md", "embed/f.html", "../../embed/f.html"),
    ("index.md", "pathways/f/index.md", "pathways/f/index.md"),
    ("pathways/f/scan.md", "diagrams/f.pdf", "../../diagrams/f.pdf"),
])
def test_relative_links_resolve_to_their_target(src, target, link):
    assert ids.relative(src, target) == link
    assert posixpath.normpath(posixpath.join(posixpath.dirname(src), link)) == target
