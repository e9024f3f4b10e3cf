"""Load all, validate all, render all. No MkDocs import: any engine can use the result.

``check`` collects every diagnostic from every file before anyone reports them.
``render`` returns the generated files as ``{docs-relative path: bytes}`` and never
writes into ``content/``; ``write_docs`` writes hand-written plus generated files to a
folder, replacing it only once everything is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from build_tools.core import atomic
from build_tools.site import registry as outputs
from build_tools.source import catalogue_check, pages, readability
from build_tools.source.config import Config
from build_tools.core.errors import Diagnostic, InternalError, Severity, display_path
from build_tools.source.loader import Document, load_file
from build_tools.source.model import Flow
from build_tools.source.model_errors import diagnostics_from
from build_tools.core.suggest import did_you_mean
from build_tools.source.validate import Settings, node_prose, validate_flow, validate_project

FLOW_SUFFIXES = (".yml", ".yaml")




@dataclass
class Grade:
    file: str
    line: int
    name: str
    grade: float | None
    language: str = "en"
    graded: bool = True  # False: not measured on purpose (a page for editors)

    def describe(self) -> str:
        """``check --grades``'s line: the formula and score, or why there is none."""
        where = f"{self.file}:{self.line}: {self.name}"
        formula = readability.formula_for(self.language)
        if not self.graded:
            return where
        if formula is None:
            return f"{where}: {readability.not_graded(self.language)}"
        if self.grade is None:
            return f"{where}: too short to measure"
        return f"{where}: {formula.name} {self.grade:.1f}"


@dataclass
class CheckResult:
    flows: list[tuple[Flow, Document]] = field(default_factory=list)
    pages: list[outputs.PageInfo] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    flows_checked: int = 0
    pages_checked: int = 0
    glossary: object = None  # glossary.Glossary, when the whole site was checked
    editions: dict = field(default_factory=dict)  # language → CheckResult (check_site)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def discover(config: Config) -> list[Path]:
    """Every flow file and every hand-written page."""
    flows = sorted(p for p in config.flows_dir.glob("*") if p.suffix in FLOW_SUFFIXES)
    editions = set(config.languages) if config.edition is None else set()
    pages_ = sorted(p for p in config.content_dir.rglob("*.md")
                    if "includes" not in p.relative_to(config.content_dir).parts
                    and p.relative_to(config.content_dir).parts[0] not in editions)
    return flows + pages_


def load_flow(path: Path) -> tuple[Flow | None, Document]:
    doc = load_file(path)
    if doc.diagnostics:
        return None, doc
    if doc.data is None:
        doc.diagnostics.append(doc.diagnostic((), "this file is empty: a flow needs id:, title:, "
                                                  "summary:, review:, sources:, start: and nodes:"))
        return None, doc
    try:
        return Flow.model_validate(doc.data), doc
    except ValidationError as exc:
        doc.diagnostics.extend(diagnostics_from(exc, doc))
        return None, doc


def check(paths: list[Path], config: Config, *, today: dt.date | None = None,
          strict: bool = False, readability_check: bool = True, grades: bool = False,
          whole_site: bool = False) -> CheckResult:
    """Load and validate every path (flows and pages). Never raises for content mistakes.

    With ``whole_site`` (``paths`` is everything :func:`discover` finds), the rules that
    need the whole site run too: the glossaries, the nav of ``mkdocs.yml`` and the links
    between hand-written pages.
    """
    settings = Settings(today=today or dt.date.today(), max_grade=config.max_grade,
                        check_readability=readability_check, language=config.language)
    result = CheckResult()
    texts: dict[str, tuple[str, str | None]] = {}
    for path in paths:
        if path.suffix == ".md":
            result.pages_checked += 1
            diags, grade, meta = pages.check_page(path, settings)
            result.diagnostics.extend(diags)
            if path.resolve().is_relative_to(config.content_dir.resolve()):
                rel = path.resolve().relative_to(config.content_dir.resolve()).as_posix()
                if meta is not None:
                    result.pages.append(outputs.PageInfo(rel, meta))
                try:
                    texts[rel] = (path.read_text(encoding="utf-8"), meta.topic if meta else None)
                except (OSError, UnicodeDecodeError):
                    pass  # check_page reported it
            if grades:
                graded = meta is None or meta.audience == "patients"
                what = "page" if graded else f"page for {meta.audience} (not graded)"
                result.grades.append(Grade(display_path(path), 1, what, grade, config.language, graded))
            continue
        result.flows_checked += 1
        flow, doc = load_flow(path)
        result.diagnostics.extend(doc.diagnostics)
        if flow is None:
            continue
        found = validate_flow(flow, doc, settings)
        result.diagnostics.extend(found)
        if not any(d.is_error for d in found):  # measured by rendering: needs an intact graph
            result.diagnostics.extend(budget_rules(flow, doc))
        result.flows.append((flow, doc))
        if grades:
            for i, node in enumerate(flow.nodes):
                mark = doc.locate(("nodes", i, "id"))
                score = readability.score(node_prose(node), flow.language)
                result.grades.append(Grade(doc.name, mark.line, node.id,
                                           None if score is None else score.value, flow.language))
    result.diagnostics.extend(validate_project(result.flows))
    result.diagnostics.extend(_collisions(result.flows, config))
    if whole_site:
        result.diagnostics.extend(_site_rules(result, config, texts))
        result.diagnostics.extend(catalogue_check.build_errors(config.language))  # its catalogue
    if strict:
        result.diagnostics = [
            Diagnostic(d.file, d.line, d.column, Severity.ERROR, d.message) for d in result.diagnostics
        ]
    result.diagnostics = sorted(set(result.diagnostics))
    return result


def budget_rules(flow: Flow, doc: Document) -> list[Diagnostic]:
    """Limits measured on an output: the questionnaire should arrive in the first round trip.

    A source rule cannot render, so the site layer measures the output and reports it at the
    flow's ``nodes:`` line."""
    from build_tools.outputs.questionnaire import page as questionnaire

    if not outputs.gets_questionnaire(flow):
        return []
    size = questionnaire.size_figures(questionnaire.render(flow))[1]
    budget = questionnaire.GZIP_BUDGET
    if size <= budget:
        return []
    return [doc.diagnostic(("nodes",), f"the questionnaire for this flow is {size:,} bytes gzipped, "
                                       f"more than the {budget:,} that arrive in the first round "
                                       "trip, so it loads slowly on a phone: shorten the longest "
                                       "texts, or split the flow", severity=Severity.WARNING)]


def check_paths(paths: list[Path], config: Config, **options) -> CheckResult:
    """:func:`check` of some files, each with the configuration of the edition it belongs to
    (``content/zh-Hans/about.md`` is a Chinese page, graded as Chinese)."""
    from build_tools.site import editions

    groups: dict[str | None, list[Path]] = {}
    for path in paths:
        lang = None
        for candidate in config.languages:
            inside = (config.flows_dir / candidate, config.content_dir / candidate)
            if any(path.resolve().is_relative_to(d.resolve()) for d in inside):
                lang = candidate
        groups.setdefault(lang, []).append(path)
    result = CheckResult()
    for lang, group in groups.items():
        cfg = config if lang is None else editions.edition(config, lang)
        more = check(group, cfg, **options)
        result.flows.extend(more.flows)
        result.pages.extend(more.pages)
        result.flows_checked += more.flows_checked
        result.pages_checked += more.pages_checked
        result.grades.extend(more.grades)
        result.diagnostics = sorted(set(result.diagnostics) | set(more.diagnostics))
    return result


def check_site(config: Config, **options) -> CheckResult:
    """:func:`check` of the whole site: the site's own language, then every edition
    (:mod:`build_tools.site.editions`), in one result."""
    from build_tools.site import editions

    result = check(discover(config), config, whole_site=True, **options)
    for ed in editions.editions(config):
        if not ed.flows_dir.is_dir() and not ed.content_dir.is_dir():
            result.diagnostics.append(Diagnostic(
                display_path(config.config_file or Path("mkdocs.yml")), 1, 1, Severity.ERROR,
                f"languages: names '{ed.edition}', but there is no {ed.flows_dir.name}/ in flows/ "
                f"or {ed.content_dir.name}/ in content/ for it"))
            continue
        more = check(discover(ed), ed, whole_site=True, **options)
        result.flows_checked += more.flows_checked
        result.pages_checked += more.pages_checked
        result.diagnostics = sorted(set(result.diagnostics) | set(more.diagnostics))
        result.grades.extend(more.grades)
        result.editions[ed.edition] = more
    # Each language's interface words: what its readers would still see in English.
    words = catalogue_check.check_languages(config.language, list(config.languages), config.config_file)
    if options.get("strict"):
        words = [dataclasses.replace(d, severity=Severity.ERROR) for d in words]
    result.diagnostics = sorted(set(result.diagnostics) | set(words))
    return result


def _site_rules(result: CheckResult, config: Config,
                texts: dict[str, tuple[str, str | None]]) -> list[Diagnostic]:
    """Glossaries, the nav and links between pages: rules that need the whole site."""
    from build_tools.source import glossary, site_check

    gl, out = glossary.load(config)
    result.glossary = gl
    out.extend(glossary.check(gl, result.flows, [(pages.split_front_matter(t)[1], topic)
                                                 for t, topic in texts.values()]))
    generated = {c.path for flow, _ in result.flows for _, c in outputs.claims(flow)}
    generated |= set(outputs.site_paths())
    handwritten = {p.relative_to(config.content_dir).as_posix()
                   for p in config.content_dir.rglob("*") if p.is_file()}
    if config.config_file is not None and config.config_file.exists():
        _, root = site_check.read_config(config.config_file)
        out.extend(site_check.nav_rules(config.config_file, root, generated | handwritten))
    outside: set[str] = set()
    if config.edition is not None:  # an edition may link to the site's own pages
        default = config.content_dir.parent
        outside = {"../" + p.relative_to(default).as_posix() for p in default.rglob("*")
                   if p.is_file() and p.relative_to(default).parts[0] != config.edition}
        outside |= {"../" + p for p in outputs.site_paths()}
        # ... and every page the site's own flows generate (a flow not translated yet).
        default_config = dataclasses.replace(config, flows_dir=config.flows_dir.parent, edition=None)
        for path in sorted(default_config.flows_dir.glob("*")):
            if path.suffix in FLOW_SUFFIXES and (flow := load_flow(path)[0]) is not None:
                outside |= {"../" + c.path for _, c in outputs.claims(flow)}
    out.extend(site_check.link_rules(config.content_dir, {p: t for p, (t, _) in texts.items()},
                                     generated, outside))
    for rel, (_, topic) in sorted(texts.items()):
        if topic is not None and topic not in gl.files:
            out.append(Diagnostic(display_path(config.content_dir / rel), 1, 1, Severity.ERROR,
                                  f"there is no glossary for the topic '{topic}': add "
                                  f"glossaries/{topic}.yml or fix the name"
                                  + did_you_mean(topic, gl.topics())))
    if config.site_url is None and config.config_file is not None:
        out.append(Diagnostic(display_path(config.config_file), 1, 1, Severity.WARNING,
                              "site_url is not set: the questionnaire, the PDF and the embed "
                              "snippet link back to the site with relative links, which break "
                              "when a hospital serves its own copy; set site_url to the "
                              "site's public address"))
    return out


def _collisions(flows: list[tuple[Flow, Document]], config: Config) -> list[Diagnostic]:
    """No two outputs write one path, and no hand-written file sits where an output writes.

    Every path comes from the output registry (:mod:`build_tools.outputs`), so a node id
    that would overwrite a generated page (``index``, ``flowchart``, ...) is found however
    the outputs change.
    """
    out = []
    docs = {id(flow): doc for flow, doc in flows}
    node_index = {id(flow): {n.id: i for i, n in enumerate(flow.nodes)} for flow, _ in flows}
    content = config.content_dir.name
    for hit in outputs.collisions([flow for flow, _ in flows]):
        (_, first), (_, second) = hit.first, hit.second
        if first.node is not None and second.node is not None:
            continue  # one node id used twice: validate reports it at both lines
        doc = docs.get(id(hit.flow)) if hit.flow is not None else None
        if doc is None:
            raise InternalError(f"two site-wide outputs both write {hit.path}")
        node_claim = second if second.node is not None else first if first.node is not None else None
        other = first if node_claim is second else second
        if node_claim is not None and node_claim.node in node_index[id(hit.flow)]:
            reserved = ", ".join(sorted(outputs.reserved_node_ids(hit.flow.id)))
            out.append(doc.diagnostic(("nodes", node_index[id(hit.flow)][node_claim.node], "id"),
                                      f"the node id '{node_claim.node}' is taken: its page would be "
                                      f"{hit.path}, where Pathway writes {other.what}; choose another "
                                      f"id (these are reserved: {reserved})"))
        elif first.node is None and second.node is None:
            out.append(doc.diagnostic(("id",), f"this flow's {second.what} would be written to "
                                               f"{hit.path}, where {first.what} goes; "
                                               "rename the flow"))
    for flow, doc in flows:
        for _, claim in outputs.claims(flow):
            if (config.content_dir / claim.path).exists():
                out.append(doc.diagnostic(("id",), f"{content}/{claim.path} is written by hand, but "
                                                   f"this flow generates {claim.what} there; move or "
                                                   "rename it"))
    for path in outputs.site_paths():
        if (config.content_dir / path).exists():
            out.append(Diagnostic(f"{content}/{path}", 1, 1, Severity.ERROR,
                                  "Pathway generates this file from the flows, so it cannot also be "
                                  "written by hand: delete it (see the editors' guide)"))
    return out


def render(flows: list[Flow], config: Config, *, pages: list[outputs.PageInfo] | None = None,
           diagrams: bool = True) -> dict[str, bytes]:
    """Every generated file, keyed by docs-relative path, from the output registry.

    Per-flow outputs first (in registry order, so the diagram is drawn before the pages
    that show it), then site-wide outputs, which see every flow, every hand-written page's
    front matter and the files already made. Two outputs writing one path is a bug
    (``check`` reports the content mistakes that cause one first). Only Graphviz runs a
    subprocess.
    """
    from build_tools.source import glossary
    from build_tools.outputs import templating

    env = templating.environment(config.overrides_dir, config.cache_dir / "jinja", config.language)
    gl = glossary.load_for(config, flows)
    files: dict[str, bytes] = {}

    def add(output: outputs.Output, made: dict[str, bytes], claimed: list[outputs.Claim]) -> None:
        twice = sorted({c.path for c in claimed if sum(d.path == c.path for d in claimed) > 1})
        if twice:  # e.g. a node page on top of the flowchart page: never a silent overwrite
            raise InternalError(f"output '{output.name}' claims {twice} more than once; check "
                                "reports the content mistake that causes this")
        expected = {c.path for c in claimed}
        if set(made) != expected:
            raise InternalError(f"output '{output.name}' wrote {sorted(set(made) ^ expected)} "
                                "that it did not declare, or declared paths it did not write")
        for path, data in made.items():
            if path in files:
                raise InternalError(f"two outputs write {path}; check should have reported why")
            files[path] = data

    for flow in flows:
        # Each flow's pages speak its language; site-wide pages speak the site's.
        flow_env = templating.environment(config.overrides_dir, config.cache_dir / "jinja", flow.language)
        ctx = outputs.FlowContext(flow=flow, config=config, env=flow_env, diagrams=diagrams, glossary=gl)
        for output in outputs.flow_outputs(flow, diagrams=diagrams):
            add(output, output.render(ctx), list(output.paths(flow)))
    site = outputs.SiteContext(flows=list(flows), pages=list(pages or []), config=config, env=env,
                               files=dict(files), glossary=gl)
    for output in outputs.site_outputs():
        add(output, output.render(site), list(output.paths()))
    return files


def check_output_dir(out_dir: Path, config: Config) -> None:
    """Raise ``atomic.UnsafeTarget`` unless ``out_dir`` may be replaced by ``write_docs``."""
    atomic.check_target(out_dir, root=config.root, looks_like="index.md",
                        sources=[config.flows_dir, config.content_dir, config.overrides_dir])


def shared_assets(config: Config) -> list[str]:
    """The site's own files that are not pages (styles, images): every edition serves them."""
    out = []
    for p in sorted(config.content_dir.rglob("*")):
        rel = p.relative_to(config.content_dir)
        if p.is_file() and p.suffix != ".md" and rel.parts[0] not in config.languages \
                and rel.parts[0] != "includes":
            out.append(rel.as_posix())
    return out


def prepare_page(path: str, markdown: str, *, flows: list[Flow], config: Config,
                 topic: str | None = None, glossary=None) -> str:
    """A hand-written page as published: the list of flows filled in, glossary meanings added.

    ``glossary`` is the loaded glossary (:func:`build_tools.source.glossary.load_for`); pass it when
    preparing many pages, so the YAML is read once.
    """
    from build_tools.outputs import render_site, templating

    if glossary is None:
        from build_tools.source import glossary as glossaries

        glossary = glossaries.load_for(config, flows)
    env = templating.environment(config.overrides_dir, config.cache_dir / "jinja", config.language)
    if config.edition is not None:  # links to untranslated pages lead to the site's own language
        from build_tools.site.editions import link_out

        markdown = link_out(path, markdown)
    return render_site.prepare_page(path, markdown, flows=flows, env=env, topic=topic,
                                    glossary=glossary)


def write_docs(out_dir: Path, config: Config, files: dict[str, bytes], *,
               flows: list[Flow] = (), pages_: list[outputs.PageInfo] = ()) -> None:
    """Hand-written ``content/`` plus the generated files, as one docs folder for any engine.

    Hand-written pages are written as MkDocs would publish them (:func:`prepare_page`).
    """
    from build_tools.source import glossary

    check_output_dir(out_dir, config)
    topics = {p.path: getattr(p.meta, "topic", None) for p in pages_}
    gl = glossary.load_for(config, flows)  # read once for every page

    def fill(tmp: Path) -> None:
        editions = set(config.languages) if config.edition is None else set()
        shutil.copytree(config.content_dir, tmp, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in names
                                                 if Path(d) == config.content_dir and n in editions])
        if config.edition is not None:  # the site's styles and images serve every edition
            default = config.content_dir.parent
            for rel in shared_assets(dataclasses.replace(config, content_dir=default, edition=None)):
                target = tmp / rel
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(default / rel, target)
        for page in sorted(tmp.rglob("*.md")):
            rel = page.relative_to(tmp).as_posix()
            if rel.split("/")[0] == "includes":
                continue
            text = page.read_text(encoding="utf-8")
            page.write_text(prepare_page(rel, text, flows=list(flows), config=config, glossary=gl,
                                         topic=topics.get(rel)), encoding="utf-8")
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    atomic.replace_directory(out_dir, fill)
