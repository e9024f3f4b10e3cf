"""``check`` for the site source beyond the flows: ``mkdocs.yml``, its nav, links between pages.

* :func:`read_config` reads ``mkdocs.yml`` and turns a YAML mistake into one positioned
  :class:`~build_tools.core.errors.Diagnostic` (``mkdocs.yml:LINE:COL: error: ...``), never a
  traceback. MkDocs' own tags (``!ENV``, ``!!python/name:``) are accepted.
* :func:`nav_rules`: every page the nav names exists, by hand in ``content/`` or generated
  (the output registry knows every generated path). Positions come from the YAML nodes.
* :func:`link_rules`: every relative link from a hand-written page to another page or file
  of the site resolves, and a ``#fragment`` into a hand-written page names one of its
  headings (or an ``{ #id }`` it sets). Links from generated pages are the generator's job
  and are tested there.

Pure: no MkDocs import. The site build still runs MkDocs' own validation as a second wall.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from build_tools.core.errors import Diagnostic, Severity, display_path
from build_tools.core.suggest import did_you_mean

E, W = Severity.ERROR, Severity.WARNING

#: The nav entry that stands for "every flow, here" (build_tools.site.navigation fills it in).
FLOWS_MARKER = "pathways/*"


class ConfigSyntaxError(Exception):
    """``mkdocs.yml`` is not valid YAML; carries the positioned diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class _Loader(yaml.SafeLoader):
    """Composes mkdocs.yml with positions; MkDocs' own tags are kept as plain values."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _syntax(path: Path, exc: yaml.MarkedYAMLError) -> Diagnostic:
    from build_tools.source.loader import _syntax_message

    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Diagnostic(display_path(path), line, col, E, _syntax_message(exc))


def read_config(path: Path) -> tuple[dict[str, Any], yaml.Node | None]:
    """``mkdocs.yml`` as data and as a YAML node tree (for positions).

    Raises :class:`ConfigSyntaxError` for a YAML mistake.
    """
    if not path.exists():
        return {}, None
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.MarkedYAMLError as exc:
        raise ConfigSyntaxError(_syntax(path, exc)) from None
    return data, node


def _nav_node(root: yaml.Node | None) -> yaml.Node | None:
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "nav":
                return v
    return None


def _nav_paths(node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    """Every ``(path, node)`` a nav names (nav_rules leaves out links and the flows marker)."""
    out: list[tuple[str, yaml.Node]] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            out.append((n.value, n))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            stack.extend(reversed([v for _, v in n.value]))
    return out


def nav_rules(config_file: Path, root: yaml.Node | None, available: set[str]) -> list[Diagnostic]:
    """Nav entries must name a page that exists (hand-written or generated)."""
    nav = _nav_node(root)
    if nav is None:
        return []
    out = []
    name = display_path(config_file)
    pages = sorted(p for p in available if p.endswith(".md"))
    for value, node in _nav_paths(nav):
        if value == FLOWS_MARKER or urlsplit(value).scheme or value.startswith(("/", "#")):
            continue
        target = posixpath.normpath(value.split("#", 1)[0])
        if target not in available:
            out.append(Diagnostic(name, node.start_mark.line + 1, node.start_mark.column + 1, E,
                                  f"the nav entry '{value}' names no page: there is no "
                                  f"content/{target} and no flow generates it"
                                  + did_you_mean(target, pages)))
    return out


_LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`+)[^`\n].*?\1")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE)
_ATTR_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
_HTML_ID = re.compile(r"\bid=\"([^\"]+)\"")


def anchors(markdown: str) -> set[str]:
    """The fragment ids a Markdown page gets: its headings (MkDocs' toc slugs) and set ids."""
    from markdown.extensions.toc import slugify

    body = _FENCE.sub("", markdown)
    out = set()
    for title in _HEADING.findall(body):
        m = _ATTR_ID.search(title)
        if m:
            out.add(m.group(1))  # an id set on the heading replaces its slug
        else:
            out.add(slugify(title.strip(), "-"))
    out.update(_ATTR_ID.findall(body))
    out.update(_HTML_ID.findall(body))
    return out


def link_rules(content_dir: Path, pages: dict[str, str], generated: set[str],
               outside: set[str] = frozenset()) -> list[Diagnostic]:
    """Relative links from hand-written pages (``pages``: docs path → Markdown) must resolve.

    ``generated`` is every docs path Pathway writes; their fragments are not checked here.
    ``outside`` holds the paths a language edition may link to in the site's own language,
    as ``../<path>`` (see build_tools.site.editions.link_out).
    """
    out = []
    hand = {p: anchors(t) for p, t in pages.items()}
    files = {p.relative_to(content_dir).as_posix() for p in content_dir.rglob("*") if p.is_file()}
    known = files | generated | set(outside)
    for page, text in sorted(pages.items()):
        body = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        body = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), body)
        for m in [*_LINK.finditer(body), *_REF.finditer(body)]:
            href = m.group(1)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("/", "mailto:")):
                continue
            line = body.count("\n", 0, m.start(1)) + 1
            col = m.start(1) - (body.rfind("\n", 0, m.start(1)) + 1) + 1
            where = display_path(content_dir / page)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) \
                if parts.path else page
            if parts.path and target not in known and target.rstrip("/") + "/index.md" not in known:
                out.append(Diagnostic(where, line, col, E,
                                      f"the link '{href}' leads nowhere: there is no {target}"
                                      + did_you_mean(target, sorted(known))))
                continue
            if parts.fragment and target in hand and unquote(parts.fragment) not in hand[target]:
                out.append(Diagnostic(where, line, col, E,
                                      f"the link '{href}' names no heading of {target}"
                                      + did_you_mean(parts.fragment, sorted(hand[target]))))
    return out
