"""Teaching material generated from the book itself, so it cannot drift from the chapters.

- :func:`chapter_info`: a chapter's title, learning objectives and section headings (the
  :class:`casebook.chapters.Chapter` model, read with the MyST parser).
- :func:`load_guide`: the session plans and the objective-to-section map of
  ``book/instructor-guide.yml``; :func:`guide_problems` lists every heading, chapter, quiz or
  objective it names that the book does not have, and plans whose minutes do not add up.
- :func:`objective_map_html`, :func:`session_plan_html`: the instructor guide's tables (the
  ``{objective-map}`` and ``{session-plan}`` directives of :mod:`casebook.sphinx.tables`).
- :func:`answer_key_html`: the quiz answer key (instructor edition and instructor handout).
- :func:`table_html`: the one way build-time tables are written (these, and the Performance
  page's ``{benchmark-results}``).

The quiz questions come from the validated banks (:func:`casebook.quiz.load_bank`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from casebook.chapters import Chapter, Section, read, section_anchor
from casebook.filecache import Derived, FastSafeLoader, until_changed
from casebook.quiz.bank import Bank, number_text, skill_mix
from casebook.quiz.html import answer_text_html
from casebook.quiz.markup import block, inline

if TYPE_CHECKING:
    from casebook.book import Book

__all__ = [
    "Chapter", "Guide", "Section", "Session", "Step", "answer_key_html", "chapter_info",
    "chapter_outline", "chapters", "guide_problems", "load_guide", "objective_map_html",
    "section_anchor", "session_plan_html", "skill_mix_text", "table_html",
]

GUIDE_FILE = "instructor-guide.yml"
TEACHING = "table cb-teaching"


def chapter_info(path: Path | str) -> Chapter:
    """Title (the H1), numbered learning objectives and headings (H2, H3) of a MyST chapter."""
    return read(path)


def chapters(book: Book) -> list[Chapter]:
    """Every chapter of the book in order: the pages of ``_toc.yml`` that have a quiz bank."""
    return [read(book.content / f"{slug}.md", extensions=myst_extensions(book))
            for slug in book.chapter_slugs()]


def chapter_outline(book: Book, slug: str, kept: Derived) -> str:
    """The chapter's :attr:`~casebook.chapters.Chapter.outline`, parsed only when its file
    changed since ``kept`` last saw it."""
    extensions = myst_extensions(book)
    return kept.get(book.content / f"{slug}.md",
                    lambda path: read(path, extensions=extensions).outline)


def myst_extensions(book: Book) -> tuple[str, ...]:
    """The book's ``parse: myst_enable_extensions`` (``_config.yml``), or the casebook's."""
    from casebook.chapters import MYST_EXTENSIONS

    config = book.root / "_config.yml"
    if not config.is_file():
        return MYST_EXTENSIONS
    return _config_extensions(config) or MYST_EXTENSIONS


@until_changed
def _config_extensions(config: Path) -> tuple[str, ...]:
    raw = yaml.load(config.read_text(encoding="utf-8"), Loader=FastSafeLoader) or {}  # noqa: S506
    return tuple((raw.get("parse") or {}).get("myst_enable_extensions") or ())


# --------------------------------------------------------------------------- the guide's data

@dataclass(frozen=True)
class Step:
    minutes: int
    activity: str
    chapter: str | None = None
    sections: tuple[str, ...] = ()
    quiz: str | None = None
    walk: str | None = None  # a case walk (walks/<slug>.yml) the step runs


@dataclass(frozen=True)
class Session:
    title: str
    minutes: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Guide:
    sessions: tuple[Session, ...]
    objectives: dict  # {chapter slug: {objective number: (section titles, ...)}}
    path: Path


def load_guide(book: Book) -> Guide:
    """Read the book's ``instructor-guide.yml`` (session plans, objectives to sections)."""
    path = book.file(GUIDE_FILE)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sessions = tuple(
        Session(s["title"], int(s["minutes"]), tuple(
            Step(int(st["minutes"]), st["activity"], st.get("chapter"),
                 tuple(st.get("sections", ())), st.get("quiz"), st.get("walk"))
            for st in s["steps"]))
        for s in raw["sessions"])
    objectives = {slug: {int(k): tuple(v) for k, v in items.items()}
                  for slug, items in raw["objectives"].items()}
    return Guide(sessions, objectives, path)


def guide_problems(book: Book) -> list[str]:
    """Everything in the guide's data that the book does not have (empty when all agree)."""
    guide = load_guide(book)
    pages = {c.slug: c for c in chapters(book)}
    problems = []

    def check_sections(where: str, slug: str, titles) -> None:
        known = {s.title for s in pages[slug].sections}
        problems.extend(f"{where}: {slug}.md has no heading {t!r}" for t in titles
                        if t not in known)

    for slug, chapter in pages.items():
        mapped = guide.objectives.get(slug, {})
        for number in range(1, len(chapter.objectives) + 1):
            if not mapped.get(number):
                problems.append(f"{GUIDE_FILE}: objective {number} of {slug}.md is mapped to no "
                                "section (add it under 'objectives')")
    for slug, mapped in guide.objectives.items():
        if slug not in pages:
            problems.append(f"{GUIDE_FILE}: objectives of {slug!r}, which is not a chapter")
            continue
        for number, titles in mapped.items():
            if not 1 <= number <= len(pages[slug].objectives):
                problems.append(f"{GUIDE_FILE}: {slug}.md has no objective {number}")
            check_sections(f"{GUIDE_FILE}: objective {slug} {number}", slug, titles)
    for session in guide.sessions:
        total = sum(step.minutes for step in session.steps)
        if total != session.minutes:
            problems.append(f"{GUIDE_FILE}: {session.title!r} steps add up to {total} minutes, "
                            f"not {session.minutes}")
        for step in session.steps:
            where = f"{GUIDE_FILE}: {session.title!r} step {step.activity[:30]!r}"
            for slug in filter(None, (step.chapter, step.quiz)):
                if slug not in pages:
                    problems.append(f"{where}: {slug!r} is not a chapter with a quiz")
            if step.walk and not (book.walks / f"{step.walk}.yml").is_file():
                problems.append(f"{where}: no case walk {step.walk!r} in walks/")
            if step.sections and step.chapter in pages:
                check_sections(where, step.chapter, step.sections)
    return problems


# --------------------------------------------------------------------------- HTML tables

def table_html(caption: str, headers: list[str], rows, *, classes: str = "table") -> str:
    """A table with a caption, column headers and ``rows``: each a list of cells (HTML) or a
    whole ``<tr>`` (HTML string), for a row of its own shape.

    >>> table_html("Doses", ["Drug", "mg"], [["melphalan", "200"]])
    '<table class="table"><caption>Doses</caption><thead><tr><th scope="col">Drug</th><th \
scope="col">mg</th></tr></thead><tbody><tr><td>melphalan</td><td>200</td></tr></tbody></table>'
    """
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = "".join(row if isinstance(row, str) else
                   "<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (f'<table class="{classes}"><caption>{caption}</caption><thead><tr>{head}</tr>'
            f'</thead><tbody>{body}</tbody></table>')


def _link(chapter: Chapter, title: str | None = None) -> str:
    if title is None:
        return f'<a href="{chapter.slug}.html">{html.escape(chapter.title)}</a>'
    try:
        anchor = chapter.section(title).anchor
    except KeyError:
        return f"<span>{html.escape(title)} (missing)</span>"
    return f'<a href="{chapter.slug}.html#{anchor}">{html.escape(title)}</a>'


def _question_ref(bank: Bank, number: int) -> str:
    """``Q3 ac19-antigens (recall)``: the question's place in its quiz, its id without the
    slug, and the skill it asks for."""
    q = bank.questions[number - 1]
    topic = q.id.removeprefix(f"{bank.slug}-")
    return (f'Q{number}&nbsp;<code title="{html.escape(q.id)}">{html.escape(topic)}</code> '
            f'<span class="cb-skill">({html.escape(q.skill)})</span>')


def skill_mix_text(bank: Bank) -> str:
    """``12 items: 4 recall, 3 calculation, 3 interpretation, 2 decision (42% judgement)``."""
    mix, n = skill_mix(bank), len(bank.questions)
    parts = ", ".join(f"{count} {skill}" for skill, count in mix.items())
    judgement = (mix["interpretation"] + mix["decision"]) / n if n else 0.0
    return f"{n} items: {parts} ({judgement:.0%} interpretation or decision)"


def objective_map_html(book: Book) -> str:
    """Every chapter's objectives with the sections that teach them and the quiz questions
    that test them (numbered as in the chapter's quiz, ids from the banks)."""
    guide = load_guide(book)
    rows = []
    for chapter in chapters(book):
        bank = book.bank(chapter.slug)
        rows.append(f'<tr><th colspan="3" scope="colgroup">{_link(chapter)} '
                    f'<span class="cb-skill-mix">Quiz skill mix: '
                    f'{html.escape(skill_mix_text(bank))}</span></th></tr>')
        for number, text in enumerate(chapter.objectives, 1):
            titles = guide.objectives.get(chapter.slug, {}).get(number, ())
            sections = "<br>".join(_link(chapter, t) for t in titles) or "(not mapped)"
            refs = [_question_ref(bank, i) for i, q in enumerate(bank.questions, 1)
                    if q.objective == number]
            rows.append([f"{number}. {inline(text)}", sections, "<br>".join(refs) or "(none)"])
    return table_html("Learning objectives, the sections that teach them and the quiz questions "
                      "that test them (generated from the chapters and quiz banks)",
                      ["Objective", "Sections", "Quiz questions"], rows, classes=TEACHING)


def session_plan_html(session: Session, book: Book) -> str:
    """One session plan as a table: clock minutes, activity, where in the book (or the quiz)."""
    pages = {c.slug: c for c in chapters(book)}
    rows, start = [], 0
    for step in session.steps:
        where = []
        if step.chapter in pages:
            chapter = pages[step.chapter]
            where += [_link(chapter, t) for t in step.sections] or [_link(chapter)]
        if step.quiz in pages:
            where.append(f"Quiz of {_link(pages[step.quiz])}")
        if step.walk in pages:
            where.append(f"Case walk of {_link(pages[step.walk])}")
        rows.append([f"{start}&ndash;{start + step.minutes}", inline(step.activity),
                     "<br>".join(where)])
        start += step.minutes
    return table_html(html.escape(session.title), ["Minutes", "Activity", "Where"], rows,
                      classes=TEACHING)


def _slips_html(q) -> str:
    """The wrong answers a numeric question expects, for the teacher to listen for."""
    if not q.slips:
        return ""
    unit = f" {inline(q.unit)}" if q.unit else ""
    slips = "".join(f"<li>{number_text(s.answer)}{unit}: {inline(s.feedback)}</li>"
                    for s in q.slips)
    return (f'<div class="cb-key__slips"><p><strong>Likely wrong answers:</strong></p>'
            f"<ul>{slips}</ul></div>")


def answer_key_html(bank: Bank, *, heading: str | None = None) -> str:
    """The answer key of one quiz bank: prompt, right answer, objective, the likely wrong
    answers of a numeric question, and the explanation."""
    items = []
    for q in bank.questions:
        items.append(
            f'<li id="key-{html.escape(q.id)}"><p class="cb-key__prompt">{inline(q.prompt)}</p>'
            f'<p class="cb-key__answer"><strong>Answer:</strong> {answer_text_html(q)} '
            f'<span class="cb-key__meta">(objective {q.objective}; <code>{html.escape(q.id)}'
            f'</code>)</span></p>{_slips_html(q)}<div class="cb-key__why">{block(q.explanation)}'
            '</div></li>')
    title = f"<h3>{html.escape(heading)}</h3>" if heading else ""
    return f'<div class="cb-key">{title}<ol>{"".join(items)}</ol></div>'
