"""Content Security Policy hash sources: the one way an inline style or script is allowed.

A policy that allows no ``'unsafe-inline'`` allows an inline ``<style>``, ``<script>`` or
``style`` attribute only by the SHA-256 of its exact text. The questionnaire writes the hash of
its own ``<style>`` into its ``<meta>`` policy, and the production headers hash what the built
pages hold; both use :func:`hash_source`, so the two can never disagree on the encoding.
"""

from __future__ import annotations

import base64
import hashlib


def hash_source(text: str) -> str:
    """The CSP source expression (``'sha256-<base64>'``) that allows an inline element or
    attribute whose text is exactly ``text`` (UTF-8, as the browser hashes it)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
