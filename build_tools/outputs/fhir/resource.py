"""The ``Questionnaire`` resource: its metadata around the items, as deterministic JSON bytes.

* ``url`` is ``<site_url>/fhir/<flow-id>.json`` (the address of this very file). With
  ``site_url=None`` there is no canonical address, so ``url`` and every answer code's
  ``system`` are left out; the resource is still valid.
* ``version`` is ``<last_reviewed>.<hash>``: the review date, then the first 8 hex digits
  of the SHA-256 of the resource without its version, so any change of content gives a
  new version even when the review date stays.
* ``status`` is always ``draft``: the model has no field that says the content was
  clinically approved (``review.reviewed_by`` is free text), and guessing "active" from
  free text could publish unreviewed content as approved.
* ``date`` and ``lastReviewDate`` are ``review.last_reviewed``; ``language`` is the flow's.
  ``description`` (plain text, :func:`.text.description`) holds the summary, both review
  dates, who reviewed it and every source with its address.
* ``item``: :mod:`.items`, enabled as :mod:`.enable_when` says.
"""

from __future__ import annotations

import hashlib
import json
import re

from build_tools.core import ids
from build_tools.core.markup import one_line
from build_tools.outputs.fhir.enable_when import enable_conditions
from build_tools.outputs.fhir.items import FhirExportError, item_order, items
from build_tools.outputs.fhir.text import description
from build_tools.source.kinds import has_questions
from build_tools.source.model import Flow

_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_FHIR_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]{0,254}$")


def render(flow: Flow, *, site_url: str | None) -> bytes:
    """The flow's ``Questionnaire`` resource as UTF-8 JSON bytes.

    ``site_url`` is the site's ``site_url`` from ``mkdocs.yml`` (``None``: no ``url`` and
    no code ``system``). Raises :class:`.items.FhirExportError` (a ``ValueError``) for a flow
    without questions, with a loop, an unreachable node or a broken reference, and
    ``ValueError`` for a ``site_url`` that is not an http(s) address.
    """
    return dumps(questionnaire(flow, site_url=site_url))


def dumps(resource: dict) -> bytes:
    return (json.dumps(resource, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def questionnaire(flow: Flow, *, site_url: str | None) -> dict:
    """The ``Questionnaire`` resource as a plain dict (see the module docstring)."""
    if not has_questions(flow):
        raise FhirExportError(f"flow '{flow.id}' has no questions, so it has no FHIR Questionnaire")
    base = None
    if site_url is not None:
        if not site_url.startswith(("https://", "http://")):
            raise ValueError(f"site_url {site_url!r} is not an http(s) address")
        base = site_url.rstrip("/")
    if len(flow.node_map()) != len(flow.nodes):
        raise FhirExportError(f"flow '{flow.id}': two nodes share an id, and a linkId must be unique")
    order = item_order(flow)
    entries = items(flow, order, enable_conditions(flow, order), base)

    review = flow.review
    resource: dict = {"resourceType": "Questionnaire"}
    if _FHIR_ID.match(flow.id):
        resource["id"] = flow.id
    resource["language"] = flow.language
    if base:
        resource["url"] = f"{base}/{ids.fhir_file(flow.id)}"
    resource["version"] = ""
    name = "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", flow.id))
    if _FHIR_NAME.match(name):  # invariant que-0: a machine-friendly name
        resource["name"] = name
    resource["title"] = one_line(flow.title)
    resource["status"] = "draft"
    resource["subjectType"] = ["Patient"]
    resource["date"] = review.last_reviewed.isoformat()
    resource["description"] = description(flow)
    resource["lastReviewDate"] = review.last_reviewed.isoformat()
    resource["item"] = entries
    digest = hashlib.sha256(dumps({k: v for k, v in resource.items() if k != "version"})).hexdigest()
    resource["version"] = f"{review.last_reviewed.isoformat()}.{digest[:8]}"
    return resource
