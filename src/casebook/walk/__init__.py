"""Staged case walks: the learner commits at each stage, then compares with an expert.

One YAML file per walk, ``<book>/walks/<slug>.yml`` (:mod:`casebook.walk.schema`), scored by
the rules of :mod:`casebook.walk.grading`, rendered as static HTML (:mod:`casebook.walk.html`,
brought to life by ``casebook/sphinx/static/walk.js``) and as ipywidgets
(:mod:`casebook.walk.widget`).
``book.walk("the-case")`` (or :func:`show_walk`) returns a :class:`CaseWalk`: JupyterLab shows
the widget, the built book the HTML, as for the quizzes.

What the static page stores
---------------------------
Answers stay in the browser, in ``localStorage`` under ``casebook-walk:<slug>`` (see
:data:`STORAGE_PREFIX`), as JSON::

    {
      "version": 1,                      # this shape
      "slug": "the-case",
      "rev": "3f2a...",                  # revision() of the walk; another rev is discarded
      "updated": "2026-12-01T17:00:00.000Z",
      "stages": {
        "<stage id>": {
          "committed": true,             # false or absent: not yet committed
          "score": 0.75,                 # derived (grading.summarise), for progress pages
          "tasks": {
            "<task id>": {"kind": "problem", "text": "...", "ticked": ["<feature id>"],
                          "certainty": 3, "score": 0.5},
            "<task id>": {"kind": "differential", "ranked": ["<option id>", ...],
                          "certainty": 4, "score": 0.4},
            "<task id>": {"kind": "next-step", "choice": "<option id>",
                          "certainty": 2, "score": 1.0}
          }
        }
      }
    }

Stages not yet reached are absent. When storage is blocked the walk keeps this object in
memory and says so on the page.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from casebook.rendering import LiveAndStatic
from casebook.walk.grading import score_task, summarise, walk_data
from casebook.walk.html import render_html, revision
from casebook.walk.schema import Walk, WalkError, load_walk

if TYPE_CHECKING:
    from casebook.book import Book

__all__ = ["STORAGE_PREFIX", "CaseWalk", "Walk", "WalkError", "load_walk", "render_html",
           "revision", "score_task", "show_walk", "summarise", "walk_data"]

STORAGE_PREFIX = "casebook-walk:"


class CaseWalk(LiveAndStatic):
    """A walk that renders as a live widget in Jupyter and as static HTML in the book.

    Examples
    --------
    >>> from casebook.book import Book
    >>> walk = Book.at(".").walk("the-case")
    >>> sorted(walk._repr_mimebundle_())
    ['application/vnd.jupyter.widget-view+json', 'text/html', 'text/plain']
    >>> [s.id for s in walk.spec.stages][:3]
    ['presentation', 'findings', 'antibodies']
    """

    def __init__(self, spec: Walk, book: Book):
        self.spec = spec
        self.book = book
        self.html = render_html(spec, book.case)

    def _make_widget(self):
        from casebook.walk.widget import WalkWidget

        return WalkWidget(self.spec, self.book.case, bib=self.book.bib)

    def __repr__(self) -> str:
        return f"<CaseWalk {self.spec.slug!r}: {len(self.spec.stages)} stages>"


def show_walk(slug_or_path: str | os.PathLike, *, book: Book) -> CaseWalk:
    """The walk of ``book``: ``show_walk("the-case", book=book)``, the same as
    ``book.walk("the-case")``."""
    return CaseWalk(load_walk(slug_or_path, book=book), book)
