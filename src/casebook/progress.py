"""The "My progress" page: what this browser has stored of the learner's answers, as a report.

:func:`progress_html` writes, at build time, the page's static part: per chapter and per learning
objective (from :func:`casebook.teaching.chapters` and each question's ``objective``) the list
of questions, each "Not answered yet", and one JSON ``<script>`` with what
``casebook/sphinx/static/progress.js`` needs to grade what it finds in storage (the quiz's own
grading data
and revision hashes, the choices as plain text). Nothing is sent anywhere: the script only reads
and, on request, clears this browser's ``localStorage``.

Storage keys (the contract between the pages that write and the page that reads)
-------------------------------------------------------------------------------
All values are JSON. A page that cannot use storage (private mode, blocked site data) must catch
the error and carry on without saving.

``casebook-quiz:<chapter slug>:<question id>`` (written by ``quiz.js``)
    ``{"rev": "<12 hex>", "answer": [0, 2] | "4.5", "checked": true, "verdict": "correct",
    "at": "2026-12-01T16:20:00.000Z"}``. ``answer`` is the chosen choice indices (single and
    multiple) or the typed text (numeric); ``checked`` says the learner pressed Check;
    ``verdict`` (``correct``, ``incorrect``, ``incomplete``, ``low``, ``high``) and ``at`` are
    informative: the progress page re-grades ``answer`` and ignores an answer whose ``rev`` (the
    question's content hash, :func:`casebook.quiz.html.revision`) is not the current one.
``casebook-walk:<walk slug>`` (written by ``walk.js``)
    The walk's whole state, in the shape :mod:`casebook.walk` documents (``rev``, ``updated``,
    ``stages: {<stage id>: {committed, score, tasks}}``). The progress page lists, for every
    walk of the book, the stages the learner reached, in the walk's order: committed (with the
    stage's score) or only opened. A state saved against another revision of the walk is
    ignored, as the walk itself ignores it. Text is shown with ``textContent`` only.

"Clear my progress" removes every key that starts with ``casebook-quiz:`` or
``casebook-walk:``, and nothing else.
"""

from __future__ import annotations

import html
from pathlib import Path

from casebook.book import Book
from casebook.quiz.grading import grading_data
from casebook.quiz.html import LETTERS, json_for_script, number_text, revision
from casebook.quiz.markup import block, inline, plain
from casebook.teaching import chapters
from casebook.walk import STORAGE_PREFIX as WALK_PREFIX
from casebook.walk import revision as walk_revision

__all__ = ["QUIZ_PREFIX", "WALK_PREFIX", "progress_data", "progress_html"]

QUIZ_PREFIX = "casebook-quiz:"


def progress_data(root: Path | str, *, chapter_url=None) -> dict:
    """The JSON of the progress page: chapters, objectives and questions of the book at ``root``.

    ``chapter_url(slug)`` gives the link to a chapter from the progress page (default
    ``<slug>.html``, the chapter beside it).
    """
    book = Book.at(root)
    chapter_url = chapter_url or (lambda slug: f"{slug}.html")
    out = []
    for number, chapter in enumerate(chapters(book), 1):
        bank = book.bank(chapter.slug)
        questions = []
        for q in bank.questions:
            entry = {"id": q.id, "objective": q.objective, "type": q.type, "rev": revision(q),
                     "prompt": plain(q.prompt), "grading": grading_data(q)}
            if q.type == "numeric":
                entry["unit"] = plain(q.unit or "")
                entry["answer"] = number_text(q.answer)
            else:
                entry["choices"] = [f"{LETTERS[i]}. {plain(c.text)}"
                                    for i, c in enumerate(q.choices)]
            questions.append(entry)
        out.append({"slug": chapter.slug, "number": number, "title": chapter.title,
                    "url": chapter_url(chapter.slug),
                    "objectives": [{"number": n, "text": plain(text)}
                                   for n, text in enumerate(chapter.objectives, 1)],
                    "questions": questions})
    return {"version": 1, "quizPrefix": QUIZ_PREFIX, "walkPrefix": WALK_PREFIX,
            "chapters": out, "walks": _walks(book)}


def _walks(book: Book) -> list[dict]:
    """Every walk of the book with its stages in order, as the page lists them."""
    walks = []
    for path in sorted(book.walks.glob("*.yml")) if book.walks.is_dir() else []:
        spec = book.walk(path.stem).spec
        walks.append({"slug": spec.slug, "title": plain(spec.title), "rev": walk_revision(spec),
                      "stages": [{"id": s.id, "title": plain(s.title)} for s in spec.stages]})
    return walks


def _objectives(chapter: dict) -> list[tuple[int, str]]:
    """Objectives with questions, plus any number a question names that the chapter lacks."""
    named = {o["number"]: o["text"] for o in chapter["objectives"]}
    used = sorted({q["objective"] for q in chapter["questions"]})
    return [(n, named.get(n, "")) for n in used]


def progress_html(root: Path | str, *, chapter_url=None) -> str:
    """The static part of the progress page (works without JavaScript as a question list)."""
    book = Book.at(root)
    data = progress_data(root, chapter_url=chapter_url)
    banks = {c["slug"]: book.bank(c["slug"]) for c in data["chapters"]}
    esc = html.escape
    total = sum(len(c["questions"]) for c in data["chapters"])
    parts = [
        '<div class="cb-progress" data-progress>',
        '<div class="cb-progress__notice" data-notice="blocked" role="status" hidden>'
        "<p><strong>This browser is not letting the book use its storage</strong> (a private "
        "window, or site data turned off), so no saved answers can be shown here and the "
        "quizzes forget answers when you leave a page. Allow site data for this site to keep "
        "your progress.</p></div>",
        '<noscript><p class="cb-progress__nojs">This page reads your saved answers with '
        "JavaScript, which is off: it lists the questions only.</p></noscript>",
        '<div class="cb-progress__actions" hidden>',
        '<button type="button" class="cb-progress__button" data-action="print">Print the report'
        "</button>",
        '<button type="button" class="cb-progress__button" data-action="download">Download the '
        "report (text)</button>",
        '<button type="button" class="cb-progress__button" data-action="download-json">'
        "Download the data (JSON)</button>",
        '<button type="button" class="cb-progress__button cb-progress__clear" data-action="clear"'
        ' aria-controls="cb-progress-confirm" aria-expanded="false">Clear my progress</button>',
        "</div>",
        '<div class="cb-progress__confirm" id="cb-progress-confirm" role="group" '
        'aria-labelledby="cb-progress-confirm-text" hidden>',
        '<p id="cb-progress-confirm-text">Remove every saved quiz answer and case-walk stage '
        "from this browser? This cannot be undone.</p>",
        '<button type="button" class="cb-progress__button" data-action="clear-yes">Yes, clear '
        "everything</button> ",
        '<button type="button" class="cb-progress__button" data-action="clear-no">No, keep my '
        "progress</button>",
        "</div>",
        '<p class="cb-progress__announce" role="status" aria-live="polite"></p>',
        '<p class="cb-progress__generated" data-generated hidden></p>',
        f'<p class="cb-progress__summary" data-summary>{total} questions in the book&#8217;s '
        "quizzes.</p>",
    ]
    for chapter in data["chapters"]:
        slug, bank = chapter["slug"], banks[chapter["slug"]]
        head = f"progress-{slug}"
        parts += [
            f'<section class="cb-progress__chapter" data-chapter="{esc(slug)}" '
            f'aria-labelledby="{head}">',
            f'<h2 id="{head}">{chapter["number"]}. {inline(chapter["title"])}</h2>',
            f'<p class="cb-progress__chapter-summary" data-chapter-summary>'
            f'{len(chapter["questions"])} questions. <a href="{esc(chapter["url"])}#quiz-{slug}">'
            f"Go to the chapter&#8217;s quiz</a></p>",
        ]
        for number, text in _objectives(chapter):
            label = f"Objective {number}" + (f": {esc(text)}" if text else "")
            parts += [f'<h3 class="cb-progress__objective">{label}</h3>',
                      f'<p class="cb-progress__objective-summary" data-objective-summary='
                      f'"{esc(slug)}:{number}" hidden></p>',
                      '<ul class="cb-progress__questions">']
            for q in bank.questions:
                if q.objective != number:
                    continue
                parts.append(
                    f'<li class="cb-progress__question" data-question="{esc(q.id)}" '
                    f'data-chapter="{esc(slug)}">'
                    f'<div class="cb-progress__prompt">{block(q.prompt)}</div>'
                    '<p class="cb-progress__status" data-status><span class="cb-progress__icon" '
                    'aria-hidden="true">&#8211;</span> <span data-status-text>Not answered yet.'
                    '</span></p>'
                    '<p class="cb-progress__answer" data-answer hidden></p></li>')
            parts.append("</ul>")
        parts.append("</section>")
    parts += [
        '<section class="cb-progress__walks" data-walks aria-labelledby="progress-walks" hidden>',
        '<h2 id="progress-walks">Case walks</h2><div data-walk-list></div></section>',
        f'<script type="application/json" class="cb-progress__data">{json_for_script(data)}'
        "</script>",
        "</div>",
    ]
    return "".join(parts)
