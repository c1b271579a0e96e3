# The two commands of the README: `make run` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv installs exactly uv.lock (every package, with hashes); uv itself comes from PyPI with pip,
# checked against scripts/uv-requirements.txt, into a folder of its own (uv sync keeps .venv to
# the lock, so it must not live there).
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export STI_WAREHOUSE ?= $(CURDIR)/data/marts/warehouse.duckdb
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: run test dev lint lockcheck lock typecheck pytest install clean system bench bytecode

$(UV): scripts/uv-requirements.txt
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r scripts/uv-requirements.txt
	touch $(UV)

## the environment: exactly the lock (runtime and dev tools); fails when the lock is stale
$(STAMP): pyproject.toml uv.lock $(UV)
	$(UV) sync --locked --extra dev --compile-bytecode --python $(PYTHON)
	touch $(STAMP)

## lock: resolve pyproject.toml again into uv.lock (review the diff like code)
lock: $(UV)
	$(UV) lock

## lockcheck: pyproject.toml and uv.lock agree (the package named when they do not)
lockcheck: $(UV)
	$(PYTHON) scripts/check-lock
	$(UV) lock --check

install: system $(STAMP)

## system: Debian packages beyond Python (chromium for PDF reports and browser tests, a Korean font)
system:
	scripts/bootstrap-system

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	ln -sf ../dagster.yaml $(DAGSTER_HOME)/dagster.yaml

## bytecode: the project's modules compiled once (only changed ones again). Where the
# environment sets PYTHONDONTWRITEBYTECODE (this machine's does), each process otherwise compiled
# every module it imported: 0.2-0.3 s of every run and of the GX process (measured 2026-11-24).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q sti assets pipelines bench > /dev/null

## run: set up, materialize every asset into the warehouse, print a short summary
run: system $(STAMP) $(DAGSTER_HOME)/dagster.yaml bytecode
	$(BIN)/sti run
	$(BIN)/sti summary

## test: the lock checked, set up, then ruff (lint + format), mypy and pytest
test: lockcheck system $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy sti pipelines assets bench

pytest: $(STAMP) bytecode
	$(BIN)/pytest -q

## bench: time and memory on synthetic national-scale inputs beside the DuckDB floor -> BENCHMARKS.md
# (not part of `make test`; SIZES="100k 1M" for a subset)
SIZES ?= 100k 1M 10M 1M-long census-100k census-1M census-10M census-30M census-60M rnd-1M
bench: $(STAMP) bytecode
	$(BIN)/python -m bench.run --sizes $(SIZES)

## dev: Dagster UI (localhost:3000) plus the daemon, so the nightly schedule fires
# (started from DAGSTER_HOME so Dagster does not warn about the dagster.yaml in the repo root)
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml bytecode
	cd $(DAGSTER_HOME) && $(CURDIR)/$(BIN)/dagster dev -w $(CURDIR)/workspace.yaml -h 127.0.0.1 -p 3000

clean:
	rm -rf $(VENV) $(TOOLS) .dagster data/marts/*.duckdb*
