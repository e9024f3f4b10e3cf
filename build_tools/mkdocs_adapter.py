"""The MkDocs plugin's former import path, kept for configurations that name it.

The plugin lives in :mod:`build_tools.adapters.mkdocs_adapter` (entry point ``pathway``).
"""

from build_tools.adapters.mkdocs_adapter import PathwayPlugin, build_site  # noqa: F401
