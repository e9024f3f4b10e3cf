"""Shared test infrastructure: a local HTTP server, Chromium via Playwright, and checkers
(axe-core, the W3C Nu HTML checker, lynx). Used by the questionnaire tests and the
site-wide gates."""
