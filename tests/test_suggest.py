"""build_tools.core.suggest: the one "did you mean …?"."""

from __future__ import annotations

from build_tools.core import suggest


def test_suggests_the_closest_known_word():
    assert suggest.did_you_mean("outcom", ["step", "question", "outcome"]) == "; did you mean 'outcome'?"
    assert suggest.did_you_mean("first-stp", {"first-step": 0, "end": 1}) == "; did you mean 'first-step'?"


def test_nothing_when_no_word_is_close():
    assert suggest.did_you_mean("banana", ["step", "question", "outcome"]) == ""
    assert suggest.did_you_mean("x", []) == ""


def test_accepts_any_iterable_once():
    assert suggest.did_you_mean("stepp", (w for w in ["step", "stop"])) == "; did you mean 'step'?"


def test_too_many_choices_gives_no_suggestion():
    many = [f"node-{i}" for i in range(suggest._LIMIT + 1)]
    assert suggest.did_you_mean("node-1x", many) == ""
    assert suggest.did_you_mean("node-1x", many[: suggest._LIMIT]) != ""
