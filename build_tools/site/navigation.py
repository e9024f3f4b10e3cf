"""The site's navigation, with every flow in it: no hand edit when a flow is added or removed.

Editors keep writing the ``nav`` of ``mkdocs.yml`` for their own pages. Flows go where the
entry ``- pathways/*`` stands (one entry per flow, in file-name order); without that entry
they go right after the first entry (the home page). A flow that an editor did list by its
overview page (``pathways/<flow-id>/index.md``) stays where it was put.

Pure: :func:`arrange` takes the nav as written and returns the nav to build. The MkDocs
adapter uses it in ``on_config``, and :mod:`build_tools.adapters.zensical_project` writes it into
the configuration of a Zensical build of ``render --out``.
"""

from __future__ import annotations

from typing import Any

from build_tools.core import ids
from build_tools.source.site_check import FLOWS_MARKER
from build_tools.source.model import Flow



def flow_entry(flow: Flow) -> dict[str, str]:
    return {flow.nav_title or flow.title: ids.overview_page(flow.id)}


def listed_paths(nav: Any) -> list[str]:
    """Every page path named in a nav (in order)."""
    out: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)
    walk(nav)
    return out


def arrange(nav: Any, flows: list[Flow]) -> Any:
    """The nav to build: ``nav`` with each flow not already in it where the marker stands."""
    if nav is None:
        return None  # MkDocs builds its own nav from the files; flows are among them
    listed = set(listed_paths(nav))
    missing = [flow_entry(f) for f in sorted(flows, key=lambda f: f.id)
               if ids.overview_page(f.id) not in listed]
    placed = False

    def expand(items: list) -> list:
        nonlocal placed
        out: list = []
        for item in items:
            if item == FLOWS_MARKER or (isinstance(item, dict) and list(item.values()) == [FLOWS_MARKER]):
                out.extend(missing)
                placed = True
            elif isinstance(item, dict):
                out.append({k: expand(v) if isinstance(v, list) else v for k, v in item.items()})
            else:
                out.append(item)
        return out

    result = expand(list(nav))
    if not placed and missing:
        result[1:1] = missing
    return result
