# Retain — everyday commands. `make run` and `make test` do all the set-up on a fresh clone.
SHELL := /bin/bash
PY_MIN := 3.12
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: run test lint fmt bench venv install install-dev browser axe lrs migrate demo worker serve clean prod haproxy scale

# Find a Python >= 3.12: the one .python-version selects (pyenv), else python3.12/python3.13/python3.
$(VENV)/.created:
	@set -e; candidate=""; \
	for py in python3.12 python3.13 python3 python; do \
	  if command -v $$py >/dev/null 2>&1 && $$py -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then candidate=$$py; break; fi; \
	done; \
	if [ -z "$$candidate" ]; then \
	  found=$$(python3 --version 2>&1 || echo "no python3"); \
	  echo "Retain needs Python >= $(PY_MIN); found: $$found. Install Python 3.12 (e.g. 'pyenv install 3.12.1')." >&2; exit 1; \
	fi; \
	echo "Creating $(VENV) with $$($$candidate --version)"; \
	$$candidate -m venv $(VENV); touch $@

venv: $(VENV)/.created

$(VENV)/.installed: $(VENV)/.created requirements.txt
	$(PIP) install -r requirements.txt 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import django, spacy, fsrs" || { echo "Installing requirements.txt failed" >&2; exit 1; }
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install -r requirements-dev.txt 2>&1 | grep -v "^WARNING: Location" || true
	@$(PY) -c "import pytest, pytest_django, playwright, hypothesis" || { echo "Installing requirements-dev.txt failed" >&2; exit 1; }
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Debian's Chromium for the browser tests; never a downloaded browser build.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium and chromium-driver for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
	    || echo "Could not install chromium: the browser tests will be skipped (they say why)."; \
	else echo "No /usr/bin/chromium and not root: the browser tests will be skipped (they say why)."; fi

# Ralph's LRS for the xAPI tests, in its own virtualenv: its 'lrs' extra pins an old FastAPI and
# bcrypt that must not meet Retain's packages. Without PyPI the tests that need it say why they skip.
LRS_VENV := var/ralph-venv
$(LRS_VENV)/bin/ralph: requirements-lrs.txt | $(VENV)/.created
	@echo "Installing Ralph's LRS in $(LRS_VENV) (for the xAPI tests)"
	@rm -rf $(LRS_VENV); mkdir -p var; \
	if $$(command -v python3.12 || command -v python3) -m venv $(LRS_VENV) \
	   && $(LRS_VENV)/bin/pip --disable-pip-version-check -q install -r requirements-lrs.txt; then :; \
	else rm -rf $(LRS_VENV); echo "Could not install Ralph's LRS: the xAPI tests against it will be skipped (they say why)."; fi

lrs: $(LRS_VENV)/bin/ralph

# axe-core for the browser suite's accessibility checks: the version package-lock.json pins, from
# npm (Node 20); tests inject node_modules/axe-core/axe.min.js and never fetch it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the axe-core accessibility checks will be skipped (they say why)."; fi

axe: node_modules/.installed

migrate: install
	$(PY) manage.py migrate --no-input -v 0

demo: migrate
	$(PY) manage.py demo

worker: install
	$(PY) manage.py db_worker

serve: install
	$(PY) manage.py runserver $(HOST):$(PORT)

# Serve the site and the background worker together; Ctrl-C stops both.
run: demo
	@echo ""
	@echo "  Retain is at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password retain-demo): teacher (instructor), student, student2"
	@echo "  API docs: http://$(HOST):$(PORT)/api/docs/"
	@echo ""
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker & \
	$(PY) manage.py runserver --noreload $(HOST):$(PORT)

# Debian's haproxy, the balancer of the production shape (make prod, bench/scale.py).
haproxy:
	@if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's haproxy"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null) \
	    || { echo "Could not install haproxy" >&2; exit 1; }; \
	else echo "haproxy is needed: apt-get install haproxy" >&2; exit 1; fi

# The production shape on this machine (README "Running in production"): PostgreSQL, Redis,
# WEB gunicorn nodes behind haproxy on 127.0.0.1:8100, WORKERS RQ workers, the scheduler.
WEB ?= 3
WORKERS ?= 2
prod: install haproxy
	$(PY) deploy/stack.py --web $(WEB) --workers $(WORKERS) --demo

# The production shape under a mixed load, with a web node and a worker killed (bench/scale.py).
scale: install-dev haproxy
	$(PY) bench/scale.py

test: install-dev browser axe
	@$(MAKE) --no-print-directory lrs || true
	@$(MAKE) --no-print-directory haproxy || echo "No haproxy: the tests of the load balancer's configuration will be skipped (they say why)."
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

fmt: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev
	$(PY) bench/generation.py
	$(PY) bench/answer_keys.py
	$(PY) bench/study.py
	$(PY) bench/interop.py

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .ruff_cache
