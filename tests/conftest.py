"""Shared fixtures: the strict book build, a local server for the built site, and Chromium.

The book is built once per test session, from clean, with warnings as errors. Browser tests
drive Debian's Chromium through Playwright; a missing browser fails the run (``make test``
installs it), it never skips.
"""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import matplotlib
import pytest
from hypothesis import settings

from casebook.book import Book

matplotlib.use("Agg")  # tests draw figures without a screen
import matplotlib.pyplot as plt  # noqa: E402

# CI shares two cores with a book build: judge properties, not per-example speed.
settings.register_profile("casebook", deadline=None)
settings.load_profile("casebook")

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
THE_BOOK = Book.at(ROOT)  # the casebook.book.Book of this repository
BUILD = ROOT / "_build"
HTML = BUILD / "html"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1"}


@dataclass(frozen=True)
class BuildResult:
    returncode: int
    output: str
    html: Path


def build_book(source: Path, *, clean: bool = True, edition: str | None = None) -> BuildResult:
    """Build the Jupyter Book in ``source`` strictly (-W -n --keep-going), from clean; in
    ``edition`` (``CASEBOOK_EDITION``) if given, else in the caller's."""
    build = source / "_build"
    if clean:
        shutil.rmtree(build, ignore_errors=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    env = {**os.environ, **({"CASEBOOK_EDITION": edition} if edition else {})}
    proc = subprocess.run(
        [str(jb), "build", str(source), "-W", "-n", "--keep-going"],
        cwd=source, capture_output=True, text=True, timeout=900, env=env,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, build / "html")


@pytest.fixture(scope="session")
def strict_build() -> BuildResult:
    return build_book(ROOT)


@pytest.fixture(scope="session")
def built_site(strict_build) -> Path:
    if strict_build.returncode != 0:
        pytest.fail(f"the strict book build failed:\n{strict_build.output[-6000:]}")
    return strict_build.html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 at a free port; return (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def site_url(built_site):
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"no browser at {CHROMIUM}: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageLog:
    """What a page did that a test may assert on: errors and requests to other hosts."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.external_requests: list[str] = []


def _route_local_only(log: PageLog, route):
    host = urlsplit(route.request.url).hostname
    if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
        route.continue_()
    else:
        log.external_requests.append(route.request.url)
        route.abort()


@pytest.fixture
def page(browser):
    """A fresh page that blocks (and records) every request to a host other than 127.0.0.1."""
    context = browser.new_context()
    page = context.new_page()
    log = PageLog()
    context.route("**/*", functools.partial(_route_local_only, log))
    page.on("console", lambda m: m.type == "error" and log.console_errors.append(m.text))
    page.on("pageerror", lambda e: log.page_errors.append(str(e)))
    page.log = log
    yield page
    context.close()


@pytest.fixture
def figures(monkeypatch):
    """For plot tests: ``plt.show()`` fails the test, and every figure is closed afterwards."""

    def fail(*args, **kwargs):
        raise AssertionError("plot helpers must not call plt.show()")

    monkeypatch.setattr(plt, "show", fail)
    yield
    plt.close("all")


def ax_texts(ax) -> list[str]:
    """Every text artist's string on ``ax``."""
    return [t.get_text() for t in ax.texts]


def widget_models(widget) -> set:
    """The ipywidget models a displayed widget sends to the browser: itself and all it refers
    to (children, layouts, styles), each once."""
    import ipywidgets

    seen, todo = {}, [widget]
    while todo:
        w = todo.pop()
        if w.model_id in seen:
            continue
        seen[w.model_id] = w
        for name in w.keys:
            value = getattr(w, name)
            todo += [v for v in (value if isinstance(value, (list, tuple)) else [value])
                     if isinstance(v, ipywidgets.Widget)]
    return set(seen.values())


def leaves(value):
    """Every scalar inside nested dicts and lists (YAML fact values, notebook JSON)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    else:
        yield value
