# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
INBOX ?= sample-inbox
DB ?= foi.duckdb
# Prefect's embedded local API, quiet and offline: no server to start by hand.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_LOGGING_LEVEL ?= WARNING

.PHONY: install demo test lint clean

$(BIN)/foi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/foi

install: $(BIN)/foi

demo: install
	$(BIN)/foi sample $(INBOX) --seed 2014 --force-overwrite
	$(BIN)/foi ingest $(INBOX) --db $(DB)
	$(BIN)/foi report --db $(DB)

test: install
	$(BIN)/ruff check foi_ingest tests benchmarks
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check foi_ingest tests benchmarks
	$(BIN)/ruff format --check foi_ingest tests benchmarks

clean:
	rm -rf $(VENV) .prefect $(INBOX) $(DB) $(DB).wal
