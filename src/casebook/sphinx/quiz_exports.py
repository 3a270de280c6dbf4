"""The quiz exports and the "My progress" page in the built site.

- ``builder-inited`` (HTML builders): writes every export (``casebook.exports.write_exports``)
  into ``<outdir>/_exports/``, so ``make book`` ships them; a question that cannot be exported
  fails the build naming its bank, id and reason, before any page is read.
- ``doctree-resolved``: under each chapter's quiz, a line offering that chapter's Anki deck.
- ``{quiz-exports} book-deck`` (the landing page) and ``{quiz-exports} lms`` (the instructor
  guide): links to the whole-book deck, and to the QTI zip and Moodle XML with how to import.
- ``{progress-report}``: the My progress page (``casebook.progress``); its script and styles
  (``progress.js``, ``progress.css``) are added to that page only.

Links are plain relative links to files in the site: nothing is fetched when a page loads.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from casebook.exports import FILES, ExportError, write_exports
from casebook.progress import progress_html
from casebook.book import Book
from casebook.quiz.bank import BankError
from casebook.sphinx.outlines import note_chapter

OUT = "_exports"
PROGRESS_PAGE = "book/progress"


def _root(app) -> Path:
    return Book.at(app.srcdir).root


def _href(docname: str, relative: str) -> str:
    """From a page (``book/the-case``) to ``_exports/<relative>`` at the site root."""
    return posixpath.relpath(f"{OUT}/{relative}", posixpath.dirname(docname) or ".")


def _write_exports(app):
    if app.builder.format != "html":
        return
    try:
        write_exports(_root(app), Path(app.outdir) / OUT)
    except (ExportError, BankError) as exc:
        raise ExtensionError(f"quiz exports: {exc}") from exc


def _offer_chapter_deck(app, doctree, docname):
    if app.builder.format != "html":
        return
    slug = posixpath.basename(docname)
    banks = {bank.slug: bank for bank in _chapter_banks(app)}
    if slug not in banks:
        return
    for raw in doctree.findall(nodes.raw):
        if f'data-quiz="{slug}"' not in raw.astext():
            continue
        cards = len(banks[slug].questions)
        href = _href(docname, FILES["chapter_deck"].format(slug=slug))
        progress = ""
        if PROGRESS_PAGE in app.env.found_docs:
            uri = app.builder.get_relative_uri(docname, PROGRESS_PAGE)
            progress = f' Your answers so far are on <a href="{uri}">My progress</a>.'
        offer = nodes.raw("", (
            f'<p class="cb-exports">Revise these {cards} questions later in Anki: '
            f'<a href="{href}" download>this chapter&#8217;s Anki deck</a> (.apkg file; in '
            f"Anki, File, Import).{progress}</p>"), format="html")
        node = raw
        while node.parent is not None and not isinstance(node.parent, nodes.section):
            node = node.parent
        if node.parent is None:
            return
        node.parent.insert(node.parent.index(node) + 1, offer)
        return


def _chapter_banks(app):
    """The chapters' banks in book order (read once per version of each file)."""
    book = Book.at(app.srcdir)
    return [book.bank(slug) for slug in book.chapter_slugs()]


class QuizExports(SphinxDirective):
    """``{quiz-exports} book-deck`` or ``{quiz-exports} lms``."""

    required_arguments = 1

    def run(self):
        kind = self.arguments[0]
        docname = self.env.docname
        total = sum(len(bank.questions) for bank in _chapter_banks(self.env.app))
        if kind == "book-deck":
            html = (f'<p class="cb-exports">Revise all {total} quiz questions in '
                    f'<a href="https://apps.ankiweb.net/">Anki</a>, the flashcard app: '
                    f'<a href="{_href(docname, FILES["book_deck"])}" download>the whole book as '
                    "an Anki deck</a> (.apkg file, one subdeck per chapter; in Anki, File, "
                    "Import). Importing a newer deck updates your cards and keeps their "
                    "history. Each chapter offers its own deck under its quiz.</p>")
        elif kind == "lms":
            html = (
                '<ul class="cb-exports">'
                f'<li><a href="{_href(docname, FILES["qti"])}" download>QTI 1.2 package for '
                "Canvas</a> (.zip): in a course, Settings, Import Course Content, "
                "&#8220;QTI .zip file&#8221;. Each chapter becomes a quiz.</li>"
                f'<li><a href="{_href(docname, FILES["moodle"])}" download>Moodle XML</a>: '
                "in the question bank, Import, &#8220;Moodle XML format&#8221;. Each chapter "
                "becomes a category.</li>"
                f'<li><a href="{_href(docname, FILES["book_deck"])}" download>Anki deck of '
                "the whole book</a> (.apkg), for learners who revise with flashcards.</li>"
                "</ul>"
                f'<p>All {total} questions keep their native types (single answer, multiple '
                "answers, numeric with its tolerance), their feedback, explanation and source. "
                "Math is written as <code>\\(...\\)</code>, which Canvas, Moodle (MathJax "
                "filter) and Anki typeset. Moodle grades a multiple-answer question with "
                "partial credit; the book counts it right only when complete.</p>")
        else:
            raise self.error(f"quiz-exports: unknown kind {kind!r} (book-deck or lms)")
        return [nodes.raw("", html, format="html")]


class ProgressReport(SphinxDirective):
    """``{progress-report}``: the learner's saved answers per chapter and objective."""

    def run(self):
        book = Book.at(self.env.app.srcdir)
        root = book.root
        content = book.content.relative_to(root).as_posix()
        # Rebuild this page when a bank or a chapter changes.
        for bank in _chapter_banks(self.env.app):
            self.env.note_dependency(str(bank.path))
            note_chapter(self.env, bank.slug)
        here = posixpath.dirname(self.env.docname)
        url = lambda slug: posixpath.relpath(f"{content}/{slug}.html", here or ".")  # noqa: E731
        self.env.metadata[self.env.docname]["casebook_progress"] = True
        return [nodes.raw("", progress_html(root, chapter_url=url), format="html")]


def _page_assets(app, pagename, templatename, context, doctree):
    if app.env.metadata.get(pagename, {}).get("casebook_progress"):
        app.add_js_file("progress.js")
        app.add_css_file("progress.css")


def setup(app):
    app.connect("builder-inited", _write_exports)
    app.connect("doctree-resolved", _offer_chapter_deck)
    app.connect("html-page-context", _page_assets)
    app.add_directive("quiz-exports", QuizExports)
    app.add_directive("progress-report", ProgressReport)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
