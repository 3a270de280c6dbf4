# One-command entry points. `make book` builds the site; `make test` runs every gate.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
JB_BUILD := $(BIN)/jupyter-book build . -W -n --keep-going

.PHONY: book test serve teach clean install install-test browser

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

book: install
	rm -rf _build
	$(JB_BUILD)
	@echo "Built. Open _build/html/index.html in a browser, or run: make serve"

test: install-test browser
	$(BIN)/python -m pytest

serve:
	@test -f _build/html/index.html || $(MAKE) book
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html $(PORT)

# JupyterLab opens the MyST chapters as notebooks (jupytext), kernel in the project's venv.
teach: install
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp scripts/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	cd book && ../$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1

clean:
	rm -rf _build .pytest_cache .hypothesis
