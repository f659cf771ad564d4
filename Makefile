# Daigang: `make run` starts the demo, `make test` runs every test. Both install what is missing.
SWIFT ?= swift
BIN := .build/debug/daigang
CONFIG ?= config/daigang.json
# Evaluated when a recipe runs, i.e. after deps has installed Python packages.
PYTHON = $(shell scripts/find-python)

.PHONY: run test deps test-deps build unit-test integration-test browser-test clean

deps:
	@scripts/ensure-deps.sh

test-deps:
	@scripts/ensure-deps.sh --test

build: deps
	$(SWIFT) build

run: build
	$(BIN) serve --config $(CONFIG)

test: test-deps build unit-test integration-test browser-test

unit-test:
	$(SWIFT) test

integration-test:
	DAIGANG_BIN=$(CURDIR)/$(BIN) $(PYTHON) -m pytest -q Tests/integration

browser-test:
	DAIGANG_BIN=$(CURDIR)/$(BIN) $(PYTHON) -m pytest -q Tests/browser

clean:
	rm -rf .build data
