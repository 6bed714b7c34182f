# presslens — the two commands of the README: `make report` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.presslens-installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Matplotlib and Jupyter write caches and runtime files under $HOME; keep them out of the way of a shared HOME.
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0

.PHONY: venv annotate report site test unit nbval lab lock clean-cache

venv: $(STAMP)

# The venv is (re)built when the lock or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

annotate: venv
	$(BIN)/presslens annotate

## make report: annotate, execute every notebook in place, regenerate figures/, then build the book
report: venv
	$(BIN)/presslens report
	$(BIN)/presslens site

## make site: build the book (MyST-NB, Sphinx book theme) from the executed notebooks (not re-executed), figures and datasheet, in build/site/
site: venv
	$(BIN)/presslens site

## make test: unit tests, then every notebook under nbval (annotation cache warmed first)
test: venv
	$(BIN)/presslens annotate --quiet
	$(BIN)/presslens annotate --quiet --corpus corpus/heldout
	$(BIN)/python -m pytest tests notebooks $(NBVAL)

## make unit: the fast tests only (no spaCy annotation, notebook, server or browser), in under a minute
unit: venv
	$(BIN)/python -m pytest tests -m "not slow and not notebook and not browser"

lab: venv
	$(BIN)/jupyter lab --notebook-dir=notebooks --ip=127.0.0.1 --no-browser $(if $(filter 0,$(shell id -u)),--allow-root,)

## make lock: re-resolve pyproject's dependencies in a scratch venv and freeze exact pins
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e .
	{ sed -n '1,3p' requirements.lock; .lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -v "^pip=="; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv
	$(BIN)/presslens environment

clean-cache:
	rm -rf corpus/.cache
