"""Quiz banks: load and validate ``<book>/quizzes/<slug>.yml``.

This module knows nothing of HTML or widgets. It turns a YAML bank into frozen dataclasses, or
raises :class:`BankError` listing every problem, each naming the file, the line, the question id
and what is wrong, so a chapter writer can fix a bank without reading this code.

Schema (every field is required unless marked optional)::

    title: Check your understanding     # optional, this is the default
    questions:
      - id: <slug>-<topic>              # kebab-case, starts with the bank's slug, unique
        type: single | multiple | numeric
        objective: 1                    # positive int: the chapter's learning objective
        prompt: Markdown, inline math $...$
        explanation: shown once answered correctly
        source: BibKey                  # a key in the book's references.bib
        skill: recall | calculation | interpretation | decision
        # single / multiple:
        choices:                        # at least two, texts unique
          - {text: ..., correct: true, feedback: ...}
        # numeric:
        answer: 340
        tolerance: 5                    # absolute, >= 0, same unit; the edge counts as right
        unit: mg                        # "" for a unitless answer (e.g. a stage)
        feedback: {correct: ..., low: ..., high: ...}
        slips:                          # optional: wrong answers a learner is likely to give
          - answer: 200                 # its own feedback in place of "too low" / "too high"
            tolerance: 5                # optional, the question's tolerance by default
            feedback: That is the dose per m²; multiply it by the BSA.

``skill`` says what the item asks of the learner: ``recall`` (a fact), ``calculation`` (arithmetic
or a score), ``interpretation`` (read a result or a finding in context) or ``decision`` (choose what
to do next). :func:`skill_mix` counts them per bank.

``single`` needs exactly one correct choice, ``multiple`` at least one. A numeric question's
slips must not overlap its accepted range or each other. Unknown fields are rejected (a typo
such as ``feedbak`` would otherwise vanish silently), as are duplicate keys.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from casebook.filecache import FastSafeLoader, until_changed

if TYPE_CHECKING:
    from casebook.book import Book

__all__ = [
    "Bank", "BankError", "Choice", "NumericFeedback", "Question", "Slip",
    "SKILLS", "load_bank", "skill_mix",
]

DEFAULT_TITLE = "Check your understanding"
KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUESTION_TYPES = ("single", "multiple", "numeric")
COMMON_FIELDS = {"id", "type", "objective", "prompt", "explanation", "source", "skill"}
#: What a question asks of the learner, from remembering to acting.
SKILLS = ("recall", "calculation", "interpretation", "decision")
TYPE_FIELDS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "numeric": {"answer", "tolerance", "unit", "feedback", "slips"},
}
CHOICE_FIELDS = {"text", "correct", "feedback"}
NUMERIC_FEEDBACK_FIELDS = {"correct", "low", "high"}
SLIP_FIELDS = {"answer", "tolerance", "feedback"}
BANK_FIELDS = {"title", "questions"}


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class NumericFeedback:
    correct: str
    low: str
    high: str


@dataclass(frozen=True)
class Slip:
    """A wrong numeric answer a learner is likely to give, accepted within ``tolerance``, and
    the feedback that names the mistake behind it."""

    answer: float
    tolerance: float
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    objective: int
    prompt: str
    explanation: str
    source: str
    skill: str = ""
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    tolerance: float | None = None
    unit: str | None = None
    feedback: NumericFeedback | None = None
    slips: tuple[Slip, ...] = ()


@dataclass(frozen=True)
class Bank:
    slug: str
    title: str
    questions: tuple[Question, ...]
    path: Path

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"{self.path.name}: no question with id {question_id!r}")


class BankError(ValueError):
    """A bank that cannot be used; ``problems`` lists every one found, message has them all."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"quiz bank {self.path} has {len(self.problems)} problem(s):\n{lines}")


# --------------------------------------------------------------------------- YAML with lines

class _Mapping(dict):
    """A YAML mapping that remembers the line (1-based) it starts on."""

    line = 0


class _Loader(FastSafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode):
    data = _Mapping()
    data.line = node.start_mark.line + 1
    yield data
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"found duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    data.update(loader.construct_mapping(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BankError(path, [f"cannot read the file: {exc}"]) from exc
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise BankError(path, [f"{where}: malformed YAML: {problem}"]) from exc
    except yaml.YAMLError as exc:
        raise BankError(path, [f"malformed YAML: {exc}"]) from exc


# --------------------------------------------------------------------------- validation

def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


class _Checker:
    """Collects problems as ``line N: question 'id': what is wrong``."""

    def __init__(self, path: Path, slug: str, keys: set[str]):
        self.path, self.slug, self.keys = path, slug, keys
        self.problems: list[str] = []

    def add(self, node, qid: str | None, message: str) -> None:
        line = getattr(node, "line", 0)
        where = f"line {line}: " if line else ""
        who = f"question {qid!r}: " if qid else ""
        self.problems.append(f"{where}{who}{message}")

    def fields(self, node, qid, allowed: set[str], required: set[str], what: str) -> bool:
        if not isinstance(node, dict):
            self.add(node, qid, f"{what} must be a mapping, got {type(node).__name__}")
            return False
        for key in sorted(set(node) - allowed, key=str):
            known = ", ".join(sorted(allowed))
            self.add(node, qid, f"unknown field {key!r} in {what} (allowed: {known})")
        for key in sorted(required - set(node)):
            self.add(node, qid, f"missing required field {key!r} in {what}")
        return True

    def text(self, node, qid, key: str, what: str, *, empty_ok: bool = False) -> str:
        if not isinstance(node, dict) or key not in node:
            return ""  # already reported as missing
        value = node[key]
        if not isinstance(value, str):
            self.add(node, qid, f"{what} {key!r} must be text, got {value!r} "
                                f"(quote it in YAML, e.g. {key}: \"{value}\")")
            return ""
        if not empty_ok and not value.strip():
            self.add(node, qid, f"{what} {key!r} is empty")
        return value

    # ---- the bank
    def bank(self, data) -> tuple[str, list[Question]]:
        if not self.fields(data, None, BANK_FIELDS, {"questions"}, "the bank"):
            return DEFAULT_TITLE, []
        title = self.text(data, None, "title", "the bank") if "title" in data else DEFAULT_TITLE
        items = data.get("questions")
        if "questions" in data and (not isinstance(items, list) or not items):
            self.add(data, None, "'questions' must be a non-empty list")
            return title, []
        questions, first_line = [], {}
        for index, item in enumerate(items or [], start=1):
            question = self.question(item, index)
            if question is None:
                continue
            if question.id in first_line:
                first = first_line[question.id]
                self.add(item, question.id, f"duplicate id (first used on line {first})")
            else:
                first_line[question.id] = getattr(item, "line", 0)
            questions.append(question)
        return title, questions

    # ---- one question
    def question(self, node, index: int) -> Question | None:
        qid = node.get("id") if isinstance(node, dict) else None
        if not isinstance(qid, str) or not qid:
            self.add(node, None, f"question {index} has no text 'id'")
            return None
        label = qid
        if not KEBAB.match(qid):
            self.add(node, label, "id must be kebab-case (lower-case letters, digits, hyphens)")
        elif not qid.startswith(f"{self.slug}-"):
            self.add(node, label, f"id must start with the bank's slug: '{self.slug}-<topic>'")
        kind = node.get("type")
        if kind not in QUESTION_TYPES:
            self.add(node, label, f"type must be one of {', '.join(QUESTION_TYPES)}, got {kind!r}")
            return None
        allowed = COMMON_FIELDS | TYPE_FIELDS[kind]
        self.fields(node, label, allowed, allowed - {"skill", "slips"}, f"a {kind} question")
        objective = node.get("objective")
        if "objective" in node and (not isinstance(objective, int) or isinstance(objective, bool)
                                    or objective < 1):
            self.add(node, label, f"objective must be a positive whole number, got {objective!r}")
        source = self.text(node, label, "source", "field")
        if source and source not in self.keys:
            self.add(node, label, f"source {source!r} is not a key in book/references.bib")
        skill = node.get("skill")
        if "skill" not in node:
            self.add(node, label, f"missing required field 'skill' (one of {', '.join(SKILLS)})")
        elif skill not in SKILLS:
            self.add(node, label, f"skill must be one of {', '.join(SKILLS)}, got {skill!r}")
        common = dict(
            id=qid, type=kind, objective=objective if isinstance(objective, int) else 0,
            prompt=self.text(node, label, "prompt", "field"),
            explanation=self.text(node, label, "explanation", "field"), source=source,
            skill=skill if skill in SKILLS else "",
        )
        if kind == "numeric":
            return Question(**common, **self.numeric(node, label))
        return Question(**common, choices=self.choices(node, label, kind))

    def choices(self, node, qid: str, kind: str) -> tuple[Choice, ...]:
        items = node.get("choices")
        if "choices" not in node:
            return ()
        if not isinstance(items, list) or len(items) < 2:
            self.add(node, qid, "choices must be a list of at least two")
            return ()
        choices, texts = [], set()
        for number, item in enumerate(items, start=1):
            what = f"choice {number}"
            if not self.fields(item, qid, CHOICE_FIELDS, CHOICE_FIELDS, what):
                continue
            text = self.text(item, qid, "text", what)
            feedback = self.text(item, qid, "feedback", what)
            correct = item.get("correct")
            if "correct" in item and not isinstance(correct, bool):
                self.add(item, qid, f"{what} 'correct' must be true or false, got {correct!r}")
            if text and text in texts:
                self.add(item, qid, f"{what} repeats the text {text!r}")
            texts.add(text)
            choices.append(Choice(text=text, correct=correct is True, feedback=feedback))
        right = sum(c.correct for c in choices)
        if kind == "single" and right != 1:
            self.add(node, qid,
                     f"a single question needs exactly one correct choice, found {right}")
        if kind == "multiple" and right < 1:
            self.add(node, qid, "a multiple question needs at least one correct choice, found 0")
        return tuple(choices)

    def numeric(self, node, qid: str) -> dict:
        answer, tolerance = node.get("answer"), node.get("tolerance")
        if "answer" in node and not _is_number(answer):
            self.add(node, qid, f"answer must be a finite number, got {answer!r}")
        if "tolerance" in node and not (_is_number(tolerance) and tolerance >= 0):
            self.add(node, qid, f"tolerance must be a finite number >= 0, got {tolerance!r}")
        unit = self.text(node, qid, "unit", "field", empty_ok=True)
        feedback = node.get("feedback")
        texts = {}
        if "feedback" in node and self.fields(feedback, qid, NUMERIC_FEEDBACK_FIELDS,
                                              NUMERIC_FEEDBACK_FIELDS, "numeric feedback"):
            texts = {k: self.text(feedback, qid, k, "feedback") for k in NUMERIC_FEEDBACK_FIELDS}
        answer = float(answer) if _is_number(answer) else None
        tolerance = float(tolerance) if _is_number(tolerance) and tolerance >= 0 else None
        return dict(
            answer=answer, tolerance=tolerance, unit=unit,
            feedback=NumericFeedback(**{k: texts.get(k, "") for k in NUMERIC_FEEDBACK_FIELDS}),
            slips=self.slips(node, qid, answer, tolerance, unit),
        )

    def slips(self, node, qid: str, answer, tolerance, unit: str) -> tuple[Slip, ...]:
        if "slips" not in node:
            return ()
        items = node["slips"]
        if not isinstance(items, list) or not items:
            self.add(node, qid, "slips must be a non-empty list of {answer, feedback} mappings "
                                "(or leave the field out)")
            return ()
        ranges = [("the accepted range", answer, tolerance)] if answer is not None \
            and tolerance is not None else []
        slips = []
        for number, item in enumerate(items, start=1):
            what = f"slip {number}"
            if not self.fields(item, qid, SLIP_FIELDS, {"answer", "feedback"}, what):
                continue
            value = item.get("answer")
            width = item.get("tolerance", tolerance if tolerance is not None else 0.0)
            feedback = self.text(item, qid, "feedback", what)
            if "answer" in item and not _is_number(value):
                self.add(item, qid, f"{what} answer must be a finite number, got {value!r}")
                continue
            if not (_is_number(width) and width >= 0):
                self.add(item, qid, f"{what} tolerance must be a finite number >= 0, got {width!r}")
                continue
            if "answer" not in item:
                continue
            for name, other, other_width in ranges:
                if abs(value - other) <= width + other_width:
                    self.add(item, qid, f"{what} ({_span(value, width, unit)}) overlaps {name} "
                                        f"({_span(other, other_width, unit)}): an answer in both "
                                        "would get two verdicts")
            ranges.append((what, value, width))
            slips.append(Slip(answer=float(value), tolerance=float(width), feedback=feedback))
        return tuple(slips)


def number_text(value: float) -> str:
    """``340.0`` -> ``"340"``, ``1.5`` -> ``"1.5"``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _span(value: float, width: float, unit: str) -> str:
    """``340 ± 5 mg``, as a problem message shows a range."""
    return f"{number_text(value)} ± {number_text(width)}{' ' + unit if unit else ''}"


def load_bank(slug_or_path: str | os.PathLike, *, book: Book) -> Bank:
    """Load and validate a quiz bank of ``book``.

    Parameters
    ----------
    slug_or_path
        A chapter slug (``"the-case"`` -> ``<content>/quizzes/the-case.yml``) or a path to a
        ``.yml`` file (its stem is the slug).
    book : casebook.book.Book
        The book whose ``references.bib`` every ``source`` must be in.

    Returns
    -------
    Bank
        Frozen dataclasses; questions keep the bank's order.

    Raises
    ------
    BankError
        (a ``ValueError``) listing every problem: file, line, question id, what is wrong.
    FileNotFoundError
        No bank for the slug.

    Examples
    --------
    >>> from casebook.book import Book
    >>> bank = load_bank("tests/fixtures/quizzes/fixture-basics.yml", book=Book.at("."))
    >>> bank.slug, [q.type for q in bank.questions]
    ('fixture-basics', ['single', 'multiple', 'numeric'])
    """
    text = os.fspath(slug_or_path)
    is_path = isinstance(slug_or_path, os.PathLike) or "/" in text or text.endswith(".yml")
    path = Path(text) if is_path else book.bank_path(text)
    return _load(path, book)


@until_changed(also=lambda path, book: (book.bib,))
def _load(path: Path, book: Book) -> Bank:
    slug = path.stem
    data = _read_yaml(path)
    if not KEBAB.match(slug):
        raise BankError(path, [f"the file name {path.name!r} is not a kebab-case slug"])
    checker = _Checker(path, slug, book.bib_keys())
    title, questions = checker.bank(data if data is not None else _Mapping())
    if checker.problems:
        raise BankError(path, checker.problems)
    return Bank(slug=slug, title=title, questions=tuple(questions), path=path)


def skill_mix(bank: Bank) -> dict[str, int]:
    """How many questions of ``bank`` ask for each skill, in the order of :data:`SKILLS`."""
    counts = dict.fromkeys(SKILLS, 0)
    for question in bank.questions:
        counts[question.skill] += 1
    return counts
