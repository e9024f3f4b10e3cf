"""Flow -> the patient pages, as Markdown with front matter (no MkDocs import).

Per flow: an overview (``pathways/<flow>/index.md``), one page per node
(``pathways/<flow>/<node>.md``) and a standalone flowchart page
(``pathways/<flow>/flowchart.md``). Front matter carries the title, review dates and the
sources the page relies on; the theme override prints them at the foot of every page.
All YAML text reaches the Markdown through :mod:`build_tools.core.markup`.

Pages are written in the flow's language (:mod:`build_tools.core.i18n`). A page in any language
but the msgids' (English) also carries ``pathway_words`` in its front matter: the footer's
words and dates from the same catalogue (:func:`footer_words`). The footer partial is
rendered by the theme, not by us, and Zensical runs no plugins, so front matter is the one
channel both engines read; it also gives each page its own language, where a theme-wide
translation would give every page the site's. English pages carry nothing extra (the
partial's own words are the English ones), so their Markdown is unchanged.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from build_tools.core import i18n, ids, markup
from build_tools.outputs.diagram.dot import dom_id
from build_tools.outputs.diagram.inline import inline_svg
from build_tools.outputs.diagram.text_equivalent import text_equivalent
from build_tools.source.kinds import KINDS, LABELS
from build_tools.source.model import Flow, Review, Source, edges, reading_order, successors
from build_tools.outputs.templating import environment


#: The footer partial's words (site_overrides/partials/pathway-page-footer.html), by key.
FOOTER_WORDS = {
    "sources": i18n.N_("Sources for this page"),
    "last_reviewed": i18n.N_("Page last reviewed:"),
    "next_review": i18n.N_("Next review due:"),
    "reviewed_by": i18n.N_("Reviewed by:"),
    "important": i18n.N_("Important:"),
    "disclaimer": i18n.N_("this guide gives general information. It does not replace advice from "
                          "your own care team, who know your situation. If you are worried about a "
                          "symptom, contact your care team or call your doctor."),
}


def footer_words(language: str, review: Review) -> dict | None:
    """``pathway_words`` for a page in ``language``: None for English (the partial's own words)."""
    if i18n.catalogue_locale(language) == i18n.SOURCE_LANGUAGE:
        return None
    _ = i18n.gettext(language)
    return {**{key: _(text) for key, text in FOOTER_WORDS.items()},
            "last_reviewed_date": i18n.format_date(review.last_reviewed, language),
            "next_review_date": i18n.format_date(review.next_review, language)}


def front_matter(title: str, description: str, review: Review, sources: list[Source],
                 extra: dict | None = None, *, language: str = "en") -> Markup:
    # MkDocs' theme templates print the title and description without escaping them:
    # markup.attribute makes them safe there (text from YAML never becomes live markup).
    data = {
        "title": markup.attribute(title),
        "description": markup.attribute(description, limit=300),
        "review": {
            "last_reviewed": review.last_reviewed,
            "next_review": review.next_review,
            "reviewed_by": review.reviewed_by,
        },
        "sources": [
            {"title": s.title, "publisher": s.publisher, "year": s.year, "url": s.url}
            for s in sources
        ],
        **(extra or {}),
    }
    words = footer_words(language, review)
    if words:
        data["pathway_words"] = words
    # safe_dump quotes whatever needs quoting; the result is YAML, never HTML.
    return Markup(yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=10_000))


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when PyYAML has it


def predecessors(flow: Flow) -> dict[str, list[tuple[object, str | None]]]:
    """For each node, the nodes that lead to it, with the answer label when there is one."""
    nodes = flow.node_map()
    before: dict[str, list[tuple[object, str | None]]] = {n.id: [] for n in flow.nodes}
    for edge in edges(flow):
        before.setdefault(edge.target, []).append(
            (nodes[edge.source], edge.answer.label if edge.answer is not None else None))
    return before


def render_flow(flow: Flow, *, svg: bytes | None, has_questionnaire: bool,
                overrides_dir: Path | None = None, env: jinja2.Environment | None = None) -> dict[str, str]:
    """Every page of one flow, keyed by docs-relative path."""
    env = env or environment(overrides_dir, language=flow.language)
    _ = i18n.gettext(flow.language)
    nodes = flow.node_map()
    sources = flow.source_map()
    before = predecessors(flow)
    overview = ids.overview_page(flow.id)
    flowchart = ids.flowchart_page(flow.id)
    questionnaire = ids.questionnaire_file(flow.id) if has_questionnaire else None
    pages: dict[str, str] = {}

    def common(page: str) -> dict:
        return {
            "flow": flow,
            "page": page,
            "link": lambda target: ids.relative(page, target),
            "overview": overview,
            "flowchart": flowchart,
            "questionnaire": questionnaire,
            "svg_file": ids.diagram_file(flow.id, "svg"),
            "pdf_file": ids.diagram_file(flow.id, "pdf"),
            "kind_names": LABELS,
        }

    ordered = reading_order(flow)
    pages[overview] = env.get_template("overview.md.jinja").render(
        **common(overview),
        meta=front_matter(flow.title, flow.summary, flow.review, list(flow.sources),
                          language=flow.language),
        journey=text_equivalent(flow, page_docs_path=overview),
        diagram=inline_svg(svg, page_docs_path=overview, flow_id=flow.id) if svg else None,
    )
    pages[flowchart] = env.get_template("flowchart.md.jinja").render(
        **common(flowchart),
        meta=front_matter(_("Flowchart: %(title)s", title=flow.title),
                          _("A flowchart of %(title)s", title=flow.title), flow.review,
                          list(flow.sources), language=flow.language),
        journey=text_equivalent(flow, page_docs_path=flowchart),
        diagram=inline_svg(svg, page_docs_path=flowchart, flow_id=flow.id) if svg else None,
    )
    # "See this on the flowchart" names a box only if the flowchart page really has one (an
    # overridden flowchart template, or a build without diagrams, may not): no dangling anchor.
    marked = f'id="{dom_id(flow.id, "n-")}' in pages[flowchart]
    for node in ordered:
        page = ids.node_page(flow.id, node.id)
        kind = KINDS[node.kind]
        description = node.title if kind.answered else (node.body or node.title)
        pages[page] = env.get_template(kind.template).render(
            **common(page),
            flowchart_marks=marked,
            meta=front_matter(node.title, description, flow.review,
                              [sources[s] for s in node.sources if s in sources],
                              language=flow.language),
            node=node,
            nodes=nodes,
            node_page=lambda nid: ids.node_page(flow.id, nid),
            before=before.get(node.id, []),
            after=[nodes[t] for t in successors(node) if t in nodes],
            kind=kind,
        )
    return pages
