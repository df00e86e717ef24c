# The Hemifacial Spasm site. `make run` serves it; `make test` runs the whole suite.
# Everything is set up in .venv on first use; nothing outside the project folder is touched,
# except by `make browser` (installs Debian's chromium) and `make services` (starts the machine's
# PostgreSQL and Redis when they are stopped), which `make test` and CI use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

# `make test-pg` runs on the machine's PostgreSQL and Redis. The test database and the cache key
# prefix are named after this make's process id, so that runs at the same time never drop each
# other's database; the tests empty Redis database $(REDIS_TEST_DB) (cache.clear() flushes it).
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_TEST_DB ?= 15
REDIS_TEST_URL ?= redis://127.0.0.1:6379/$(REDIS_TEST_DB)
RUN_ID := $(shell echo $$PPID)
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install install-dev run migrate static test test-sqlite test-pg browser \
	services lint format check bench spam-report clean nginx gettext messages messages-check

help:
	@echo "make run       set up .venv, migrate, load the seed article, collect static, serve on http://$(HOST):$(PORT)"
	@echo "make test      install the test tools and run the whole suite twice: test-sqlite, test-pg"
	@echo "make test-sqlite  the suite on SQLite, no services needed (each test its own local-memory cache)"
	@echo "make test-pg   the suite on PostgreSQL + Redis (127.0.0.1), with the multi-process tests"
	@echo "make browser   install Debian's chromium for the browser tests, if missing (root)"
	@echo "make nginx     install Debian's nginx for its tests and make bench, if missing (root)"
	@echo "make services  start the machine's PostgreSQL and Redis if they do not answer (root)"
	@echo "make lint      ruff check + ruff format --check"
	@echo "make format    ruff format + ruff check --fix"
	@echo "make check     Django system checks and missing-migration check"
	@echo "make messages  gather the marked strings into locale/<lang>/LC_MESSAGES/django.po, compile the .mo files"
	@echo "make messages-check  fail on untranslated or fuzzy strings, or a .mo that is not its .po compiled"
	@echo "make bench     load-test the site beside reference ceilings and behind nginx; import and search at 100,000 comments (needs wrk; ~15 min)"
	@echo "make spam-report  cross-validate the spam filter on its starter set (SPAM_REPORT_ARGS)"
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

# The address it serves is the site's address (SITE_URL) for everything `run` starts, its
# `migrate` included (which gives the sitemap's Site that address). MODERATOR_EMAIL (from the
# environment or `make run MODERATOR_EMAIL=…`) is the generated moderator's email address;
# without it, ensure_moderator asks for one in a terminal, and never waits outside one.
run: export DJANGO_SITE_URL = http://$(HOST):$(PORT)
run: migrate static
	@$(PY) manage.py ensure_moderator --url http://$(HOST):$(PORT) --email "$$MODERATOR_EMAIL"
	@echo "Site: http://$(HOST):$(PORT)/   (Ctrl-C stops it)"
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) hfs_site.wsgi

test: test-sqlite test-pg

# Static files collected first, as `make run` does: tests that start gunicorn, or that fetch
# /static/ through whitenoise, serve them from STATIC_ROOT.
test-sqlite: install-dev static
	env -u DATABASE_URL -u DATABASE_TEST_NAME -u CACHE_URL -u REDIS_URL $(BIN)/pytest $(PYTEST_ARGS)

test-pg: install-dev static services
	env -u CACHE_URL DATABASE_URL=$(PG_URL) DATABASE_TEST_NAME=test_hfs_$(RUN_ID) \
		REDIS_URL=$(REDIS_TEST_URL) CACHE_KEY_PREFIX=hfs-test-$(RUN_ID) $(BIN)/pytest $(PYTEST_ARGS)

browser:
	@test -x $(CHROMIUM) || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o DPkg::Lock::Timeout=600 --no-install-recommends chromium fonts-liberation; }
	@$(CHROMIUM) --version 2>/dev/null

services:
	@bash .ci/services

# Debian's nginx, for tests/test_nginx.py and the bench's proxy_cache scenario (docs/deploy.md).
# Those start nginx themselves, as the current user with files of their own: the system service
# is never wanted. A policy-rc.d (unless one exists) keeps the install from starting it; should
# it have started all the same, it is stopped, and it is not left enabled at boot.
NGINX ?= /usr/sbin/nginx
nginx:
	@test -x $(NGINX) || { \
		echo "make nginx: installing Debian's nginx (root; the system service is not started)"; \
		rc=/usr/sbin/policy-rc.d; ours=; \
		if [ ! -e $$rc ]; then printf '#!/bin/sh\nexit 101\n' >$$rc && chmod 755 $$rc && ours=1; fi; \
		status=0; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o DPkg::Lock::Timeout=600 --no-install-recommends nginx || status=$$?; \
		[ -z "$$ours" ] || rm -f $$rc; \
		if [ -s /run/nginx.pid ]; then \
			systemctl stop nginx 2>/dev/null || service nginx stop 2>/dev/null \
				|| $(NGINX) -s stop 2>/dev/null || true; \
		fi; \
		systemctl disable --quiet nginx 2>/dev/null || true; \
		exit $$status; }
	@$(NGINX) -v

# The interface's translations (README: "Languages"). `make messages` gathers every string marked
# in the code and templates into locale/<lang>/LC_MESSAGES/django.po (new strings empty, changed
# ones fuzzy, for a translator), then compiles the .mo files the site reads; both are committed,
# as a server may have no GNU gettext. Locations name the file, not the line, so that moving
# code leaves the .po files as they are. `make messages-check` (CI) changes nothing: it fails
# while a string is untranslated or fuzzy, or a .mo is not its .po compiled (.ci/messages-check).
MESSAGE_LANGUAGES := es fr de
MAKEMESSAGES_ARGS := --domain django --add-location file $(addprefix --locale ,$(MESSAGE_LANGUAGES)) \
	--ignore bench --ignore tests --ignore node_modules --ignore staticfiles --ignore var \
	--ignore backups --ignore '*.egg-info'
messages: install gettext
	$(PY) manage.py makemessages $(MAKEMESSAGES_ARGS)
	$(PY) manage.py compilemessages --ignore '.*' --ignore node_modules --ignore staticfiles

messages-check: install gettext
	@bash .ci/messages-check $(PY) "$(MESSAGE_LANGUAGES)" $(MAKEMESSAGES_ARGS)

# GNU gettext (msgfmt, msgattrib), which makemessages and the check need; the site does not.
gettext:
	@command -v msgfmt >/dev/null || { \
		[ "$$(id -u)" = 0 ] || { echo "make gettext: install GNU gettext (Debian: gettext)" >&2; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			-o DPkg::Lock::Timeout=600 --no-install-recommends gettext; }
	@msgfmt --version | head -n 1

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Throw-away databases (SQLite; PostgreSQL on the local server for the search figure, dropped
# after), gunicorn and nginx (docs/deploy.md's proxy_cache) on ports 8100-8199, wrk;
# figures in bench/results/ (docs/performance.md). Installs Debian's nginx first if it is missing (make nginx).
bench: install nginx
	$(PY) -m bench.run $(BENCH_ARGS)

# Precision, recall and genuine comments marked spam, on held-out folds (README: "Spam filter").
# SPAM_REPORT_ARGS="--history decided.json" measures an exported history instead.
spam-report: install
	$(PY) manage.py spam_report $(SPAM_REPORT_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
