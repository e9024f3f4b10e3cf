"""The command line: ``python -m build_tools check|render|schema|site|new|headers|messages``.

Exit codes: 0 clean (warnings allowed), 1 content errors, 2 usage or I/O errors,
3 an internal error (a bug in Pathway, printed with its traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import traceback
from pathlib import Path

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, like argparse, with our wording
        self.print_usage(sys.stderr)
        print(f"{self.prog}: usage error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m build_tools", description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"),
                        help="the mkdocs.yml that configures Pathway (default: ./mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check flows and pages; print FILE:LINE:COL messages")
    check.add_argument("paths", nargs="*", type=Path,
                       help="flow files, pages or folders (default: flows/ and content/)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--grades", action="store_true", help="print the reading grade of every node and page")
    check.add_argument("--today", type=_date, help=argparse.SUPPRESS)

    render = sub.add_parser("render", help="write the docs folder (content/ plus generated pages) to DIR")
    render.add_argument("--out", type=Path, required=True, metavar="DIR")
    render.add_argument("--no-diagrams", action="store_true", help="skip Graphviz (pages without charts)")
    render.add_argument("--language", metavar="LANG",
                        help="write that language edition's docs folder (default: the site's own)")

    schema = sub.add_parser("schema", help="print the JSON Schema of a flow file")
    schema.add_argument("--write", type=Path, metavar="FILE", help="write it to FILE instead")

    headers = sub.add_parser("headers", help="write SITE_DIR/_headers (or --nginx FILE) from a built site")
    headers.add_argument("site_dir", type=Path, metavar="SITE_DIR")
    headers.add_argument("--nginx", type=Path, metavar="FILE",
                         help="write only the CSP include of deploy/nginx.conf, to FILE (not _headers)")
    headers.add_argument("--embed-ancestors", metavar="SOURCES",
                         help="who may frame the questionnaires, e.g. 'https://a.example' (default: *)")

    new = sub.add_parser("new", help="write a starter flow to flows/FLOW_ID.yml that passes check --strict")
    new.add_argument("flow_id", metavar="FLOW_ID", help="lowercase letters, digits and hyphens, like knee-surgery")
    new.add_argument("--title", default=None, help="the flow's title (default: from the id)")
    new.add_argument("--today", type=_date, help=argparse.SUPPRESS)

    sub.add_parser("messages", help="re-extract build_tools/locales/pathway.pot (templates, code and "
                                    "mkdocs.yml's words) and update every catalogue from it")

    site = sub.add_parser("site", help="build the MkDocs site strictly, replacing SITE_DIR only on success")
    site.add_argument("--site-dir", type=Path, default=Path("site"))
    return parser


def _expand(paths: list[Path], config) -> list[Path]:
    from build_tools.site import pipeline

    if not paths:
        return pipeline.discover(config)
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*")
                              if x.suffix in (*pipeline.FLOW_SUFFIXES, ".md")
                              and "includes" not in x.parts))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _report(result) -> None:
    """Every diagnostic, then one summary line, also when all is well (so an editor sees it ran)."""
    stream = sys.stderr
    for d in result.diagnostics:
        print(d, file=stream)
    print(f"checked {_plural(result.flows_checked, 'flow')} and {_plural(result.pages_checked, 'page')}: "
          f"{_plural(len(result.errors), 'error')}, {_plural(len(result.warnings), 'warning')}",
          file=stream)


def _check(args, config) -> int:
    from build_tools.site import pipeline

    if args.paths:
        result = pipeline.check_paths(_expand(args.paths, config), config, today=args.today,
                                      strict=args.strict, grades=args.grades)
    else:
        result = pipeline.check_site(config, today=args.today, strict=args.strict, grades=args.grades)
    if args.grades:
        for g in result.grades:
            print(g.describe())
    _report(result)
    return EXIT_CONTENT if result.errors else EXIT_OK


def _render(args, config) -> int:
    from build_tools.site import pipeline

    pipeline.check_output_dir(args.out, config)  # before any work is done
    if args.language:  # one language edition's docs folder (build_tools.site.editions)
        from build_tools.site import editions

        if args.language not in config.languages:
            print(f"error: '{args.language}' is not one of the site's languages: "
                  f"{', '.join(config.languages) or 'none'} (the languages: option in mkdocs.yml)",
                  file=sys.stderr)
            return EXIT_USAGE
        config = editions.edition(config, args.language)
    result = pipeline.check(pipeline.discover(config), config, readability_check=False, whole_site=True)
    _report(result)
    if result.errors:
        return EXIT_CONTENT
    flows = [f for f, _ in result.flows]
    files = pipeline.render(flows, config, pages=result.pages, diagrams=not args.no_diagrams)
    pipeline.write_docs(args.out, config, files, flows=flows, pages_=result.pages)
    print(f"wrote {len(files)} generated files plus content/ to {args.out}", file=sys.stderr)
    return EXIT_OK


def _schema(args, config) -> int:
    from build_tools.source.model import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _headers(args, config) -> int:
    from build_tools.site import render_headers

    argv = [str(args.site_dir)]
    if args.nginx:
        argv += ["--nginx", str(args.nginx)]
    if args.embed_ancestors:
        argv += ["--embed-ancestors", args.embed_ancestors]
    return render_headers.main(argv)


def _new(args, config) -> int:
    """Write a starter flow; refuse a bad id or an existing file."""
    from build_tools.core import ids
    from build_tools.outputs import templating
    from build_tools.source.validate import _slug_problem

    if problem := _slug_problem(args.flow_id, "the flow id"):
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    target = config.flows_dir / f"{args.flow_id}.yml"
    if target.exists():
        print(f"error: {target} already exists; choose another id or edit that file", file=sys.stderr)
        return EXIT_USAGE
    today = args.today or dt.date.today()
    try:
        next_review = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        next_review = today.replace(year=today.year + 1, day=28)
    title = args.title or args.flow_id.replace("-", " ").capitalize()
    text = templating.environment(None).get_template("new-flow.yml.jinja").render(
        flow_id=args.flow_id, title=json.dumps(title, ensure_ascii=False), today=today.isoformat(),
        next_review=next_review.isoformat(), year=today.year)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as out:
        out.write(text)
    page = ids.page_url(ids.overview_page(args.flow_id))
    print(f"wrote {target}: edit its texts, then run 'python -m build_tools check --strict'. "
          f"It will be published at {page} and listed in the menu, the home page, the embed page "
          "and the sources with no other edit.", file=sys.stderr)
    return EXIT_OK


def _messages(args, config) -> int:
    """``make messages``: the .pot from the templates, the code and mkdocs.yml; every .po updated."""
    from build_tools.core import i18n
    from build_tools.source import site_words

    for name, count in i18n.update(extra=site_words.messages(args.config_file)).items():
        note = "the msgids themselves" if name == i18n.SOURCE_LANGUAGE else f"{count} untranslated"
        print(f"{i18n.po_path(name)}: {note}")
    return EXIT_OK


def _site(args, config) -> int:
    from build_tools.adapters import mkdocs_adapter  # the only module that imports mkdocs

    return mkdocs_adapter.build_site(args.config_file, args.site_dir)


def main(argv: list[str] | None = None) -> int:
    from build_tools.core.atomic import UnsafeTarget
    from build_tools.source.config import Config, ConfigError
    from build_tools.core.errors import RenderToolError

    from build_tools.source.site_check import ConfigSyntaxError

    args = build_parser().parse_args(argv)
    try:
        try:
            config = Config.load(args.config_file)
        except ConfigSyntaxError as exc:  # a content mistake in mkdocs.yml: positioned, exit 1
            print(exc.diagnostic, file=sys.stderr)
            return EXIT_CONTENT
        return {"check": _check, "render": _render, "schema": _schema, "site": _site,
                "new": _new, "headers": _headers, "messages": _messages}[args.command](args, config)
    except (RenderToolError, UnsafeTarget, ConfigError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception:  # a bug in Pathway, not in the content
        traceback.print_exc()
        print("internal error: this is a bug in Pathway, not a mistake in the content. "
              "Please report it with the traceback above.", file=sys.stderr)
        return EXIT_INTERNAL
