"""Driving a real JupyterLab page with Playwright, as a reader would (tests/test_hub.py and
tests/test_lab.py): wait for the notebook, "Run All Cells" from the menu, read what shows.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
# Raw MyST a reader must not meet: roles ({term}`x`, {cite:p}`K`, {glue:text}`n`) and
# directive fences (:::{admonition}, ```{figure}, :class: options).
RAW_MARKUP = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|(?:`{3,}|:{3,})\{[a-z-]+\}|^\s*:(?:class|"
                        r"name|label|open|width|align):", re.M)


def wait_for_notebook(page, timeout: float = 180) -> None:
    page.wait_for_selector(f"{NOTEBOOK} .jp-Cell", timeout=timeout * 1000)
    # The kernel is connected when the status bar reads "<kernel name> | Idle" (before, the
    # kernel status says Connecting or Starting; the execution indicator says idle too early).
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                   .some(e => /\\| Idle$/.test(e.textContent.trim()))""",
        timeout=timeout * 1000)


def run_all(page, timeout: float = 180) -> float:
    """Run > Run All Cells; wait until the last cell has run. Returns the seconds it took."""
    page.evaluate("() => { window.__cbSawBusy = false; window.__cbIdleSince = null; }")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    started = time.monotonic()
    # The status bar's execution indicator goes busy, then idle with its progress at 100%
    # when the last queued cell has run (collapsed cells show no prompt to read instead).
    page.wait_for_function(
        """() => {
          const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
          const bar = ind && ind.querySelector('[role=progressbar]');
          const done = ind && ind.dataset.status === 'idle' && bar
            && bar.getAttribute('aria-valuenow') === '100';
          const now = Date.now();
          if (!done) { window.__cbIdleSince = null; window.__cbSawBusy = true; return false; }
          window.__cbIdleSince = window.__cbIdleSince || now;
          return window.__cbSawBusy && now - window.__cbIdleSince > 1500;
        }""", timeout=timeout * 1000, polling=100)
    return time.monotonic() - started - 1.5


def unexecuted_cells(page) -> int:
    return page.eval_on_selector_all(
        f"{NOTEBOOK} .jp-CodeCell .jp-InputArea-prompt",
        "els => els.filter(e => !/\\[\\d+\\]/.test(e.textContent)).length")


def error_outputs(page) -> list[str]:
    """Tracebacks and stderr shown under the notebook's cells."""
    return page.eval_on_selector_all(
        f"{NOTEBOOK} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        "els => els.map(e => e.innerText.slice(0, 800))")


def rendered_markdown(page) -> list[str]:
    """The text of every markdown cell as drawn (jupyterlab-myst draws ``.myst``, JupyterLab's
    own renderer ``.jp-MarkdownOutput``), read while scrolling through the notebook so that a
    windowed notebook draws each cell. Fails if a markdown cell was never drawn, so that a check
    of this text cannot pass on nothing."""
    return page.evaluate("""async () => {
      const nb = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer')
        || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
      const seen = new Map();
      const read = () => document.querySelectorAll(
          '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').forEach((c, i) => {
        if (!c.classList.contains('jp-MarkdownCell')) return;
        const key = c.dataset.windowedListIndex ?? i;
        const out = c.querySelector('.myst, .jp-MarkdownOutput');
        if (out && out.innerText.trim()) seen.set(key, out.innerText);
      });
      for (let y = 0; y <= nb.scrollHeight; y += 300) {
        nb.scrollTop = y; await new Promise(r => setTimeout(r, 60)); read();
      }
      nb.scrollTop = 0; await new Promise(r => setTimeout(r, 300));
      return [...seen.values()];
    }""")


def escaped_outputs(page) -> list[str]:
    """Output texts that show a newline as the two characters backslash and n (pandas escapes
    a newline inside a table cell: a label written for a figure's two-line cell)."""
    return [t for t in page.locator(f"{NOTEBOOK} .jp-OutputArea-output").all_inner_texts()
            if "\\n" in t]


def cut_buttons(page) -> list[str]:
    """Labels of the notebook's widget buttons too narrow for their text."""
    return page.eval_on_selector_all(
        f"{NOTEBOOK} .jupyter-button",
        "els => els.filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.textContent.trim())")


def answer_first_quiz_question(page, timeout: float = 30, screenshot: Path | None = None) -> str:
    """Pick the first choice of the first quiz question and press Check (then the page is
    saved to ``screenshot``, if given), then Try again; returns the check's feedback."""
    # The first radio group whose question has a Check button: a chapter's case walk (its
    # certainty radios) may come before its quiz.
    radios = page.locator(f"{NOTEBOOK} .widget-radio-box input[type=radio]")
    for index in range(radios.count()):
        radio = radios.nth(index)
        box = radio.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
        if box.locator("button", has_text="Check").count():
            break
    else:
        raise AssertionError("no quiz question with a Check button in the notebook")
    radio.scroll_into_view_if_needed()
    radio.check()
    box.locator("button", has_text="Check").first.click()
    feedback = box.locator(".widget-html-content").last
    page.wait_for_function("el => el.innerText.trim().length > 0", arg=feedback.element_handle(),
                           timeout=timeout * 1000)
    text = feedback.inner_text()
    if screenshot is not None:
        page.screenshot(path=str(screenshot))
    # Try again (built by the kernel at the first check) clears the answer and brings Check back.
    box.locator("button", has_text="Try again").click(timeout=timeout * 1000)
    box.locator("button", has_text="Check").wait_for(state="visible", timeout=timeout * 1000)
    assert not radio.is_checked(), "Try again left the answer selected"
    return text


@contextlib.contextmanager
def running_lab(root_dir: Path, settings_dir: Path, user_dir: Path, token: str,
                timeout: float = 90):
    """A JupyterLab server on 127.0.0.1 (a free port) serving ``root_dir``, with the project's
    lab overrides (no news, no update checks); yields its base URL and stops it on exit."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    settings_dir.mkdir(parents=True, exist_ok=True)
    (settings_dir / "overrides.json").write_text((ROOT / "scripts" / "lab-overrides.json")
                                                 .read_text())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(user_dir),
               PATH=f"{bin_dir}:{os.environ.get('PATH', '')}")
    log = open(root_dir.parent / f"{root_dir.name}-lab.log", "wb")
    proc = subprocess.Popen(
        [str(bin_dir / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root_dir}", f"--LabServerApp.app_settings_dir={settings_dir}",
         *(["--allow-root"] if os.getuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=3).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {log.name}") from None
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        log.close()


def open_chapter(page, url: str, slug: str, token: str) -> None:
    """Open ``<slug>.ipynb`` in a workspace of its own (reset: no other tab restored)."""
    page.goto(f"{url}/lab/workspaces/{slug}/tree/{slug}.ipynb?reset&token={token}")
    wait_for_notebook(page)
