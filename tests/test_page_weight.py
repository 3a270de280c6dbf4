"""Page-weight budget (issue 8) and the build-time trimming that keeps to it.

The gate loads each chapter in headless Chromium with the cache off, scrolls to the bottom so
every asset the page asks for is fetched, and adds up the bytes of every response (the test
server does not compress, so these are the uncompressed sizes). The median chapter must stay at
or under 1.2 MB (1,200,000 bytes). A stock sphinx-book-theme page is about 2.5 MB, 1.45 MB of it
the Font Awesome script: casebook.sphinx.theme subsets it (tested below on small inputs).
"""

import statistics
from pathlib import Path

import pytest

from casebook.sphinx import theme as lean_theme
from test_structure import chapter_slugs

BUDGET_BYTES = 1_200_000


def page_weight(page, url: str) -> tuple[int, list[tuple[int, str]]]:
    """Bytes and (size, url) of every response while ``url`` loads and is scrolled through."""
    client = page.context.new_cdp_session(page)
    client.send("Network.setCacheDisabled", {"cacheDisabled": True})
    responses = []

    def record(response):
        responses.append(response)

    page.on("response", record)
    try:
        page.goto(url, wait_until="load")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("response", record)
    sizes = []
    for response in responses:
        try:
            sizes.append((len(response.body()), response.url))
        except Exception:  # noqa: BLE001 - a redirect or aborted request has no body
            sizes.append((0, response.url))
    return sum(n for n, _ in sizes), sorted(sizes, reverse=True)


@pytest.mark.book
@pytest.mark.browser
def test_median_chapter_is_within_the_page_weight_budget(built_site, site_url, page):
    weights = {}
    for slug in chapter_slugs():
        total, _ = page_weight(page, f"{site_url}/book/{slug}.html")
        weights[slug] = total
    median = statistics.median(weights.values())
    assert median <= BUDGET_BYTES, f"median {median:,.0f} bytes; per chapter: {weights}"


@pytest.mark.book
@pytest.mark.browser
def test_icons_still_render_from_the_subset_script(built_site, site_url, page):
    """Every Font Awesome icon on a chapter page became an inline SVG (none lost by subsetting)."""
    page.goto(f"{site_url}/book/{chapter_slugs()[0]}.html", wait_until="networkidle")
    left = page.eval_on_selector_all("i[class*='fa-'], span[class*='fa-']",
                                     "els => els.map(e => e.outerHTML)")
    svgs = page.eval_on_selector_all("svg.svg-inline--fa", "els => els.length")
    script = (built_site / "_static" / lean_theme.FA_SCRIPT).stat().st_size
    assert left == [] and svgs >= 5 and script < 200_000


@pytest.mark.book
def test_search_index_loads_only_on_the_search_page(built_site):
    chapter = (built_site / "book" / f"{chapter_slugs()[0]}.html").read_text()
    search = (built_site / "search.html").read_text()
    assert "searchindex.js" not in chapter and "searchindex.js" in search


@pytest.mark.book
@pytest.mark.browser
def test_search_from_a_chapter_still_finds_pages(built_site, site_url, page):
    """The search dialog on a page without the search scripts hands over to search.html."""
    page.goto(f"{site_url}/book/{chapter_slugs()[0]}.html", wait_until="networkidle")
    page.keyboard.press("Control+k")
    page.keyboard.type("melphalan")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results li", timeout=15_000)
    assert "search.html" in page.url and page.log.page_errors == []


# --- the subsetting, on small inputs ------------------------------------------------------------

PACK = ('var x=1;var p={"arrow-up":[384,512,[8593],"f062","M1 1z"],bars:[448,512,["navicon"],'
        '"f0c9","M2 2z"],moon:[384,512,[127769],"f186",["M3 3z","M4 4z"]],'
        '"0":[320,512,[],"30","M5 5z"]},q=2;')
MAP_COMMENT = "\n//# sourceMappingURL=fontawesome.js.map\n"


def _names(js: str) -> list[str]:
    return [m.group(1).strip('"') for m in lean_theme.FA_ENTRY.finditer(js)]


def test_script_subset_keeps_named_icons_and_aliases_only():
    # Needs at least 100 icons to accept the bundle: repeat the pack.
    bundle = PACK * 30 + MAP_COMMENT
    kept = lean_theme.subset_fontawesome_js(bundle, {"arrow-up", "navicon"})
    assert set(_names(kept)) == {"arrow-up", "bars"}
    assert "var x=1;" in kept and ",q=2;" in kept and "sourceMappingURL" not in kept
    empty = lean_theme.subset_fontawesome_js(bundle, set())
    assert _names(empty) == [] and "var p={}" in empty


def test_script_subset_refuses_an_unexpected_bundle():
    with pytest.raises(ValueError, match="icon definitions"):
        lean_theme.subset_fontawesome_js("var p={};", {"bars"})


def test_stylesheet_subset_drops_only_unused_glyph_rules():
    css = ('.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-moon:before{content:"\\f186"}'
           '.btn{color:red}\n/*# sourceMappingURL=x.css.map*/')
    out = lean_theme.subset_fontawesome_css(css, {"bars"})
    assert '.fa-bars:before{content:"\\f0c9"}' in out
    assert "moon" not in out and "navicon" not in out and ".btn{color:red}" in out
    assert "sourceMappingURL" not in out


def test_codepoints_are_read_literal_and_escaped():
    sheets = ['a:after{content:"\\f303"}', "b{--icon:\"\uf107\"}", 'c{content:"x"}']
    assert lean_theme.used_codepoints(sheets) == {0xF303, 0xF107}


def test_icon_names_come_from_pages_and_scripts(tmp_path):
    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-moon"></i>')
    (tmp_path / "_static" / "x.js").write_text('icon.classList = "fa-solid fa-xmark";')
    (tmp_path / "_static" / "scripts" / "fontawesome.js").write_text('"fa-every-icon"')
    assert lean_theme.used_icon_names(tmp_path) == {"solid", "moon", "xmark"}


FA_FACE = ('@font-face{font-family:x;src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2) '
           'format("woff2"),'
           'url(../vendor/fontawesome/webfonts/fa-solid-900.ttf) format("truetype")}')


def test_webfont_subset_is_small_and_keeps_the_glyphs(tmp_path):
    from fontTools.ttLib import TTFont
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    fonts = theme / "static" / lean_theme.FA_FONTS
    css = FA_FACE
    out = lean_theme.subset_webfonts(css, {0xF0C9, 0xF303}, fonts, tmp_path)
    assert 'url(../vendor/fontawesome/webfonts/fa-solid-900.subset.woff) format("woff")' in out
    subset = tmp_path / "fa-solid-900.subset.woff"
    assert subset.stat().st_size < 10_000
    assert {0xF0C9, 0xF303} <= set(TTFont(subset).getBestCmap())


def test_a_cut_font_is_kept_and_reused_until_its_code_points_change(tmp_path, monkeypatch):
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    fonts = theme / "static" / lean_theme.FA_FONTS
    css = FA_FACE
    cache, first, second = tmp_path / "cache", tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    lean_theme.subset_webfonts(css, {0xF0C9}, fonts, first, cache)
    cuts = []
    monkeypatch.setattr(lean_theme, "_cut_font", lambda *a: cuts.append(a) or
                        Path(a[1]).write_bytes(b"new cut"))
    lean_theme.subset_webfonts(css, {0xF0C9}, fonts, second, cache)  # a rebuild: copied
    assert cuts == []
    name = "fa-solid-900.subset.woff"
    assert (second / name).read_bytes() == (first / name).read_bytes()
    lean_theme.subset_webfonts(css, {0xF0C9, 0xF303}, fonts, second, cache)  # a new icon
    assert len(cuts) == 1 and (second / name).read_bytes() == b"new cut"
