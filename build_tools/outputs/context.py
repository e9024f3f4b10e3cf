"""What a renderer receives and what it claims: the vocabulary of the output registry.

The registry itself (:mod:`build_tools.site.registry`) sits in the layer above and lists every
output; renderers in this layer only see these contexts, so they never import it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from build_tools.core import ids
from build_tools.source.config import Config
from build_tools.source.model import Flow

#: Site-wide files, one per site (or per edition).
DIAGRAM_CSS = "assets/pathway-diagram.css"
EMBED_PAGE = "embed.md"
SOURCES_PAGE = "sources.md"
GLOSSARY_PAGE = "glossary.md"
ROBOTS_TXT = "robots.txt"
#: The search page (Pagefind, loaded there only) and its script.
SEARCH_PAGE = "search.md"
SEARCH_SCRIPT = "assets/pathway-search.js"


@dataclass(frozen=True)
class Claim:
    """One path an output writes; ``node`` names the node whose page it is, if any."""

    path: str
    node: str | None = None
    #: What the file is, for messages ("the flowchart page").
    what: str = "a generated file"


@dataclass
class FlowContext:
    """What a per-flow renderer gets."""

    flow: Flow
    config: Config
    env: Any  # the Jinja environment (templating.environment)
    diagrams: bool = True
    glossary: Any = None  # glossary.Glossary
    shared: dict[str, bytes] = field(default_factory=dict)

    @functools.cached_property
    def svg(self) -> bytes | None:
        """The flow's standalone SVG, drawn once (by the diagram output) and shared."""
        return self.shared.get(ids.diagram_file(self.flow.id, "svg"))


@dataclass
class PageInfo:
    """A hand-written page, as site-wide outputs need it."""

    path: str  # docs-relative, e.g. "rebuilding-the-bone.md"
    meta: Any  # pages.PageMeta


@dataclass
class SiteContext:
    """What a site-wide renderer gets."""

    flows: list[Flow]
    pages: list[PageInfo]
    config: Config
    env: Any
    files: dict[str, bytes]  # everything the per-flow outputs wrote
    glossary: Any = None  # glossary.Glossary


def absolute_url(site_url: str, site_path: str) -> str:
    """``site_path`` (site-relative) under ``site_url``."""
    return site_url.rstrip("/") + "/" + site_path.lstrip("/")
