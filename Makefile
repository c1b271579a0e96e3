# The two commands of the README: `make run` and `make test`. Both bootstrap .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export STI_WAREHOUSE ?= $(CURDIR)/data/marts/warehouse.duckdb
export DAGSTER_HOME := $(CURDIR)/.dagster

.PHONY: run test dev lint typecheck pytest install clean system bench bytecode

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

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

## test: set up, then ruff (lint + format), mypy and pytest
test: system $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy sti pipelines assets bench

pytest: $(STAMP) bytecode
	$(BIN)/pytest -q

## bench: time and memory on synthetic national-scale inputs beside the DuckDB floor -> BENCHMARKS.md
# (not part of `make test`; SIZES="100k 1M" for a subset)
SIZES ?= 100k 1M 10M 1M-long census-100k census-1M census-10M rnd-1M
bench: $(STAMP) bytecode
	$(BIN)/python -m bench.run --sizes $(SIZES)

## dev: Dagster UI (localhost:3000) plus the daemon, so the nightly schedule fires
# (started from DAGSTER_HOME so Dagster does not warn about the dagster.yaml in the repo root)
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml bytecode
	cd $(DAGSTER_HOME) && $(CURDIR)/$(BIN)/dagster dev -w $(CURDIR)/workspace.yaml -h 127.0.0.1 -p 3000

clean:
	rm -rf $(VENV) .dagster data/marts/*.duckdb*
