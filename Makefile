# One-command entry points. `make book` builds the site; `make test` runs every gate.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
# Python's bytecode caches stay on even where the environment turns them off: without them pytest
# rewrites every test module's asserts again on each run (about 10 s of `make check`), and each
# chapter kernel compiles the package from source.
unexport PYTHONDONTWRITEBYTECODE
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
	CASEBOOK_EDITION=student $(BIN)/python -m pytest -q -n 2 -m "not book and not browser and not install and not hub"

# Every gate: `make check` first, then the strict builds, chapter execution, browser tests, the
# real JupyterLab and JupyterHub tests and the clean-venv install.
test: check browser hub-install
	CASEBOOK_EDITION=student $(BIN)/python -m pytest -m "book or browser or install or hub"

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# JupyterLab opens the chapters as they read on the site: jupyterlab-myst renders the MyST and
# scripts/teach.py writes _build/teach/<slug>.ipynb with glued values and citations resolved
# (regenerated on each run; the .md files stay the sources). scripts/lab-settings.sh gives it the
# casebook's lab settings (every cell drawn, so glued values show; no news requests).
teach: install
	sh scripts/lab-settings.sh $(BIN)/jupyter
	$(BIN)/python scripts/teach.py --out _build/teach
	cd _build/teach && ../../$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

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

# ------------------------------------------------------------------ a class on a JupyterHub
# `make hub`: a demo JupyterHub on 127.0.0.1:$(HUB_PORT) (scripts/hub.py): users student1..10
# and teacher, password casebook; the student notebooks from a local git repository built from
# `make notebooks` output (HUB_REPO=published: the notebooks branch of repository.url).
HUB_PORT ?= 8765
HUB_REPO ?= local
HUB_STATE ?= _build/hub

.PHONY: hub hub-install test-hub

hub/node_modules/.installed: hub/package.json hub/package-lock.json
	cd hub && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.installed-hub: hub/requirements.txt $(VENV)/.installed
	$(BIN)/python -m pip install -q -r hub/requirements.txt
	sh scripts/lab-settings.sh $(BIN)/jupyter
	touch $@

hub-install: $(VENV)/.installed-hub hub/node_modules/.installed

hub: hub-install
	$(BIN)/python scripts/hub.py --port $(HUB_PORT) --repo $(HUB_REPO) --state $(HUB_STATE)

# The hub and JupyterLab browser tests, the bounded 10-student load test (127.0.0.1 only) and
# the deploy/ checks alone (`make test` runs them too: it installs the hub first).
test-hub: install-test hub-install browser
	CASEBOOK_EDITION=student $(BIN)/python -m pytest -m hub tests/test_hub.py tests/test_lab.py tests/test_deploy.py
