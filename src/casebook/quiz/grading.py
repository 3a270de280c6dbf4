"""The grading rule: the one place it is written down.

Both renderings grade from the same small, JSON-able *grading data* of a question
(:func:`grading_data`); the static page carries exactly this dict in its JSON ``<script>`` and
``casebook/sphinx/static/quiz.js`` applies the same few comparisons to it (function ``grade``
there, a
line-by-line mirror of :func:`grade_data`). A browser test runs both over many answers and
requires identical verdicts. Change the rule here and in ``quiz.js`` together.

The rule
--------
``single``
    The answer is one choice index (0-based). ``correct`` if that choice is marked correct,
    else ``incorrect``.
``multiple``
    The answer is a set of choice indices, graded all-or-nothing: ``incorrect`` if any chosen
    choice is wrong; otherwise ``incomplete`` if a correct choice was left out; otherwise
    ``correct``. Each chosen choice shows its own feedback.
``numeric``
    The answer is a number. Accepted range ``[answer - tolerance, answer + tolerance]``,
    **edges included**. The bounds are widened by a tiny slack (``1e-9`` times the larger of 1,
    ``|answer|`` and ``tolerance``) so that binary floating point cannot reject a typed edge
    value (``1.0`` for ``1.1 +/- 0.1``). Below the range: ``low``; above: ``high``.
    An answer inside one of the question's *slips* (anticipated wrong answers, each
    ``answer +/- tolerance`` with the same edges and slack) is still ``low`` or ``high``, but
    shows that slip's feedback in place of the general one (:func:`slip_index`).
    Typed text is read by :func:`parse_number`: digits with an optional decimal *point*; a
    comma, a unit or anything else is refused (``"1,000"`` is ambiguous between 1 and 1000).

The score of a quiz is the number of questions whose latest check was ``correct``.

Examples
--------
>>> from casebook.quiz.bank import load_bank
>>> from casebook.book import Book
>>> q = load_bank("tests/fixtures/quizzes/fixture-basics.yml", book=Book.at(".")).questions[2]
>>> q.answer, q.tolerance
(340.0, 5.0)
>>> [grade(q, x).verdict for x in (334.9, 335, 345, 345.1)]
['low', 'correct', 'correct', 'high']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from casebook.quiz.bank import Question

__all__ = ["Result", "VERDICTS", "grade", "grade_data", "grading_data", "parse_number",
           "slip_index"]

VERDICTS = ("correct", "incorrect", "incomplete", "low", "high")
SLACK = 1e-9
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_SPACE = " \t\r\n"


@dataclass(frozen=True)
class Result:
    """The outcome of one check.

    ``verdict`` is one of :data:`VERDICTS`; ``selected`` the chosen choice indices (sorted,
    empty for numeric questions); ``feedback`` the Markdown feedback texts to show, in order.
    """

    verdict: str
    selected: tuple[int, ...]
    feedback: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"


def _bounds(answer: float, tolerance: float) -> list[float]:
    """``answer +/- tolerance``, widened by the slack so a typed edge value is inside."""
    slack = SLACK * max(1.0, abs(answer), tolerance)
    return [answer - tolerance - slack, answer + tolerance + slack]


def grading_data(question: Question) -> dict:
    """What a grader needs to know of ``question`` (this dict is the static page's JSON)."""
    if question.type == "numeric":
        low, high = _bounds(question.answer, question.tolerance)
        return {"type": "numeric", "low": low, "high": high,
                "slips": [_bounds(s.answer, s.tolerance) for s in question.slips]}
    return {"type": question.type, "correct": [choice.correct for choice in question.choices]}


def grade_data(data: dict, answer) -> str:
    """The verdict for ``answer`` under grading ``data`` (mirrored by ``grade`` in quiz.js)."""
    if data["type"] == "numeric":
        if answer < data["low"]:
            return "low"
        if answer > data["high"]:
            return "high"
        return "correct"
    if data["type"] == "single":
        return "correct" if data["correct"][answer] else "incorrect"
    if any(not data["correct"][i] for i in answer):
        return "incorrect"
    if any(flag and i not in answer for i, flag in enumerate(data["correct"])):
        return "incomplete"
    return "correct"


def slip_index(data: dict, answer: float) -> int | None:
    """The first of numeric grading ``data``'s slips that ``answer`` falls in, or None
    (mirrored by ``slipIndex`` in quiz.js)."""
    for index, (low, high) in enumerate(data["slips"]):
        if low <= answer <= high:
            return index
    return None


def _choice_answer(question: Question, answer) -> tuple[int, ...]:
    def is_index(value) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    if question.type == "single":
        if not is_index(answer):
            raise ValueError(f"{question.id}: a single question takes one choice index (int), "
                             f"got {answer!r}")
        indices = [answer]
    else:
        indices = list(answer) if isinstance(answer, Iterable) and not isinstance(answer, str) \
            else [answer]
        if not all(is_index(i) for i in indices):
            raise ValueError(f"{question.id}: answer must be choice indices (int), got {answer!r}")
        if not indices:
            raise ValueError(f"{question.id}: no choice selected")
    for index in indices:
        if not 0 <= index < len(question.choices):
            raise ValueError(f"{question.id}: choice index {index} out of range "
                             f"0..{len(question.choices) - 1}")
    return tuple(sorted(set(indices)))


def grade(question: Question, answer) -> Result:
    """Grade ``answer`` to ``question``.

    Parameters
    ----------
    question
        A validated :class:`~casebook.quiz.bank.Question`.
    answer
        ``single``: a choice index (int, 0-based); ``multiple``: an iterable of choice indices
        (at least one); ``numeric``: a finite number (in the question's unit), or text read by
        :func:`parse_number`.

    Returns
    -------
    Result

    Raises
    ------
    ValueError
        No choice, an index out of range, or a number that is missing, not finite or not
        readable.
    """
    data = grading_data(question)
    if question.type == "numeric":
        value = parse_number(answer) if isinstance(answer, str) else answer
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not math.isfinite(value):
            raise ValueError(f"{question.id}: answer must be a finite number, got {answer!r}")
        verdict = grade_data(data, value)
        slip = None if verdict == "correct" else slip_index(data, value)
        text = getattr(question.feedback, verdict) if slip is None \
            else question.slips[slip].feedback
        return Result(verdict, (), (text,))
    selected = _choice_answer(question, answer)
    chosen = selected[0] if question.type == "single" else set(selected)
    verdict = grade_data(data, chosen)
    return Result(verdict, selected, tuple(question.choices[i].feedback for i in selected))


def parse_number(text: str) -> float | None:
    """Read a typed number: optional sign, ASCII digits, optional decimal point; else ``None``.

    Only spaces, tabs and line breaks around it are ignored.

    Mirrored by ``parseNumber`` in quiz.js.

    >>> [parse_number(t) for t in (" 340 ", "-1.5", ".5", "1,5", "340 mg", "", "1e3")]
    [340.0, -1.5, 0.5, None, None, None, None]
    """
    text = text.strip(_SPACE)
    return float(text) if _NUMBER.fullmatch(text) else None
