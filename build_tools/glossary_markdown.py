"""The Markdown extension's stable name for ``mkdocs.yml`` (``build_tools.glossary_markdown``).

The extension lives in :mod:`build_tools.outputs.glossary_markdown`; this name stays so that
every ``mkdocs.yml`` that lists it (ours, hospitals', Zensical's) keeps working.
"""

from build_tools.outputs.glossary_markdown import (  # noqa: F401
    REFERENCE_PREFIX,
    FirstUseTreeprocessor,
    GlossaryExtension,
    makeExtension,
)
