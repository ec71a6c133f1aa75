# Two commands do everything: `make run` (the portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint format lock

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Installed from the locks: every package of the tree pinned with its hashes (``make lock`` regenerates them).
$(VENV)/.installed: requirements.lock $(PY)
	$(PIP) install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements.lock requirements-dev.lock $(PY)
	$(PIP) install --quiet --require-hashes -r requirements-dev.lock
	touch $(VENV)/.installed $@

# After changing requirements.txt or requirements-dev.txt (the direct dependencies, pinned): regenerate both locks.
PIP_COMPILE_ARGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-find-links --no-emit-index-url \
	--no-emit-trusted-host
lock: install-dev
	$(VENV)/bin/pip-compile $(PIP_COMPILE_ARGS) --output-file requirements.lock requirements.txt
	$(VENV)/bin/pip-compile $(PIP_COMPILE_ARGS) --output-file requirements-dev.lock requirements-dev.txt

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compile_translations
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  The portal runs at http://$(HOST):$(PORT)/"
	@echo "  Sign in: open http://$(HOST):$(PORT)/signin/ and pick a demo person on the dev sign-in page."
	@echo "  Back office: http://$(HOST):$(PORT)/admin/ (global admin 'admin', password 'demo-admin-password')."
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

# SQLite when DATABASE_URL is unset, PostgreSQL when it is set. Celery tasks run in-process in tests.
test: install-dev
	$(PY) manage.py compile_translations > /dev/null
	CELERY_TASK_ALWAYS_EAGER=true $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
