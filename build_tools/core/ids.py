"""The one slug rule shared by pages, diagram node ids, HTML anchors and file names."""

from __future__ import annotations

import posixpath
import re
import unicodedata

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG_PATTERN)
MAX_SLUG_LENGTH = 64



def is_slug(value: str) -> bool:
    return len(value) <= MAX_SLUG_LENGTH and bool(_SLUG_RE.fullmatch(value))  # '$' allows a final \n


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by single hyphens.

    ``slugify("Scans again!")`` is ``"scans-again"``. Accents are folded
    (``"Ré-use"`` -> ``"re-use"``); anything else becomes a separator.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug[:MAX_SLUG_LENGTH].rstrip("-")


def node_page(flow_id: str, node_id: str) -> str:
    """Docs-relative path of a node's page."""
    return f"pathways/{flow_id}/{node_id}.md"


def overview_page(flow_id: str) -> str:
    return f"pathways/{flow_id}/index.md"


def flowchart_page(flow_id: str) -> str:
    return f"pathways/{flow_id}/flowchart.md"


def diagram_file(flow_id: str, fmt: str) -> str:
    return f"diagrams/{flow_id}.{fmt}"


def questionnaire_file(flow_id: str) -> str:
    return f"embed/{flow_id}.html"


def fhir_file(flow_id: str) -> str:
    """The flow's questionnaire as an HL7 FHIR R4 Questionnaire resource."""
    return f"fhir/{flow_id}.json"


def page_url(docs_path: str) -> str:
    """The site-relative URL MkDocs gives a docs path with ``use_directory_urls``."""
    if docs_path.endswith("index.md"):
        return docs_path[: -len("index.md")]
    if docs_path.endswith(".md"):
        return docs_path[: -len(".md")] + "/"
    return docs_path


def relative(from_page: str, target: str) -> str:
    """A relative link between two docs paths (MkDocs resolves ``.md`` links)."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")
