# cable-ingest: two commands set everything up on a fresh machine.
#   make run    create .venv, install, ingest samples/ into ./out, print the summary
#   make test   create .venv, install, run the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# make test runs the suite in this many processes, a test file each at a time (pytest-xdist),
# the slowest files first (tests/conftest.py); the machine it is kept for has 2 cores.
# TEST_PROCESSES=0 runs it in one process.
TEST_PROCESSES ?= 2

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
	$(BIN)/python -m pytest -q -n $(TEST_PROCESSES) --dist loadfile --no-loadscope-reorder tests

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf out build *.egg-info .pytest_cache
