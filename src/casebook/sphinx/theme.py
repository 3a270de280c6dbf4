"""Build-time fixes to the theme: accessibility, page weight, determinism (issue 8).

Accessibility (axe-core findings on the stock theme, fixed in the output, no rule disabled):
- myst-nb writes ``<summary aria-label="Toggle hidden content">`` around hidden cells, whose
  visible text is "Show code cell content" (``label-content-name-mismatch``): the summary is
  written without the aria-label, so its name is its visible text.
- docutils marks bibliography entries ``role="doc-biblioentry"``, a role deprecated in
  DPUB-ARIA 1.1 and not a list item, inside ``role="list"`` (``aria-required-children``):
  entries become ``role="listitem"``.
- Theme markup is fixed by the template overrides in ``casebook/sphinx/templates/`` (see their
  comments): the sidebar's site title in a landmark, the search and colour-mode buttons named by
  their visible text. ``layout.html`` also installs an in-memory Storage before the theme's
  first script when the browser refuses storage (private browsing), so no page throws.

Determinism: pandas' ``Styler`` names each table ``T_<5 random hex digits>`` (ids and the CSS
that uses them), so every fresh execution wrote different HTML; the ids are renumbered in page
order (``T_s1``, ``T_s2``...), so two clean builds give the same pages.

Page weight (a stock page loads about 2.5 MB, most of it icons nobody sees):
- ``_static/scripts/fontawesome.js`` (1.45 MB, every Font Awesome icon) is rewritten after each
  build to hold only the icons that the built pages and the site's scripts name; the theme's
  stylesheet loses the ``.fa-<icon>:before`` rules of the icons that are not used, and its
  Font Awesome web fonts (156 kB for the solid one, for the few glyphs that admonition titles,
  breadcrumbs and the like draw from CSS) are subset with fontTools (a matplotlib dependency)
  to the code points that the site's stylesheets name.
- The executed ipywidgets state that myst-nb embeds in each page is dropped: the static site
  has no widget manager to use it (quizzes ship their own HTML), and its random model ids would
  make every build's HTML different.
- sphinx-design's stylesheet and script are only linked from pages that use sphinx-design.
- ``layout.html`` loads Sphinx's search tools and index on the search page only.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from html import escape
from pathlib import Path

from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

DESIGN_ASSETS = {"sphinx-design.min.css", "design-tabs.js"}
STYLER_ID = re.compile(r"\bT_([0-9a-f]{5})(?=[_\"'\s{>])")
USES_DESIGN = re.compile(r'class="[^"]*\bsd-')
FA_SCRIPT = Path("scripts/fontawesome.js")
FA_STYLES = Path("styles/pydata-sphinx-theme.css")
FA_FONTS = Path("vendor/fontawesome/webfonts")
# An icon in a Font Awesome pack: name:[width,height,[aliases],"unicode",path or [paths]]
FA_ENTRY = re.compile(
    r'(?<=[{,])("[^"]+"|[A-Za-z_$][\w$]*|\d+):\[\d+,\d+,\[([^\]]*)\],"[0-9a-f]+",'
    r'(?:"[^"]*"|\[(?:"[^"]*",?)*\])\]'
)
FA_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")
# A stylesheet rule that only gives icon glyphs: .fa-a:before,.fa-b:before{content:"\f000"}
FA_GLYPH_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)(\{content:"[^"]*"\})')
FA_FONT_SRC = re.compile(
    r'url\((\.\./vendor/fontawesome/webfonts/)([\w-]+)\.woff2\) format\("woff2"\),'
    r'url\(\1\2\.ttf\) format\("truetype"\)'
)
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\([ef][0-9a-f]{3})\b", re.I)
SOURCE_MAP = re.compile(r"\n?(//# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ ?\*/)\s*$")


# --- accessibility ---------------------------------------------------------------------------

def _visit_hidden_cell(self, node):
    """myst-nb's hidden-cell toggle, named by its visible text (no mismatching aria-label)."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def _depart_hidden_cell(self, node):
    self.body.append("</details>\n")


# --- per-page assets -------------------------------------------------------------------------

def _asset_name(asset) -> str:
    return Path(str(getattr(asset, "filename", asset) or "")).name


def _drop_widget_state(app, doctree) -> None:
    """Once read, not kept in the environment either (it was 2 MB of the pickled env)."""
    from myst_nb.sphinx_ import NbMetadataCollector

    if app.env.docname in NbMetadataCollector.get_doc_data(app.env):  # a notebook page
        NbMetadataCollector.get_js_files(app.env, app.env.docname).pop("ipywidgets_state", None)


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    """Drop unused sphinx-design assets; fix the bibliography's roles; stable Styler ids."""
    body = context.get("body", "")
    if not USES_DESIGN.search(body):
        for key in ("script_files", "css_files"):
            assets = context.get(key)
            if assets is not None:
                assets[:] = [a for a in assets if _asset_name(a) not in DESIGN_ASSETS]
    if body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = stable_styler_ids(body)


def stable_styler_ids(html: str) -> str:
    """``html`` with pandas Styler's random table ids renumbered in order of appearance."""
    names: dict[str, str] = {}

    def rename(m):
        return names.setdefault(m.group(1), f"T_s{len(names) + 1}")

    return STYLER_ID.sub(rename, html)


# --- Font Awesome subset ---------------------------------------------------------------------

def used_icon_names(outdir: Path) -> set[str]:
    """Every ``fa-<name>`` that a built page or a site script (other than Font Awesome) names."""
    names: set[str] = set()
    files = list(outdir.rglob("*.html")) + [
        p for p in (outdir / "_static").rglob("*.js") if p.name != FA_SCRIPT.name
    ]
    for path in files:
        names.update(FA_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def subset_fontawesome_js(source: str, keep: set[str]) -> str:
    """``source`` (Font Awesome's SVG+JS bundle) with only the icons named in ``keep``.

    An icon stays if its name or one of its aliases is in ``keep``. Raises ``ValueError`` if
    the bundle does not have the expected shape (a theme upgrade changed it).
    """
    entries = list(FA_ENTRY.finditer(source))
    if len(entries) < 100:
        raise ValueError(f"found {len(entries)} icon definitions in the Font Awesome bundle")
    out, pos, run = [], 0, []

    def flush(run):
        kept = [m.group(0) for m in run
                if {m.group(1).strip('"'), *re.findall(r'"([^"]+)"', m.group(2))} & keep]
        return ",".join(kept)

    for m in entries:
        if run and source[run[-1].end():m.start()] != ",":
            out.append(flush(run))
            out.append(source[run[-1].end():m.start()])
            run = []
        if not run:
            if source[m.start() - 1] != "{":
                raise ValueError("an icon pack does not start where expected")
            out.append(source[pos:m.start()])
        run.append(m)
        pos = m.end()
    out.append(flush(run))
    if source[pos] != "}":
        raise ValueError("an icon pack does not end where expected")
    out.append(source[pos:])
    return SOURCE_MAP.sub("", "".join(out)) + "\n"


def subset_fontawesome_css(source: str, keep: set[str]) -> str:
    """``source`` without the ``.fa-<name>:before`` glyph rules of icons not in ``keep``."""

    def rule(m):
        selectors = [s for s in m.group(1).rstrip(",").split(",")
                     if s[len(".fa-"):-len(":before")] in keep]
        return ",".join(selectors) + m.group(2) if selectors else ""

    return SOURCE_MAP.sub("", FA_GLYPH_RULE.sub(rule, source)) + "\n"


def used_codepoints(stylesheets: list[str]) -> set[int]:
    """Private-use code points (icon glyphs) that ``stylesheets`` name, literally or escaped."""
    points = set()
    for css in stylesheets:
        for m in PRIVATE_USE.finditer(css):
            points.add(int(m.group(1), 16) if m.group(1) else ord(m.group(0)))
    return points


def subset_webfonts(css: str, codepoints: set[int], fonts_in: Path, fonts_out: Path,
                    cache: Path | None = None) -> str:
    """Point ``css``'s Font Awesome @font-face rules at WOFF subsets holding ``codepoints``.

    Each font is cut from the theme's TrueType file in ``fonts_in`` and written to
    ``fonts_out/<name>.subset.woff`` (WOFF, not WOFF2: that needs brotli, which is not here).
    With a ``cache`` folder, a cut made before from the same font and code points is copied
    from there: cutting (and importing fontTools) costs most of a second of every rebuild.
    """
    def rewrite(m):
        name = m.group(2)
        source, target = fonts_in / f"{name}.ttf", fonts_out / f"{name}.subset.woff"
        key = source.read_bytes() + repr(sorted(codepoints)).encode()
        made_or_kept(target, cache, key, lambda out: _cut_font(source, out, codepoints))
        return f'url({m.group(1)}{name}.subset.woff) format("woff")'

    return FA_FONT_SRC.sub(rewrite, css)


def made_or_kept(target: Path, cache: Path | None, key: bytes, make) -> None:
    """``make(target)``, or a copy of what it made before from the same ``key`` (kept in
    ``cache``): a no-change rebuild need not cut fonts or parse Font Awesome again."""
    kept = cache / f"{hashlib.sha256(key).hexdigest()[:24]}-{target.name}" if cache else None
    if kept is not None and kept.is_file():
        shutil.copyfile(kept, target)
        return
    make(target)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(target, kept)


def _cut_font(source: Path, target: Path, codepoints: set[int]) -> None:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    font = subset.load_font(str(source), options)
    font.recalcTimestamp = False  # same bytes from the same input
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=sorted(codepoints))
    cutter.subset(font)
    subset.save_font(font, str(target), options)


def _theme_static(app, relative: Path) -> Path | None:
    for theme_dir in app.builder.theme.get_theme_dirs():
        candidate = Path(theme_dir) / "static" / relative
        if candidate.is_file():
            return candidate
    return None


def _cache(app) -> Path:
    return Path(app.doctreedir) / "casebook-theme"


def on_build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    keep = used_icon_names(outdir)
    jobs = ((FA_SCRIPT, subset_fontawesome_js), (FA_STYLES, subset_fontawesome_css))
    for relative, subset in jobs:
        source, target = _theme_static(app, relative), outdir / "_static" / relative
        if source is None or not target.is_file():
            LOGGER.warning(f"casebook.sphinx: {relative} not found; page weight not reduced")
            continue
        text = source.read_text(encoding="utf-8")
        try:
            made_or_kept(target, _cache(app), (text + repr(sorted(keep))).encode(),
                         lambda out, cut=subset, text=text: out.write_text(cut(text, keep),
                                                                           encoding="utf-8"))
        except ValueError as exc:
            LOGGER.warning(f"casebook.sphinx: {relative} left whole: {exc}")
            continue
        target.with_name(target.name + ".map").unlink(missing_ok=True)
    _subset_fonts(app, outdir / "_static")


def _subset_fonts(app, static: Path) -> None:
    styles, fonts_in = static / FA_STYLES, _theme_static(app, FA_FONTS / "fa-solid-900.ttf")
    if fonts_in is None or not styles.is_file():
        LOGGER.warning("casebook.sphinx: Font Awesome fonts not found; web fonts left whole")
        return
    sheets = [p.read_text(encoding="utf-8") for p in static.rglob("*.css")]
    css = styles.read_text(encoding="utf-8")
    styles.write_text(subset_webfonts(css, used_codepoints(sheets), fonts_in.parent,
                                      static / FA_FONTS, _cache(app)),
                      encoding="utf-8")


def setup(app):
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell, _depart_hidden_cell))
    app.connect("doctree-read", _drop_widget_state)
    app.connect("html-page-context", on_page_context, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
