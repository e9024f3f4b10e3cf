"""Site-wide pages that list every flow: the hospitals' embed page, the sources, the glossary.

These are outputs of the registry (:mod:`build_tools.outputs`) with ``scope="site"``: they
see every flow, every hand-written page's front matter and the files the flow outputs
made, so the embed page's size figures are measured from the real questionnaire files and
the sources list is complete by construction. :func:`prepare_page` does the same for
hand-written pages: it fills in the home page's list of pathways (where the page says
``<!-- pathway:flows -->``) and adds the glossary meanings the page uses.

Review dates of a generated page come from what it is made of: the latest
``last_reviewed`` and the earliest ``next_review`` of its inputs.

These pages are in the site's language (``theme.language``, :attr:`Config.language`): their
words come from its catalogue (:mod:`build_tools.core.i18n`), as the flows' pages do from theirs.
"""

from __future__ import annotations

import re

import yaml

from collections.abc import Iterable

from markupsafe import Markup

from build_tools.source import glossary as glossary_mod
from build_tools.outputs import glossary_marks
from build_tools.core import i18n, ids
from build_tools.source.kinds import kind_of
from build_tools.source.model import Flow, Review
from build_tools.outputs.context import GLOSSARY_PAGE, SiteContext, absolute_url
from build_tools.source.validate import questionnaire_fits as gets_questionnaire

#: Where the home page (or any hand-written page) wants the list of pathways.
FLOWS_MARKER = "<!-- pathway:flows -->"
_MARKER_LINE = re.compile(r"^[ \t]*" + re.escape(FLOWS_MARKER) + r"[ \t]*$", re.MULTILINE)


def combined_review(reviews: Iterable[Review]) -> Review:
    """The review of a page made from several reviewed inputs."""
    reviews = list(reviews)
    if not reviews:
        raise ValueError("a generated page needs at least one reviewed input")
    by = list(dict.fromkeys(r.reviewed_by for r in reviews))
    return Review.model_construct(last_reviewed=max(r.last_reviewed for r in reviews),
                                  next_review=min(r.next_review for r in reviews),
                                  reviewed_by="; ".join(by))


def _front(ctx: SiteContext, title: str, description: str, review: Review, sources: list,
           extra: dict | None = None) -> Markup:
    from build_tools.outputs.render_pages import front_matter

    return front_matter(title, description, review, sources, extra, language=ctx.config.language)


def _link(from_page: str, target: str) -> str:
    return ids.relative(from_page, target)


# --------------------------------------------------------------------------- embed page

def embed_page(ctx: SiteContext, path: str) -> str:
    from build_tools.outputs.questionnaire import frame, page

    flows = [f for f in ctx.flows if gets_questionnaire(f)]
    entries = []
    for flow in flows:
        file = ids.questionnaire_file(flow.id)
        raw, zipped = page.size_figures(ctx.files[file])
        width, height = frame.frame_size(flow)
        fhir = ids.fhir_file(flow.id) if ids.fhir_file(flow.id) in ctx.files else None
        entries.append({
            "flow": flow,
            "file": file,
            "link": _link(path, file),
            "src": absolute_url(ctx.config.site_url, file) if ctx.config.site_url else None,
            "raw_kb": _kb(raw),
            "gzip_kb": _kb(zipped),
            "width": width,
            "height": height,
            "screens": [n for n in flow.nodes if kind_of(n).answered or kind_of(n).ends or n.id == flow.start],
            "fhir": _link(path, fhir) if fhir else None,
        })
    # Reviewed when its questionnaires were; an edition with pages but no flows yet: its pages.
    reviews = [f.review for f in flows] or [f.review for f in ctx.flows] or \
        [p.meta.review for p in ctx.pages]
    _ = i18n.gettext(ctx.config.language)
    return ctx.env.get_template("site-embed.md.jinja").render(
        meta=_front(ctx, _("Embed a questionnaire on your site"),
                    _("Put a questionnaire from this site on your own website with one iframe. It "
                      "needs no JavaScript, loads nothing else and keeps answers on the reader's device."),
                    combined_review(reviews), [], {"audience": "hospitals"}),
        entries=entries,
        site_url=ctx.config.site_url,
    )


def _kb(size: int) -> str:
    return f"{size / 1000:.1f}"


# --------------------------------------------------------------------------- sources page

def sources_page(ctx: SiteContext, path: str) -> str:
    """Every source used anywhere on the site, once, with the pages that use it."""
    found: dict[str, dict] = {}
    _ = i18n.gettext(ctx.config.language)

    def add(source, page: str, title: str) -> None:
        entry = found.setdefault(source.url, {"source": source, "pages": {}})
        entry["pages"].setdefault(page, title)

    for flow in ctx.flows:
        overview = ids.overview_page(flow.id)
        cited = {sid for n in flow.nodes for sid in n.sources}
        nodes_by_source: dict[str, list] = {}
        for node in flow.nodes:
            for sid in node.sources:
                nodes_by_source.setdefault(sid, []).append(node)
        for source in flow.sources:
            if source.id in cited:
                for node in nodes_by_source[source.id]:
                    add(source, ids.node_page(flow.id, node.id), node.title)
            else:
                add(source, overview, flow.title)
    for page in ctx.pages:
        if page.path == path:
            continue
        for source in page.meta.sources:
            add(source, page.path, page.meta.title)
    if ctx.glossary is not None:
        for data in ctx.glossary.files.values():
            for source in data.sources:
                add(source, GLOSSARY_PAGE, _("Glossary"))
    entries = sorted(found.values(), key=lambda e: (e["source"].title.casefold(), e["source"].url))
    for entry in entries:
        entry["links"] = [(title, _link(path, page)) for page, title in sorted(entry["pages"].items())]
    reviews = [f.review for f in ctx.flows] + [p.meta.review for p in ctx.pages if p.path != path]
    return ctx.env.get_template("site-sources.md.jinja").render(
        meta=_front(ctx, _("Sources"), _("Every source used on this site, with the pages that use it."),
                    combined_review(reviews), []),
        entries=entries,
    )


# --------------------------------------------------------------------------- glossary page

def glossary_page(ctx: SiteContext, path: str) -> str:
    gl = ctx.glossary or glossary_mod.Glossary()
    _ = i18n.gettext(ctx.config.language)
    sections = []
    if glossary_mod.SITE in gl.files:
        sections.append({"title": None, "layer": None, "flow_link": None, "terms": _sorted(gl.files[glossary_mod.SITE].terms)})
    for topic in gl.topics():
        data = gl.files[topic]
        sections.append({"title": data.title or topic, "layer": topic, "flow_link": None, "terms": _sorted(data.terms)})
    for flow in ctx.flows:
        if flow.glossary:
            sections.append({"title": flow.nav_title or flow.title, "layer": flow.id,
                             "terms": _sorted(flow.glossary),
                             "flow_link": _link(path, ids.overview_page(flow.id))})
    reviews = [d.review for d in gl.files.values()] + [f.review for f in ctx.flows if f.glossary]
    sources = [s for d in gl.files.values() for s in d.sources]
    unique = list({s.url: s for s in sources}.values())
    return ctx.env.get_template("site-glossary.md.jinja").render(
        meta=_front(ctx, _("Glossary"), _("Plain-language meanings of the medical words used on this site."),
                    combined_review(reviews or [f.review for f in ctx.flows]
                                    or [p.meta.review for p in ctx.pages]), unique),
        sections=sections,
        anchor=glossary_mod.anchor,
    )


def _sorted(terms):
    return sorted(terms, key=lambda t: glossary_mod.key(t.term))


# --------------------------------------------------------------------------- search page

def search_page(ctx: SiteContext, path: str) -> str:
    """The search page: a GET form (``?q=``), a live status line and the results list.
    Its script loads Pagefind's bundle (``_pagefind/`` at the root of the whole site, every
    edition's index in it) only here, so no other page pays for search."""
    from build_tools.core import markup

    _ = i18n.gettext(ctx.config.language)
    page_dir = ids.page_url(path)  # "search/"
    # The whole site's root, from this page: an edition is one folder further down.
    root = "../" * (page_dir.count("/") + (1 if ctx.config.edition else 0)) or "./"
    # pathway_search: the theme's main.html loads the page's script (SEARCH_SCRIPT) here only.
    meta = {"title": markup.attribute(_("Search")), "description": markup.attribute(_("Search this guide")),
            "hide": ["toc"], "pathway_search": True}
    return ctx.env.get_template("site-search.md.jinja").render(
        meta=Markup(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)),
        root=root,
    )


def search_script(ctx: SiteContext) -> bytes:
    """The search page's script (``build_tools/templates/pathway-search.js``; a copy in
    ``site_overrides/pathway/`` replaces it, as templates are replaced)."""
    return ctx.env.loader.get_source(ctx.env, "pathway-search.js")[0].encode("utf-8")


# --------------------------------------------------------------------------- hand-written pages

def prepare_page(path: str, markdown: str, *, flows: list[Flow], glossary, env,
                 topic: str | None = None) -> str:
    """A hand-written page as it is published: the flows list filled in, glossary meanings added."""
    if _MARKER_LINE.search(markdown):
        listing = env.get_template("site-flows-list.md.jinja").render(
            flows=sorted(flows, key=lambda f: f.id),
            link=lambda target: _link(path, target),
            overview=ids.overview_page,
            questionnaire=lambda f: ids.questionnaire_file(f.id) if gets_questionnaire(f) else None,
        )
        # Only the marker on a line of its own: one quoted in a sentence or code stays text.
        markdown = _MARKER_LINE.sub(lambda m: listing.strip(), markdown)
    if glossary is not None and path != GLOSSARY_PAGE:
        markdown = glossary_marks.annotate(markdown, glossary.terms_for(topic=topic), page=path)
    return markdown

