# Gezonde Marke portal. `make run` starts everything; `make test` runs the suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := static/vendor/utrecht

.PHONY: run test venv assets migrate demo serve worker beat bench clean check lint format backup restore compose-smoke

$(BIN)/activate: pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PY) not found)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet ".[dev]"
	touch $(BIN)/activate

venv: $(BIN)/activate

$(VENDOR)/component-library.css: package.json package-lock.json scripts/vendor_assets.sh
	npm ci --no-audit --no-fund --silent
	sh scripts/vendor_assets.sh

assets: $(VENDOR)/component-library.css

migrate: venv
	mkdir -p var
	$(PYTHON) manage.py migrate --noinput

demo: migrate
	$(PYTHON) manage.py load_regioplan
	$(PYTHON) manage.py setup_demo
	$(PYTHON) manage.py seed_demo

## README command 1: set up everything and serve the portal with the real plan and demo accounts.
run: venv assets demo
	@$(PYTHON) manage.py setup_demo --print-logins --url http://localhost:$(PORT)/
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

## README command 2: the whole test suite (PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set).
test: venv assets
	$(PYTHON) -m pytest $(PYTEST_ARGS)

## Style and layers: ruff (lint and format) and import-linter (docs/ARCHITECTURE.md).
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint
	$(PYTHON) manage.py makemigrations --check --dry-run
	$(PYTHON) manage.py check

## Benchmarks: print each figure beside its goal, and keep the output in bench/results/.
BENCH_OUT := bench/results
bench: venv assets
	mkdir -p $(BENCH_OUT)
	$(PYTHON) bench/bench_pages.py 2>/dev/null | tee $(BENCH_OUT)/pages.txt
	$(PYTHON) bench/bench_monitoring.py 2>/dev/null | tee $(BENCH_OUT)/monitoring.txt
	$(PYTHON) bench/bench_report.py 2>/dev/null | tee $(BENCH_OUT)/report.txt
	$(PYTHON) bench/bench_api.py 2>/dev/null | tee $(BENCH_OUT)/api.txt
	@command -v wrk >/dev/null 2>&1 || { apt-get install -y wrk >/dev/null 2>&1 || sudo apt-get install -y wrk >/dev/null 2>&1 || echo "wrk missing: apt-get install wrk"; }
	$(PYTHON) bench/bench_wrk.py 2>/dev/null | tee $(BENCH_OUT)/wrk.txt
	$(PYTHON) bench/bench_scale.py 2>/dev/null | tee $(BENCH_OUT)/scale.txt
	@echo "Results in $(BENCH_OUT)/ ($$(date -u +%Y-%m-%dT%H:%MZ))" | tee $(BENCH_OUT)/README.txt

## Celery worker and beat against REDIS_URL (run each in its own terminal).
worker: venv
	mkdir -p var
	$(BIN)/celery -A gezondemarke worker --loglevel INFO

beat: venv
	mkdir -p var
	$(BIN)/celery -A gezondemarke beat --loglevel INFO --schedule var/celerybeat-schedule

## Back up / restore database and media (PostgreSQL with DATABASE_URL, else the SQLite file).
backup: venv
	$(PYTHON) manage.py backup

restore: venv
	@test -n "$(ARCHIVE)" || { echo "Usage: make restore ARCHIVE=var/backups/gezondemarke-....tar.gz"; exit 1; }
	$(PYTHON) manage.py restore "$(ARCHIVE)" --yes

## Production-like processes on this machine: gunicorn, a Celery worker and beat, with
## production settings. Needs DATABASE_URL, REDIS_URL and SECRET_KEY (docs/operations.md).
serve: export DJANGO_SETTINGS_MODULE ?= gezondemarke.settings.production
serve: export PORTAL_BASE_URL ?= http://$(HOST):$(PORT)
serve: venv assets
	@test -n "$$SECRET_KEY" || { echo 'Set SECRET_KEY first, e.g. export SECRET_KEY=$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")'; exit 1; }
	mkdir -p var
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py collectstatic --noinput -v0
	$(PYTHON) manage.py load_regioplan
	BIND=$(HOST) PORT=$(PORT) bash scripts/serve.sh

## The Compose stack, run and checked as an operator would (needs docker; see docs/operations.md).
compose-smoke:
	bash scripts/compose_smoke.sh

clean:
	rm -rf $(VENV) node_modules static/vendor var staticfiles .ruff_cache
