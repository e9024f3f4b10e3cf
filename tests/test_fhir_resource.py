"""Tests for build_tools.outputs.fhir.resource: a valid Questionnaire for every flow, its
metadata, deterministic bytes and a version that follows the content."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from strategies import TEXT, flow_data
from support.fhir import ALL_FLOWS, MADE, REAL, SITE, check_everything, play, resource_of

from build_tools.outputs.fhir import resource as rf
from build_tools.source.model import Flow


def test_real_flows_are_exported():
    assert {f.id for f in REAL} >= {"limb-salvage", "treatment-pathway"}


@pytest.mark.parametrize("flow", ALL_FLOWS)
@pytest.mark.parametrize("site_url", [SITE, None])
def test_valid_complete_and_every_path_plays(flow, site_url):
    check_everything(flow, resource_of(flow, site_url))


def test_paths_played_in_real_flows(capsys):
    """Prints the counts for the record (``pytest -s``)."""
    total = 0
    for flow in REAL:
        resource = resource_of(flow)
        count = play(flow, resource)
        total += count
        nested = sum(len(i.get("item", [])) for i in resource["item"])
        with capsys.disabled():
            print(f"\n{flow.id}: {len(resource['item'])} items (+{nested} nested), {count} paths played")
    assert total >= 2


def test_resource_metadata():
    flow = next(f for f in REAL if f.id == "limb-salvage")
    r = resource_of(flow)
    assert r["resourceType"] == "Questionnaire"
    assert r["url"] == "https://example.org/pathway/fhir/limb-salvage.json"
    assert r["status"] == "draft"
    assert r["language"] == flow.language
    assert r["title"] == flow.title
    assert r["date"] == r["lastReviewDate"] == flow.review.last_reviewed.isoformat()
    assert r["version"].startswith(flow.review.last_reviewed.isoformat() + ".")
    assert flow.review.next_review.isoformat() in r["description"]
    assert flow.review.reviewed_by in r["description"]
    for source in flow.sources:
        assert source.url in r["description"]
    system = "https://example.org/pathway/fhir/limb-salvage/where-is-the-tumour"
    question = next(i for i in r["item"] if i["linkId"] == "where-is-the-tumour")
    assert {o["valueCoding"]["system"] for o in question["answerOption"]} == {system}
    assert question["answerOption"][-1]["valueCoding"]["code"] == "not-sure"


def test_without_site_url_there_is_no_url_and_no_system():
    flow = REAL[0]
    text = rf.render(flow, site_url=None).decode("utf-8")
    r = json.loads(text)
    assert "url" not in r
    assert "example.org" not in text
    for item in r["item"]:
        for option in item.get("answerOption", []):
            assert set(option["valueCoding"]) == {"code", "display"}
        for condition in item.get("enableWhen", []):
            assert set(condition["answerCoding"]) == {"code"}


def test_output_is_deterministic_bytes():
    for flow in REAL:
        a = rf.render(flow, site_url=SITE)
        assert a == rf.render(flow, site_url=SITE)
        assert a.endswith(b"}\n") and not a.endswith(b"\n\n")
        assert json.loads(a.decode("utf-8"))["resourceType"] == "Questionnaire"


def test_version_follows_content():
    flow = MADE["diamond"]
    changed = flow.model_copy(update={"title": "Another title"})
    assert resource_of(flow)["version"] != resource_of(changed)["version"]


def test_refuses_a_bad_site_url():
    with pytest.raises(ValueError, match="site_url"):
        rf.render(REAL[0], site_url="example.org")


@settings(max_examples=30, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(data=flow_data(text=TEXT, max_nodes=6))
def test_hostile_text_stays_valid(data):
    flow = Flow.model_validate(data)
    check_everything(flow, resource_of(flow, None))
