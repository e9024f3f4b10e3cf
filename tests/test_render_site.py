"""build_tools.outputs.render_site: the site-wide pages are made from every flow and page, truthfully."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT

from build_tools.core import ids
from build_tools.site import registry as outputs, pipeline
from build_tools.outputs import render_site
from build_tools.outputs.questionnaire import frame
from build_tools.outputs.questionnaire.page import size_figures
from build_tools.source.config import Config
from build_tools.source.model import Review

MINI = ROOT / "tests" / "fixtures" / "mini.yml"


def project(tmp_path, flows: dict[str, str]) -> Config:
    (tmp_path / "flows").mkdir()
    (tmp_path / "content").mkdir()
    for name, text in flows.items():
        (tmp_path / "flows" / f"{name}.yml").write_text(text, encoding="utf-8")
    return Config.from_options(tmp_path, {}, docs_dir="content", custom_dir=None,
                               site_url="https://h.example/")


def rendered(tmp_path, names=("mini", "zebra-flow")):
    text = MINI.read_text(encoding="utf-8")
    config = project(tmp_path, {n: text.replace("id: mini", f"id: {n}", 1) for n in names})
    result = pipeline.check(pipeline.discover(config), config, readability_check=False)
    return pipeline.render([f for f, _ in result.flows], config, pages=result.pages, diagrams=False)


def test_the_embed_page_lists_every_flow_with_sizes_measured_from_its_file(tmp_path):
    files = rendered(tmp_path)
    page = files[outputs.EMBED_PAGE].decode("utf-8")
    for fid in ("mini", "zebra-flow"):
        raw, zipped = size_figures(files[ids.questionnaire_file(fid)])
        assert f"{raw / 1000:.1f} KB, or {zipped / 1000:.1f} KB once compressed" in page
        assert f"https://h.example/embed/{fid}.html" in page  # the snippet uses site_url
        assert f"(embed/{fid}.html#first-step)" in page
        assert f"(fhir/{fid}.json)" in page
    width, height = frame.frame_size(pipeline.load_flow(MINI)[0])
    assert f'width="{width}" height="{height}"' in page


def test_the_sources_page_lists_each_source_once_with_the_pages_that_use_it(tmp_path):
    files = rendered(tmp_path)
    page = files[outputs.SOURCES_PAGE].decode("utf-8")
    # both flows cite it: listed once (an address reads left to right, also in Arabic)
    assert page.count('<a href="https://example.org/a" dir="ltr">https://example.org/a</a>') == 1
    assert "pathways/mini/first-step.md" in page and "pathways/zebra-flow/first-step.md" in page


def test_removing_a_flow_removes_it_from_every_site_page(tmp_path):
    files = rendered(tmp_path, names=("mini",))
    for path in (outputs.EMBED_PAGE, outputs.SOURCES_PAGE, outputs.GLOSSARY_PAGE):
        assert "zebra" not in files[path].decode("utf-8")


def test_a_page_made_of_several_inputs_is_reviewed_when_the_last_was_and_due_when_the_first_is():
    a = Review(last_reviewed=dt.date(2026, 1, 1), next_review=dt.date(2027, 6, 1), reviewed_by="A")
    b = Review(last_reviewed=dt.date(2026, 3, 1), next_review=dt.date(2027, 1, 1), reviewed_by="B")
    both = render_site.combined_review([a, b])
    assert (both.last_reviewed, both.next_review, both.reviewed_by) == (
        dt.date(2026, 3, 1), dt.date(2027, 1, 1), "A; B")


def test_the_flows_list_goes_where_the_page_asks_for_it(tmp_path):
    from build_tools.outputs import templating

    flow = pipeline.load_flow(MINI)[0]
    env = templating.environment(None)
    out = render_site.prepare_page("index.md", "# Home\n\n<!-- pathway:flows -->\n\nAfter.\n",
                                   flows=[flow], glossary=None, env=env)
    assert "<!-- pathway:flows -->" not in out
    assert "[A small test flow](pathways/mini/index.md)" in out and out.endswith("After.\n")
    untouched = "# Other\n\nNo marker.\n"
    assert render_site.prepare_page("other.md", untouched, flows=[flow], glossary=None, env=env) == untouched


def test_an_edition_with_pages_but_no_flows_yet_still_gets_its_site_pages(tmp_path):
    config = project(tmp_path, {})
    (tmp_path / "content" / "index.md").write_text(
        "---\ntitle: Home\nreview:\n  last_reviewed: 2026-11-01\n  next_review: 2027-11-01\n"
        "  reviewed_by: T\n---\n\n# Home\n", encoding="utf-8")
    result = pipeline.check(pipeline.discover(config), config, readability_check=False)
    files = pipeline.render([], config, pages=result.pages, diagrams=False)
    page = files[outputs.EMBED_PAGE].decode("utf-8")
    assert "last_reviewed: 2026-11-01" in page and "There are 0 questionnaires" in page


def test_the_marker_quoted_in_a_sentence_or_in_code_stays_text():
    from build_tools.outputs import templating

    flow = pipeline.load_flow(MINI)[0]
    text = "Put the line `<!-- pathway:flows -->` where the list goes.\n"
    out = render_site.prepare_page("guide.md", text, flows=[flow], glossary=None,
                                   env=templating.environment(None))
    assert out == text
