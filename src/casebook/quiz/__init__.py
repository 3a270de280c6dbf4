"""Quizzes: one YAML bank per chapter, a live ipywidgets quiz and a static HTML quiz.

``book.quiz("<slug>")`` in a chapter's last cell returns a :class:`Quiz`, one object with two
renderings: JupyterLab shows the live widget; the built book shows the static HTML (the book
demotes the widget mimetype below ``text/html``; see ``_config.yml``). Both grade with
:func:`grade`, the one rule, documented in :mod:`casebook.quiz.grading`.

Modules: ``bank`` (load and validate; no HTML), ``grading`` (the rule), ``markup`` (bank text
to safe HTML), ``html`` (static renderer), ``widget`` (ipywidgets renderer), ``audit`` (book-wide
checks: every ``show_quiz`` has a bank, every bank is used, objectives covered).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from casebook.quiz.bank import Bank, BankError, Question, load_bank
from casebook.rendering import LiveAndStatic
from casebook.quiz.grading import Result, grade

if TYPE_CHECKING:
    from pathlib import Path

    from casebook.book import Book

__all__ = ["Bank", "BankError", "Question", "Quiz", "Result", "grade", "load_bank",
           "render_html", "show_quiz"]


class Quiz(LiveAndStatic):
    """A quiz that renders as a live widget in Jupyter and as static HTML in the book.

    ``html`` is built at once (so a bad bank or bad math fails the cell); the widget is built
    on first use.

    Examples
    --------
    >>> from casebook.book import Book
    >>> quiz = Quiz(load_bank("tests/fixtures/quizzes/fixture-basics.yml", book=Book.at(".")))
    >>> bundle = quiz._repr_mimebundle_()
    >>> sorted(bundle)
    ['application/vnd.jupyter.widget-view+json', 'text/html', 'text/plain']
    >>> bundle["text/html"] == quiz.html
    True
    """

    def __init__(self, bank: Bank, bib: Path | None = None):
        from casebook.quiz.html import render_html  # here, so quiz.bank loads no renderer

        self.bank, self.bib = bank, bib  # the live quiz writes its sources out from the bib
        self.html = render_html(bank)

    def _make_widget(self):
        from casebook.quiz.widget import QuizWidget

        return QuizWidget(self.bank, bib=self.bib)

    def __repr__(self) -> str:
        return f"<Quiz {self.bank.slug!r}: {len(self.bank.questions)} questions>"


def show_quiz(slug_or_path: str | os.PathLike, *, book: Book) -> Quiz:
    """The quiz of a chapter of ``book``: ``show_quiz("the-case", book=book)``; the same as
    ``book.quiz("the-case")``."""
    return Quiz(load_bank(slug_or_path, book=book), bib=book.bib)


def __getattr__(name: str):
    # ``from casebook.quiz import render_html`` still works, without loading the renderer (and
    # latex2mathml) for every import of the bank.
    if name == "render_html":
        from casebook.quiz.html import render_html

        return render_html
    raise AttributeError(f"module 'casebook.quiz' has no attribute {name!r}")
