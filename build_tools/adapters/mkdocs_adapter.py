"""The MkDocs plugin: the only module that imports mkdocs.

* ``on_config`` loads and validates every flow and page; a content error stops the build
  with the same ``FILE:LINE:COL`` lines as ``python -m build_tools check``.
* ``on_files`` adds the generated pages, diagrams and questionnaires as virtual files
  (``File.generated``) and hides ``site_overrides/pathway/`` templates from the output.
* ``on_serve`` watches ``flows/`` so an editor sees a change within seconds.
* ``on_env`` gives the theme's Jinja Pathway's catalogue for the site's language
  (``theme.language``): ``_()`` and ``pathway_date()``, which the page footer partial and
  the 404 page (``site_overrides/404.html``) use. Generated pages in another language
  carry their own footer words in their front matter
  (:func:`build_tools.outputs.render_pages.footer_words`), which Zensical, which runs no
  plugins, reads too.
* ``on_config`` also puts the reader's words written in ``mkdocs.yml`` (copyright, the
  light/dark switch, the description, the nav's section titles) into the language being
  built, from the same catalogue (:mod:`build_tools.source.site_words`).

``build_site`` is the atomic ``make site``: build into a temporary folder with
``--strict``, and swap it into place only after a clean build.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config as MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from build_tools.core.i18n import N_
from build_tools.site import build_cache
from build_tools.source.config import OVERRIDE_SUBDIR, Config

log = logging.getLogger("mkdocs.plugins.pathway")

#: The words of site_overrides/404.html, marked for ``make messages`` (the template is the
#: theme's, outside the package's templates that Babel reads).
NOT_FOUND_WORDS = (
    N_("Page not found"),
    N_("There is no page at this address. It may have moved, or there may be a mistake in the "
       "address."),
    N_("Go to the home page"),
)


class PathwayConfig(MkDocsConfig):
    flows_dir = c.Type(str, default="flows")
    cache_dir = c.Type(str, default=".cache/pathway")
    reading_grade = c.Type((int, float), default=8)
    diagrams = c.Type(bool, default=True)
    glossaries_dir = c.Type(str, default="glossaries")
    #: Other languages, each published as an edition in its own folder (build_tools.site.editions).
    languages = c.Type((list, dict), default=[])
    #: Set by build_site for an edition's build: the language it builds.
    edition = c.Optional(c.Type(str))
    #: Set by build_site for an edition's build: the site's own language.
    default_language = c.Optional(c.Type(str))


class PathwayPlugin(BasePlugin[PathwayConfig]):
    #: ``mkdocs build`` skips the reading-grade check: its warnings are only logged at INFO
    #: (``make check`` reports them) and loading textstat's dictionary costs ~0.8 s per build.
    #: ``mkdocs serve`` keeps it, so editors still see the grades while they write.
    readability = True

    def on_startup(self, *, command, dirty):
        self.readability = command == "serve"

    def on_config(self, config):
        root = Path(config.config_file_path).parent.resolve()
        theme_dir = config.theme.custom_dir
        edition = self.config.edition
        self.settings = Config.from_options(root, dict(self.config), docs_dir=config.docs_dir,
                                            custom_dir=theme_dir if theme_dir else None,
                                            site_url=config.site_url, nav=config.nav,
                                            # an edition's nav is derived, not written: no nav rules
                                            config_file=None if edition else Path(config.config_file_path),
                                            language=edition or str(config.theme.get("language") or "en"))
        # Unchanged inputs: reuse the last clean build's result (see build_cache).
        self.cache_key = self._key()
        cached = build_cache.load(self.settings.cache_dir / "build", self.cache_key)
        if cached is not None:
            self.diagnostics, self.generated, self.extra = cached
            self.flows = self.pages = None
        else:
            from build_tools.site import navigation, pipeline

            result = pipeline.check(pipeline.discover(self.settings), self.settings,
                                    readability_check=self.readability, whole_site=True)
            if result.errors:
                raise PluginError("content errors:\n" + "\n".join(str(d) for d in result.errors))
            self.diagnostics, self.generated = result.warnings, None
            self.flows = [flow for flow, _ in result.flows]
            self.pages = result.pages
            self.extra = {
                "nav": (self._edition_nav(config.nav, result) if edition
                        else navigation.arrange(config.nav, self.flows)),
                "page_sets": self._page_sets(result),
                "pages": self._prepared(result.pages),
            }
        config.nav = self.extra["nav"]
        from build_tools.core import i18n
        from build_tools.source import site_words

        site_words.translate(config, i18n.gettext(self.settings.language))
        for d in self.diagnostics:
            log.info(str(d))  # warnings are for `check`; they must not fail `mkdocs build --strict`
        return config

    def _prepared(self, pages) -> dict[str, str]:
        """Every hand-written page's Markdown as the core prepares it (the glossary read once)."""
        from build_tools.source import glossary
        from build_tools.site import pipeline

        gl = glossary.load_for(self.settings, self.flows)
        return {p.path: pipeline.prepare_page(p.path, self._body(p.path), flows=self.flows,
                                              config=self.settings, topic=p.meta.topic, glossary=gl)
                for p in pages}

    def _edition_nav(self, nav, result):
        """The edition's nav: the site's nav, translated pages in place, the others marked."""
        from build_tools.site import editions, navigation, registry as outputs
        from build_tools.core import i18n

        from build_tools.core import ids
        from build_tools.site import pipeline

        _ = i18n.gettext(self.settings.language)
        label = lambda title: _("%(title)s (English)", title=title)  # noqa: E731
        translated = {p.path for p in result.pages} | set(outputs.site_paths())
        gdir = self.settings.glossaries_dir
        if not (gdir and any(gdir.glob("*.yml"))):  # no glossary in this language yet: the site's
            translated.discard(outputs.GLOSSARY_PAGE)
        own = ((self.settings.edition_settings or {}).get(self.settings.language) or {}).get("nav") or {}
        from build_tools.source import site_words

        # Section titles: the edition's own setting, else the catalogue (site_words).
        titles = {t: own.get(t) or _(t) for t in site_words.section_titles(nav)}
        entries = [navigation.flow_entry(f) for f in sorted(self.flows, key=lambda f: f.id)]
        # The site's own flows not translated yet: listed, marked, leading to the original.
        mine = {f.id for f in self.flows}
        default = _default_of(self.settings)
        for path in sorted(default.flows_dir.glob("*")):
            flow = pipeline.load_flow(path)[0] if path.suffix in pipeline.FLOW_SUFFIXES else None
            if flow is not None and flow.id not in mine:
                entries.append({label(flow.nav_title or flow.title):
                                "../" + ids.page_url(ids.overview_page(flow.id))})
        return editions.edition_nav(nav, translated=translated, section_titles=titles,
                                    flows_entries=entries, english_label=label)

    def _page_sets(self, result) -> dict[str, list[str]]:
        """The pages each language publishes (for hreflang and the switcher)."""
        from build_tools.site import editions, registry as outputs, pipeline

        base = self.settings
        if not base.languages:
            return {}
        root_config = base if base.edition is None else _default_of(base)
        sets: dict[str, list[str]] = {}
        for lang, cfg in [("", root_config), *((e.edition, e) for e in editions.editions(root_config))]:
            if base.edition == (lang or None) and result is not None:
                flows = [f for f, _ in result.flows]
            else:
                flows = [f for f in (pipeline.load_flow(p)[0] for p in pipeline.discover(cfg)
                                     if p.suffix in pipeline.FLOW_SUFFIXES) if f is not None]
            pages = {p.relative_to(cfg.content_dir).as_posix() for p in pipeline.discover(cfg)
                     if p.suffix == ".md"}
            claimed = {c.path for f in flows for _, c in outputs.claims(f)}
            sets[lang] = sorted(p for p in pages | claimed | set(outputs.site_paths()) if p.endswith(".md"))
        return sets

    def on_page_context(self, context, *, page, config, nav):
        """Every language's counterpart of this page: hreflang links and Material's switcher."""
        sets = self.extra.get("page_sets") or {}
        if sets:
            from build_tools.site import editions

            root = editions.site_root(_default_of(self.settings).site_url if self.settings.edition
                                      else self.settings.site_url)
            config.extra["alternate"] = editions.alternates(page.file.src_uri, sets,
                                                            _site_language(config, self.config), root)
        return context

    def _body(self, path: str) -> str:
        from build_tools.source.pages import split_front_matter

        text = (self.settings.content_dir / path).read_text(encoding="utf-8")
        return split_front_matter(text)[1]

    def on_page_markdown(self, markdown, *, page, config, files):
        """Hand-written pages as the core prepares them (flow list, glossary meanings)."""
        return self.extra["pages"].get(page.file.src_uri, markdown)

    def _key(self) -> str:
        return build_cache.key(self.settings, today=dt.date.today(),
                               options=(self.readability, sorted(dict(self.config).items())))

    def on_files(self, files: Files, config) -> Files:
        editions = tuple(f"{lang}/" for lang in self.settings.languages) if not self.config.edition else ()
        for f in list(files):
            if f.src_uri.startswith(OVERRIDE_SUBDIR + "/"):
                files.remove(f)  # our template overrides are not site assets
            elif editions and f.src_uri.startswith(editions):
                files.remove(f)  # a language edition's pages: built into its own folder
        if self.config.edition:  # the site's styles and images serve every edition
            from build_tools.site import pipeline

            for rel in pipeline.shared_assets(_default_of(self.settings)):
                if files.get_file_from_path(rel) is None:
                    files.append(File(rel, src_dir=str(_default_of(self.settings).content_dir),
                                      dest_dir=config.site_dir,
                                      use_directory_urls=config.use_directory_urls))
        if self.generated is None:
            from build_tools.site import pipeline

            self.generated = pipeline.render(self.flows, self.settings, pages=self.pages,
                                             diagrams=self.config.diagrams)
            if self._key() == self.cache_key:  # nothing was saved while we were building
                build_cache.store(self.settings.cache_dir / "build", self.cache_key,
                                  self.diagnostics, self.generated, self.extra)
        for path, data in sorted(self.generated.items()):  # same order, cached or not
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{path} is both hand-written and generated")
            files.append(File.generated(config, path, content=data))
        return files

    def on_post_build(self, *, config):
        """The whole-site passes on the pages just built: the search index, then ``_headers``
        (the CSP hashes are read from the pages). ``build_site`` runs them once, after every
        edition is built, instead."""
        if self.config.edition or _whole_site_pending:
            return
        whole_site_passes(Path(config.site_dir), self.settings.cache_dir)

    def on_env(self, env, *, config, files):
        """The footer partial's words and dates in the site's language (see the module docstring)."""
        from build_tools.core import i18n

        language = str(config.theme.get("language") or "en")
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(i18n.translations(language), newstyle=True)
        env.globals["pathway_date"] = lambda value: _footer_date(value, language)
        return env

    def on_serve(self, server, config, builder):
        server.watch(str(self.settings.flows_dir))
        return server


#: True while build_site builds the site and its editions: it runs the whole-site passes
#: once at the end, so a build with editions does not index and scan the pages twice.
_whole_site_pending = False


def whole_site_passes(site_dir: Path, cache_dir: Path) -> None:
    """Index the built site for search, then write ``_headers`` from its pages."""
    from build_tools.site import render_headers, search_index

    try:
        search_index.write_index(site_dir, cache_dir=cache_dir / "search")
        render_headers.write_headers(site_dir, cache_file=cache_dir / "headers-scan.json")
    except (render_headers.HeaderError, search_index.SearchIndexError) as exc:
        raise PluginError(str(exc)) from None


def _site_language(config, options) -> str:
    """The site's own language (the default edition's)."""
    return str(config.theme.get("language") or "en") if not options.get("edition") else \
        str(options.get("default_language") or "en")


def _default_of(edition_config: Config) -> Config:
    """The site's own configuration, from an edition's (the inverse of editions.edition)."""
    import dataclasses

    lang = edition_config.edition
    return dataclasses.replace(
        edition_config, flows_dir=edition_config.flows_dir.parent,
        content_dir=edition_config.content_dir.parent,
        glossaries_dir=edition_config.glossaries_dir.parent if edition_config.glossaries_dir else None,
        site_url=(edition_config.site_url[: -len(f"{lang}/")] if edition_config.site_url else None),
        edition=None)


def _footer_date(value, language: str) -> str:
    """A front matter date (a date, or an ISO string) as readers of ``language`` write it."""
    from build_tools.core import i18n

    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return i18n.format_date(value, language)


def material_language(language: str) -> str:
    """The Material for MkDocs interface language for a BCP 47 tag (``zh-Hans`` → ``zh``)."""
    from pathlib import Path

    import material

    available = {p.stem for p in (Path(material.__file__).parent / "templates" / "partials"
                                  / "languages").glob("*.html")}
    tag = language.replace("_", "-")
    candidates = [tag, tag.lower(), tag.split("-")[0]]
    if tag.lower() in ("zh-hans", "zh-cn", "zh-sg"):
        candidates.insert(0, "zh")
    for c in candidates:
        if c in available:
            return c
    return "en"


def _edition_overrides(config_file: Path, project: Config, language: str, site_dir: Path) -> dict:
    """``load_config`` settings that turn mkdocs.yml into the ``language`` edition's build:
    its docs, flows and glossaries folders, its address, Material in its language."""
    import copy

    from build_tools.site import editions
    from build_tools.source.site_check import read_config

    data = read_config(Path(config_file))[0]
    ed = editions.edition(project, language)
    theme = copy.deepcopy(data.get("theme") or {})
    if isinstance(theme, str):
        theme = {"name": theme}
    theme["language"] = material_language(language)
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(project.overrides_dir)
    plugins = []
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "pathway" in entry:
            options = dict(entry["pathway"] or {})
            options.update(flows_dir=str(ed.flows_dir), glossaries_dir=str(ed.glossaries_dir),
                           cache_dir=str(project.cache_dir), edition=language,
                           default_language=project.language)
            entry = {"pathway": options}
        plugins.append(entry)
    validation = copy.deepcopy(data.get("validation") or {})
    # Pages the edition has not translated are linked by their address on the site (one
    # folder up), which MkDocs cannot see as files of this build.
    validation.setdefault("links", {})["unrecognized_links"] = "info"
    validation.setdefault("nav", {})["not_found"] = "info"
    out = {"docs_dir": str(ed.content_dir), "site_dir": str(site_dir), "theme": theme,
           "plugins": plugins, "validation": validation}
    settings = (project.edition_settings or {}).get(language, {})
    if settings.get("site_name"):
        out["site_name"] = settings["site_name"]
    if ed.site_url:
        out["site_url"] = ed.site_url
    return out


def build_site(config_file: Path, site_dir: Path) -> int:
    """``mkdocs build --strict`` into a temporary folder, then swap it into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

    from build_tools.core import atomic

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)

    project = Config.load(config_file)
    atomic.check_target(site_dir, root=project.root, looks_like="index.html",
                        sources=[project.flows_dir, project.content_dir, project.overrides_dir])

    def fill(tmp: Path) -> None:
        global _whole_site_pending
        _whole_site_pending = True
        try:
            cfg = load_config(str(config_file), site_dir=str(tmp), strict=True)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
            for language in project.languages:  # each edition into its folder (build_tools.site.editions)
                cfg = load_config(str(config_file), strict=True,
                                  **_edition_overrides(config_file, project, language, tmp / language))
                try:
                    build(cfg)
                finally:
                    cfg.plugins.on_shutdown()
        finally:
            _whole_site_pending = False
        whole_site_passes(tmp, project.cache_dir)  # one index and one _headers for every edition

    try:
        atomic.replace_directory(site_dir, fill)
    except (Abort, BuildError, ConfigurationError, PluginError) as exc:
        if str(exc):
            print(exc, file=sys.stderr)
        print(f"site build failed: {site_dir}/ was left as it was", file=sys.stderr)
        return 1
    finally:
        mkdocs_log.removeHandler(handler)
    print(f"site built into {site_dir}/", file=sys.stderr)
    return 0
