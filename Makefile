# cable-ingest: two commands set everything up on a fresh machine.
#   make run    create .venv, install, ingest samples/ into ./out, print the summary
#   make test   create .venv, install, run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test venv clean bench help

help:
	@echo "make run    ingest samples/ into ./out and print the summary"
	@echo "make test   run the test suite"
	@echo "make bench  run the benchmarks (see benchmarks/README.md)"

venv: $(STAMP)

$(STAMP): setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cable-ingest run --input 'samples/*' --output out

test: $(STAMP)
	scripts/ensure-pubsub-emulator
	scripts/ensure-chromium
	$(BIN)/python -m pytest -q tests --ignore=tests/test_streaming.py
	@# The streaming tests run in a process of their own. After the whole suite in one process
	@# (2026-12-05, twice), the streaming fixture's re-sent copy left no dead letter; alone, or
	@# after the modules before it, every time it does. An open problem, not understood yet
	@# (suspect: window files of the same window and pane written under the same name).
	$(BIN)/python -m pytest -q tests/test_streaming.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf out build *.egg-info .pytest_cache
