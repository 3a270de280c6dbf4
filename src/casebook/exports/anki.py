"""The quiz banks as an Anki deck package (``.apkg``), with genanki.

One note per question, in a subdeck per chapter (``<book title>::1. The case``). The front holds
the prompt, what kind of answer is asked and the lettered choices; the back the keyed answer,
the feedback for a numeric question's likely wrong answers (its slips), the explanation and
the source. Math is ``\\(...\\)``, which Anki typesets with its MathJax.

Ids are stable so that importing a newer deck updates cards instead of adding copies: the note
GUID is ``genanki.guid_for("casebook", <question id>)``, the note type and deck ids are fixed
numbers derived from names, not from the date. A chapter's own deck uses the same deck name
and id as its subdeck in the whole-book deck, so the two merge in a learner's collection.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Sequence
from pathlib import Path

import genanki

from casebook.exports import ChapterBank, ExportError
from casebook.exports.text import (
    Sources, UnmappableText, answer_html, choice_html, prompt_html, slips_html, why_html,
)
from casebook.quiz.bank import Question
from casebook.quiz.html import LETTERS

__all__ = ["FIELDS", "MODEL_ID", "deck_id", "deck_name", "note_fields", "note_guid",
           "write_deck"]

MODEL_ID = 1_738_201_515  # fixed: changing it makes Anki treat every card as new
FIELDS = ["Question", "Answer", "Chapter", "Objective", "Id"]
CSS = """.card { font-family: system-ui, sans-serif; font-size: 1.1em; line-height: 1.45;
  text-align: left; max-width: 42em; margin: 0 auto; color: black; background: white; }
.nightMode.card { color: #eee; background: #222; }
ol.casebook-choices { list-style: none; padding-left: 0; }
ol.casebook-choices li { margin: .3em 0; }
.casebook-meta, .casebook-source { font-size: .85em; opacity: .8; }
.casebook-answer { font-weight: bold; }
"""
MODEL = genanki.Model(
    MODEL_ID, "Casebook quiz question",
    fields=[{"name": name} for name in FIELDS],
    templates=[{
        "name": "Question",
        "qfmt": '<p class="casebook-meta">{{Chapter}}</p>{{Question}}',
        "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}',
    }],
    css=CSS,
    sort_field_index=4,  # the id: Anki's browser lists cards in bank order
)


def _number(name: str) -> int:
    """A stable id below 2**62 from a name (genanki wants ints; Anki wants them stable)."""
    return (1 << 40) + int(hashlib.sha256(name.encode()).hexdigest()[:12], 16)


def deck_name(title: str, item: ChapterBank, width: int = 1) -> str:
    return f"{title}::{item.label(width)}"


def deck_id(item: ChapterBank) -> int:
    return _number(f"casebook-deck:{item.slug}")


def note_guid(question: Question) -> str:
    return genanki.guid_for("casebook", question.id)


def _front(q: Question) -> str:
    parts = [prompt_html(q)]
    if q.choices:
        items = "".join(f"<li>{LETTERS[i]}. {choice_html(q, i)}</li>"
                        for i in range(len(q.choices)))
        parts.append(f'<ol class="casebook-choices">{items}</ol>')
    return "".join(parts)


def _back(q: Question, sources: Sources) -> str:
    label = "Answers" if q.type == "multiple" else "Answer"
    return (f'<p class="casebook-answer">{label}: {answer_html(q)}</p>' + slips_html(q)
            + why_html(q, sources))


def note_fields(item: ChapterBank, q: Question, sources: Sources) -> list[str]:
    """The note's fields, in :data:`FIELDS` order; :class:`ExportError` if it cannot be made."""
    if len(q.choices) > len(LETTERS):
        raise ExportError(item.bank, q, "Anki", f"{len(q.choices)} choices, more than the "
                                                f"{len(LETTERS)} letters A to Z")
    try:
        return [_front(q), _back(q, sources), html.escape(item.label()),
                html.escape(item.chapter.objectives[q.objective - 1]
                            if q.objective <= len(item.chapter.objectives)
                            else f"Objective {q.objective}"),
                html.escape(q.id)]
    except UnmappableText as exc:
        raise ExportError(item.bank, q, "Anki", str(exc)) from exc


def write_deck(items: Sequence[ChapterBank], path: Path | str, *, title: str,
               sources: Sources, only: str | None = None) -> Path:
    """Write the deck of every chapter in ``items`` (or of the chapter ``only``) to ``path``."""
    width = len(str(len(items)))
    decks = []
    for item in items:
        if only is not None and item.slug != only:
            continue
        deck = genanki.Deck(deck_id(item), deck_name(title, item, width),
                            description=f"Quiz questions of the chapter {item.chapter.title}.")
        for q in item.bank.questions:
            deck.add_note(genanki.Note(
                model=MODEL, fields=note_fields(item, q, sources), guid=note_guid(q),
                tags=[f"casebook::{item.slug}", f"casebook::objective-{q.objective}",
                      f"casebook::{q.type}"]))
        decks.append(deck)
    if not decks:
        raise ValueError(f"no chapter {only!r} among {[i.slug for i in items]}")
    genanki.Package(decks).write_to_file(str(path))
    return Path(path)
