"""One positioned diagnostic type for content mistakes, and the exceptions for tool problems.

A content mistake is never shown with a traceback: it is a :class:`Diagnostic`
printed as ``FILE:LINE:COL: error|warning: message``. A bug in the tool itself is an
:class:`InternalError` and keeps its traceback.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def display_path(path: Path | str) -> str:
    """The path as the editor knows it: relative to the working folder when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


class InternalError(Exception):
    """A bug in Pathway itself, not in the content. Keeps its traceback."""


class RenderToolError(Exception):
    """An external tool (Graphviz ``dot``) failed or is missing; the message says how to fix it."""
