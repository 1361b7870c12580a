# The two commands a new user needs: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 2
PYTEST_WORKERS ?= 2

.PHONY: run test install install-dev assets demo serve lint bench lock clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt $(VENV)/bin/python
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

assets: install
	$(PY) manage.py collectstatic --noinput -v 0

demo: install
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_demo

# `serve` runs granian and the background-task worker (db_worker) together; Ctrl+C stops both.
run: demo assets
	@$(PY) manage.py demo_accounts --port $(PORT)
	@$(PY) manage.py serve --port $(PORT) --workers $(WORKERS)

# Two workers for two cores (a third only adds its start-up; see pyproject.toml for --dist). Bytecode is written
# even where PYTHONDONTWRITEBYTECODE is set, so later runs skip recompiling and re-rewriting the test modules.
test: install-dev
	$(VENV)/bin/ruff check lvzhi bench
	$(VENV)/bin/ruff format --check lvzhi bench
	$(VENV)/bin/lint-imports --no-cache
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check --fix lvzhi bench
	$(VENV)/bin/ruff format lvzhi bench

bench: install-dev
	$(PY) bench/run.py

lock: $(VENV)/bin/python
	$(PY) -m pip install -q pip-tools
	$(VENV)/bin/pip-compile -q --strip-extras -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile -q --strip-extras -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) node_modules var/static
