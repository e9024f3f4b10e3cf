"""A small project with a Spanish and an Arabic edition, for the language and right-to-left tests.

``tests/fixtures/editions/`` holds its flows and pages: one English flow (``before-surgery``)
and its Spanish and Arabic translations, and a home page in each language. :func:`make_project`
copies them next to the repository's own theme overrides and stylesheets, with a
``mkdocs.yml`` made from the repository's: the same reader's words (site name, copyright,
light/dark switch), so the catalogues translate them, a nav of its own, and the two editions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from build_tools.source.config import MkDocsYamlLoader

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "editions"
LANGUAGES = ("es", "ar")
FLOW = "before-surgery"


def make_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURE / "flows", dest / "flows")
    shutil.copytree(FIXTURE / "content", dest / "content")
    shutil.copytree(ROOT / "content" / "assets", dest / "content" / "assets")
    shutil.copytree(ROOT / "site_overrides", dest / "site_overrides")
    (dest / "glossaries").mkdir()
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=MkDocsYamlLoader)
    config["nav"] = [{"Home": "index.md"}, {"Pathways": ["pathways/*"]},
                     {"Sources": "sources.md"},
                     {"For hospitals": [{"Embed a questionnaire": "embed.md"}]}]
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "pathway" in entry:
            entry["pathway"]["languages"] = {language: {} for language in LANGUAGES}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                     encoding="utf-8")
    return dest
