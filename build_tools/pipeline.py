"""Load all, validate all, render all. No MkDocs import: any engine can use the result.

``check`` collects every diagnostic from every file before anyone reports them.
``render`` returns the generated files as ``{docs-relative path: bytes}`` and never
writes into ``content/``; ``write_docs`` writes hand-written plus generated files to a
folder, replacing it only once everything is written.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from build_tools import atomic, ids, pages, readability
from build_tools.config import Config
from build_tools.errors import Diagnostic, Severity, display_path
from build_tools.loader import Document, load_file
from build_tools.model import Flow
from build_tools.model_errors import diagnostics_from
from build_tools.validate import (
    Settings,
    node_prose,
    questionnaire_fits,
    validate_flow,
    validate_project,
)

FLOW_SUFFIXES = (".yml", ".yaml")




@dataclass
class Grade:
    file: str
    line: int
    name: str
    grade: float | None


@dataclass
class CheckResult:
    flows: list[tuple[Flow, Document]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def discover(config: Config) -> list[Path]:
    """Every flow file and every hand-written page."""
    flows = sorted(p for p in config.flows_dir.glob("*") if p.suffix in FLOW_SUFFIXES)
    pages_ = sorted(p for p in config.content_dir.rglob("*.md")
                    if "includes" not in p.relative_to(config.content_dir).parts)
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
          strict: bool = False, readability_check: bool = True, grades: bool = False) -> CheckResult:
    """Load and validate every path (flows and pages). Never raises for content mistakes."""
    settings = Settings(today=today or dt.date.today(), max_grade=config.max_grade,
                        check_readability=readability_check)
    result = CheckResult()
    for path in paths:
        if path.suffix == ".md":
            diags, grade, meta = pages.check_page(path, settings)
            result.diagnostics.extend(diags)
            if grades:
                what = "page" if meta is None or meta.audience == "patients" else \
                    f"page for {meta.audience} (not graded)"
                result.grades.append(Grade(display_path(path), 1, what, grade))
            continue
        flow, doc = load_flow(path)
        result.diagnostics.extend(doc.diagnostics)
        if flow is None:
            continue
        result.diagnostics.extend(validate_flow(flow, doc, settings))
        result.flows.append((flow, doc))
        if grades:
            for i, node in enumerate(flow.nodes):
                mark = doc.locate(("nodes", i, "id"))
                result.grades.append(Grade(doc.name, mark.line, node.id,
                                           readability.grade(node_prose(node))))
    result.diagnostics.extend(validate_project(result.flows))
    result.diagnostics.extend(_collisions(result.flows, config))
    if strict:
        result.diagnostics = [
            Diagnostic(d.file, d.line, d.column, Severity.ERROR, d.message) for d in result.diagnostics
        ]
    result.diagnostics = sorted(set(result.diagnostics))
    return result


def _collisions(flows: list[tuple[Flow, Document]], config: Config) -> list[Diagnostic]:
    """A hand-written page must not sit where a generated one goes."""
    out = []
    for flow, doc in flows:
        for path in (ids.overview_page(flow.id), ids.flowchart_page(flow.id),
                     ids.questionnaire_file(flow.id), ids.diagram_file(flow.id, "svg"),
                     ids.diagram_file(flow.id, "pdf"),
                     *(ids.node_page(flow.id, n.id) for n in flow.nodes)):
            if (config.content_dir / path).exists():
                out.append(doc.diagnostic(("id",), f"content/{path} is written by hand, but this flow "
                                                   "generates a page there; move or rename it"))
    return out


def render(flows: list[Flow], config: Config, *, diagrams: bool = True) -> dict[str, bytes]:
    """Every generated file, keyed by docs-relative path. Only Graphviz runs a subprocess."""
    from build_tools import (
        render_diagram,
        render_pages,
        render_questionnaire,
        templating,
    )

    env = templating.environment(config.overrides_dir, config.cache_dir / "jinja")
    files: dict[str, bytes] = {"assets/pathway-diagram.css": render_diagram.DIAGRAM_CSS.encode()}
    for flow in flows:
        svg = None
        if diagrams:
            drawn = render_diagram.diagram_files(flow, cache_dir=config.cache_dir / "graphviz")
            files.update(drawn)
            svg = drawn[ids.diagram_file(flow.id, "svg")]
        has_questions = questionnaire_fits(flow)
        for path, text in render_pages.render_flow(flow, svg=svg, has_questionnaire=has_questions,
                                                   env=env).items():
            files[path] = text.encode("utf-8")
        if has_questions:
            files[ids.questionnaire_file(flow.id)] = render_questionnaire.render(
                flow, env=env).encode("utf-8")
    return files


def check_output_dir(out_dir: Path, config: Config) -> None:
    """Raise ``atomic.UnsafeTarget`` unless ``out_dir`` may be replaced by ``write_docs``."""
    atomic.check_target(out_dir, root=config.root, looks_like="index.md",
                        sources=[config.flows_dir, config.content_dir, config.overrides_dir])


def write_docs(out_dir: Path, config: Config, files: dict[str, bytes]) -> None:
    """Hand-written ``content/`` plus the generated files, as one docs folder for any engine."""
    check_output_dir(out_dir, config)

    def fill(tmp: Path) -> None:
        shutil.copytree(config.content_dir, tmp, dirs_exist_ok=True)
        for rel, data in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    atomic.replace_directory(out_dir, fill)
