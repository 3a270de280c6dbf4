"""Browser smoke test of every built page, in headless Chromium with other hosts blocked."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import HTML, serve

pytestmark = [pytest.mark.book, pytest.mark.browser]
GENERIC_ALT = re.compile(r"^(image|img|figure|picture|png|svg|graph|plot|\S+\.(png|svg|jpe?g))$",
                         re.I)


def built_pages() -> list[str]:
    """Pages of the built site, relative to its root (collected at import: the build may be new)."""
    return sorted(
        str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
        if not p.relative_to(HTML).parts[0].startswith("_")
    )


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.repeated_ids: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id") in self.ids:
            self.repeated_ids.append(attrs["id"])
        self.ids.update(v for k, v in attrs.items() if k in ("id", "name") and v)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and attrs.get("src"):
            self.resources.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.resources.append(attrs["href"])


@cache
def parse_page(path: Path) -> _Anchors:
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_internal_links(site: Path, base_url: str, hrefs: list[str]) -> list[str]:
    broken = []
    for href in hrefs:
        if not href.startswith(base_url):
            continue
        parts = urlsplit(href)
        target = site / unquote(parts.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{href} (no such file)")
        elif (parts.fragment and target.suffix == ".html"
              and unquote(parts.fragment) not in parse_page(target).ids):
            broken.append(f"{href} (no such #fragment)")
    return broken


def test_site_has_pages(built_site):
    pages = built_pages()
    assert "book/intro.html" in pages and "index.html" in pages


def test_no_page_repeats_an_id(built_site):
    # sphinx-exercise gives every exercise body id="exercise-content" (casebook.sphinx.ids)
    repeated = {rel: parse_page(HTML / rel).repeated_ids for rel in built_pages()}
    assert {rel: ids for rel, ids in repeated.items() if ids} == {}


def test_no_page_references_another_host(built_site):
    for rel in built_pages():
        external = [r for r in parse_page(HTML / rel).resources if urlsplit(r).netloc]
        assert external == [], f"{rel} loads {external}"


def page_problems(page, site: Path, base_url: str, rel: str) -> dict[str, list[str]]:
    """Load one page and return what is wrong with it, by kind (empty lists when all is well)."""
    page.log.__init__()
    page.goto(f"{base_url}/{rel}", wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # late errors (e.g. a favicon 404) are logged after network idle
    images = page.eval_on_selector_all("img", "els => els.map(e => [e.src, e.getAttribute('alt')])")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return {
        "requests to other hosts": list(page.log.external_requests),
        "console errors": list(page.log.console_errors),
        "uncaught exceptions": list(page.log.page_errors),
        "images without meaningful alt text": [
            src for src, alt in images if not (alt or "").strip() or GENERIC_ALT.match(alt.strip())
        ],
        "broken internal links": broken_internal_links(site, base_url, hrefs),
    }


def test_every_page_loads_cleanly_offline(built_site, site_url, page):
    failures = {}
    for rel in built_pages():
        found_on_page = page_problems(page, built_site, site_url, rel)
        problems = {kind: found for kind, found in found_on_page.items() if found}
        if problems:
            failures[rel] = problems
    assert failures == {}


def test_link_checker_finds_broken_links(built_site):
    base = "http://127.0.0.1:1"
    assert broken_internal_links(built_site, base, [f"{base}/book/intro.html"]) == []
    assert broken_internal_links(built_site, base, [f"{base}/book/nope.html"]) != []
    assert broken_internal_links(built_site, base, [f"{base}/book/intro.html#nope-nope"]) != []
    assert broken_internal_links(built_site, base, ["https://example.org/x"]) == []


# --------------------------------------------------------------------------- storage blocked

# Private browsing (or cookies blocked): reading window.localStorage or sessionStorage throws.
BLOCK_STORAGE = """(() => {
  for (const name of ["localStorage", "sessionStorage"]) {
    Object.defineProperty(window, name, {configurable: true, get() {
      throw new DOMException("The operation is insecure.", "SecurityError");
    }});
  }
})();"""
STORAGE_PAGES = ["book/intro.html", "book/the-case.html", "book/myeloma-staging.html",
                 "book/instructor-guide.html", "book/bibliography.html", "search.html"]


def _errors_with_storage_blocked(page, url: str) -> list[str]:
    page.log.__init__()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    return list(page.log.page_errors)


def test_blocked_storage_is_simulated(tmp_path, page):
    """The simulation bites: a page that reads localStorage unguarded throws."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>t</title><script>localStorage.getItem('mode')</script>")
    url, server = serve(tmp_path)
    page.context.add_init_script(BLOCK_STORAGE)
    try:
        errors = _errors_with_storage_blocked(page, f"{url}/index.html")
    finally:
        server.shutdown()
    assert errors and ("SecurityError" in errors[0] or "insecure" in errors[0]), errors


def test_no_page_throws_with_storage_blocked(built_site, site_url, page):
    """With storage refused, no page throws (the theme read it twice per page before the
    in-memory Storage of casebook/sphinx/templates/layout.html), and the colour mode is set."""
    page.context.add_init_script(BLOCK_STORAGE)
    failures = {}
    for rel in STORAGE_PAGES:
        errors = _errors_with_storage_blocked(page, f"{site_url}/{rel}")
        mode = page.evaluate("document.documentElement.dataset.mode")
        if errors or mode != "auto":
            failures[rel] = {"uncaught": errors, "mode": mode}
    assert failures == {}
