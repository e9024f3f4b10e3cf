"""Read a YAML file into plain data, keeping the line and column of every key and value.

Safety and editor-friendliness rules, all reported as positioned diagnostics:

* Every scalar stays **text**. ``No``, ``yes``, ``on``, ``2026-11-27``, ``1.10`` are never
  turned into booleans, dates or numbers behind the editor's back; the model decides
  what a field means. Only an empty value (or ``~``/``null``) is read as "nothing".
* Duplicate keys, anchors/aliases (``&``/``*``, the "billion laughs" trap), custom tags,
  tabs used for indentation, several documents in one file, files that are not UTF-8,
  nesting deeper than :data:`MAX_DEPTH` and files larger than :data:`MAX_FILE_BYTES`
  are rejected.
* A byte-order mark and Windows (CRLF) line endings are accepted; positions stay right.

The event stream comes from libyaml when PyYAML has it (fast), else from PyYAML's pure
Python parser. Composition is our own iterative loop, so no input can recurse deeply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_tools.core.errors import Diagnostic, Severity, display_path

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 32

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str"})
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LEADING_TAB = re.compile(r"^( *)\t", re.MULTILINE)

Path_ = tuple[Any, ...]


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass
class Document:
    """A parsed file: its data, and where each piece of it stands in the text."""

    path: Path
    data: Any = None
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    block_indent: dict[Path_, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def name(self) -> str:
        return display_path(self.path)

    def locate(self, loc: Path_, *, key: bool = False) -> Mark:
        """The position of ``loc``, or of its nearest known ancestor."""
        loc = tuple(loc)
        while loc:
            table = self.keys if key and loc in self.keys else self.values
            if loc in table:
                return table[loc]
            loc = loc[:-1]
            key = False
        return self.values.get((), Mark(1, 1))

    def locate_in_text(self, loc: Path_, line_offset: int, column: int) -> Mark:
        """Position of a character inside a multi-line ``|`` text value.

        ``line_offset`` is the 0-based line inside the value and ``column`` the 0-based
        column in that line. Other scalar styles point at the value itself.
        """
        start = self.locate(loc)
        indent = self.block_indent.get(tuple(loc))
        if indent is None:
            return start
        return Mark(start.line + 1 + line_offset, indent + 1 + column)

    def diagnostic(self, loc: Path_, message: str, *, key: bool = False,
                   severity: Severity = Severity.ERROR, mark: Mark | None = None) -> Diagnostic:
        mark = mark or self.locate(loc, key=key)
        return Diagnostic(self.name, mark.line, mark.column, severity, message)


def _mark(m: Any) -> Mark:
    return Mark(m.line + 1, m.column + 1)


def _describe(node_event: Any) -> str:
    if isinstance(node_event, yaml.MappingStartEvent):
        return "a group of keys"
    if isinstance(node_event, yaml.SequenceStartEvent):
        return "a list"
    return "text"


class _Frame:
    __slots__ = ("container", "path", "pending_key", "seen")

    def __init__(self, container: Any, path: Path_):
        self.container = container
        self.path = path
        self.pending_key: Any = None
        self.seen: dict[str, Mark] = {}


def decode(doc: Document, raw: bytes) -> str | None:
    """UTF-8 text without a byte-order mark, or None with a positioned diagnostic."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        doc.diagnostics.append(Diagnostic(
            doc.name, line, column, Severity.ERROR,
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02X} here); "
            "save it again with the encoding set to UTF-8"))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _scan_tabs(doc: Document, text: str) -> bool:
    found = False
    for m in _LEADING_TAB.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        doc.diagnostics.append(Diagnostic(
            doc.name, line, len(m.group(1)) + 1, Severity.ERROR,
            "a tab is used to indent this line; YAML needs spaces (set your editor to "
            "insert spaces for the Tab key)"))
        found = True
    return found


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "the YAML is not valid here").strip()
    context = ""
    if exc.context:
        context = f" ({exc.context.strip()}"
        if exc.context_mark is not None and exc.problem_mark is not None \
                and exc.context_mark.line != exc.problem_mark.line:
            context += f" that starts on line {exc.context_mark.line + 1}"
        context += ")"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = "; if the text contains ': ', put the whole text in quotes"
    elif "could not find expected ':'" in problem:
        hint = "; check that each key is followed by a colon and a space"
    elif "expected <block end>" in problem:
        hint = "; check the indentation: items of one list or group must line up"
    elif "maximum nesting depth" in problem:
        return f"the content is nested too deeply here; a flow file never needs more than {MAX_DEPTH} levels"
    elif "found character" in problem and "cannot start any token" in problem:
        hint = "; put the text in quotes"
    return f"YAML syntax error: {problem}{context}{hint}"


def parse_text(doc: Document, text: str) -> None:
    """Fill ``doc`` from ``text``; every problem lands in ``doc.diagnostics``."""
    err = doc.diagnostics.append
    parser = _PARSER(text)
    stack: list[_Frame] = []
    lines: list[str] | None = None  # split once, only if a "|" block needs it
    root_set = False
    documents = 0

    def attach(value: Any, mark: Mark, event: Any) -> Path_ | None:
        """Put ``value`` into the current container; returns its path (None for a key)."""
        nonlocal root_set
        if not stack:
            doc.data = value
            doc.values[()] = mark
            root_set = True
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            path = top.path + (len(top.container),)
            top.container.append(value)
            doc.values[path] = mark
            return path
        if top.pending_key is None:
            # This event is a key.
            if not isinstance(value, str):
                err(Diagnostic(doc.name, mark.line, mark.column, Severity.ERROR,
                               f"a key must be a plain word, not {_describe(event)}"))
                top.pending_key = ("<invalid>", mark)
                return None
            if value in top.seen:
                first = top.seen[value]
                err(Diagnostic(doc.name, mark.line, mark.column, Severity.ERROR,
                               f"duplicate key '{value}': it is already used on line {first.line}; "
                               "remove one of them"))
                top.pending_key = ("<duplicate>", mark)
            else:
                top.seen[value] = mark
                top.pending_key = (value, mark)
            return None
        key, key_mark = top.pending_key
        top.pending_key = None
        path = top.path + (key,)
        if key not in ("<invalid>", "<duplicate>"):
            top.container[key] = value
            doc.keys[path] = key_mark
            doc.values[path] = mark
        return path

    try:
        while True:
            event = parser.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    m = _mark(event.start_mark)
                    err(Diagnostic(doc.name, m.line, m.column, Severity.ERROR,
                                   "a second YAML document ('---') starts here; a flow file holds one"))
                    break
                continue
            mark = _mark(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                err(Diagnostic(doc.name, mark.line, mark.column, Severity.ERROR,
                               f"'*{event.anchor}' repeats text defined elsewhere with '&'; "
                               "anchors and aliases are not allowed: write the text out in full"))
                attach(None, mark, event)
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            tag = getattr(event, "tag", None)
            if isinstance(event, yaml.ScalarEvent):
                if tag not in _STR_TAGS and not (event.implicit[0] and tag is None):
                    err(Diagnostic(doc.name, mark.line, mark.column, Severity.ERROR,
                                   f"the tag '{tag}' is not allowed; remove it"))
                plain = bool(event.implicit[0])  # a plain (unquoted) scalar
                value = None if plain and event.value in _NULLS else event.value
                path = attach(value, mark, event)
                if path is not None and event.style == "|":
                    if lines is None:
                        lines = text.splitlines()
                    _record_block_indent(doc, lines, path, event)
                continue
            # Mapping or sequence start.
            if tag is not None and tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                err(Diagnostic(doc.name, mark.line, mark.column, Severity.ERROR,
                               f"the tag '{tag}' is not allowed; remove it"))
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            if len(stack) >= MAX_DEPTH:
                err(Diagnostic(doc.name, mark.line, mark.column, Severity.ERROR,
                               f"the content is nested more than {MAX_DEPTH} levels deep here; "
                               "a flow file never needs that many"))
                return
            path = attach(container, mark, event)
            stack.append(_Frame(container, path if path is not None else ("<key>",)))
    except yaml.MarkedYAMLError as exc:
        m = _mark(exc.problem_mark or exc.context_mark)
        err(Diagnostic(doc.name, m.line, m.column, Severity.ERROR, _syntax_message(exc)))
        doc.data = None
    except yaml.YAMLError as exc:  # reader errors (e.g. control characters) carry a position
        pos = getattr(exc, "position", None)
        line, col = 1, 1
        if pos is not None:
            line = text.count("\n", 0, pos) + 1
            col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        reason = getattr(exc, "reason", None) or str(exc)
        char = text[pos] if pos is not None and pos < len(text) else None
        what = f" (character U+{ord(char):04X})" if char else ""
        err(Diagnostic(doc.name, line, col, Severity.ERROR,
                       f"this character cannot appear in a YAML file{what}: {reason}"))
        doc.data = None
    if not root_set and not doc.diagnostics:
        doc.data = None


def _record_block_indent(doc: Document, lines: list[str], path: Path_, event: Any) -> None:
    # The content of a literal block starts on the line after the '|' indicator.
    for i in range(event.start_mark.line + 1, len(lines)):
        ln = lines[i]
        if ln.strip():
            doc.block_indent[path] = len(ln) - len(ln.lstrip(" "))
            return


def load_text(path: Path, text: str) -> Document:
    doc = Document(path=Path(path))
    if not _scan_tabs(doc, text):
        parse_text(doc, text)
    return doc


def load_file(path: Path | str) -> Document:
    """Read and parse one file. I/O problems raise ``OSError`` (a usage error)."""
    path = Path(path)
    doc = Document(path=path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        doc.diagnostics.append(Diagnostic(
            doc.name, 1, 1, Severity.ERROR,
            f"this file is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB: split the flow into smaller flows"))
        return doc
    text = decode(doc, path.read_bytes())
    if text is None:
        return doc
    loaded = load_text(path, text)
    return loaded
