"""Pathway: structured treatment pathways in YAML, published as patient pages,
decision diagrams and a script-free questionnaire.

The core (load -> validate -> render) never imports MkDocs; see ``pipeline``.
"""

__version__ = "0.1.0"
