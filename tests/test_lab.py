"""``make teach`` in a real JupyterLab (127.0.0.1, headless Chromium): every chapter reads as on
the site. jupyterlab-myst (pinned with JupyterLab 4.5, the last it loads in) renders the MyST;
``scripts/teach.py`` rewrites what it cannot resolve (glued values, citations). Each chapter is
opened, run with Run > Run All Cells, and checked: no raw role or directive markup in the
rendered prose, no error output, glued values shown, the setup cell collapsed, a quiz question
answered by the kernel. The server is stopped when the module ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from labdriver import (NOTEBOOK, RAW_MARKUP, answer_first_quiz_question, error_outputs,
                       rendered_markdown, run_all, wait_for_notebook)
from test_structure import chapter_slugs

sys.path.insert(0, str(ROOT / "scripts"))
import hub as hubscript  # noqa: E402
import teach  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.browser]
SHOTS = Path(os.environ.get("CASEBOOK_SCREENSHOTS", ROOT / "_build" / "screenshots"))
TOKEN = "casebook-lab-test"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    out = tmp_path_factory.mktemp("teach")
    teach.write_lab_notebooks(ROOT, out)
    settings = tmp_path_factory.mktemp("labsettings")
    (settings / "overrides.json").write_text((ROOT / "scripts" / "lab-overrides.json").read_text())
    port = hubscript.free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(tmp_path_factory.mktemp("labuser")),
               PATH=f"{bin_dir}:{os.environ.get('PATH', '')}")
    log = open(out.parent / "lab.log", "wb")
    proc = subprocess.Popen(
        [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={out}", "--LabServerApp.app_settings_dir=" + str(settings),
         *(["--allow-root"] if os.getuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=3).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {out.parent / 'lab.log'}")
                time.sleep(0.3)
        yield {"url": url, "out": out}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        log.close()


def test_jupyterlab_myst_is_loaded_not_just_installed():
    proc = subprocess.run([str(Path(sys.executable).parent / "jupyter"), "labextension", "list"],
                          capture_output=True, text=True, timeout=120)
    listing = proc.stdout + proc.stderr
    line = next(l for l in listing.splitlines() if "jupyterlab-myst" in l)
    assert "enabled" in line and "OK" in line, listing
    assert "not compatible" not in listing


@pytest.mark.parametrize("slug", chapter_slugs())
def test_chapter_reads_like_the_site_and_runs_in_jupyterlab(lab, browser, slug):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        # A workspace of its own (reset): only this chapter open, no tab restored.
        page.goto(f"{lab['url']}/lab/workspaces/{slug}/tree/{slug}.ipynb?reset&token={TOKEN}")
        wait_for_notebook(page)
        setup = page.locator(f"{NOTEBOOK} .jp-CodeCell").first
        assert setup.locator(".jp-InputPlaceholder").count() == 1, "setup cell not collapsed"
        seconds = run_all(page)
        assert error_outputs(page) == []
        prose = rendered_markdown(page)
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
        print(f"{slug}: run-all {seconds:.1f} s in JupyterLab")
    finally:
        context.close()
