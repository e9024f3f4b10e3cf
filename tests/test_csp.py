"""build_tools.core.csp: the one hash of an inline style or script, as browsers compute it."""

from __future__ import annotations

import base64
import hashlib

from build_tools.core.csp import hash_source


def test_known_values():
    # sha256("") and sha256("a{}") in base64, as a CSP source expression.
    assert hash_source("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    assert hash_source("a{}") == "'sha256-" + base64.b64encode(hashlib.sha256(b"a{}").digest()).decode() + "'"


def test_the_text_is_hashed_as_utf8_and_exactly():
    assert hash_source("é") == "'sha256-" + base64.b64encode(hashlib.sha256("é".encode("utf-8")).digest()).decode() + "'"
    assert hash_source("a{}") != hash_source("a{} ") != hash_source(" a{}")


def test_the_questionnaire_and_the_headers_use_it():
    from build_tools.outputs.questionnaire import page
    from build_tools.site import render_headers

    assert page.hash_source is hash_source and render_headers.hash_source is hash_source
