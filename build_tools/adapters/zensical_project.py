"""A Zensical project for the folder ``render --out`` writes: ``make zensical``.

Zensical, Material for MkDocs' successor, reads ``mkdocs.yml`` but runs no MkDocs plugins,
and wants its docs and site folders inside the folder of its configuration. So
``python -m build_tools.adapters.zensical_project BUILD_DIR`` writes, from the project's mkdocs.yml:

* ``BUILD_DIR/mkdocs.yml``: the same settings, with ``docs_dir: docs`` (where ``render --out``
  goes), ``site_dir: site``, no ``pathway`` plugin, snippets read from ``docs``,
  ``custom_dir: overrides`` and, unless mkdocs.yml says otherwise, ``variant: classic``;
* the nav with every flow in it (:func:`build_tools.site.navigation.arrange`, as the plugin does);
  our Markdown extension (``build_tools.outputs.glossary_markdown``) is imported by Zensical's own
  Python, which ``deploy/zensical-build`` points at this project;
* ``BUILD_DIR/overrides/``: the theme overrides both engines share. An override that only
  Material needs starts with the line ``{#- material-only:`` and is left out: Material's
  partials are not Zensical's (its header and search are different components), and
  a Material copy there breaks Zensical's search header.

Then ``deploy/zensical-build`` runs ``render --out BUILD_DIR/docs`` and ``zensical build``.
No MkDocs import and no subprocess here.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

from build_tools.source.config import OVERRIDE_SUBDIR, Config, MkDocsYamlLoader

#: The first line of an override that only Material for MkDocs needs.
MATERIAL_ONLY_MARK = "{#- material-only:"


def is_material_only(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as f:
            return f.readline().startswith(MATERIAL_ONLY_MARK)
    except (UnicodeDecodeError, OSError):
        return False


def shared_overrides(overrides_dir: Path) -> list[Path]:
    """The overrides both engines use: relative paths, without ``pathway/`` (our own
    page templates, used before any engine runs) and without Material-only ones."""
    out = []
    for path in sorted(overrides_dir.rglob("*")):
        rel = path.relative_to(overrides_dir)
        if path.is_file() and rel.parts[0] != OVERRIDE_SUBDIR and not is_material_only(path):
            out.append(rel)
    return out


def _flows(config: Config) -> list:
    """Every flow that loads (``render --out`` has already refused a build with errors)."""
    from build_tools.site import pipeline

    paths = sorted(p for p in config.flows_dir.glob("*") if p.suffix in pipeline.FLOW_SUFFIXES)
    return [flow for flow in (pipeline.load_flow(p)[0] for p in paths) if flow is not None]


def zensical_config(config_file: Path, build_dir: Path) -> dict:
    """mkdocs.yml, pointed at ``docs/``, ``site/`` and ``overrides/`` in ``build_dir``,
    without our plugin. Snippets get an absolute path: they resolve against the working
    folder, not the configuration's."""
    data = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=MkDocsYamlLoader) or {}
    if data.get("nav") is not None:  # `- pathways/*` becomes one entry per flow, as in MkDocs
        from build_tools.site import navigation

        data["nav"] = navigation.arrange(data["nav"], _flows(Config.load(config_file)))
    data["docs_dir"] = "docs"
    data["site_dir"] = "site"
    data["plugins"] = [p for p in data.get("plugins") or []
                       if not (isinstance(p, dict) and "pathway" in p) and p != "pathway"]
    theme = data.get("theme") or {}
    if isinstance(theme, str):
        theme = {"name": theme}
    theme["custom_dir"] = "overrides"
    # Material's look, as in the MkDocs build. Zensical's default "modern" variant colours the
    # current navigation link #526cfe on #eef0ff (3.75:1), below WCAG's 4.5:1 (axe fails it).
    theme.setdefault("variant", "classic")
    data["theme"] = theme
    for ext in data.get("markdown_extensions") or []:
        if isinstance(ext, dict) and isinstance(ext.get("pymdownx.snippets"), dict):
            ext["pymdownx.snippets"]["base_path"] = [str(Path(build_dir).resolve() / "docs")]
    return data


def write_project(build_dir: Path, config_file: Path = Path("mkdocs.yml")) -> None:
    """``BUILD_DIR/mkdocs.yml`` and ``BUILD_DIR/overrides/`` (replaced); ``docs/`` is render's."""
    build_dir = Path(build_dir)
    config = Config.load(config_file)
    build_dir.mkdir(parents=True, exist_ok=True)
    text = ("# Written by `python -m build_tools.adapters.zensical_project` from mkdocs.yml for `make zensical`.\n"
            + yaml.safe_dump(zensical_config(config_file, build_dir), sort_keys=False, allow_unicode=True))
    (build_dir / "mkdocs.yml").write_text(text, encoding="utf-8")
    overrides = build_dir / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    overrides.mkdir()
    if config.overrides_dir.is_dir():
        for rel in shared_overrides(config.overrides_dir):
            (overrides / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(config.overrides_dir / rel, overrides / rel)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.adapters.zensical_project",
                                     description="write BUILD_DIR/mkdocs.yml and BUILD_DIR/overrides/ "
                                                 "for a Zensical build of `render --out BUILD_DIR/docs`")
    parser.add_argument("build_dir", type=Path, metavar="BUILD_DIR")
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    args = parser.parse_args(argv)
    try:
        write_project(args.build_dir, args.config_file)
    except (OSError, yaml.YAMLError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
