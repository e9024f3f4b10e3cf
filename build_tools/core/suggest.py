"""One "did you mean …?" for every message that names something unknown."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_LIMIT = 2_000  # above this many choices, suggesting costs more than it helps


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest known word, or ``""``."""
    choices = list(known)
    if len(choices) > _LIMIT:
        return ""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
