"""Results kept until their files change (casebook.filecache): a rebuild reads each chapter,
bank and walk once, and an edit is never missed."""

import shutil

import pytest

from casebook import chapters
from casebook.book import Book
from casebook.filecache import until_changed
from casebook.quiz import BankError, load_bank
from conftest import ROOT

BASICS = ROOT / "tests" / "fixtures" / "quizzes" / "fixture-basics.yml"
MINI = ROOT / "tests" / "fixtures" / "mini-case"


def test_two_quick_writes_of_the_same_length_are_both_seen(tmp_path):
    """File times tick with the kernel (milliseconds): the cache keys on the bytes."""
    path = tmp_path / "n.txt"
    read = until_changed(lambda p: p.read_text())
    for text in ("aaa", "bbb", "ccc"):
        path.write_text(text)
        assert read(path) == text


def test_an_error_is_not_kept_and_the_fixed_file_is_read(tmp_path):
    chapter = tmp_path / "ch.md"
    chapter.write_text("# T\n\n:::{note}\nopen\n")
    with pytest.raises(ValueError, match="never closed"):
        chapters.read(chapter)
    chapter.write_text("# T\n\n:::{note}\nclosed\n:::\n")
    assert chapters.read(chapter).title == "T"


def test_an_unchanged_chapter_is_parsed_once(tmp_path):
    chapter = tmp_path / "ch.md"
    chapter.write_text("# Title\n\nText.\n")
    assert chapters.read(chapter) is chapters.read(chapter)
    chapter.write_text("# Retitled\n\nText.\n")
    assert chapters.read(chapter).title == "Retitled"


def test_a_bank_is_checked_again_when_the_bibliography_changes(tmp_path):
    """A bank's sources must be in references.bib: removing an entry fails the cached bank."""
    root = tmp_path / "case"
    shutil.copytree(MINI, root)
    book = Book(root)  # not Book.at: a fresh object, as a new build would open
    bank = load_bank("staging", book=book)
    assert load_bank("staging", book=book) is bank
    [source] = {q.source for q in bank.questions}
    text = book.bib.read_text()
    book.bib.write_text(text.replace(f"{{{source},", f"{{{source}Renamed,"))
    with pytest.raises(BankError, match=f"source '{source}' is not a key"):
        load_bank("staging", book=book)
    book.bib.write_text(text)
    assert load_bank("staging", book=book).questions == bank.questions


def test_the_path_as_given_is_kept_in_what_is_returned(monkeypatch):
    monkeypatch.chdir(ROOT)
    relative = BASICS.relative_to(ROOT)
    assert load_bank(relative, book=Book.at(ROOT)).path == relative
    assert load_bank(BASICS, book=Book.at(ROOT)).path == BASICS
