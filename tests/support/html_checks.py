"""Parse HTML and assert that nothing in it can run: shared by the safety tests."""

from __future__ import annotations

import html.parser
import re


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)


def parse(text: str) -> Tags:
    t = Tags()
    t.feed(text)
    return t


FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed", "img", "form", "base", "math"})


def assert_nothing_live(doc: Tags, where: str, *, allow: tuple[str, ...] = ()) -> None:
    """No script, frame, image, form; no on* handler; no javascript:/data: address."""
    for tag, attrs in doc.tags:
        assert tag not in FORBIDDEN_TAGS - set(allow), (where, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            if name in ("href", "src", "action", "xlink:href", "formaction"):
                assert not re.match(r"\s*(javascript|vbscript):", value, re.I), (where, tag, value)
                if not (tag == "link" and attrs.get("rel") == "icon" and value == "data:,"):
                    assert not re.match(r"\s*data:", value, re.I), (where, tag, value)
