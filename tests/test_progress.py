"""The My progress page's build-time part (casebook.progress): every question of every bank,
under its chapter and learning objective, with the quiz's own grading data and revision."""

import json
import re
from html.parser import HTMLParser

from casebook.progress import QUIZ_PREFIX, WALK_PREFIX, progress_data, progress_html
from casebook.quiz.grading import grading_data
from casebook.quiz.html import revision
from casebook.book import Book
from casebook.teaching import chapters
from casebook.exports import book_banks
from conftest import ROOT


def test_progress_data_mirrors_the_banks_and_the_quiz_grading():
    data = progress_data(ROOT)
    items = book_banks(ROOT)
    assert [c["slug"] for c in data["chapters"]] == [i.slug for i in items]
    assert (data["quizPrefix"], data["walkPrefix"]) == (QUIZ_PREFIX, WALK_PREFIX)
    for chapter, item in zip(data["chapters"], items):
        assert [o["number"] for o in chapter["objectives"]] == list(
            range(1, len(item.chapter.objectives) + 1))
        for entry, q in zip(chapter["questions"], item.bank.questions, strict=True):
            assert entry["id"] == q.id and entry["objective"] == q.objective
            assert entry["rev"] == revision(q) and entry["grading"] == grading_data(q)
            assert len(entry.get("choices", [])) == len(q.choices)


class _Outline(HTMLParser):
    """(objective heading, [question ids]) in page order, and the JSON script."""

    def __init__(self):
        super().__init__()
        self.outline, self.in_h3, self.in_script, self.script = [], False, False, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h3":
            self.in_h3 = True
            self.outline.append(["", []])
        if tag == "li" and "data-question" in attrs:
            self.outline[-1][1].append(attrs["data-question"])
        if tag == "script":
            self.in_script = True

    def handle_endtag(self, tag):
        self.in_h3 = self.in_h3 and tag != "h3"
        self.in_script = self.in_script and tag != "script"

    def handle_data(self, data):
        if self.in_h3:
            self.outline[-1][0] += data
        if self.in_script:
            self.script += data


def test_each_question_is_listed_once_under_its_objective():
    parser = _Outline()
    parser.feed(progress_html(ROOT))
    expected = []
    items = book_banks(ROOT)
    assert [i.chapter for i in items] == chapters(Book.at(ROOT))
    for item in items:
        for number in sorted({q.objective for q in item.bank.questions}):
            head = f"Objective {number}: "
            expected.append((head, [q.id for q in item.bank.questions if q.objective == number]))
    got = [(h[: len("Objective 1: ")], ids) for h, ids in parser.outline]
    assert got == expected
    assert all(re.match(r"Objective \d+: \S", h) for h, _ in parser.outline)
    assert json.loads(parser.script)["version"] == 1
