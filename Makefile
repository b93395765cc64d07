# Two entry points (see README): `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint bench train clean

$(STAMP): pyproject.toml scripts/setup-system.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	bash scripts/setup-system.sh
	touch $(STAMP)

# Byte-compile the package: a regular pip install would, but an editable one in an environment
# with PYTHONDONTWRITEBYTECODE set recompiles every module in every process (~0.1 s each run).
setup: $(STAMP)
	@$(PY) -m compileall -q pipeline

run: setup            ## extract every table for the bundled corpus into outputs/
	$(PY) -m pipeline extract corpus --out outputs --workers 2
	$(PY) -m pipeline evaluate corpus/dev/gold outputs
	$(PY) -m pipeline evaluate corpus/composed_extra/gold outputs

test: setup           ## lint, then the whole test suite
	$(PY) -m ruff check pipeline tests benchmarks
	$(PY) -m pytest -q

bench: setup          ## throughput ratios (see benchmarks/README.md)
	$(PY) -m pipeline bench --out outputs/bench.json

train: setup          ## retrain the shipped models from corpus/
	$(PY) -m pipeline train all

clean:
	rm -rf $(VENV) outputs/*.csv outputs/*.parquet outputs/*.duckdb outputs/documents outputs/.cache
