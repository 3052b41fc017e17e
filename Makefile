# Open Nijmegen: `make run` serves the site, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := open_nijmegen

.DEFAULT_GOAL := help

.PHONY: help run test test-fast lint format seed worker bench loadtest clean i18n-extract i18n-update i18n-compile i18n-init

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed: apt-get install -y python3 python3-venv"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "Python 3.11 or newer is needed"; exit 1; }
	@# PyICU (look-alike display names) builds against the system ICU.
	@pkg-config --exists icu-uc 2>/dev/null && command -v g++ >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo 'Installing libicu-dev, pkg-config and g++ (needed to build PyICU)'; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++ >/dev/null; \
	  else echo 'PyICU needs ICU: sudo apt-get install -y libicu-dev pkg-config g++'; exit 1; fi; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed ## Set up (venv, install, migrations, demo data) and serve on http://127.0.0.1:$(PORT)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data-if-empty
	@echo "Open Nijmegen draait op http://127.0.0.1:$(PORT) (stoppen: Ctrl+C). Mail verschijnt hieronder in de terminal."
	@trap 'kill 0' EXIT INT TERM; \
	  PORT=$(PORT) $(BIN)/flask worker & \
	  PORT=$(PORT) $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: $(BIN)/.installed ## Run the whole suite on SQLite and PostgreSQL, with browser and HTML checks
	bash scripts/test.sh

test-fast: $(BIN)/.installed ## Run the suite on SQLite only, without browser and HTML checks
	$(BIN)/pytest -q -m "not browser and not htmlcheck"

lint: $(BIN)/.installed ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

seed: $(BIN)/.installed ## Load the demo data (idempotent)
	$(BIN)/flask db upgrade
	$(BIN)/flask demo-data

worker: $(BIN)/.installed ## Run the background worker (mail, lottery, digests, purge)
	$(BIN)/flask worker

bench: $(BIN)/.installed ## Benchmarks with data sizes and a baseline (PostgreSQL, gunicorn, wrk)
	bash scripts/bench.sh

loadtest: $(BIN)/.installed ## Load and faults: 2 app servers, 2 workers, Redis, PostgreSQL, ~300 residents (3 min)
	bash scripts/loadtest.sh

# Translations (README "Languages"). Dutch is the source language; every other language has a
# catalog open_nijmegen/translations/<code>/LC_MESSAGES/messages.po and a compiled .mo next to it
# (committed, so a fresh clone runs without this step).
TRANSLATIONS := open_nijmegen/translations
POT := $(TRANSLATIONS)/messages.pot

i18n-extract: $(BIN)/.installed ## Collect every UI string into open_nijmegen/translations/messages.pot
	mkdir -p $(TRANSLATIONS)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext --sort-by-file --no-wrap -o $(POT) .

i18n-update: i18n-extract ## Add new strings to every catalog (.po); translate them, then: make i18n-compile
	$(BIN)/pybabel update -i $(POT) -d $(TRANSLATIONS) --no-fuzzy-matching --no-wrap --ignore-obsolete
	@# no extraction time in the catalogs: it changed on every update and made merges conflict
	sed -i -E '/^"POT-Creation-Date: /d' $(TRANSLATIONS)/*/LC_MESSAGES/messages.po

i18n-compile: $(BIN)/.installed ## Compile every catalog (.po -> .mo); the tests check the .mo is up to date
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

i18n-init: i18n-extract ## Start a catalog for a new language: make i18n-init LOCALE=pl
	@test -n "$(LOCALE)" || { echo "Give the language: make i18n-init LOCALE=pl"; exit 1; }
	$(BIN)/pybabel init -i $(POT) -d $(TRANSLATIONS) -l $(LOCALE) --no-wrap

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache
