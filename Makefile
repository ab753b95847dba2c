# The two commands of the README. Each sets up what it needs on a fresh machine, then runs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: run test setup setup-dev lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

## make run: install, then list the bundled aids (the apps come with later issues)
run: setup
	$(BIN)/decision-aids validate
	$(BIN)/decision-aids list

## make test: install everything the tests need, then run ruff and the whole suite
test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/decision-aids validate
	$(BIN)/python -m pytest -q
