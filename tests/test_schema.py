"""The committed JSON Schema matches the model, and every flow file points editors at it."""

from __future__ import annotations

import json

from conftest import ROOT

from build_tools.source.model import json_schema

FIRST_LINE = "# yaml-language-server: $schema=schema.json"


def test_committed_schema_is_current():
    committed = json.loads((ROOT / "flows" / "schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "flows/schema.json is stale: run `make schema` and commit it"


def test_every_flow_references_the_schema():
    flows = sorted((ROOT / "flows").glob("*.yml"))
    assert flows
    for path in flows:
        assert path.read_text(encoding="utf-8").splitlines()[0] == FIRST_LINE, path.name


def test_schema_forbids_unknown_keys_and_knows_node_kinds():
    schema = json_schema()
    assert schema["additionalProperties"] is False
    kinds = {name: d["properties"]["kind"]["const"] for name, d in schema["$defs"].items()
             if "kind" in d.get("properties", {})}
    assert sorted(kinds.values()) == ["outcome", "question", "step"]
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values()
               if d.get("type") == "object")
