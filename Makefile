# Newsroom: `make run` serves the demo newsroom, `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

# A Python >= 3.12: python3.13, python3.12 or python3 on PATH, then pyenv's
# installed versions, newest first. `make PYTHON=/path/to/python3` overrides.
IS_NEW_ENOUGH := -c 'import sys; sys.exit(sys.version_info < (3, 12))'
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell \
	for c in python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) && "$$p" $(IS_NEW_ENOUGH) 2>/dev/null && { echo "$$p"; exit 0; }; \
	done; \
	root=$$(pyenv root 2>/dev/null || echo "$${PYENV_ROOT:-$$HOME/.pyenv}"); \
	for p in $$(ls -d "$$root"/versions/3.*/bin/python3 2>/dev/null | sort -rV); do \
	  "$$p" $(IS_NEW_ENOUGH) 2>/dev/null && { echo "$$p"; exit 0; }; \
	done)
endif

.PHONY: run test lint format bench eval-import clean backup restore bench-lexicon

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Newsroom needs Python 3.12 or newer; none was found. Install one, or pass PYTHON=/path/to/python3."; exit 1; }
	@echo "Setting up $(VENV) with $(PYTHON)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]" --config-settings editable_mode=compat
	@touch $@

# The server, and beside it the task worker (README, "Background work"):
# photo renditions, notification mail, large imports, search rebuilds. It is
# db_worker, or RQ's worker with NEWSROOM_TASKS=rq and REDIS_URL set. The
# worker stops when the server does, however it ends.
run: $(VENV)/.installed
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(PY) manage.py demo
	if [ "$${NEWSROOM_TASKS:-db}" = rq ]; then \
	  DEBUG=$${DEBUG:-1} $(PY) manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler & worker=$$!; \
	else \
	  DEBUG=$${DEBUG:-1} $(PY) manage.py db_worker --no-reload & worker=$$!; \
	fi; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST)

# The whole suite, on SQLite or on PostgreSQL when DATABASE_URL says so.
test: $(VENV)/.installed
	$(PY) -m pytest $(ARGS)

# Score the importer's split of print pages against a split made by hand
# (an evaluation: it prints the score and never fails on it).
PAGES ?= ../shared/pages
eval-import: $(VENV)/.installed
	$(PY) manage.py eval_import $(PAGES) $(ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The database and the media in one checked archive (README, "Backup and
# restore"); restore asks before it replaces anything.
backup: $(VENV)/.installed
	$(PY) manage.py backup $(FILE)

restore: $(VENV)/.installed
	@test -n "$(FILE)" || { echo "用法：make restore FILE=backups/newsroom-….tar.gz"; exit 1; }
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) db.sqlite3 media

# Fill a PostgreSQL database with stories and measure the reader pages, the
# search, the admin and a working day (manage.py bench --help). 100,000
# stories live in newsroom_bench, a million in newsroom_bench_1m:
#   make bench
#   make bench BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_1m ARGS="--articles 1000000"
# The database named in the URL is created when missing. The page cache
# uses Redis database 2 unless REDIS_URL says otherwise. The pages are
# measured with wrk (apt-get install wrk).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_DB = $(firstword $(subst ?, ,$(notdir $(BENCH_DATABASE_URL))))
BENCH_ADMIN_URL = $(dir $(BENCH_DATABASE_URL))postgres
bench: $(VENV)/.installed
	@psql "$(BENCH_ADMIN_URL)" -tc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 || \
	  psql "$(BENCH_ADMIN_URL)" -c 'CREATE DATABASE "$(BENCH_DB)"'
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/2} DEBUG=1 \
	  $(PY) manage.py bench $(ARGS)

# The sensitive-word check on a 10,000-character story with a 10,000-word
# lexicon: the Aho–Corasick automaton against one substring search per word.
bench-lexicon: $(VENV)/.installed
	$(PY) manage.py bench_lexicon $(ARGS)
