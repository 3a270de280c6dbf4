"""Sphinx extension: the student and instructor editions of the casebook, from one switch.

``CASEBOOK_EDITION`` (``student`` by default, or ``instructor``) is read on ``config-inited``.

Student edition (the public site):
- ``hide_solutions = True``: sphinx-exercise returns no node for a ``{solution}``, so its text
  never reaches the HTML or the search index;
- ``{instructor-note}`` returns no node either; ``{answer-key}`` renders nothing;
- ``html_copy_source = False``: no ``_sources/*.md`` (they hold the solutions), and the theme's
  then dead ".md" download entry is removed. It also stops sphinx-book-theme copying
  ``jupyter_execute/<page>.ipynb`` (the *executed* notebook, solutions and outputs included)
  into ``_sources/``, which it does only when the source is copied;
- each chapter page offers the generated student notebook instead (written here, at
  ``html-page-context``), and a sweep at ``build-finished`` deletes anything else that reaches
  ``_sources/``.

Instructor edition: solutions and notes shown, the quiz answer key rendered, a banner on every
page. Both editions: the download offers the generated notebook of the edition, and the launch
buttons open the generated student notebook ``<page>.ipynb`` on the ``notebooks`` branch that
the pages workflow publishes (Binder, JupyterHub through nbgitpuller, Colab).
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from casebook.editions import (NOTEBOOKS_BRANCH, chapter_notebook, edition_from_env,
                               launch_urls, write_notebook)
from casebook.book import Book
from casebook.teaching import answer_key_html, chapters

LOGGER = logging.getLogger(__name__)
BANNER = ("Instructor edition: worked answers, facilitator notes and the quiz answer key are "
          "shown. Do not publish it where students can see it.")


def _is_instructor(config) -> bool:
    return config.casebook_edition == "instructor"


def on_config_inited(app, config) -> None:
    config.casebook_edition = edition_from_env()
    config.hide_solutions = not _is_instructor(config)
    if _is_instructor(config):
        config.html_theme_options = {**config.html_theme_options, "announcement": BANNER}
    else:
        config.html_copy_source = False


class InstructorNote(SphinxDirective):
    """``{instructor-note} [title]``: an admonition in the instructor edition, nothing else."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"class": directives.class_option}

    def run(self):
        if not _is_instructor(self.config):
            return []
        title = "Instructor note" + (f": {self.arguments[0]}" if self.arguments else "")
        node = nodes.admonition(
            "", classes=["instructor-note", "important", *self.options.get("class", [])])
        words, messages = self.state.inline_text(title, self.lineno)
        node += nodes.title(title, "", *words)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node, *messages]


class AnswerKey(SphinxDirective):
    """``{answer-key}``: every chapter's quiz answers (instructor edition; nothing otherwise)."""

    has_content = False

    def run(self):
        if not _is_instructor(self.config):
            return []
        book = Book.at(self.env.srcdir)
        out = []
        for chapter in chapters(book):
            bank = book.bank(chapter.slug)
            self.env.note_dependency(str(bank.path))
            section = nodes.section(ids=[f"answer-key-{chapter.slug}"],
                                    names=[f"answer key {chapter.slug}"])
            section += nodes.title(text=chapter.title)
            section += nodes.raw("", answer_key_html(bank), format="html")
            out.append(section)
        return out


def _theme_launch(app) -> dict:
    return app.config.html_theme_options.get("launch_buttons", {}) or {}


def _is_chapter(app, pagename: str) -> bool:
    slug = Path(pagename).name
    return slug in Book.at(app.srcdir).chapter_slugs()


def _notebook_button(context, name: str) -> dict:
    return {"type": "link", "url": f"{context['pathto']('_sources', 1)}/{name}",
            "text": ".ipynb", "icon": "fas fa-code", "tooltip": "Download notebook file",
            "label": "download-notebook-button"}


def on_page_context(app, pagename, templatename, context, doctree) -> None:
    """After the theme (priority 501): notebook download, launch links, dead .md link.

    With ``html_copy_source = False`` the theme copies no notebook and offers none; with it on
    (instructor edition) it copies the executed one. Either way a chapter offers the generated
    notebook of the edition, and any other page offers none.
    """
    groups = context.get("header_buttons") or []
    chapter = _is_chapter(app, pagename)
    repo_url = app.config.html_theme_options.get("repository_url", "")
    name = f"{pagename}.ipynb"
    target = Path(app.outdir) / "_sources" / name
    if chapter:
        source = Path(app.env.doc2path(pagename))
        nb = chapter_notebook(source, app.config.casebook_edition, repository_url=repo_url)
        write_notebook(nb, target)
        context["ipynb_source"] = name
    elif context.get("ipynb_source"):  # a page with code but no notebook of its own
        target.unlink(missing_ok=True)
        context["ipynb_source"] = None
    for group in groups:
        label = group.get("label")
        if label == "download-buttons":
            kept = [b for b in group["buttons"] if b.get("label") != "download-notebook-button"
                    and not (b.get("label") == "download-source-button"
                             and not context.get("sourcename"))]
            group["buttons"] = ([_notebook_button(context, name)] if chapter else []) + kept
        elif label == "launch-buttons" and chapter:
            launch = _theme_launch(app)
            urls = launch_urls(
                repo_url, name, branch=app.config.casebook_notebooks_branch,
                interface=launch.get("notebook_interface", "jupyterlab"),
                binderhub_url=launch.get("binderhub_url", ""),
                jupyterhub_url=launch.get("jupyterhub_url", ""),
                colab_url=launch.get("colab_url", ""))
            group["buttons"] = [dict(b, url=urls[b["text"]]) for b in group["buttons"]
                                if b.get("text") in urls]
    context["header_buttons"] = [g for g in groups if not (
        g.get("label") == "launch-buttons" and (not chapter or not g.get("buttons")))]


def _edition_of(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["metadata"]["casebook"]["edition"]
    except (ValueError, KeyError, TypeError):
        return None


def on_build_finished(app, exception) -> None:
    """Student edition: nothing in ``_sources/`` but the generated student notebooks."""
    if exception or _is_instructor(app.config) or app.builder.format != "html":
        return
    sources = Path(app.outdir) / "_sources"
    for path in sorted(p for p in sources.rglob("*") if p.is_file()) if sources.is_dir() else []:
        if path.suffix == ".ipynb" and _edition_of(path) == "student":
            continue
        LOGGER.info(f"[editions] removing {path.relative_to(app.outdir)} from the student site")
        path.unlink()


def setup(app):
    app.add_config_value("casebook_edition", "student", "env")
    app.add_config_value("casebook_notebooks_branch", NOTEBOOKS_BRANCH, "html")
    app.connect("config-inited", on_config_inited, priority=900)
    app.connect("html-page-context", on_page_context, priority=502)
    app.connect("build-finished", on_build_finished)
    app.add_directive("instructor-note", InstructorNote)
    app.add_directive("answer-key", AnswerKey)
    app.add_css_file("print.css", media="print")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
