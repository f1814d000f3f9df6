# thidua — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# Every app that keeps its own translation catalogue.
APPS := $(patsubst thidua/%/locale,%,$(wildcard thidua/*/locale))

.PHONY: run serve test lint imports format install install-dev messages lock clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.lock $(VENV)/.runtime
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.lock
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Local data and the development secret key (production sets SECRET_KEY) are made here, never
# when the settings are imported.
var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

var/static:
	mkdir -p $@

# Plain HTTP on 127.0.0.1: behind TLS in production, see README.
run: export HTTPS = 0
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export DEMO_MODE ?= 1
run: $(VENV)/.runtime | var/secret_key var/static
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_demo || [ $$? -eq 3 ]
	$(BIN)/python manage.py demo_signins
	$(MAKE) --no-print-directory serve

# The web server and the background-job worker (Procfile), together; Ctrl-C stops both.
serve: export HTTPS = 0
serve: export SITE_URL ?= http://$(HOST):$(PORT)
serve: export HOST := $(HOST)
serve: export WORKERS := $(WORKERS)
serve: $(VENV)/.runtime | var/secret_key var/static
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --port $(PORT)

# The benchmark (issue 7): a province-scale synthetic dataset (built once, kept in var/), the
# production server of `make run`, a closed-loop load over the key pages, in-process timings.
# PostgreSQL when DATABASE_URL is set. Results: bench/results.json and a Markdown table.
BENCH_DB ?= sqlite:///$(CURDIR)/var/bench.sqlite3
BENCH_SCALE ?= --blocks 40 --units-per-block 15 --years 10 --seed 1
bench: export HTTPS = 0
bench: export SITE_URL ?= http://$(HOST):$(PORT)
bench: export DATABASE_URL ?= $(BENCH_DB)
bench: $(VENV)/.runtime | var/secret_key var/static
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py seed_synthetic $(BENCH_SCALE) || [ $$? -eq 3 ]
	$(BIN)/python bench/run.py --workers $(WORKERS) $(BENCH_ARGS)

# The suite runs on every core (pytest-xdist), a module at a time on a worker; the tests that read
# the shared demo stay together on one (thidua/testshared.py). TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: $(VENV)/.dev | var/secret_key
	$(BIN)/python manage.py makemigrations --check --dry-run -v0 || \
		(echo "Missing migrations: run manage.py makemigrations" && exit 1)
	SECRET_KEY="deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
		ALLOWED_HOSTS=thidua.example.org SITE_URL=https://thidua.example.org DEBUG=0 DATABASE_URL=sqlite:///var/deploy-check.sqlite3 \
		$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(MAKE) --no-print-directory imports
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: $(VENV)/.dev | var/secret_key
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy thidua
	$(MAKE) --no-print-directory imports

# The layer contracts ([tool.importlinter] in pyproject.toml): a lower room never imports a higher one.
imports: $(VENV)/.dev
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract translatable strings into the Vietnamese catalogue and compile it (needs gettext).
# Each app has its own catalogue: thidua/<app>/locale/vi/LC_MESSAGES/django.po.
messages: $(VENV)/.dev
	for app in $(APPS); do (cd thidua/$$app && ../../$(BIN)/django-admin makemessages -l vi \
		--no-obsolete --no-location -v0 && ../../$(BIN)/django-admin compilemessages -l vi -v0); done

# Re-resolve the lock files from pyproject.toml's pins.
lock:
	rm -rf /tmp/thidua-lock && $(PYTHON) -m venv /tmp/thidua-lock
	/tmp/thidua-lock/bin/pip install -q .
	/tmp/thidua-lock/bin/pip freeze --exclude thidua > requirements.lock.new
	@echo "Review requirements.lock.new and replace requirements.lock"

clean:
	rm -rf $(VENV) var/static
