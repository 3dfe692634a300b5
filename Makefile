# Two commands: `make run` (install, migrate, demo data, serve with the scheduler)
# and `make test` (install, run the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 5000
export FLASK_APP := run.py

.PHONY: install run test test-fast lint format migrate demo bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(VENV)/bin/flask db upgrade

demo: migrate
	$(VENV)/bin/flask demo load

run: demo
	SCHEDULER_ENABLED=1 PORT=$(PORT) $(PY) run.py

# Two workers: on SQLite each test has its own database file, on PostgreSQL each worker has
# its own database (tests/conftest.py).
TEST_WORKERS ?= 2

test: install
	$(PY) -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Timings users feel, at a size and on a database: `make bench SIZE=100000 DB=sqlite`
# (DB=postgresql uses BENCH_PG_URL); OLD=<checkout> measures another version on the same data
# in the same run; OUT=<file> appends the table. See bench/run.py.
SIZE ?= 10000
DB ?= sqlite
RUNS ?= 20
bench: install
	$(PY) bench/run.py --size $(SIZE) --db $(DB) --runs $(RUNS) $(if $(OLD),--old $(OLD)) $(if $(OUT),--out $(OUT))

clean:
	rm -rf $(VENV) instance .pytest_cache

# Re-extract translatable strings and merge them into the Swedish catalog.
i18n: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --ignore-dirs='.* __pycache__' \
		-o servicedesk/translations/messages.pot servicedesk templates
	$(VENV)/bin/pybabel update -i servicedesk/translations/messages.pot -d servicedesk/translations \
		--no-fuzzy-matching --ignore-obsolete
