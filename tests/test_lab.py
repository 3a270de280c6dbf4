"""``make teach`` in a real JupyterLab (127.0.0.1, headless Chromium): every chapter reads as on
the site. jupyterlab-myst (pinned with JupyterLab 4.5, the last it loads in) renders the MyST;
``scripts/teach.py`` rewrites what it cannot resolve (glued values, citations). Each chapter is
opened, run with Run > Run All Cells, and checked: no raw role or directive markup in the
rendered prose, no error output, glued values shown, the setup cell collapsed, a quiz question
answered by the kernel. The server is stopped when the module ends.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from labdriver import (NOTEBOOK, RAW_MARKUP, answer_first_quiz_question, cut_buttons,
                       error_outputs, escaped_outputs, open_chapter, rendered_markdown,
                       run_all, running_lab)
from test_structure import chapter_slugs

sys.path.insert(0, str(ROOT / "scripts"))
import teach  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.browser]
SHOTS = Path(os.environ.get("CASEBOOK_SCREENSHOTS", ROOT / "_build" / "screenshots"))
TOKEN = "casebook-lab-test"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    out = tmp_path_factory.mktemp("teach")
    teach.write_lab_notebooks(ROOT, out)
    with running_lab(out, tmp_path_factory.mktemp("labsettings"),
                     tmp_path_factory.mktemp("labuser"), TOKEN) as url:
        yield {"url": url, "out": out}


def test_jupyterlab_myst_is_loaded_not_just_installed():
    proc = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "labextension", "list"],
                          capture_output=True, text=True, timeout=120)
    listing = proc.stdout + proc.stderr
    line = next(row for row in listing.splitlines() if "jupyterlab-myst" in row)
    assert "enabled" in line and "OK" in line, listing
    assert "not compatible" not in listing


@pytest.mark.parametrize("slug", chapter_slugs())
def test_chapter_reads_like_the_site_and_runs_in_jupyterlab(lab, browser, slug):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        open_chapter(page, lab["url"], slug, TOKEN)
        setup = page.locator(f"{NOTEBOOK} .jp-CodeCell").first
        assert setup.locator(".jp-InputPlaceholder").count() == 1, "setup cell not collapsed"
        seconds = run_all(page)
        assert error_outputs(page) == []
        assert escaped_outputs(page) == [], "a newline shown as \\n"
        prose = rendered_markdown(page)
        cells = json.loads((lab["out"] / f"{slug}.ipynb").read_text())["cells"]
        assert len(prose) == sum(c["cell_type"] == "markdown" for c in cells), "cells not drawn"
        raw = sorted({m for text in prose for m in RAW_MARKUP.findall(text)})
        assert raw == []
        text = "\n".join(prose)
        assert "glued(" not in text and "KeyError" not in text and "Error" not in text
        glue_names = {n.split(":")[0] for n in
                      __import__("re").findall(r"\{glue(?::text)?\}`([^`]+)`",
                                               (ROOT / "book" / f"{slug}.md").read_text())}
        shown = [n for n in glue_names if "_" in n and n.split(":")[0] in text]
        assert shown == [], "glued values shown by name, not value"
        page.screenshot(path=str(SHOTS / f"lab-{slug}.png"))
        feedback = answer_first_quiz_question(page)
        assert feedback.strip()
        assert cut_buttons(page) == [], "button labels cut short"
        print(f"{slug}: run-all {seconds:.1f} s in JupyterLab")
    finally:
        context.close()
