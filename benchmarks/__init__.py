"""Benchmarks for Pathway: build cost, scaling and page weight (issue 8).

``make bench`` (``python -m benchmarks``) runs every section and writes
``benchmarks/RESULTS.md``. ``python -m benchmarks --quick`` is a smoke run that proves the
code works; its figures mean nothing. Benchmarks measure; they never fail a build.

Sections: :mod:`benchmarks.overhead`, :mod:`benchmarks.scaling`,
:mod:`benchmarks.editor_loop`, :mod:`benchmarks.page_weight`.
"""
