# The Hemifacial Spasm site. `make run` serves it; `make test` runs the whole suite.
# Everything is set up in .venv on first use; nothing outside the project folder is touched.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install install-dev run serve migrate static test lint format check clean

help:
	@echo "make run       set up .venv, migrate, load the seed article, collect static, serve on http://$(HOST):$(PORT)"
	@echo "make test      install the test tools and run the whole suite"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make check     Django system checks and missing-migration check"
	@echo "make clean     remove .venv, collected static files and caches (keeps db.sqlite3)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: migrate static
	@$(PY) manage.py ensure_moderator --url http://$(HOST):$(PORT)
	@echo "Site: http://$(HOST):$(PORT)/   (Ctrl-C stops it)"
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) hfs_site.wsgi

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
