"""Make any attempt to start a program fail loudly (to prove a cache hit runs nothing)."""

from __future__ import annotations

import subprocess

import graphviz


def forbid_processes(monkeypatch, why: str) -> None:
    def boom(*args, **kwargs):
        raise AssertionError(why)

    monkeypatch.setattr(graphviz, "pipe", boom)
    monkeypatch.setattr(graphviz, "version", boom)
    monkeypatch.setattr(subprocess, "run", boom)
    monkeypatch.setattr(subprocess, "Popen", boom)
