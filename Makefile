# Quick start: `make run` then `make test`. Everything installs into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DAGSTER_HOME_DIR ?= $(CURDIR)/.dagster

.PHONY: install instance run test lint outputs ui eval bench train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The Dagster instance folder, with the project's settings (telemetry off).
instance:
	mkdir -p $(DAGSTER_HOME_DIR) && cp dagster.yaml $(DAGSTER_HOME_DIR)/dagster.yaml

run: $(STAMP) instance
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/python -m assets.materialize_all

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Whether `conflict-events extract` over ../shared/corpus/news_dev.jsonl still writes the tables
# recorded in bench/news_dev_hash.json (row contents, timestamps aside; about 25 s). A change that
# means to alter outputs records the new hashes: python bench/output_hash.py --record bench/news_dev_hash.json
outputs: $(STAMP)
	$(BIN)/python bench/output_hash.py --check bench/news_dev_hash.json

# ruff (mistakes, not style) and mypy (lenient) as configured in pyproject.toml; CI runs it.
lint: $(STAMP)
	$(BIN)/ruff check pipeline assets tests bench
	$(BIN)/mypy

ui: $(STAMP) instance
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

eval: $(STAMP)
	$(BIN)/conflict-events eval all --out eval/results

# Rebuilds pipeline/events/data/event_model.npz from eval/corpus (train split; thresholds on dev).
train: $(STAMP)
	$(BIN)/python -m pipeline.training.events

bench: $(STAMP)
	$(BIN)/python -c "import spacy" 2>/dev/null || $(BIN)/pip install --quiet -e ".[bench]" || echo "bench: spaCy not installed, its reference rate will be n/a"
	$(BIN)/python bench/run.py

clean:
	rm -rf data/processed/*.parquet data/processed/runs data/processed/current data/processed/*/ .pytest_cache
