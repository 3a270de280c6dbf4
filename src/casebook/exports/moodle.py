"""The quiz banks as Moodle XML: one question category per chapter, native question types.

- ``single`` -> ``multichoice`` with ``<single>true</single>``: the keyed choice scores 100 %,
  the others 0 %;
- ``multiple`` -> ``multichoice`` with ``<single>false</single>``: each keyed choice scores
  100/n % (n keyed choices), each other choice -100 %, so any wrong pick scores 0 as in the
  book; a partly complete answer gets partial credit in Moodle (the book calls it incomplete).
  Moodle only accepts grades from its fixed list, which holds 100/n for n = 1 to 10: a question
  with more keyed choices cannot be exported;
- ``numeric`` -> ``numerical``: the answer with ``<tolerance>`` (absolute, edges included as in
  the book), each slip (an anticipated wrong answer) as a 0 % answer with its own tolerance and
  feedback, and a catch-all ``*`` answer at 0 % carrying the "too low" and "too high" feedback.
  The unit is named in the question text.

Every choice keeps its feedback; ``generalfeedback`` holds the explanation and source. Question
names and ``idnumber`` are the bank's question ids, so a re-import can be matched.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from casebook.exports import ChapterBank, ExportError
from casebook.exports.text import (
    Sources, UnmappableText, choice_html, prompt_html, rich, why_html, wrong_numeric_html,
)
from casebook.quiz.bank import Question
from casebook.quiz.html import MESSAGES, number_text

__all__ = ["GRADES", "fraction_text", "question_xml", "write_xml"]

# Moodle's grade options (question_bank::fraction_options_full), in percent, as it writes them.
GRADES = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
          "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")


def fraction_text(percent: float) -> str | None:
    """``33.333...`` -> ``"33.33333"`` if Moodle accepts that grade, else None.

    >>> fraction_text(100 / 3), fraction_text(100 / 11)
    ('33.33333', None)
    """
    for grade in GRADES:
        if abs(float(grade) - percent) < 5e-6:
            return grade
    return None


def _sub(parent, tag, text=None, **attrs):
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _html(parent, tag, html_text: str, **attrs):
    element = _sub(parent, tag, format="html", **attrs)
    _sub(element, "text", html_text)
    return element


def question_xml(parent, q: Question, sources: Sources, bank) -> ET.Element:
    kind = "numerical" if q.type == "numeric" else "multichoice"
    question = _sub(parent, "question", type=kind)
    _sub(_sub(question, "name"), "text", q.id)
    _html(question, "questiontext", prompt_html(q))
    _html(question, "generalfeedback", why_html(q, sources))
    _sub(question, "defaultgrade", "1")
    _sub(question, "penalty", "0.3333333")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", q.id)
    if q.type == "numeric":
        answer = _sub(question, "answer", fraction="100", format="moodle_auto_format")
        _sub(answer, "text", number_text(q.answer))
        _sub(answer, "tolerance", number_text(q.tolerance))
        _html(answer, "feedback", rich(q.feedback.correct))
        for slip in q.slips:  # Moodle takes the first answer that matches: after the right one
            wrong = _sub(question, "answer", fraction="0", format="moodle_auto_format")
            _sub(wrong, "text", number_text(slip.answer))
            _sub(wrong, "tolerance", number_text(slip.tolerance))
            _html(wrong, "feedback", rich(slip.feedback))
        other = _sub(question, "answer", fraction="0", format="moodle_auto_format")
        _sub(other, "text", "*")
        _sub(other, "tolerance", "0")
        _html(other, "feedback", wrong_numeric_html(q, slips=False))
        _sub(question, "unitgradingtype", "0")
        _sub(question, "unitpenalty", "0.1000000")
        _sub(question, "showunits", "3")
        _sub(question, "unitsleft", "0")
        return question
    keyed = sum(c.correct for c in q.choices)
    right = fraction_text(100 / keyed)
    if right is None:
        raise ExportError(bank, q, "Moodle XML", (
            f"{keyed} correct choices: each would score 100/{keyed} %, which is not one of "
            "Moodle's grades (it allows at most 10 correct choices)"))
    wrong = "0" if q.type == "single" else "-100"
    _sub(question, "single", "true" if q.type == "single" else "false")
    _sub(question, "shuffleanswers", "false")
    _sub(question, "answernumbering", "ABCD")
    _sub(question, "showstandardinstruction", "0")
    _html(question, "correctfeedback", MESSAGES["correct"][1])
    _html(question, "partiallycorrectfeedback", MESSAGES["incomplete"][1])
    _html(question, "incorrectfeedback", MESSAGES["incorrect"][1])
    _sub(question, "shownumcorrect")
    for index, choice in enumerate(q.choices):
        answer = _html(question, "answer", choice_html(q, index),
                       fraction=right if choice.correct else wrong)
        _html(answer, "feedback", rich(choice.feedback))
    return question


def write_xml(items: Sequence[ChapterBank], path: Path | str, *, title: str,
              sources: Sources) -> Path:
    """Write the Moodle XML of every chapter in ``items`` to ``path``."""
    width = len(str(len(items)))
    quiz = ET.Element("quiz")
    for item in items:
        category = _sub(quiz, "question", type="category")
        _sub(_sub(category, "category"), "text",
             f"$course$/top/{title.replace('/', '-')}/{item.label(width).replace('/', '-')}")
        _html(category, "info", f"<p>Quiz questions of the chapter "
                                f"{item.chapter.title.replace('<', '&lt;')}.</p>")
        for q in item.bank.questions:
            try:
                question_xml(quiz, q, sources, item.bank)
            except UnmappableText as exc:
                raise ExportError(item.bank, q, "Moodle XML", str(exc)) from exc
    ET.indent(quiz)
    Path(path).write_bytes(ET.tostring(quiz, encoding="utf-8", xml_declaration=True))
    return Path(path)
