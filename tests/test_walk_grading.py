"""The walk's scoring rules (casebook.walk.grading), each at, below and above its thresholds,
on synthetic grading data and on the fixture walk."""

import pytest

from casebook.walk import load_walk, summarise, walk_data
from casebook.walk.grading import calibration, is_right, score_task, stage_score
from conftest import ROOT, THE_BOOK

P = {"present": 1.0, "rank_bonus": 1.0, "must_not_miss_penalty": 1.0, "right_at": 0.5}
PROBLEM = {"kind": "problem", "features": ["a", "b", "c", "d"]}
DDX = {"kind": "differential", "expert": ["x", "y"], "must_not_miss": ["y"]}
NEXT = {"kind": "next-step", "expert": "good"}


@pytest.mark.parametrize("ticked, score", [
    ([], 0.0), (["a"], 0.25), (["a", "b"], 0.5), (["a", "b", "c", "d"], 1.0),
    (["a", "not-a-feature"], 0.25),  # a tick that is no feature earns nothing
])
def test_problem_statement_is_the_share_of_key_features(ticked, score):
    assert score_task(PROBLEM, {"ticked": ticked}, P) == score


@pytest.mark.parametrize("ranked, score", [
    (["x", "y"], 1.0),            # both present, both at the expert's rank: 4 of 4
    (["y", "x"], 0.5),            # both present, neither at its rank: 2 of 4
    (["x", "z", "y"], 0.75),      # x at rank, y present but a rank late: 3 of 4
    (["z", "x", "y"], 0.5),       # both present, both a rank late
    (["x"], 0.25),                # x 2, y missing (must not miss): 2 - 1 = 1 of 4
    (["z", "x"], 0.0),            # x present 1, y missed -1: 0
    ([], 0.0),                    # -1 is clipped to 0
    (["z", "w", "v", "u"], 0.0),  # options not on the expert's list cost nothing but earn nothing
])
def test_ranked_differential(ranked, score):
    assert score_task(DDX, {"ranked": ranked}, P) == score


def test_the_differential_parameters_are_data():
    no_bonus = {**P, "rank_bonus": 0.0}
    assert score_task(DDX, {"ranked": ["y", "x"]}, no_bonus) == 1.0
    harsh = {**P, "must_not_miss_penalty": 4.0}
    assert score_task(DDX, {"ranked": ["x"]}, harsh) == 0.0
    assert score_task(DDX, {"ranked": ["x"]}, {**P, "must_not_miss_penalty": 0.0}) == 0.5
    nothing = {**P, "present": 0.0, "rank_bonus": 0.0}
    assert score_task(DDX, {"ranked": ["x", "y"]}, nothing) == 0.0  # no division by zero


@pytest.mark.parametrize("choice, score", [("good", 1.0), ("bad", 0.0), (None, 0.0)])
def test_next_step_is_the_experts_choice(choice, score):
    assert score_task(NEXT, {"choice": choice}, P) == score


@pytest.mark.parametrize("score, right", [(0.49, False), (0.5, True), (0.51, True)])
def test_a_task_is_right_at_right_at_and_above(score, right):
    assert is_right(score, P) is right


def test_right_at_is_a_parameter():
    assert is_right(0.75, {**P, "right_at": 0.8}) is False
    assert is_right(0.8, {**P, "right_at": 0.8}) is True


def test_stage_score_is_the_mean():
    assert stage_score([1.0, 0.0, 0.5]) == 0.5
    assert stage_score([]) == 0.0


def test_calibration_counts_right_answers_per_certainty():
    rows = calibration([(5, True), (5, False), (5, True), (1, False), (3, True)])
    by = {r["certainty"]: r for r in rows}
    assert [r["certainty"] for r in rows] == [1, 2, 3, 4, 5]
    assert by[5] == {"certainty": 5, "answered": 3, "right": 2, "share": 2 / 3}
    assert by[1]["share"] == 0.0 and by[3]["share"] == 1.0
    assert by[2] == {"certainty": 2, "answered": 0, "right": 0, "share": None}


def test_summarise_scores_only_committed_stages():
    walk = load_walk(ROOT / "tests" / "fixtures" / "walks" / "fixture-walk.yml", book=THE_BOOK)
    data = walk_data(walk)
    state = {"stages": {
        "first": {"committed": True, "tasks": {
            "summary": {"kind": "problem", "text": "t", "ticked": ["a", "b"], "certainty": 4},
            "ddx": {"kind": "differential", "ranked": ["x", "y"], "certainty": 5}}},
        "second": {"committed": False, "tasks": {
            "next": {"kind": "next-step", "choice": "good", "certainty": 2}}}}}
    result = summarise(data, state)
    assert result["tasks"] == {"first": {"summary": 0.5, "ddx": 1.0}}
    assert result["stages"] == {"first": 0.75}
    by = {r["certainty"]: r for r in result["calibration"]}
    assert (by[4]["right"], by[5]["right"], by[2]["answered"]) == (1, 1, 0)


def test_the_walk_carries_its_parameters():
    walk = THE_BOOK.walk("the-case").spec
    assert walk_data(walk)["params"] == P
