# The two commands of the README. Each sets up what it needs on a fresh machine, then runs.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8501
# Fetches pinned npm packages and checks them against their published integrity hashes.
FETCH   = $(BIN)/python -m tools.fetch

.PHONY: run test screenshot setup setup-dev chromium postgres lint mutation

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

## setup: the package, and the NHS.UK frontend stylesheet the patient pages link
setup: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(FETCH) nhsuk-frontend

## setup-dev: everything the tests need: dev packages (Playwright's Python package, never its
## browsers), axe-core, and Debian's Chromium
setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	$(FETCH) nhsuk-frontend
	$(FETCH) axe-core
	@$(MAKE) --no-print-directory chromium
	@$(MAKE) --no-print-directory postgres

## chromium: Debian's package, installed without questions when we are root; otherwise the
## browser tests skip and say why
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "note: /usr/bin/chromium is missing and this is not root, so the browser tests will be skipped; install Debian's chromium package to run them"; \
	fi

## postgres: Debian's PostgreSQL server programs (initdb, pg_ctl), installed without questions
## when we are root; the feedback tests start their own server with them, or skip and say why
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null; then \
		:; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing Debian's postgresql for the feedback tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "note: PostgreSQL's pg_ctl is missing and this is not root, so the PostgreSQL feedback tests will be skipped; install Debian's postgresql package to run them"; \
	fi

## make run: install, check the bundled aids (errors in full, warnings counted), then serve the apps and the patient pages
run: setup
	$(BIN)/decision-aids validate --brief
	$(BIN)/decision-aids list
	$(BIN)/decision-aids serve --host $(HOST) --port $(PORT)

## make test: install everything the tests need, then run ruff and the whole suite
test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/decision-aids validate
	$(BIN)/python -m pytest -q

## make mutation: mutation testing of the clinical core (risk, outcomes, calculators, values, chart
## categories, the summary's record) with mutmut, then the share killed per module. Slow (see
## docs/mutation-testing.md); not part of `make test`. One module: make mutation MODULE=decision_aids.risk
mutation: setup-dev
	HYPOTHESIS_PROFILE=mutation $(BIN)/mutmut run $(if $(MODULE),"$(MODULE)*") || true
	$(BIN)/python tools/mutation_score.py --strict

## make screenshot: retake the README's picture of the consultation (docs/images/consultation.png)
## by running the consultation's browser test, which saves its view of the figures there when
## CONSULTATION_SCREENSHOT names a file (otherwise it saves it in a temporary folder); the picture
## is quantised when pngquant is installed
SCREENSHOT = docs/images/consultation.png
screenshot: setup-dev
	rm -f $(SCREENSHOT)
	CONSULTATION_SCREENSHOT=$(CURDIR)/$(SCREENSHOT) $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/browser/test_consultation.py -k end_to_end
	@test -s $(SCREENSHOT) || { echo "no screenshot was taken: see why the browser test skipped"; exit 1; }
