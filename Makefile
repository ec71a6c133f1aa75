# Two commands do everything: `make run` (the portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev lint format

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

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
