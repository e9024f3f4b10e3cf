"""The footer every English page carries (sources, review dates, disclaimer), for the site gates."""

from __future__ import annotations

import re


def assert_review_footer(text: str, page) -> None:
    """``text`` (a built page) shows when it was last reviewed, when it is due, and the disclaimer."""
    assert re.search(r"Page last reviewed: <time datetime=\"\d{4}-\d\d-\d\d\">\d{1,2} \w+ \d{4}</time>", text), page
    assert re.search(r"Next review due: <time datetime=\"\d{4}-\d\d-\d\d\">", text), page
    assert "does not replace advice from your own care team" in text, page
