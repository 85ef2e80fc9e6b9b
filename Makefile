# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
INBOX ?= sample-inbox
REQUEST ?= police-social-media
DB ?= foi.duckdb
# Prefect's embedded local API, quiet and offline: no server to start by hand.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_LOGGING_LEVEL ?= WARNING
export PREFECT_SERVER_LOGGING_LEVEL ?= WARNING

POOL ?= foi-process

.PHONY: install demo test lint clean deploy worker

$(BIN)/foi: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(BIN)/foi

install: $(BIN)/foi

demo: install
	$(BIN)/foi sample $(INBOX) --request $(REQUEST) --seed 2014 --force-overwrite
	$(BIN)/foi ingest $(INBOX) --db $(DB)
	$(BIN)/foi report --db $(DB)

test: install
	$(BIN)/ruff check foi_ingest tests benchmarks
	$(BIN)/python -m pytest -q

# The server-side steps of the deployments, idempotent and without prompts: the process work
# pool (created once), then both deployments of prefect.yaml with the inbox and warehouse as
# absolute paths. Needs PREFECT_API_URL (a running `prefect server start`) and an inbox.
deploy: install
	@test -n "$$PREFECT_API_URL" || { echo "PREFECT_API_URL is not set: start a server (prefect server start) and export PREFECT_API_URL=http://127.0.0.1:4200/api in this shell and the worker's"; exit 2; }
	@test -d "$(INBOX)" || { echo "no inbox folder at $(INBOX): make deploy INBOX=/path/to/inbox (make demo writes sample-inbox)"; exit 2; }
	@$(BIN)/prefect work-pool inspect $(POOL) >/dev/null 2>&1 || $(BIN)/prefect work-pool create $(POOL) --type process
	FOI_INBOX=$(abspath $(INBOX)) FOI_DB=$(abspath $(DB)) $(BIN)/prefect --no-prompt deploy --all

# A process worker for the pool (runs until stopped; same PREFECT_API_URL as the server).
worker: install
	@test -n "$$PREFECT_API_URL" || { echo "PREFECT_API_URL is not set (see make deploy)"; exit 2; }
	$(BIN)/prefect worker start --pool $(POOL)

lint: install
	$(BIN)/ruff check foi_ingest tests benchmarks
	$(BIN)/ruff format --check foi_ingest tests benchmarks

clean:
	rm -rf $(VENV) .prefect $(INBOX) $(DB) $(DB).wal
