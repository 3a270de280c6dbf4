"""Browser smoke test of every built page, in headless Chromium with other hosts blocked."""

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import HTML

pytestmark = [pytest.mark.book, pytest.mark.browser]
GENERIC_ALT = re.compile(r"^(image|img|figure|picture|png|svg|graph|plot|\S+\.(png|svg|jpe?g))$", re.I)


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


@lru_cache(maxsize=None)
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
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parse_page(target).ids:
            broken.append(f"{href} (no such #fragment)")
    return broken


def test_site_has_pages(built_site):
    pages = built_pages()
    assert "book/intro.html" in pages and "index.html" in pages


def test_no_page_repeats_an_id(built_site):
    # sphinx-exercise gives every exercise body id="exercise-content" (book/_ext/unique_ids.py)
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
        problems = {kind: found for kind, found in page_problems(page, built_site, site_url, rel).items() if found}
        if problems:
            failures[rel] = problems
    assert failures == {}


def test_link_checker_finds_broken_links(built_site):
    base = "http://127.0.0.1:1"
    assert broken_internal_links(built_site, base, [f"{base}/book/intro.html"]) == []
    assert broken_internal_links(built_site, base, [f"{base}/book/nope.html"]) != []
    assert broken_internal_links(built_site, base, [f"{base}/book/intro.html#nope-nope"]) != []
    assert broken_internal_links(built_site, base, ["https://example.org/x"]) == []
