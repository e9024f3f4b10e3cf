"""Turn pydantic's validation errors into positioned messages an editor understands."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from build_tools.core.errors import Diagnostic
from build_tools.source.loader import Document
from build_tools.source.model import NODE_KINDS, Flow
from build_tools.core.suggest import did_you_mean

_HINTS = {
    "id": "a short name like 'scans-again'",
    "title": "a short title",
    "summary": "one to three sentences",
    "review": "last_reviewed, next_review and reviewed_by",
    "sources": "a list of sources",
    "start": "the id of the first node",
    "nodes": "a list of nodes",
    "kind": "step, question or outcome",
    "body": "the text of the page",
    "next": "the id of the node that comes next",
    "answers": "a list of answers, each with label and next",
    "label": "the words of the answer",
    "last_reviewed": "a date like 2026-11-27",
    "next_review": "a date like 2027-11-27",
    "reviewed_by": "who reviewed it",
    "publisher": "who published the source",
    "year": "the year it was published",
    "url": "a web address starting with https://",
}


def _walk(doc: Document, loc: tuple, root: type[BaseModel]) -> tuple[tuple, type[BaseModel] | None]:
    """Map a pydantic location onto the data path, and find the model that owns its last key."""
    data: Any = doc.data
    model: Any = root
    owner: Any = root
    path: list = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            owner = model
            path.append(part)
            data = data[part]
            model = _field_model(model, part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            path.append(part)
            data = data[part]
            model = _item_model(model)
        elif isinstance(part, str) and part in NODE_KINDS and isinstance(data, dict):
            model = NODE_KINDS[part]  # the discriminator step pydantic adds to the location
        else:
            owner = model
            path.append(part)  # a key that is missing from the data
            break
    return tuple(path), owner if isinstance(owner, type) and issubclass(owner, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def _field_model(model: Any, name: str) -> Any:
    if isinstance(model, type) and issubclass(model, BaseModel) and name in model.model_fields:
        return _unwrap(model.model_fields[name].annotation)
    return None


def _item_model(container: Any) -> Any:
    args = typing.get_args(container)
    if args:
        inner = _unwrap(args[0])
        if typing.get_origin(inner) is typing.Union:
            return "node"
        return inner
    return None


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    return f"'{_short(value)}'"


def _short(value: Any, limit: int = 40) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(err: dict, path: tuple, model: type[BaseModel] | None) -> tuple[str, bool]:
    """The message, and whether it points at the key rather than the value."""
    kind = err["type"]
    field = next((p for p in reversed(path) if isinstance(p, str)), "value")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        hint = _HINTS.get(field)
        return f"'{field}:' is missing" + (f": add {hint}" if hint else ""), False
    if kind == "extra_forbidden":
        allowed = sorted(model.model_fields) if model else []
        suggestion = did_you_mean(field, allowed)
        listing = f" (allowed here: {', '.join(allowed)})" if allowed and not suggestion else ""
        return f"unknown key '{field}'{suggestion}{listing}", True
    if kind == "union_tag_not_found":
        return "this node has no 'kind:': say whether it is a step, a question or an outcome", False
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", value)
        return (f"kind must be step, question or outcome, not '{_short(tag)}'"
                + did_you_mean(str(tag), list(NODE_KINDS))), False
    if value is None and kind in ("string_type", "date_type", "int_type", "list_type",
                                  "model_type", "dict_type", "date_from_datetime_parsing"):
        hint = _HINTS.get(field)
        return f"'{field}' is empty" + (f": write {hint}" if hint else ""), False
    if kind in ("string_type", "str_type"):
        return f"'{field}' must be text, but here it is {_kind_of(value)}", False
    if kind == "list_type":
        return (f"'{field}' must be a list (lines starting with '- '), "
                f"but here it is {_kind_of(value)}"), False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        where = "the file" if not path else f"'{field}'"
        return (f"{where} must be a group of 'key: value' lines, but here it is "
                f"{_kind_of(value)}"), False
    if kind in ("too_short", "string_too_short"):
        if field == "answers":
            return "a question needs at least 2 answers", False
        if field == "nodes":
            return "a flow needs at least one node", False
        if field == "sources":
            return "a flow needs at least one source", False
        return f"'{field}' must not be empty", False
    if kind in ("too_long", "string_too_long"):
        limit = ctx.get("max_length")
        size = len(value) if hasattr(value, "__len__") else "?"
        unit = "items" if isinstance(value, list) else "characters"
        return f"'{field}' is too long: {size:,} {unit}; the limit is {limit:,}", False
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{field}' must be a whole number like 2024, not {_kind_of(value)}", False
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"'{field}' must be between 1900 and 2100, not {_kind_of(value)}", False
    if kind.startswith("date"):
        return (f"'{field}' must be a date written YYYY-MM-DD, like 2027-11-27, "
                f"not {_kind_of(value)}"), False
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == r"\S":
        return f"'{field}' holds only spaces: write some text", False
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == r'^[^<>"]*$':
        return (f"'{field}' may not contain < > or \" (the theme would read them as HTML): "
                "write it without them"), False
    if kind == "flag_format":
        return f"'{field}' must be true or false (lower case), not {_kind_of(value)}", False
    if kind == "year_format":
        return f"'{field}' must be four digits like 2024, not {_kind_of(value)}", False
    if kind == "string_pattern_mismatch":
        if field == "url":
            return (f"'url' must be a full web address starting with https://, with no spaces, "
                    f"quotes or angle brackets, not {_kind_of(value)}"), False
        if field == "language":
            return f"'language' must be a language code like en or en-GB, not {_kind_of(value)}", False
    if kind == "literal_error":
        return f"'{field}' must be {ctx.get('expected')}, not {_kind_of(value)}", False
    return f"'{field}': {err['msg']}", False


def diagnostics_from(exc: ValidationError, doc: Document,
                     root_model: type[BaseModel] = Flow) -> list[Diagnostic]:
    out = []
    for err in exc.errors(include_url=False):
        path, model = _walk(doc, err["loc"], root_model)
        if err["type"] == "missing":
            path = path[:-1]
        message, at_key = _message(err, tuple(err["loc"]) if err["type"] == "missing" else path, model)
        out.append(doc.diagnostic(path, message, key=at_key))
    # pydantic reports one union error per candidate when the tag is bad; keep each line once.
    return list(dict.fromkeys(out))
