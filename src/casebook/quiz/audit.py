"""Book-wide quiz checks: chapters and banks agree, banks cover their chapter's objectives.

:func:`audit_book` returns a list of problems (empty when all is well); the tests assert it is
empty for the real book and non-empty for broken books built in a temporary folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from casebook.quiz.bank import BankError, load_bank

if TYPE_CHECKING:
    from casebook.book import Book

__all__ = ["audit_book", "count_objectives", "quiz_calls"]

SHOW_QUIZ = re.compile(r"""\bbook\.quiz\(\s*["']([^"'\s]+)["']\s*\)""")
OBJECTIVES = re.compile(r"[:`]{3,}\{admonition\} Learning objectives\n(.*?)\n[:`]{3,}", re.S)
MIN_QUESTIONS = 6  # a chapter quiz: >= 6 questions, mixing single, multiple and numeric


def quiz_calls(folder: Path) -> dict[str, list[str]]:
    """``{chapter file name: [slugs passed to book.quiz]}`` for every page in ``folder``."""
    return {path.name: SHOW_QUIZ.findall(path.read_text(encoding="utf-8"))
            for path in sorted(Path(folder).glob("*.md"))}


def count_objectives(chapter_text: str) -> int | None:
    """How many numbered items the Learning objectives admonition has (``None``: no admonition)."""
    found = OBJECTIVES.search(chapter_text)
    return len(re.findall(r"^\s*\d+\.\s", found.group(1), re.M)) if found else None


def _bank_problems(bank, chapter_text: str | None) -> list[str]:
    name = f"{bank.slug}.yml"
    problems = []
    if len(bank.questions) < MIN_QUESTIONS:
        problems.append(f"{name}: {len(bank.questions)} questions (want at least {MIN_QUESTIONS})")
    missing_types = {"single", "multiple", "numeric"} - {q.type for q in bank.questions}
    if missing_types:
        problems.append(f"{name}: no {', '.join(sorted(missing_types))} question")
    if chapter_text is None:
        return problems
    count = count_objectives(chapter_text)
    if count is None:
        return problems + [f"{bank.slug}.md: no 'Learning objectives' admonition to map "
                           f"the quiz's objectives onto"]
    used = {q.objective for q in bank.questions}
    for q in bank.questions:
        if q.objective > count:
            problems.append(f"{name}: question {q.id!r}: objective {q.objective} but "
                            f"{bank.slug}.md has {count} objectives")
    uncovered = sorted(set(range(1, count + 1)) - used)
    if uncovered:
        problems.append(f"{name}: no question for objective(s) {uncovered} of {bank.slug}.md")
    return problems


def audit_book(book: Book) -> list[str]:
    """Every quiz problem of ``book`` (a :class:`casebook.book.Book`)."""
    calls = quiz_calls(book.content)
    banks = {p.stem: p for p in sorted(book.quizzes.glob("*.yml"))}
    problems = []
    shown = set()
    for chapter, slugs in calls.items():
        for slug in slugs:
            shown.add(slug)
            if slug not in banks:
                problems.append(f"{chapter} calls book.quiz({slug!r}) but "
                                f"quizzes/{slug}.yml does not exist")
            if slug != Path(chapter).stem:
                problems.append(f"{chapter} shows the quiz {slug!r}; a chapter shows its own "
                                f"bank ({Path(chapter).stem!r})")
    for slug in sorted(set(banks) - shown):
        problems.append(f"quizzes/{slug}.yml is not used: no chapter calls "
                        f"book.quiz({slug!r})")
    seen: dict[str, str] = {}
    for slug, path in banks.items():
        try:
            bank = load_bank(path, book=book)
        except BankError as exc:
            problems.append(str(exc))
            continue
        for q in bank.questions:
            if q.id in seen:
                problems.append(f"question id {q.id!r} is in both {seen[q.id]} and {path.name}")
            seen.setdefault(q.id, path.name)
        chapter = book.content / f"{slug}.md"
        text = chapter.read_text(encoding="utf-8") if chapter.is_file() else None
        problems += _bank_problems(bank, text)
    return problems
