"""The live quiz for Jupyter: ipywidgets that grade with :func:`casebook.quiz.grading.grade`.

One :class:`QuestionWidget` per question (radio buttons, a checkbox group or a text box for a
number; Check, Try again and Show the answer buttons; an HTML area for feedback) and a
:class:`QuizWidget` that stacks them with a running score and a Reset button. Feedback uses the
same messages and Markdown rendering as the static page (:mod:`casebook.quiz.html`).

Numbers are typed into a ``Text`` box rather than a ``FloatText``: it can be empty (a
``FloatText`` starts at 0, which would be graded) and it reads input exactly as the static page
does (:func:`~casebook.quiz.grading.parse_number`).

Choice labels of radio buttons and checkboxes are plain text (ipywidgets cannot put HTML there):
Markdown marks are dropped and simple math is written in Unicode (10⁻⁵, β₂, ≥), other math as its
LaTeX source; prompts and feedback render fully.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from casebook.citations import reference_html
from casebook.look import Look
from casebook.quiz.bank import Bank, Question
from casebook.quiz.grading import Result, grade, parse_number
from casebook.quiz.html import (
    HINTS, LETTERS, answer_text_html, choice_mark_html, explanation_html, message_html,
)
from casebook.quiz.markup import block, inline, plain

__all__ = ["QuestionWidget", "QuizWidget"]

_HIDDEN, _SHOWN = "none", ""


def _status(inner: str) -> str:
    return f'<div class="cb-quiz__status" role="status" aria-live="polite">{inner}</div>'


class QuestionWidget:
    """Widgets for one question; ``result`` is the latest graded :class:`Result` or ``None``."""

    def __init__(self, question: Question, number: int, total: int, on_graded=None,
                 bib: Path | None = None, look: Look | None = None):
        self.question = question
        self._look = look = look or Look()
        self._bib = bib
        self.result: Result | None = None
        self._on_graded = on_graded or (lambda: None)
        self.prompt = look.html(
            f"<p><strong>Question {number} of {total}</strong></p>{block(question.prompt)}"
            f"<p><em>{HINTS[question.type]}</em></p>")
        self.checkboxes: list[widgets.Checkbox] = []
        self.input = self._make_input()
        self.check_button = look.button("Check", button_style="primary",
                                               tooltip="Check your answer")
        self.check_button.on_click(self.check)
        self._after_check: tuple[widgets.Button, widgets.Button] | None = None
        self.feedback = look.html(_status(""))
        self.buttons = look.box([self.check_button], vertical=False)
        self.box = widgets.VBox([self.prompt, self.input, self.buttons, self.feedback],
                                layout=look.spaced)

    @property
    def retry_button(self) -> widgets.Button:
        return self._after_check_buttons()[0]

    @property
    def reveal_button(self) -> widgets.Button:
        return self._after_check_buttons()[1]

    def _after_check_buttons(self) -> tuple[widgets.Button, widgets.Button]:
        """Try again and Show the answer, built (hidden) when first needed.

        Until a first check they are never shown, and they are 6 of a question's 26 widget
        models, each sent to the browser when a chapter runs.
        """
        if self._after_check is None:
            retry = self._look.button("Try again")
            reveal = self._look.button("Show the answer")
            retry.on_click(self.retry)
            reveal.on_click(self.reveal)
            self._show(retry, False)
            self._show(reveal, False)
            self._after_check = (retry, reveal)
            self.buttons.children = (self.check_button, retry, reveal)
        return self._after_check

    def _show_after_check(self, index: int, visible: bool) -> None:
        """Show or hide Try again (0) or Show the answer (1); hiding needs no button built."""
        if visible or self._after_check is not None:
            self._show(self._after_check_buttons()[index], visible)

    def _make_input(self):
        q, look = self.question, self._look
        if q.type == "single":
            options = [(f"{LETTERS[i]}. {plain(c.text)}", i) for i, c in enumerate(q.choices)]
            return widgets.RadioButtons(options=options, value=None, layout=look.wide,
                                        style=look.choice)
        if q.type == "multiple":
            self.checkboxes = [look.checkbox_widget(f"{LETTERS[i]}. {plain(c.text)}", look.wide)
                               for i, c in enumerate(q.choices)]
            return look.box(self.checkboxes)
        self.number = widgets.Text(value="", placeholder="a number", description="Your answer",
                                   style=look.text, layout=look.wide)
        unit = look.html(inline(q.unit) if q.unit else "")
        return look.box([self.number, unit], vertical=False)

    @staticmethod
    def _show(widget, visible: bool) -> None:
        widget.layout.display = _SHOWN if visible else _HIDDEN

    def _controls(self):
        if self.question.type == "single":
            return [self.input]
        if self.question.type == "multiple":
            return self.checkboxes
        return [self.number]

    def answer(self):
        """The current answer in :func:`grade`'s form, or ``None`` when nothing is entered."""
        if self.question.type == "single":
            return self.input.value
        if self.question.type == "multiple":
            chosen = [i for i, box in enumerate(self.checkboxes) if box.value]
            return chosen or None
        return self.number.value

    def _set_locked(self, locked: bool) -> None:
        for control in self._controls():
            control.disabled = locked
        self._show(self.check_button, not locked)
        self._show_after_check(0, locked)

    def check(self, _button=None) -> Result | None:
        """Grade the current answer and show its feedback (the Check button)."""
        answer = self.answer()
        if self.question.type == "numeric":
            if not answer.strip():
                self.feedback.value = _status(f"<p>{message_html('blank')}</p>")
                return None
            if parse_number(answer) is None:
                self.feedback.value = _status(f"<p>{message_html('invalid')}</p>")
                return None
        elif answer is None:
            self.feedback.value = _status(f"<p>{message_html('empty')}</p>")
            return None
        self.result = grade(self.question, answer)
        self.feedback.value = _status(self._feedback_html(self.result))
        self._set_locked(True)
        self._show_after_check(1, not self.result.correct)
        self._on_graded()
        return self.result

    def _feedback_html(self, result: Result) -> str:
        q = self.question
        parts = [f"<p><strong>{message_html(result.verdict)}</strong></p>"]
        if q.type == "multiple":
            for i in result.selected:
                parts.append(f"<p>{LETTERS[i]}. {choice_mark_html(q.choices[i].correct)}</p>"
                             f"{block(q.choices[i].feedback)}")
        else:
            parts += [block(text) for text in result.feedback]
        if result.correct:
            parts.append(f"<p><strong>Explanation</strong></p>{self._explanation()}")
        return "".join(parts)

    def _explanation(self) -> str:
        """The explanation with its source written out (there is no references page to link)."""
        return explanation_html(self.question, reference_html(self._bib, self.question.source))

    def retry(self, _button=None) -> None:
        """Clear the answer and its feedback (the Try again button)."""
        self.result = None
        self._set_locked(False)
        if self.question.type == "single":
            self.input.value = None
        elif self.question.type == "multiple":
            for box in self.checkboxes:
                box.value = False
        else:
            self.number.value = ""
        self.feedback.value = _status("")
        self._show_after_check(1, False)
        self._on_graded()

    def reveal(self, _button=None) -> None:
        """Show the right answer and the explanation (after a wrong answer)."""
        self._show_after_check(1, False)
        shown = self._feedback_html(self.result) if self.result else ""
        self.feedback.value = _status(
            f"{shown}<p><strong>Answer:</strong> {answer_text_html(self.question)}</p>"
            f"{self._explanation()}")


class QuizWidget:
    """All questions of a bank, a running score and a Reset button; ``widget`` is the VBox.

    ``bib`` (the book's ``references.bib``) writes each source out in full; without it the
    source is its bib key."""

    def __init__(self, bank: Bank, bib: Path | None = None):
        self.bank = bank
        total = len(bank.questions)
        look = Look()
        self.questions = [QuestionWidget(q, n, total, on_graded=self._update_score, bib=bib,
                                         look=look)
                          for n, q in enumerate(bank.questions, start=1)]
        self.title = look.html(f"<h2>{inline(bank.title)}</h2>")
        self.score = widgets.Label(value="", layout=look.plain)
        self.reset_button = look.button("Reset answers", margin="0 0 0 1em")
        self.reset_button.on_click(self.reset)
        self._update_score()
        footer = widgets.HBox([self.score, self.reset_button],
                              layout=widgets.Layout(align_items="center"))
        self.widget = look.box([self.title, *(q.box for q in self.questions), footer])

    @property
    def correct_count(self) -> int:
        return sum(1 for q in self.questions if q.result is not None and q.result.correct)

    def _update_score(self) -> None:
        self.score.value = f"Score: {self.correct_count} of {len(self.questions)} correct"

    def reset(self, _button=None) -> None:
        for question in self.questions:
            question.retry()
