# Quick start:  make demo   (set up, train the default model, print the seed article's claims)
#               make test   (the test suite; CI runs this)
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
# The CPU build of torch, installed before anything can pull a multi-GB CUDA build.
# Elsewhere: make TORCH_SPEC="torch --index-url https://download.pytorch.org/whl/cpu"
TORCH_SPEC ?= torch==2.13.0
SEED_ARTICLE := data/articles/putin-nato-guarantees.txt
SEED_TARGETS := "NATO expansion eastward" "Russia intends to invade Ukraine" "Sanctions on Russia"

export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: setup demo train predict test test-all validate clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check $(TORCH_SPEC)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev,bench]"
	touch $@

demo: setup train predict

train: setup
	$(PY) train.py --config configs/default.yaml

predict: setup
	$(PY) -m stance predict $(SEED_ARTICLE) --targets $(SEED_TARGETS)

validate: setup
	$(PY) -m stance validate data

test: setup
	$(PY) -m pytest

test-all: setup
	$(PY) -m pytest -m "slow or not slow"

clean:
	rm -rf $(VENV) models/.default.work .pytest_cache
