"""Pages built from the chapters depend on each chapter's outline, not on its every word.

The instructor guide's tables and My progress show each chapter's title, objectives and
sections (:attr:`casebook.chapters.Chapter.outline`). Were they to depend on the chapter files,
a one-word prose edit would re-read them too (each a notebook of its own). At ``builder-inited``
each chapter's outline is written to ``<doctreedir>/casebook-outlines/<slug>.outline``, only
when it changed (so its time stamp says when the outline last changed), and those pages note
these files as their dependencies (:func:`note_chapter`). Outlines are kept by the chapter's
bytes (``outlines.json`` there), so an unchanged chapter is not parsed at all.
"""

from __future__ import annotations

from pathlib import Path

from casebook.book import Book
from casebook.filecache import Derived
from casebook.teaching import chapter_outline

FOLDER = "casebook-outlines"


def outline_file(doctreedir, slug: str) -> Path:
    return Path(doctreedir) / FOLDER / f"{slug}.outline"


def note_chapter(env, slug: str) -> None:
    """Rebuild the page being read when chapter ``slug``'s outline changes."""
    env.note_dependency(str(outline_file(env.doctreedir, slug)))


def refresh(app) -> None:
    book = Book.at(app.srcdir)
    kept = Derived(Path(app.doctreedir) / FOLDER / "outlines.json")
    for slug in book.chapter_slugs():
        outline, target = chapter_outline(book, slug, kept), outline_file(app.doctreedir, slug)
        if not target.is_file() or target.read_text(encoding="utf-8") != outline:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(outline, encoding="utf-8")
    kept.save()


def setup(app):
    app.connect("builder-inited", refresh, priority=100)  # before the build checks what changed
    return {"parallel_read_safe": True, "parallel_write_safe": True}
