"""The chart in words: a Markdown list carrying everything the chart does.

Written from the same model as the chart, in the same order (:data:`.dot.flow_order`): each
node numbered, with its kind, a link to its page, and every way on (the answer and where it
leads). All YAML text in it goes through :func:`build_tools.core.markup.inline`; every
fixed word comes from the flow's catalogue.
"""

from __future__ import annotations

from markupsafe import Markup

from build_tools.core import i18n, ids, markup
from build_tools.outputs.diagram.dot import flow_order
from build_tools.source.kinds import kind_of
from build_tools.source.model import Flow


def text_equivalent(flow: Flow, *, page_docs_path: str) -> Markup:
    """Markdown list carrying everything the chart does, with links to every node's page."""
    nodes = flow.node_map()
    order = flow_order(flow)
    number = {n.id: i for i, n in enumerate(order, start=1)}

    def link(node_id: str) -> str:
        target = ids.relative(page_docs_path, ids.node_page(flow.id, node_id))
        node = nodes[node_id]
        return _("[%(title)s](%(target)s) (item %(number)s)", title=markup.inline(node.title),
                 target=target, number=number[node_id])

    _ = i18n.gettext(flow.language)
    lines: list[str] = []
    for i, node in enumerate(order, start=1):
        kind = _(kind_of(node).label)
        start = " " + _("Start here.") if node.id == flow.start else ""
        lines.append(f"{i}. " + _("**%(kind)s:** %(link)s.", kind=kind, link=link(node.id)) + start)
        for edge in node.edges():
            if edge.answer is None:
                lines.append("    - " + _("Then go to: %(link)s", link=link(edge.target)))
            else:
                lines.append("    - " + _("Answer “%(answer)s”: go to %(link)s",
                                          answer=markup.inline(edge.answer.label), link=link(edge.target)))
        if kind_of(node).ends:
            lines.append("    - " + _("This is an end point of the flowchart."))
    return Markup("\n".join(lines))
