# Daigang: `make run` starts the demo, `make test` runs every test. Both install what is missing.
SWIFT ?= swift
BIN := .build/debug/daigang
CONFIG ?= config/daigang.json
# Evaluated when a recipe runs, i.e. after deps has installed Python packages.
PYTHON = $(shell scripts/find-python)

.PHONY: run test deps test-deps build unit-test integration-test browser-test bench-smoke release bench bench-peers clean

deps:
	@scripts/ensure-deps.sh

test-deps:
	@scripts/ensure-deps.sh --test

# SwiftPM runs the commit-embedding prebuild plugin only when it plans the build anew; a commit
# alone does not make it re-plan, so the plan is dropped first (a few seconds) and /version is right.
build: deps
	rm -f .build/debug/description.json
	$(SWIFT) build

run: build
	$(BIN) serve --config $(CONFIG)

test: test-deps build unit-test integration-test browser-test bench-smoke

unit-test:
	$(SWIFT) test

integration-test:
	DAIGANG_BIN=$(CURDIR)/$(BIN) $(PYTHON) -m pytest -q Tests/integration

browser-test:
	DAIGANG_BIN=$(CURDIR)/$(BIN) $(PYTHON) -m pytest -q Tests/browser

# Each benchmark scenario with a handful of viewers, against the debug build: proves the tool works.
bench-smoke:
	$(PYTHON) bench/run.py --smoke --bin-dir $(CURDIR)/.build/debug

release: deps
	$(SWIFT) build -c release --product daigang
	$(SWIFT) build -c release --product daigang-bench

# The default set for this machine (N up to 10,000); rewrites docs/BENCHMARKS.md.
bench: release
	$(PYTHON) bench/run.py

# Burst and fan-out against nginx + nchan (installed when missing) and Daigang, alternating; prints ratios.
bench-peers: release
	$(PYTHON) bench/run.py --peers

clean:
	rm -rf .build data
