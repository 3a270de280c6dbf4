"""The live quiz (ipywidgets): answer, press Check, read the feedback and the score."""

import pytest
from hypothesis import given, settings, strategies as st

from casebook.quiz import Quiz, grade, load_bank
from casebook.quiz.widget import QuizWidget
from conftest import ROOT, THE_BOOK, widget_models

BASICS = ROOT / "tests" / "fixtures" / "quizzes" / "fixture-basics.yml"


@pytest.fixture
def quiz():
    return QuizWidget(load_bank(BASICS, book=THE_BOOK))


def visible(widget) -> bool:
    return widget.layout.display != "none"


def test_single_wrong_then_right(quiz):
    q = quiz.questions[0]
    assert quiz.score.value == "Score: 0 of 3 correct"
    q.input.value = 1  # B. Stage II
    q.check_button.click()
    assert "Not quite." in q.feedback.value
    assert "Stage II is <em>neither</em> I nor III" in q.feedback.value
    assert "Explanation" not in q.feedback.value
    assert quiz.score.value == "Score: 0 of 3 correct"
    assert q.input.disabled and not visible(q.check_button) and visible(q.retry_button)
    assert visible(q.reveal_button)

    q.retry_button.click()
    assert q.input.value is None and not q.input.disabled and visible(q.check_button)
    assert "Not quite" not in q.feedback.value
    q.input.value = 0  # A. Stage I
    q.check_button.click()
    assert "\u2713</span> Correct." in q.feedback.value
    assert "Both criteria are met" in q.feedback.value
    assert "Explanation" in q.feedback.value and "ISS uses two serum values" in q.feedback.value
    assert "Source: Greipp2005" in q.feedback.value
    assert quiz.score.value == "Score: 1 of 3 correct"
    assert not visible(q.reveal_button)


def test_feedback_is_a_live_region(quiz):
    q = quiz.questions[0]
    q.input.value = 0
    q.check_button.click()
    assert q.feedback.value.startswith(
        '<div class="cb-quiz__status" role="status" aria-live="polite">')


def test_labels_are_letters_and_plain_text(quiz):
    assert [label for label, _ in quiz.questions[0].input.options] == [
        "A. Stage I", "B. Stage II", "C. Stage III"]
    assert [box.description for box in quiz.questions[1].checkboxes] == [
        "A. Anti-PL-12", "B. Anti-Jo-1", "C. Anti-Ro52"]
    assert "<code>anti-synthetase</code>" in quiz.questions[1].prompt.value
    assert "Question 2 of 3" in quiz.questions[1].prompt.value


def test_multiple_incomplete_wrong_and_right(quiz):
    q = quiz.questions[1]
    q.checkboxes[0].value = True
    q.check_button.click()
    assert "at least one correct answer is missing" in q.feedback.value
    assert "A. <span" in q.feedback.value and "alanyl-tRNA synthetase" in q.feedback.value
    q.retry_button.click()
    assert [box.value for box in q.checkboxes] == [False, False, False]
    q.checkboxes[0].value = q.checkboxes[2].value = True
    q.check_button.click()
    assert "Not quite." in q.feedback.value
    assert "not an anti-synthetase antibody" in q.feedback.value  # C's own feedback
    assert all(box.disabled for box in q.checkboxes)
    q.retry_button.click()
    q.checkboxes[0].value = q.checkboxes[1].value = True
    q.check_button.click()
    assert "Correct." in q.feedback.value and "aminoacyl-tRNA synthetases" in q.feedback.value
    assert quiz.score.value == "Score: 1 of 3 correct"


# 340 mg +/- 5 mg (fixture): inside, at both edges (inclusive), just outside, far outside; the
# fixture's slips, 200 +/- 5 mg (the dose per m2) and 680 +/- 10 mg (both transplants), show
# their own feedback.
@pytest.mark.parametrize("typed, verdict, feedback", [
    ("200", "too low", "That is the dose per m²"),
    ("680", "too high", "That is both transplants together"),
    ("194.9", "too low", "multiply the dose per m²"),
    ("340", "Correct.", "340 mg."),
    ("335", "Correct.", "340 mg."),
    ("345", "Correct.", "340 mg."),
    ("334.9", "too low", "multiply the dose per m²"),
    ("345.1", "too high", "did you use 2.0 m²?"),
    ("34", "too low", "multiply the dose per m²"),
])
def test_numeric_tolerance(quiz, typed, verdict, feedback):
    q = quiz.questions[2]
    q.number.value = typed
    q.check_button.click()
    assert verdict in q.feedback.value and feedback in q.feedback.value
    assert quiz.score.value == f"Score: {int(verdict == 'Correct.')} of 3 correct"
    assert q.number.disabled


@pytest.mark.parametrize("typed, message", [
    ("", "Type a number first."), ("  ", "Type a number first."),
    ("340 mg", "Type a number only"), ("3,40", "Type a number only"),
])
def test_numeric_input_that_is_not_a_number_is_not_graded(quiz, typed, message):
    q = quiz.questions[2]
    q.number.value = typed
    q.check_button.click()
    assert message in q.feedback.value
    assert q.result is None and not q.number.disabled and visible(q.check_button)


def test_checking_with_no_choice_asks_for_one(quiz):
    q = quiz.questions[0]
    q.check_button.click()
    assert "Choose an answer first." in q.feedback.value
    assert q.result is None and not q.input.disabled
    quiz.questions[1].check_button.click()
    assert "Choose an answer first." in quiz.questions[1].feedback.value


def test_show_the_answer_after_a_wrong_answer(quiz):
    q = quiz.questions[2]
    q.number.value = "400"
    q.check_button.click()
    q.reveal_button.click()
    assert "Answer:</strong> 340 mg (accepted: 335 to 345 mg)" in q.feedback.value
    assert "too high" in q.feedback.value and "200 × 1.70 = 340 mg" in q.feedback.value
    assert not visible(q.reveal_button)
    assert quiz.score.value == "Score: 0 of 3 correct"


def test_reset_clears_every_answer_and_the_score(quiz):
    quiz.questions[0].input.value = 0
    quiz.questions[0].check_button.click()
    quiz.questions[2].number.value = "340"
    quiz.questions[2].check_button.click()
    assert quiz.score.value == "Score: 2 of 3 correct"
    quiz.reset_button.click()
    assert quiz.score.value == "Score: 0 of 3 correct"
    assert quiz.questions[0].input.value is None and quiz.questions[2].number.value == ""
    assert all(q.result is None for q in quiz.questions)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, 2), min_size=1), st.floats(300, 380, allow_nan=False))
def test_the_widget_grades_with_grade(selected, value):
    quiz = QuizWidget(load_bank(BASICS, book=THE_BOOK))
    multiple, numeric = quiz.questions[1], quiz.questions[2]
    for i in selected:
        multiple.checkboxes[i].value = True
    assert multiple.check() == grade(multiple.question, selected)
    numeric.number.value = repr(value)
    assert numeric.check() == grade(numeric.question, value)


def test_show_quiz_object_exposes_the_widget():
    quiz = Quiz(load_bank(BASICS, book=THE_BOOK))
    assert isinstance(quiz.widget, QuizWidget)
    assert quiz.widget is quiz.widget  # built once
    assert len(quiz.widget.widget.children) == 1 + 3 + 1  # title, questions, score bar


def test_try_again_and_show_the_answer_are_built_at_the_first_check(quiz):
    # A chapter's run-all sends every widget model to the browser: before any answer a question
    # holds only its Check button, and Reset on an unanswered quiz builds nothing.
    quiz.reset()
    assert all(q.buttons.children == (q.check_button,) for q in quiz.questions)
    q = quiz.questions[0]
    q.input.value = 1  # B. Stage II: wrong
    q.check_button.click()
    assert q.buttons.children == (q.check_button, q.retry_button, q.reveal_button)
    assert visible(q.retry_button) and visible(q.reveal_button) and not visible(q.check_button)
    assert quiz.questions[1].buttons.children == (quiz.questions[1].check_button,)


def test_questions_share_layouts_and_styles_but_hiding_a_button_hides_only_it(quiz):
    """Shared layouts keep a quiz's widget models few; what hides keeps a layout of its own."""
    models = widget_models(quiz.widget)
    layouts = [m for m in models if type(m).__name__ == "Layout"]
    buttons = [m for m in models if type(m).__name__ == "Button"]
    assert len(layouts) <= len(buttons) + 4  # a layout per button, a few shared ones
    assert len({b.layout.model_id for b in buttons}) == len(buttons)
    first, second = quiz.questions[0], quiz.questions[1]
    first.input.value = 1
    first.check_button.click()  # hides Check, shows Try again: only in the first question
    assert not visible(first.check_button) and visible(first.retry_button)
    assert visible(second.check_button) and visible(second.prompt) and visible(second.input)
    assert all(visible(w) for w in (first.prompt, first.feedback, first.input, quiz.title))
