# Quick start: `make run` then `make test`. Everything installs into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test ui eval bench train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	mkdir -p .dagster && touch .dagster/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster $(BIN)/python -m assets.materialize_all

test: $(STAMP)
	$(BIN)/python -m pytest -q

ui: $(STAMP)
	mkdir -p .dagster && touch .dagster/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

eval: $(STAMP)
	$(BIN)/conflict-events eval all --out eval/results

# Rebuilds pipeline/events/data/event_model.npz from eval/corpus (train split; thresholds on dev).
train: $(STAMP)
	$(BIN)/python -m pipeline.training.events

bench: $(STAMP)
	$(BIN)/python -c "import spacy" 2>/dev/null || $(BIN)/pip install --quiet -e ".[bench]" || echo "bench: spaCy not installed, its reference rate will be n/a"
	$(BIN)/python bench/run.py

clean:
	rm -rf data/processed/*.parquet .pytest_cache
