"""The live walk (ipywidgets): stages open one by one, answers in the stored shape, scores as
the static page's, instructor notes only in the instructor edition."""

import pytest

from casebook.walk import load_walk, show_walk, summarise, walk_data
from casebook.walk.widget import WalkWidget
from conftest import ROOT, THE_BOOK, widget_models

FIXTURE = ROOT / "tests" / "fixtures" / "walks" / "fixture-walk.yml"


@pytest.fixture
def walk():
    return load_walk(FIXTURE, book=THE_BOOK)


def _answer_first(w):
    summary, ddx = w.stages[0].tasks
    summary.inputs[0].value = "My summary"
    summary.certainty.value = 4
    ddx.inputs[0].value, ddx.inputs[1].value = "y", "x"
    ddx.certainty.value = 2


def test_one_object_with_both_renderings():
    case_walk = show_walk("the-case", book=THE_BOOK)
    bundle = case_walk._repr_mimebundle_()
    assert bundle["text/html"] == case_walk.html
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-walk-stage="presentation"' in case_walk.html


def test_later_stages_are_hidden_until_commit(walk):
    w = WalkWidget(walk, THE_BOOK.case)
    assert [s.box.layout.display for s in w.stages] == ["", "none"]
    assert w.stages[1].tasks == [] and w.stages[1].box.children == ()  # made when reached
    assert w.stages[0].commit() is False  # nothing answered
    assert "Answer every task" in w.stages[0].message.value
    assert w.stages[1].box.layout.display == "none"
    _answer_first(w)
    assert w.stages[0].commit() is True
    assert w.stages[1].box.layout.display == ""
    assert all(t.disabled for t in w.stages[0].tasks[0].inputs)


def test_scores_match_the_rule_and_ticks_update_them(walk):
    w = WalkWidget(walk, THE_BOOK.case)
    _answer_first(w)
    w.stages[0].commit()
    assert "Stage score: 25%" in w.stages[0].message.value  # problem 0, ddx 0.5
    w.stages[0].tasks[0].ticks[0].value = True  # feature a: problem 0.25
    state = w.state
    assert state["stages"]["first"]["tasks"]["summary"]["ticked"] == ["a"]
    assert summarise(walk_data(walk), state)["stages"]["first"] == (0.25 + 0.5) / 2
    assert "Stage score: 38%" in w.stages[0].message.value


def test_the_summary_appears_when_every_stage_is_committed(walk):
    w = WalkWidget(walk, THE_BOOK.case)
    _answer_first(w)
    w.stages[0].commit()
    nxt = w.stages[1].tasks[0]
    nxt.inputs[0].value = "good"
    nxt.certainty.value = 5
    w.stages[1].commit()
    assert "Your walk: summary" in w.summary.value
    assert "The good step" in w.stages[1].tasks[0].feedback.value
    w.reset()
    assert w.summary.value == "" and w.stages[1].box.layout.display == "none"


def test_a_repeated_diagnosis_is_not_an_answer(walk):
    w = WalkWidget(walk, THE_BOOK.case)
    ddx = w.stages[0].tasks[1]
    ddx.inputs[0].value = ddx.inputs[1].value = "x"
    ddx.certainty.value = 3
    assert ddx.answer() is None


@pytest.mark.parametrize("edition, shown", [("student", False), ("instructor", True)])
def test_teaching_notes_only_in_the_instructor_edition(walk, monkeypatch, edition, shown):
    monkeypatch.setenv("CASEBOOK_EDITION", edition)
    w = WalkWidget(walk, THE_BOOK.case)
    assert ("TEACHING-NOTE-FIRST" in w.stages[0].head.value) is shown
    _answer_first(w)
    w.stages[0].commit()
    assert ("FULL-REASONING-DDX" in w.stages[0].tasks[1].feedback.value) is shown


@pytest.mark.parametrize("bib", [None, THE_BOOK.bib])
def test_the_experts_sources_are_written_out_from_the_bib(walk, bib):
    w = WalkWidget(walk, THE_BOOK.case, bib=bib)
    _answer_first(w)
    w.stages[0].commit()
    feedback = w.stages[0].tasks[0].feedback.value
    # book/references.bib, RuizEsquide2026: the case letter (Ruiz-Esquide et al., 2026).
    shown = "Ruiz-Esquide et al., 2026." if bib else "<li>RuizEsquide2026</li>"
    assert "<em>Sources:</em>" in feedback and shown in feedback


def test_a_stage_shares_layouts_but_what_hides_hides_alone(walk):
    """Shared layouts keep the walk's widget models few; a stage or a task's feedback that
    hides and shows has a layout of its own."""
    w = WalkWidget(walk, THE_BOOK.case)
    models = widget_models(w.widget)
    layouts = [m for m in models if type(m).__name__ == "Layout"]
    hiding = [s.box for s in w.stages] + [t.after for t in w.stages[0].tasks]
    buttons = [m for m in models if type(m).__name__ == "Button"]
    assert len(layouts) <= len(hiding) + len(buttons) + 4
    assert len({h.layout.model_id for h in hiding}) == len(hiding)
    _answer_first(w)
    assert w.stages[0].commit()
    first = w.stages[0].tasks[0]
    assert first.after.layout.display == "" and first.box.layout.display is None
    assert w.stages[1].box.layout.display == ""
    assert all(t.after.layout.display == "none" for t in w.stages[1].tasks)
