"""The quiz skill mix per chapter (issue 14): judgement over recall and arithmetic.

Thresholds are tested at, just below and just above their edges with small synthetic banks;
then every chapter bank of the book is held to them.
"""

from pathlib import Path

import pytest

from casebook.quiz import load_bank
from casebook.quiz.audit import count_objectives
from casebook.quiz.bank import Bank, Question, SKILLS, skill_mix
from casebook.quiz.balance import (objective_coverage_problems, repeated_answers,
                                   skill_mix_problems)
from conftest import BOOK, THE_BOOK

BOOK_BANKS = sorted((BOOK / "quizzes").glob("*.yml"))


def synthetic(skills: str, objectives=None, slug="demo") -> Bank:
    """A bank from a string of skill letters: r(ecall) c(alculation) i(nterpretation) d(ecision)."""
    names = {s[0]: s for s in SKILLS}
    objectives = objectives or [1] * len(skills)
    questions = tuple(
        Question(id=f"{slug}-q{i}", type="single", objective=obj, prompt="p", explanation="e",
                 source="Greipp2005", skill=names[letter])
        for i, (letter, obj) in enumerate(zip(skills, objectives)))
    return Bank(slug=slug, title="t", questions=questions, path=Path(f"{slug}.yml"))


def test_skill_mix_counts_every_skill_in_order():
    assert skill_mix(synthetic("rrcid")) == {"recall": 2, "calculation": 1,
                                            "interpretation": 1, "decision": 1}


# 10 items: 40% judgement is 4 items; 25% calculation is 2.5, so 2 pass and 3 fail.
@pytest.mark.parametrize("skills, problem", [
    ("dddd" + "rrrrrr", None),                        # judgement exactly 40%: passes
    ("diii" + "rrrrrr", None),
    ("ddd" + "rrrrrrr", "3 of 10 items ask for interpretation or decision"),  # 30%: just below
    ("ddddd" + "rrrrr", None),                        # 50%: above
    ("iiii" + "rrrrrr", "0 decision items"),          # no decision
    ("dddd" + "cc" + "rrrr", None),                   # 20% calculation: below the cap
    ("dddd" + "ccc" + "rrr", "3 of 10 items are calculation"),  # 30%: above the cap
])
def test_skill_mix_thresholds_on_ten_items(skills, problem):
    problems = skill_mix_problems(synthetic(skills))
    if problem is None:
        assert problems == []
    else:
        assert any(problem in p for p in problems), problems


@pytest.mark.parametrize("skills, ok", [
    ("dicr", True),       # calculation exactly 25% and judgement 50%: both edges pass
    ("dicc", False),      # calculation 50%
    ("drrrr", False),     # judgement 20%
    ("ddrrr", True),      # judgement exactly 40% of 5
])
def test_skill_mix_edges_on_small_banks(skills, ok):
    assert (skill_mix_problems(synthetic(skills)) == []) is ok


def test_objective_coverage_at_and_below_two_items():
    bank = synthetic("dddd", objectives=[1, 1, 2, 3])
    problems = objective_coverage_problems(bank, 3)
    assert problems == ["demo.yml: objective 2 is assessed by 1 item(s) (want at least 2)",
                        "demo.yml: objective 3 is assessed by 1 item(s) (want at least 2)"]
    assert objective_coverage_problems(synthetic("dddd", objectives=[1, 1, 2, 2]), 2) == []
    assert objective_coverage_problems(bank, 4)[-1].endswith(
        "objective 4 is assessed by 0 item(s) (want at least 2)")


def test_repeated_answers_allows_two_and_flags_three(tmp_path):
    def numeric(slug, answer):
        q = Question(id=f"{slug}-n", type="numeric", objective=1, prompt="p", explanation="e",
                     source="Greipp2005", skill="calculation", answer=answer, unit="points")
        return Bank(slug=slug, title="t", questions=(q,), path=Path(f"{slug}.yml"))
    two = [numeric("a", 2.1), numeric("b", 2.1)]
    assert repeated_answers(two) == []
    assert repeated_answers(two + [numeric("c", 2.1)]) == [
        "answer 2.1 points is asked 3 times: a-n, b-n, c-n"]


# --------------------------------------------------------------------------- the real book

def test_there_are_chapter_banks():
    assert len(BOOK_BANKS) >= 6


@pytest.mark.parametrize("path", BOOK_BANKS, ids=lambda p: p.stem)
def test_every_chapter_bank_tests_judgement(path):
    assert skill_mix_problems(load_bank(path, book=THE_BOOK)) == []


@pytest.mark.parametrize("path", BOOK_BANKS, ids=lambda p: p.stem)
def test_every_objective_is_assessed_twice(path):
    chapter = (BOOK / f"{path.stem}.md").read_text(encoding="utf-8")
    objectives = count_objectives(chapter)
    assert objectives, f"{path.stem}.md has no learning objectives"
    assert objective_coverage_problems(load_bank(path, book=THE_BOOK), objectives) == []


def test_no_numeric_answer_is_asked_more_than_twice_across_the_book():
    assert repeated_answers([load_bank(p, book=THE_BOOK) for p in BOOK_BANKS]) == []
