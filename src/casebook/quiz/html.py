"""Static HTML for a quiz bank: markup that works without JavaScript, enhanced by quiz.js.

Without JavaScript every question shows its prompt and choices, and its answer and explanation
sit behind a ``<details>``. ``casebook/sphinx/static/quiz.js`` (loaded once per page, like
``quiz.css``)
finds each ``.cb-quiz``, reads its one ``<script type="application/json">`` (the grading data of
:func:`casebook.quiz.grading.grading_data`), enables the inputs and only toggles ``hidden`` on
messages rendered here: it never writes HTML. All bank text goes through
:mod:`casebook.quiz.markup`, which escapes it.

Element ids derive from the slug and question ids (``quiz-<slug>-<id>-choice-<n>``), so the
same bank always gives byte-identical HTML.
"""

from __future__ import annotations

import hashlib
import html
import json

from casebook.quiz.bank import Bank, Question, number_text  # noqa: F401 (exports use it from here)
from casebook.quiz.grading import grading_data
from casebook.quiz.markup import block, inline

__all__ = ["render_html", "json_for_script", "LETTERS", "MESSAGES", "HINTS"]

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TICK, CROSS = "\u2713", "\u2717"
# Verdict lines shared with the widget. Each has an icon *and* words: colour is never the signal.
MESSAGES = {
    "correct": (TICK, "Correct."),
    "incorrect": (CROSS, "Not quite."),
    "incomplete": (CROSS, "Not quite: at least one correct answer is missing."),
    "low": (CROSS, "Not quite: too low."),
    "high": (CROSS, "Not quite: too high."),
    "empty": ("!", "Choose an answer first."),
    "blank": ("!", "Type a number first."),
    "invalid": ("!", "Type a number only: digits and a decimal point (for example 1.5), "
                     "without the unit."),
}
HINTS = {
    "single": "Choose one answer.",
    "multiple": "Choose all that apply.",
    "numeric": "Type a number; use a decimal point, not a comma.",
}
VERDICTS_BY_TYPE = {
    "single": ("correct", "incorrect", "empty"),
    "multiple": ("correct", "incorrect", "incomplete", "empty"),
    "numeric": ("correct", "low", "high", "blank", "invalid"),
}


def json_for_script(data) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u`` escapes (no ``</script>``).

    >>> json_for_script({"a": "</script><!--"})
    '{"a": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def revision(question: Question) -> str:
    """A short content hash: answers saved against an older wording are not restored."""
    key = json.dumps([question.type, [c.text for c in question.choices], question.prompt,
                      question.answer, question.tolerance], sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def message_html(verdict: str) -> str:
    icon, words = MESSAGES[verdict]
    return f'<span class="cb-quiz__icon" aria-hidden="true">{icon}</span> {html.escape(words)}'


def choice_mark_html(correct: bool) -> str:
    return message_html("correct") if correct else message_html("incorrect")


def answer_text_html(question: Question) -> str:
    """The right answer in words, for the "Show the answer" details and the widget."""
    if question.type == "numeric":
        unit = f" {inline(question.unit)}" if question.unit else ""
        value = number_text(question.answer)
        if question.tolerance:
            low = number_text(question.answer - question.tolerance)
            high = number_text(question.answer + question.tolerance)
            return f"{value}{unit} (accepted: {low} to {high}{unit})"
        return f"{value}{unit}"
    right = [f"{LETTERS[i]}. {inline(c.text)}" for i, c in enumerate(question.choices) if c.correct]
    return "; ".join(right)


def explanation_html(question: Question, source_html: str | None = None) -> str:
    """The explanation and its source: by default the bib key, which the site's build makes a
    link to its references page; the live quiz gives the reference itself (``source_html``)."""
    source = html.escape(question.source) if source_html is None else source_html
    return (f'{block(question.explanation)}'
            f'<p class="cb-quiz__source">Source: {source}</p>')


class _Ids:
    def __init__(self, slug: str, qid: str):
        self.base = f"quiz-{slug}-{qid}"

    def __call__(self, suffix: str = "") -> str:
        return f"{self.base}-{suffix}" if suffix else self.base


def _choices(question: Question, ids: _Ids) -> list[str]:
    kind = "radio" if question.type == "single" else "checkbox"
    out = ['<ul class="cb-quiz__choices">']
    for index, choice in enumerate(question.choices):
        cid = ids(f"choice-{index + 1}")
        state = "right" if choice.correct else "wrong"
        out.append(
            f'<li class="cb-quiz__choice" data-choice="{index}">'
            f'<input class="cb-quiz__input" type="{kind}" name="{ids()}" id="{cid}" '
            f'value="{index}" disabled> '
            f'<label for="{cid}"><span class="cb-quiz__letter">{LETTERS[index]}.</span> '
            f'{inline(choice.text)}</label> '
            f'<span class="cb-quiz__mark cb-quiz__mark--{state}" data-mark="{index}" hidden>'
            f'{choice_mark_html(choice.correct)}</span></li>')
    out.append("</ul>")
    return out


def _numeric(question: Question, ids: _Ids) -> list[str]:
    unit = (f' <span class="cb-quiz__unit" id="{ids("unit")}">{inline(question.unit)}</span>'
            if question.unit else "")
    described = f' aria-describedby="{ids("unit")}"' if question.unit else ""
    return [
        f'<p class="cb-quiz__numeric"><label for="{ids("answer")}">Your answer</label> '
        f'<input class="cb-quiz__input" type="text" inputmode="decimal" autocomplete="off" '
        f'spellcheck="false" name="{ids()}" id="{ids("answer")}"{described} disabled>{unit}</p>'
    ]


def _feedback(question: Question) -> list[str]:
    out = []
    if question.type == "numeric":
        for verdict in ("correct", "low", "high"):
            text = getattr(question.feedback, verdict)
            out.append(f'<div class="cb-quiz__feedback" data-feedback="{verdict}" hidden>'
                       f'{block(text)}</div>')
        out += [f'<div class="cb-quiz__feedback" data-feedback="slip-{index}" hidden>'
                f'{block(slip.feedback)}</div>' for index, slip in enumerate(question.slips)]
        return out
    for index, choice in enumerate(question.choices):
        state = "right" if choice.correct else "wrong"
        head = ""
        if question.type == "multiple":
            head = (f'<p class="cb-quiz__feedback-head">{LETTERS[index]}. '
                    f'{choice_mark_html(choice.correct)}</p>')
        out.append(f'<div class="cb-quiz__feedback cb-quiz__feedback--{state}" '
                   f'data-feedback="{index}" hidden>{head}{block(choice.feedback)}</div>')
    return out


def _question(question: Question, number: int, total: int, slug: str) -> list[str]:
    ids = _Ids(slug, question.id)
    out = [
        '<li class="cb-quiz__item">',
        f'<form class="cb-quiz__question" id="{ids()}" data-question="{question.id}" '
        f'data-type="{question.type}" novalidate>',
        f'<fieldset class="cb-quiz__fieldset" aria-labelledby="{ids("legend")} {ids("prompt")}">',
        f'<legend class="cb-quiz__legend" id="{ids("legend")}">'
        f"Question {number} of {total}</legend>",
        f'<div class="cb-quiz__prompt" id="{ids("prompt")}">{block(question.prompt)}</div>',
        f'<p class="cb-quiz__hint">{HINTS[question.type]}</p>',
        *(_numeric(question, ids) if question.type == "numeric" else _choices(question, ids)),
        "</fieldset>",
        '<div class="cb-quiz__actions" hidden>'
        '<button type="submit" class="cb-quiz__button cb-quiz__check">Check</button> '
        '<button type="button" class="cb-quiz__button cb-quiz__retry" hidden>Try again</button>'
        "</div>",
        f'<div class="cb-quiz__status" id="{ids("status")}" role="status" aria-live="polite">',
        *(f'<p class="cb-quiz__verdict cb-quiz__verdict--{v}" data-verdict="{v}" hidden>'
          f"{message_html(v)}</p>" for v in VERDICTS_BY_TYPE[question.type]),
        *_feedback(question),
        f'<div class="cb-quiz__explanation" id="{ids("explanation")}" hidden>'
        f'<p class="cb-quiz__explanation-title">Explanation</p>{explanation_html(question)}</div>',
        "</div>",
        '<details class="cb-quiz__answer"><summary>Show the answer</summary>'
        f'<p><strong>Answer:</strong> {answer_text_html(question)}</p>'
        f"{explanation_html(question)}</details>",
        "</form>",
        "</li>",
    ]
    return out


def quiz_data(bank: Bank) -> dict:
    """The JSON the page carries: per question its id, a revision hash and the grading data."""
    return {
        "slug": bank.slug,
        "questions": [{"id": q.id, "rev": revision(q), **grading_data(q)} for q in bank.questions],
    }


def render_html(bank: Bank) -> str:
    """The self-contained static fragment for ``bank`` (deterministic: no random ids, no time)."""
    slug, total = bank.slug, len(bank.questions)
    root = f"quiz-{slug}"
    parts = [
        f'<section class="cb-quiz" id="{root}" data-quiz="{slug}" aria-labelledby="{root}-title">',
        f'<h2 class="cb-quiz__title" id="{root}-title">{inline(bank.title)}</h2>',
        f'<p class="cb-quiz__intro">{total} question{"s" if total != 1 else ""}. '
        '<span class="cb-quiz__nojs">Open &#8220;Show the answer&#8221; under each question '
        "to check yourself.</span></p>",
        '<ol class="cb-quiz__questions">',
    ]
    for number, question in enumerate(bank.questions, start=1):
        try:
            parts += _question(question, number, total, slug)
        except ValueError as exc:  # bad math: name the bank and the question
            raise ValueError(f"quiz bank {bank.path}: question {question.id!r}: {exc}") from exc
    parts += [
        "</ol>",
        '<div class="cb-quiz__bar" hidden>',
        # A div, not a p: a bold, larger paragraph reads to axe as a fake heading (p-as-heading).
        f'<div class="cb-quiz__score">Score: <span class="cb-quiz__score-value">0</span> '
        f"of {total} correct</div>",
        '<button type="button" class="cb-quiz__button cb-quiz__reset">Reset answers</button>',
        '<p class="cb-quiz__note">Your answers are saved in this browser only; nothing is sent '
        "anywhere.</p>",
        '<p class="cb-quiz__announce" role="status" aria-live="polite"></p>',
        "</div>",
        f'<script type="application/json" class="cb-quiz__data">{json_for_script(quiz_data(bank))}'
        "</script>",
        "</section>",
    ]
    return "\n".join(parts) + "\n"
