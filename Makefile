# Two entry points for a fresh Debian machine: `make run` and `make test`.
# Each installs what it needs (system packages as root, a virtual environment in .venv).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# gettext: msgfmt/msgmerge (interop checks); espeak-ng + its library: pyttsx3's offline voice.
SYSTEM_PACKAGES := gettext espeak-ng libespeak-ng1
TEST_PACKAGES :=

.PHONY: run test bench lint system clean

run: system $(STAMP)
	$(BIN)/handout update
	$(BIN)/handout compile
	$(BIN)/handout status

test: system $(STAMP)
	@if [ -n "$(TEST_PACKAGES)" ]; then ./tools/system-packages.sh $(TEST_PACKAGES); fi
	$(BIN)/pytest -q

bench: system $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/mypy

system:
	@./tools/system-packages.sh $(SYSTEM_PACKAGES)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf build .handout-cache
