# Two commands on a fresh Debian machine:
#   make site   set up, then build the site into site/ (atomically, with --strict)
#   make test   set up (plus test tools), then run the whole suite
SHELL := /bin/bash
.DEFAULT_GOAL := site
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := $(VENV)/.stamps
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
# Zensical, Material's successor, in its own venv (it pins its own Markdown extensions)
ZENSICAL_VERSION := 0.0.73
ZENSICAL_VENV := .venv-zensical
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.zensical-$(ZENSICAL_VERSION)
ZENSICAL_SITE ?= site-zensical
ZENSICAL_BUILD ?= .zensical-build

.PHONY: site test check serve bench schema clean system-deps test-system-deps
.PHONY: zensical preview nginx-deps

site: $(STAMPS)/runtime system-deps
	$(PY) -m build_tools site --site-dir site

test: $(STAMPS)/test test-system-deps node_modules/.stamp $(ZENSICAL_STAMP)
	PATHWAY_STRICT_SKIPS=1 $(PY) -m pytest $(PYTEST_ARGS)

check: $(STAMPS)/runtime
	$(PY) -m build_tools check

serve: $(STAMPS)/runtime system-deps
	$(VENV)/bin/mkdocs serve

bench: $(STAMPS)/bench test-system-deps node_modules/.stamp
	$(PY) -m benchmarks

schema: $(STAMPS)/runtime
	$(PY) -m build_tools schema --write flows/schema.json

# Re-extract build_tools/locales/pathway.pot (Babel: templates, code and the reader's words in
# mkdocs.yml) and update every .po from it; then translate the new msgids in every catalogue
# (tests/test_i18n.py fails while one has an empty or fuzzy entry; `check` warns).
.PHONY: messages
messages: $(STAMPS)/runtime
	$(PY) -m build_tools messages

# Rewrite the golden files (expected outputs) from the current code; review `git diff` after.
# Only this (pytest --update-golden) rewrites them: an environment variable never does.
.PHONY: golden
golden: $(STAMPS)/test system-deps
	$(PY) -m pytest -q --update-golden $$(grep -l -e assert_golden -e check_golden tests/test_*.py)
	git status --short -- tests/golden tests/corpus

# --- Zensical (Material's successor) builds `render --out` into site-zensical/ --------------
zensical: $(STAMPS)/runtime system-deps $(ZENSICAL_STAMP)
	ZENSICAL=$(ZENSICAL_VENV)/bin/zensical PY=$(PY) deploy/zensical-build $(ZENSICAL_SITE) $(ZENSICAL_BUILD)

$(ZENSICAL_STAMP):
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check zensical==$(ZENSICAL_VERSION)
	touch $@

# --- make preview: site/ through deploy/nginx.conf (the production headers) until stopped --
# PORT=8000 by default; SITE_DIR=site (built first unless PREVIEW_BUILD=0).
SITE_DIR ?= site
PORT ?= 8000
PREVIEW_BUILD ?= 1

preview: $(STAMPS)/runtime system-deps nginx-deps
	@if [ "$(PREVIEW_BUILD)" = 1 ]; then $(PY) -m build_tools site --site-dir $(SITE_DIR); fi
	PY=$(PY) deploy/preview $(SITE_DIR) $(PORT)

# --- Python ------------------------------------------------------------------------------
$(STAMPS)/venv:
	$(PYTHON) -m venv $(VENV)
	mkdir -p $(STAMPS) && touch $@

$(STAMPS)/runtime: pyproject.toml $(STAMPS)/venv
	$(PY) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(STAMPS)/test: pyproject.toml $(STAMPS)/runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(STAMPS)/bench: pyproject.toml $(STAMPS)/runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	touch $@

# --- Debian packages: installed when missing and we are root, else the command is printed --
APT_INSTALL = if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else echo "Missing Debian packages. Please run:  sudo apt-get install -y$$missing" >&2; exit 1; fi

# Fonts the diagrams name (build_tools/outputs/render_diagram.py): DejaVu Sans (Latin, and
# the Arabic and Hebrew letters right-to-left charts are shaped with) and Noto Sans CJK.
system-deps:
	@missing=""; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then $(APT_INSTALL); fi

test-system-deps: system-deps nginx-deps
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v lynx >/dev/null || missing="$$missing lynx"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then $(APT_INSTALL); fi

nginx-deps:
	@missing=""; \
	[ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then $(APT_INSTALL); fi

# The W3C Nu HTML checker (vnu-jar) for the HTML gates; Lighthouse for make bench.
node_modules/.stamp: package.json
	npm install --no-audit --no-fund --no-package-lock --silent
	touch $@

clean:
	rm -rf site .site.* .cache .pytest_cache .hypothesis
	rm -rf $(ZENSICAL_SITE) $(ZENSICAL_SITE).old.* $(ZENSICAL_BUILD)
