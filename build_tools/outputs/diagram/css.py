"""The charts' stylesheets, kept as real ``.css`` files beside this module (package data).

* :data:`DIAGRAM_CSS` is ``pathway-diagram.css``: the site's pages show charts with it (the
  registry serves it as ``assets/pathway-diagram.css``). It uses Material's palette
  variables, with fallbacks, and has the print rules.
* :data:`STANDALONE_CSS` is embedded in each published SVG file: ``standalone.css`` (its own
  palette, light, dark and print), then the drawing's rules, taken from between the
  ``drawing: begin`` and ``drawing: end`` marks of ``pathway-diagram.css`` without their
  ``svg.pw-diagram`` scope. So each rule is written once.

Comment lines (a comment on lines of its own) are left out of both, so the files can
explain themselves without weighing on what readers download; the first line of
``pathway-diagram.css``, which names the file, is kept.
"""

from __future__ import annotations

from importlib.resources import files

from build_tools.core.errors import InternalError

PAGE_FILE = "pathway-diagram.css"
STANDALONE_FILE = "standalone.css"
BEGIN, END = "/* drawing: begin */", "/* drawing: end */"
#: Every drawing rule in the page stylesheet starts with this; the standalone SVG drops it.
SCOPE = "svg.pw-diagram "


def _read(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def without_comments(css: str) -> list[str]:
    """The lines of ``css`` that are not part of a comment written on lines of its own."""
    out: list[str] = []
    in_comment = False
    for line in css.splitlines():
        stripped = line.strip()
        if not in_comment and stripped.startswith("/*"):
            in_comment = True
        if in_comment:
            in_comment = "*/" not in stripped
            continue
        out.append(line)
    return out


def drawing_rules(css: str) -> list[str]:
    """The rules between the drawing marks of ``css``, each without :data:`SCOPE`."""
    lines = css.splitlines()
    if lines.count(BEGIN) != 1 or lines.count(END) != 1 or lines.index(BEGIN) > lines.index(END):
        raise InternalError(f"{PAGE_FILE} must hold the lines {BEGIN!r} and {END!r} once each, in that order")
    rules = without_comments("\n".join(lines[lines.index(BEGIN) + 1:lines.index(END)]))
    if unscoped := [rule for rule in rules if not rule.startswith(SCOPE)]:
        raise InternalError(f"{PAGE_FILE}: the drawing rule {unscoped[0]!r} does not start with {SCOPE!r}")
    return [rule[len(SCOPE):] for rule in rules]


def page_css(css: str) -> str:
    header, _, rest = css.partition("\n")
    return "\n".join([header, *without_comments(rest)]) + "\n"


def standalone_css(palette: str, page: str) -> str:
    return "\n".join([*without_comments(palette), *drawing_rules(page)]) + "\n"


#: The site's stylesheet for charts on its pages (``assets/pathway-diagram.css``).
DIAGRAM_CSS = page_css(_read(PAGE_FILE))
#: The ``<style>`` of the published SVG file.
STANDALONE_CSS = standalone_css(_read(STANDALONE_FILE), _read(PAGE_FILE))
