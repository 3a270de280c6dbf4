# One-command entry points. `make book` builds the site; `make test` runs every gate.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# The book to build: this repository's case, or another case's folder (make book CASE=../my-case).
CASE   ?= .
JB_BUILD := $(BIN)/jupyter-book build $(CASE) -W -n --keep-going

.PHONY: book book-instructor notebooks handout exports check test bench serve teach clean install install-test browser new-case

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }

# Stamps: reinstall only when the pins change.
$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

browser:
	bash scripts/install-chromium.sh

# The public site is the student edition (no worked answers, no facilitator notes), whatever
# CASEBOOK_EDITION says in the caller's environment.
book: install
	rm -rf $(CASE)/_build
	CASEBOOK_EDITION=student $(JB_BUILD)
	@echo "Built. Open $(CASE)/_build/html/index.html in a browser, or run: make serve"

# The instructor edition in its own folder (shares `make book`'s execution cache): worked
# answers, facilitator notes, the quiz answer key. Keep it off public servers.
book-instructor: install
	rm -rf _build/instructor/_build
	CASEBOOK_EDITION=instructor $(JB_BUILD) --path-output _build/instructor
	@echo "Built. Open _build/instructor/_build/html/index.html in a browser"

# The quiz banks for other tools, in _build/exports: casebook.apkg (Anki, the whole book),
# anki/<chapter>.apkg, casebook-qti.zip (QTI 1.2 for Canvas), casebook-moodle.xml. A question a
# format cannot hold fails with its bank, id and reason, and no file is changed. `make book`
# writes the same files into the site (_build/html/_exports).
exports: install
	$(BIN)/python -m casebook.exports --root . --out _build/exports

# One notebook per chapter, no outputs: _build/notebooks/student (no worked answers, no notes)
# and _build/notebooks/instructor.
notebooks: install
	$(BIN)/python scripts/notebooks.py --out _build/notebooks

# The one-page case handout as PDF: _build/handout/handout.pdf, and the instructor's copy with
# the quiz answer key, _build/instructor/handout.pdf (headless Chromium prints them).
handout: install-test browser
	$(BIN)/python scripts/handout.py --edition student
	$(BIN)/python scripts/handout.py --edition instructor

# Lint, unit tests and doctests: no book build, no browser (under a minute).
check: install-test
	$(BIN)/ruff check .
	CASEBOOK_EDITION=student $(BIN)/python -m pytest -q -m "not book and not browser and not install"

# Every gate: `make check` first, then the strict builds, chapter execution and browser tests.
test: check browser
	CASEBOOK_EDITION=student $(BIN)/python -m pytest -m "book or browser or install"

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# JupyterLab opens the MyST chapters as notebooks (jupytext), asks no news or update server.
teach: install
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp scripts/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	cd book && ../$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

# Build, rebuild, run-all, widget and page-weight figures beside their targets (issue 8);
# writes book/_static/benchmarks.json for the Performance page. A script, not a test.
bench: install-test browser
	$(BIN)/python scripts/bench.py

# A new case from the fictional mini case: make new-case DIR=../my-case, then make book CASE=../my-case.
new-case:
	@test -n "$(DIR)" || { echo "usage: make new-case DIR=path/to/new-case"; exit 2; }
	@test ! -e "$(DIR)" || { echo "$(DIR) already exists: give a folder that does not exist yet"; exit 2; }
	cp -r tests/fixtures/mini-case "$(DIR)"
	@echo "New case in $(DIR). Edit book/case.yml, book/staging.md and book/quizzes/staging.yml,"
	@echo "then build it: make book CASE=$(DIR)"

clean:
	rm -rf _build .pytest_cache .hypothesis
