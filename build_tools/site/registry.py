"""The output registry: every file Pathway generates, declared once.

Each :class:`Output` says which docs paths it writes (for one flow, or once for the whole
site) and how to render them. Everything else is derived from this one table:

* :func:`build_tools.site.pipeline.render` renders every output of every flow, then every
  site-wide output, and refuses to let two outputs write one path;
* the collision check (:func:`claims` and :func:`collisions`): a node whose page would sit
  where another output writes (``index``, ``flowchart``, ...) is a positioned error from
  ``check``, never a silent overwrite, and a hand-written page where a generated file goes
  is an error too;
* the reserved node ids (:func:`reserved_node_ids`), for the editors' guide and messages;
* the site-wide pages (embed page, sources, glossary) that list every flow.

An output renders from a context: :class:`FlowContext` for a flow (the flow, its settings
and the results other outputs share, such as the drawn SVG) or :class:`SiteContext` for
the site (every flow, every hand-written page's front matter, and the files the flow
outputs produced, so figures about them are measured, not typed).

Adding an output (say a FHIR export) is one entry in :data:`OUTPUTS` and one render
function. Renderers are imported lazily, so ``check`` never imports Jinja or Graphviz.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from build_tools.core import ids
from build_tools.outputs.context import (  # noqa: F401 (re-exported: the registry's vocabulary)
    DIAGRAM_CSS,
    EMBED_PAGE,
    GLOSSARY_PAGE,
    ROBOTS_TXT,
    SEARCH_PAGE,
    SEARCH_SCRIPT,
    SOURCES_PAGE,
    Claim,
    FlowContext,
    PageInfo,
    SiteContext,
    absolute_url,
)
from build_tools.source.config import Config
from build_tools.source.kinds import has_questions
from build_tools.source.model import Flow


@dataclass(frozen=True)
class Output:
    """One kind of generated file."""

    name: str
    scope: Literal["flow", "site"]
    #: The paths written: ``paths(flow)`` for a flow output, ``paths()`` for a site output.
    paths: Callable[..., Iterable[Claim]]
    #: ``render(context) -> {path: bytes}``; must write exactly the claimed paths.
    render: Callable[[Any], dict[str, bytes]]
    #: Whether a flow gets this output at all (flow outputs only).
    applies: Callable[[Flow], bool] = lambda flow: True
    #: Needs Graphviz (skipped by ``render --no-diagrams``).
    needs_dot: bool = False


# --------------------------------------------------------------------------- renderers

def gets_questionnaire(flow: Flow) -> bool:
    from build_tools.source.validate import questionnaire_fits

    return questionnaire_fits(flow)


def _diagram(ctx: FlowContext) -> dict[str, bytes]:
    from build_tools.outputs.diagram.files import diagram_files

    files = diagram_files(ctx.flow, cache_dir=ctx.config.cache_dir / "graphviz", site_url=ctx.config.site_url)
    ctx.shared.update(files)
    return files


def _pages(ctx: FlowContext) -> dict[str, bytes]:
    from build_tools.outputs import render_pages

    pages = render_pages.render_flow(ctx.flow, svg=ctx.shared.get(ids.diagram_file(ctx.flow.id, "svg")),
                                     has_questionnaire=gets_questionnaire(ctx.flow), env=ctx.env)
    if ctx.glossary is not None:
        from build_tools.outputs.glossary_marks import annotate

        meanings = ctx.glossary.terms_for(flow=ctx.flow)
        pages = {path: annotate(text, meanings, page=path) for path, text in pages.items()}
    return {path: text.encode("utf-8") for path, text in pages.items()}


def _questionnaire(ctx: FlowContext) -> dict[str, bytes]:
    from build_tools.outputs.questionnaire import page

    html = page.render(ctx.flow, env=ctx.env, site_url=ctx.config.site_url)
    return {ids.questionnaire_file(ctx.flow.id): html.encode("utf-8")}


def _fhir(ctx: FlowContext) -> dict[str, bytes]:
    from build_tools.outputs.fhir import resource

    return {ids.fhir_file(ctx.flow.id): resource.render(ctx.flow, site_url=ctx.config.site_url)}


def _diagram_css(ctx: SiteContext) -> dict[str, bytes]:
    from build_tools.outputs.diagram import css

    return {DIAGRAM_CSS: css.DIAGRAM_CSS.encode("utf-8")}


def _robots(ctx: SiteContext) -> dict[str, bytes]:
    from build_tools.site import render_headers

    return render_headers.render_robots(ctx.config.site_url)


def _search_script(ctx: SiteContext) -> dict[str, bytes]:
    from build_tools.outputs import render_site

    return {SEARCH_SCRIPT: render_site.search_script(ctx)}


def _site_page(name: str, path: str) -> Callable[[SiteContext], dict[str, bytes]]:
    def render(ctx: SiteContext) -> dict[str, bytes]:
        from build_tools.outputs import render_site

        return {path: getattr(render_site, name)(ctx, path).encode("utf-8")}
    return render


# --------------------------------------------------------------------------- the table


OUTPUTS: tuple[Output, ...] = (
    Output("diagram", "flow",
           paths=lambda f: [Claim(ids.diagram_file(f.id, "svg"), what="the flowchart image"),
                            Claim(ids.diagram_file(f.id, "pdf"), what="the printable flowchart")],
           render=_diagram, needs_dot=True),
    Output("pages", "flow",
           paths=lambda f: [Claim(ids.overview_page(f.id), what="the overview page"),
                            Claim(ids.flowchart_page(f.id), what="the flowchart page"),
                            *(Claim(ids.node_page(f.id, n.id), n.id, what=f"the page of node '{n.id}'")
                              for n in f.nodes)],
           render=_pages),
    Output("questionnaire", "flow",
           paths=lambda f: [Claim(ids.questionnaire_file(f.id), what="the questionnaire")],
           render=_questionnaire, applies=gets_questionnaire),
    Output("fhir", "flow",
           paths=lambda f: [Claim(ids.fhir_file(f.id), what="the FHIR Questionnaire")],
           render=_fhir, applies=has_questions),
    Output("diagram-css", "site", paths=lambda: [Claim(DIAGRAM_CSS, what="the diagram styles")],
           render=_diagram_css),
    Output("embed-page", "site", paths=lambda: [Claim(EMBED_PAGE, what="the page for hospitals")],
           render=_site_page("embed_page", EMBED_PAGE)),
    Output("sources-page", "site", paths=lambda: [Claim(SOURCES_PAGE, what="the list of sources")],
           render=_site_page("sources_page", SOURCES_PAGE)),
    Output("glossary-page", "site", paths=lambda: [Claim(GLOSSARY_PAGE, what="the glossary")],
           render=_site_page("glossary_page", GLOSSARY_PAGE)),
    Output("search-page", "site", paths=lambda: [Claim(SEARCH_PAGE, what="the search page")],
           render=_site_page("search_page", SEARCH_PAGE)),
    Output("search-script", "site", paths=lambda: [Claim(SEARCH_SCRIPT, what="the search page's script")],
           render=_search_script),
    Output("robots", "site", paths=lambda: [Claim(ROBOTS_TXT, what="robots.txt")], render=_robots),
)


def flow_outputs(flow: Flow, *, diagrams: bool = True) -> list[Output]:
    return [o for o in OUTPUTS if o.scope == "flow" and o.applies(flow) and (diagrams or not o.needs_dot)]


def site_outputs() -> list[Output]:
    return [o for o in OUTPUTS if o.scope == "site"]


def claims(flow: Flow) -> list[tuple[Output, Claim]]:
    """Every path the flow's outputs write (diagrams included), with the output claiming it."""
    return [(o, c) for o in flow_outputs(flow) for c in o.paths(flow)]


@dataclass(frozen=True)
class Collision:
    path: str
    first: tuple[str, Claim]  # (output name, claim)
    second: tuple[str, Claim]
    flow: Flow | None = None


def collisions(flows: Iterable[Flow]) -> list[Collision]:
    """Paths that two outputs (or one output twice) would write."""
    owner: dict[str, tuple[str, Claim]] = {}
    out: list[Collision] = []

    def claim(path: str, by: tuple[str, Claim], flow: Flow | None) -> None:
        if path in owner:
            out.append(Collision(path, owner[path], by, flow))
        else:
            owner[path] = by

    for o in site_outputs():
        for c in o.paths():
            claim(c.path, (o.name, c), None)
    for flow in flows:
        for o, c in claims(flow):
            claim(c.path, (o.name, c), flow)
    return out


def reserved_node_ids(flow_id: str = "example") -> frozenset[str]:
    """Node ids whose page would land on another generated file of the same flow."""
    probe_node = ids.node_page(flow_id, "x")
    folder, suffix = posixpath.dirname(probe_node), posixpath.splitext(probe_node)[1]
    probe = Flow.model_construct(id=flow_id, nodes=[], start="x")
    taken = set()
    for o in OUTPUTS:
        if o.scope != "flow":
            continue
        for c in o.paths(probe):
            if c.node is None and posixpath.dirname(c.path) == folder and c.path.endswith(suffix):
                taken.add(posixpath.basename(c.path)[: -len(suffix)])
    return frozenset(taken)


def site_paths() -> list[str]:
    return [c.path for o in site_outputs() for c in o.paths()]
