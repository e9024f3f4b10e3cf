"""Python-Markdown set up exactly as mkdocs.yml sets it up, for tests of what text becomes."""

from __future__ import annotations

from pathlib import Path

import markdown
import yaml

from build_tools.source.config import MkDocsYamlLoader

ROOT = Path(__file__).resolve().parent.parent.parent


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions and options of mkdocs.yml."""
    data = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=MkDocsYamlLoader)
    names, configs = [], {}
    for ext in data["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, options), = ext.items()
            names.append(name)
            configs[name] = dict(options or {})
        else:
            names.append(ext)
    if "pymdownx.snippets" in configs:
        configs["pymdownx.snippets"]["base_path"] = [str(ROOT / "content")]
        configs["pymdownx.snippets"]["auto_append"] = []  # appended files would add their own text
    return markdown.Markdown(extensions=names, extension_configs=configs)
