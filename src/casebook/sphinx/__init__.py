"""``casebook.sphinx``: the one Sphinx extension of a casebook.

A book adds it to Jupyter Book's own extensions in ``_config.yml``::

    sphinx:
      extra_extensions: [casebook.sphinx]

and gets, from this package (nothing to copy into the book):

==========================  ===============================================================
:mod:`.mathml`              ``html_math_renderer = "mathml"``: MathML at build time, no MathJax
:mod:`casebook.editions`    the student and instructor editions (``CASEBOOK_EDITION``),
                            ``{instructor-note}``, ``{answer-key}``, each chapter's notebook
:mod:`.quiz`                the quizzes' script and styles; quiz source lines linked to the
                            references page; the case walks' script and styles
:mod:`.quiz_exports`        the Anki, QTI and Moodle exports of the banks (``_exports/``), their
                            links, and the My progress page (``{progress-report}``)
:mod:`.bibstyle`            author-year citations (``casebook`` and ``casebook_author_year``)
:mod:`.outlines`            pages built from chapters rebuilt when an outline changes, not on
                            every prose edit
:mod:`.ids`                 unique ids for sphinx-exercise's content sections
:mod:`.doctrees`            each page's doctree holds that page only (not the build's state)
:mod:`.tables`              build-time tables: ``{benchmark-results}``, ``{objective-map}``,
                            ``{session-plan}``
:mod:`.theme`               accessibility, page weight and determinism fixes to the theme
``static/``, ``templates/``  the assets and the four template overrides (see their comments)
==========================  ===============================================================

It also takes out, in effect, two of Jupyter Book's default extensions that a casebook does not
use: sphinx-thebe (it declares its scripts on every page, one of them from unpkg.com, another
host) and intersphinx (nothing links to other projects, and the build must not fetch
inventories). Their event handlers are disconnected and sphinx-thebe's stylesheet unlisted,
so an offline page makes no request to another host.

It also sets what every casebook needs from Sphinx and myst-nb (:data:`ENGINE_CONFIG`: a
failing cell fails the build, no widget scripts from CDNs, author-year citations, the theme
fixes) wherever the book's ``_config.yml`` does not.

A book's own ``html_static_path`` (favicon, data its pages read) and ``templates_path`` come
before the package's, so a book can override any of its files.
"""

from __future__ import annotations

import copy
from pathlib import Path

__all__ = ["ENGINE_CONFIG", "ENGINE_CONFIG_KEYS", "STATIC", "TEMPLATES", "engine_config",
           "setup"]

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
# Jupyter Book's defaults that a casebook takes out (see the module docstring).
NEUTRALISED = ("sphinx_thebe", "sphinx.ext.intersphinx")
NEUTRALISED_CSS = {"sphinx-thebe.css"}
# sphinx-book-theme's sidebar, with the site title wrapped in a landmark (casebook-home.html).
SIDEBAR = ["casebook-home.html", "icon-links.html", "search-button-field.html",
           "sbt-sidebar-nav.html"]


def _neutralise(app) -> None:
    for listeners in app.events.listeners.values():
        listeners[:] = [listener for listener in listeners
                        if not getattr(listener.handler, "__module__", "").startswith(NEUTRALISED)]
    app.registry.css_files = [(name, attrs) for name, attrs in app.registry.css_files
                              if name not in NEUTRALISED_CSS]
    app.registry.js_files = [(name, attrs) for name, attrs in app.registry.js_files
                             if not (name or "").startswith("https://unpkg.com/")]


# What every casebook needs from Sphinx and myst-nb, unless the book's _config.yml says
# otherwise. Offline pages and a build that fails on a failing cell are the engine's promise,
# so a second case gets them without copying a block of settings it could drop.
ENGINE_CONFIG = {
    "nb_execution_raise_on_error": True,
    # No widget-manager or RequireJS scripts from CDNs; quizzes and walks ship their own HTML,
    # which wins over the widget view on the site.
    "nb_ipywidgets_js": {},
    "nb_mime_priority_overrides": [["html", "application/vnd.jupyter.widget-view+json", 35]],
    "bibtex_reference_style": "casebook_author_year",  # bibstyle: author-year, et al.
    "bibtex_default_style": "casebook",
}
# Merged key by key into what Jupyter Book derives (repository and launch buttons).
ENGINE_CONFIG_KEYS = {
    "html_theme_options": {
        "navigation_with_keys": False,
        # Said explicitly, or pydata-sphinx-theme (>= 0.17.1) re-injects its default and renders
        # a top bar holding only a second search field, plus hidden copies of the sidebar
        # toggles that its scripts bind to instead of the visible ones (sphinx-book-theme #988).
        "navbar_persistent": [],
    },
    "html_context": {"default_mode": "auto"},  # empty by default: the theme logs an error
}


def engine_config(config) -> None:
    """Set :data:`ENGINE_CONFIG` and :data:`ENGINE_CONFIG_KEYS` where the book has not.

    Jupyter Book hands all of ``_config.yml`` to Sphinx as overrides, so a name among
    ``config.overrides`` is the book's choice and is kept.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> config = SimpleNamespace(overrides={"bibtex_default_style": "plain"},
    ...                          bibtex_default_style="plain", html_context={"x": 1},
    ...                          html_theme_options={"navbar_persistent": ["search"]})
    >>> engine_config(config)
    >>> config.bibtex_default_style, config.nb_ipywidgets_js, config.html_context
    ('plain', {}, {'default_mode': 'auto', 'x': 1})
    >>> config.html_theme_options
    {'navigation_with_keys': False, 'navbar_persistent': ['search']}
    """
    for name, value in ENGINE_CONFIG.items():
        if name not in config.overrides:
            setattr(config, name, copy.deepcopy(value))  # the constant stays as written
    for name, defaults in ENGINE_CONFIG_KEYS.items():
        setattr(config, name, {**defaults, **(getattr(config, name, None) or {})})


def _on_config_inited(app, config) -> None:
    """Package assets and templates after the book's own; engine defaults the book may set."""
    engine_config(config)
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    if not config.html_math_renderer:
        config.html_math_renderer = "mathml"
    if "**" not in (config.html_sidebars or {}):
        config.html_sidebars = {**(config.html_sidebars or {}), "**": SIDEBAR}
    config.intersphinx_mapping = {}
    _neutralise(app)


def setup(app) -> dict:
    from casebook import editions
    from casebook.sphinx import (bibstyle, doctrees, ids, mathml, outlines, quiz, quiz_exports,
                                 tables, theme)

    for part in (mathml, editions, outlines, quiz, quiz_exports, bibstyle, ids, tables, theme,
                 doctrees):
        part.setup(app)
    # The case walks' script and styles (casebook.walk renders the HTML they drive).
    app.add_js_file("walk.js", priority=800)
    app.add_css_file("walk.css", priority=800)
    # After the extensions' and the theme's styles, as a book's own html_css_files would be.
    app.add_css_file("casebook.css", priority=800)
    app.add_css_file("print.css", media="print")
    app.connect("config-inited", _on_config_inited, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
