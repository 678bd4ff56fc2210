# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUM    := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# one stamp per set of extras: `make run` installs what running needs, `make test` adds the
# development tools (.[dev]); a changed pyproject.toml installs again
RUN_STAMP := $(VENV)/.installed-run-$(SUM)
STAMP     := $(VENV)/.installed-$(SUM)

.PHONY: run test lint typecheck imports pytest fuzz bench clean

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-run-* && touch $@

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-[0-9]* && touch $@

## make run: the bot in this terminal, console adapter on ./clpbot.sqlite3 (no token, no network)
run: $(RUN_STAMP)
	$(BIN)/clpbot db upgrade $(if $(CONFIG),--config $(CONFIG))
	$(BIN)/clpbot run $(if $(CONFIG),--config $(CONFIG))

## make test: lint, format check, mypy --strict, import contracts, the whole test suite
test: lint typecheck imports pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

## make fuzz: the hostile-input tests with ten times the examples, freshly random (not in make test)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(BIN)/pytest tests/hostile $(PYTEST_ARGS)

## make bench: the benchmarks (never part of make test); writes bench/results.json
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
