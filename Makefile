# One-command entry points. `make book` builds the site; `make test` runs every gate.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
JB_BUILD := $(BIN)/jupyter-book build . -W -n --keep-going

.PHONY: book book-instructor notebooks handout test bench serve teach clean install install-test browser

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
	rm -rf _build
	CASEBOOK_EDITION=student $(JB_BUILD)
	@echo "Built. Open _build/html/index.html in a browser, or run: make serve"

# The instructor edition in its own folder (shares `make book`'s execution cache): worked
# answers, facilitator notes, the quiz answer key. Keep it off public servers.
book-instructor: install
	rm -rf _build/instructor/_build
	CASEBOOK_EDITION=instructor $(JB_BUILD) --path-output _build/instructor
	@echo "Built. Open _build/instructor/_build/html/index.html in a browser"

# One notebook per chapter, no outputs: _build/notebooks/student (no worked answers, no notes)
# and _build/notebooks/instructor.
notebooks: install
	$(BIN)/python scripts/notebooks.py --out _build/notebooks

# The one-page case handout as PDF: _build/handout/handout.pdf, and the instructor's copy with
# the quiz answer key, _build/instructor/handout.pdf (headless Chromium prints them).
handout: install-test browser
	$(BIN)/python scripts/handout.py --edition student
	$(BIN)/python scripts/handout.py --edition instructor

test: install-test hub-install browser
	CASEBOOK_EDITION=student $(BIN)/python -m pytest

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# JupyterLab opens the chapters as they read on the site: jupyterlab-myst renders the MyST and
# scripts/teach.py writes _build/teach/<slug>.ipynb with glued values and citations resolved
# (regenerated on each run; the .md files stay the sources). Asks no news or update server.
teach: install
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp scripts/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	$(BIN)/python scripts/teach.py --out _build/teach
	cd _build/teach && ../../$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

# Build, rebuild, run-all, widget and page-weight figures beside their targets (issue 8);
# writes book/_static/benchmarks.json for the Performance page. A script, not a test.
bench: install-test browser
	$(BIN)/python scripts/bench.py

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
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp scripts/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

hub-install: $(VENV)/.installed-hub hub/node_modules/.installed

hub: hub-install
	$(BIN)/python scripts/hub.py --port $(HUB_PORT) --repo $(HUB_REPO) --state $(HUB_STATE)

# The hub and JupyterLab browser tests, the bounded 10-student load test (127.0.0.1 only) and
# the deploy/ checks alone (`make test` runs them too: it installs the hub first).
test-hub: install-test hub-install browser
	CASEBOOK_EDITION=student $(BIN)/python -m pytest -m hub tests/test_hub.py tests/test_lab.py tests/test_deploy.py
