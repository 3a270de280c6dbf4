"""The quiz banks as files for the tools learners and teachers already use.

- :mod:`casebook.exports.anki`: an Anki deck package (``.apkg``), one subdeck per chapter.
- :mod:`casebook.exports.qti`: a QTI 1.2 zip that Canvas imports (one quiz per chapter).
- :mod:`casebook.exports.moodle`: a Moodle XML file (one category per chapter).
- :func:`write_exports` writes them all, all or nothing: every file is rendered to a temporary
  file beside its target and renamed into place only when every format has accepted every
  question. A question a format cannot hold raises :class:`ExportError` naming the bank file,
  the question and the reason, and leaves the folder as it was.

``make exports`` runs ``python -m casebook.exports --root . --out _build/exports``; the book build
writes the same files into the site (``casebook.sphinx.quiz_exports``). Exporters take banks and
output paths as parameters; only :func:`book_banks` knows where a book keeps its banks.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casebook.book import Book
from casebook.quiz.bank import Bank, Question
from casebook.filecache import Derived
from casebook.teaching import Chapter, chapter_outline, chapters

__all__ = ["ChapterBank", "ExportError", "Staged", "book_banks", "book_title", "write_exports",
           "FILES"]

# The file names, relative to the output folder (the site links to them).
FILES = {
    "book_deck": "casebook.apkg",
    "chapter_deck": "anki/{slug}.apkg",
    "qti": "casebook-qti.zip",
    "moodle": "casebook-moodle.xml",
}


class ExportError(ValueError):
    """A question that a format cannot hold: ``<bank file>: question '<id>': <format>: <why>``."""

    def __init__(self, bank: Bank, question: Question | None, fmt: str, reason: str):
        self.bank, self.question, self.format, self.reason = bank, question, fmt, reason
        who = f"question {question.id!r}: " if question is not None else ""
        super().__init__(f"{bank.path}: {who}cannot export to {fmt}: {reason}")


@dataclass(frozen=True)
class ChapterBank:
    """One chapter (title, objectives, number in the book) and its validated quiz bank."""

    number: int
    chapter: Chapter
    bank: Bank

    @property
    def slug(self) -> str:
        return self.bank.slug

    def label(self, width: int = 1) -> str:
        """``"1. The case"``: sorts in book order in Anki's deck list and the LMS."""
        return f"{self.number:0{width}d}. {self.chapter.title}"


def book_banks(root: Path | str) -> list[ChapterBank]:
    """The chapters with a quiz bank, in book order, each with its validated bank.

    ``root`` is the book's root folder (the one with ``_toc.yml``; see
    :class:`casebook.book.Book`). :class:`~casebook.quiz.bank.BankError` for a bad bank.
    """
    book = Book.at(root)
    return [ChapterBank(n, chapter, book.bank(chapter.slug))
            for n, chapter in enumerate(chapters(book), 1)]


def book_title(root: Path | str) -> str:
    """The book's title from ``_config.yml`` (``"Casebook"`` when it has none)."""
    import yaml

    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8")) or {}
    return str(config.get("title") or "Casebook")


class Staged:
    """Files written beside their targets under temporary names, renamed in :meth:`commit`.

    >>> import tempfile; out = Path(tempfile.mkdtemp())
    >>> with Staged(out) as staged:
    ...     _ = staged.write("a/b.txt", lambda p: p.write_text("hi"))
    >>> (out / "a" / "b.txt").read_text(), sorted(p.name for p in (out / "a").iterdir())
    ('hi', ['b.txt'])
    """

    def __init__(self, out: Path | str):
        self.out = Path(out)
        self.pending: list[tuple[Path, Path]] = []

    def write(self, relative: str, writer: Callable[[Path], object]) -> Path:
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        os.chmod(name, 0o644)  # mkstemp makes 0600: the site's web server must read the file
        self.pending.append((Path(name), target))
        writer(Path(name))
        return target

    def commit(self) -> None:
        for temp, target in self.pending:
            os.replace(temp, target)
        self.pending = []

    def discard(self) -> None:
        for temp, _ in self.pending:
            temp.unlink(missing_ok=True)
        self.pending = []

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.commit()
        else:
            self.discard()
        return False


def write_exports(root: Path | str, out: Path | str) -> dict[str, Path]:
    """Write every export of the book at ``root`` into ``out``; return their paths by name.

    Names: ``book_deck``, ``chapter_deck:<slug>`` (one per chapter), ``qti``, ``moodle``.
    Raises :class:`ExportError` (nothing written) if any question cannot be exported. When
    nothing they are made from has changed since the last write (``out/.inputs``), the files
    are left as they are: writing them costs a second of every rebuild of the book. What they
    are made from is the banks, the bibliography, the book's title and each chapter's outline
    (title and objectives, :attr:`casebook.chapters.Chapter.outline`), so a prose edit in a
    chapter leaves them alone; outlines are kept in ``out/.outlines.json`` by the chapter's
    bytes, so an unchanged chapter is not even parsed.
    """
    root, out = Path(root), Path(out)
    book = Book.at(root)
    slugs = book.chapter_slugs()
    if not slugs:  # a book without quizzes (the tiny test books): nothing to export
        return {}
    names = {"book_deck": FILES["book_deck"], "qti": FILES["qti"], "moodle": FILES["moodle"],
             **{f"chapter_deck:{slug}": FILES["chapter_deck"].format(slug=slug)
                for slug in slugs}}
    paths = {key: out / name for key, name in names.items()}
    marker = out / ".inputs"
    outlines = Derived(out / ".outlines.json")
    stamp = _inputs(book, slugs, outlines)
    fresh = marker.is_file() and marker.read_text() == stamp
    if not (fresh and all(path.is_file() for path in paths.values())):
        _write_all(book_banks(root), out, book_title(root), book.bib)
        marker.write_text(stamp)
    outlines.save()  # only once the files are written: a failed export leaves no file
    return paths


def _write_all(items: list[ChapterBank], out: Path, title: str, bib: Path) -> None:
    from casebook.exports import anki, moodle, qti
    from casebook.exports.text import Sources

    sources = Sources.from_bib(bib)
    with Staged(out) as staged:
        staged.write(FILES["book_deck"],
                     lambda p: anki.write_deck(items, p, title=title, sources=sources))
        for item in items:
            staged.write(FILES["chapter_deck"].format(slug=item.slug),
                         lambda p, item=item: anki.write_deck(items, p, title=title,
                                                              sources=sources, only=item.slug))
        staged.write(FILES["qti"], lambda p: qti.write_package(items, p, title=title,
                                                               sources=sources))
        staged.write(FILES["moodle"], lambda p: moodle.write_xml(items, p, title=title,
                                                                 sources=sources))


def _inputs(book: Book, slugs: list[str], outlines: Derived) -> str:
    """A hash of everything the exports are made from: the book's title, each chapter's
    outline and bank, the bibliography and this package's code."""
    import hashlib

    digest = hashlib.sha256(book_title(book.root).encode())
    for slug in slugs:
        digest.update(chapter_outline(book, slug, outlines).encode())
        digest.update(book.bank_path(slug).read_bytes())
    digest.update(book.bib.read_bytes() if book.bib.is_file() else b"")
    for code in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(code.read_bytes())
    return digest.hexdigest()
