"""The one entry from the engine to a case's files: a :class:`Book`.

A book is a folder holding Jupyter Book's ``_config.yml`` and ``_toc.yml``. Its *content folder*
is the folder of the table of contents' root page (``book/`` here); everything that belongs to
the case lives there:

- ``case.yml``: the case's facts and timeline (:mod:`casebook.case`);
- ``quizzes/<slug>.yml``: one quiz bank per chapter (``casebook.quiz.bank``);
- ``walks/<slug>.yml``: staged case walks;
- ``data/<name>.csv``: the case's own tables (literature tables ship with the package);
- ``references.bib``: the bibliography every source key must be in;
- ``instructor-guide.yml``: session plans and the objective map (``casebook.teaching``);
- ``handout.yml``: the one-page handout's content;
- ``figures.yml``: what the case's figures draw (the therapy swimlanes' lanes).

Chapters run in the content folder, so their setup cell opens the book as ``Book.at("..")``;
the Sphinx extension opens it from the source dir. Nothing walks up the tree to guess.

Examples
--------
>>> book = Book.at(".")
>>> book.content.name, book.toc_files()[:2]
('book', ['book/intro', 'book/the-case'])
>>> book.case.fact("age").value
59
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import yaml

__all__ = ["Book"]

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BIB_ENTRY = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]\s*([^,\s]+)\s*,", re.M)


class Book:
    """A book folder (with ``_toc.yml``) and the paths of its case files."""

    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        toc = self.root / "_toc.yml"
        if not toc.is_file():
            raise FileNotFoundError(
                f"{self.root} is not a book: it has no _toc.yml (give the folder that holds "
                "_config.yml and _toc.yml; chapters run in its content folder, so use '..')")
        self.toc = yaml.safe_load(toc.read_text(encoding="utf-8")) or {}
        if not isinstance(self.toc.get("root"), str):
            raise ValueError(f"{toc}: needs 'root: <folder>/<page>'")
        self.content = (self.root / self.toc["root"]).parent

    @classmethod
    def at(cls, path: Path | str | os.PathLike = ".") -> Book:
        """The book whose root folder is ``path`` (cached per folder)."""
        return _open(Path(path).resolve())

    def __repr__(self) -> str:
        return f"Book({str(self.root)!r})"

    # ------------------------------------------------------------------ pages and chapters
    def toc_files(self) -> list[str]:
        """Files of ``_toc.yml`` in book order, as written there (``book/the-case``)."""
        files = [self.toc["root"]]
        for part in self.toc.get("parts", [{"chapters": self.toc.get("chapters", [])}]):
            files += [entry["file"] for entry in part.get("chapters", []) if "file" in entry]
        return files

    def page(self, file: str) -> Path:
        """The MyST source of a ``_toc.yml`` entry."""
        return self.root / f"{file}.md"

    def chapter_slugs(self) -> list[str]:
        """Slugs of the chapters, in book order: the pages that have a quiz bank."""
        return [Path(f).name for f in self.toc_files()
                if (self.quizzes / f"{Path(f).name}.yml").is_file()]

    # ------------------------------------------------------------------ the case's files
    @property
    def case_file(self) -> Path:
        return self.content / "case.yml"

    @property
    def quizzes(self) -> Path:
        return self.content / "quizzes"

    @property
    def walks(self) -> Path:
        return self.content / "walks"

    @property
    def data(self) -> Path:
        return self.content / "data"

    @property
    def bib(self) -> Path:
        return self.content / "references.bib"

    def file(self, name: str) -> Path:
        """Any other file of the content folder (``instructor-guide.yml``, ``handout.yml``)."""
        return self.content / name

    @property
    def case(self):
        """The validated case (:class:`casebook.case.Case`), re-read when the file changes."""
        from casebook.case import load_case

        return load_case(self.case_file)

    def bib_keys(self) -> set[str]:
        """Entry keys of ``references.bib`` (``@type{Key,``), ignoring @comment/@string."""
        if not self.bib.is_file():
            return set()
        text = self.bib.read_text(encoding="utf-8")
        return {key for kind, key in _BIB_ENTRY.findall(text)
                if kind.lower() not in {"comment", "string", "preamble"}}

    def bank_path(self, slug: str) -> Path:
        """``"the-case"`` -> ``<content>/quizzes/the-case.yml``; errors list the banks."""
        if not isinstance(slug, str) or not KEBAB.match(slug):
            raise ValueError(f"quiz slug {slug!r} is not kebab-case (e.g. 'the-case')")
        path = self.quizzes / f"{slug}.yml"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in self.quizzes.glob("*.yml"))) or "none"
            raise FileNotFoundError(f"no quiz bank for {slug!r}: expected {path} (banks: {known})")
        return path

    def bank(self, slug_or_path: str | os.PathLike):
        """The validated bank of a chapter slug, or of a bank file checked against this book."""
        from casebook.quiz.bank import load_bank

        return load_bank(slug_or_path, book=self)

    def quiz(self, slug: str):
        """The chapter's ``casebook.quiz.Quiz`` (live widget and static HTML)."""
        from casebook.quiz import Quiz

        return Quiz(self.bank(slug), bib=self.bib)

    def walk(self, slug_or_path: str | os.PathLike):
        """The staged case walk ``walks/<slug>.yml`` (a ``casebook.walk.CaseWalk``)."""
        from casebook.walk import show_walk

        return show_walk(slug_or_path, book=self)

    def table(self, name: str):
        """The case's own table ``data/<name>.csv`` as a DataFrame (see :mod:`casebook.tables`)."""
        from casebook.tables import read_table

        return read_table(self.data, name)


@functools.cache
def _open(root: Path) -> Book:
    return Book(root)
