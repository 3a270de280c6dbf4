"""Tests for casebook.plotting.kinetics: the teaching-model figure draws what the model says.

Expected numbers: worked by hand (half-life 21 days, no new production,
84 days -> 0.0625 of the starting level); the rest is checked against casebook.transplant.
"""

import ast
import inspect
import math

import matplotlib.pyplot as plt
import pytest

from casebook import transplant
from casebook.plotting import kinetics as pk

SCENARIOS = [
    {"scenario": "partial", "depleted_fraction": 0.5},
    {"scenario": "near-complete", "depleted_fraction": 0.99, "half_life_days": 21},
]


pytestmark = pytest.mark.usefixtures("figures")


def test_scenario_rows_worked_example():
    rows = pk.scenario_rows([{"scenario": "all", "depleted_fraction": 1.0}],
                            cutoff_fraction=0.0625, at_days=84)
    assert rows[0]["days_to_negative"] == pytest.approx(84)
    assert rows[0]["level_at_test"] == pytest.approx(0.0625)
    assert rows[0]["negative_at_test"] is False  # equal to the cut-off is not below it


def test_scenario_rows_plateau_above_cutoff_never_turns_negative():
    (row,) = pk.scenario_rows(SCENARIOS[:1], cutoff_fraction=0.1, at_days=10_000)
    assert row["plateau"] == pytest.approx(0.5)
    assert math.isinf(row["days_to_negative"])
    assert row["negative_at_test"] is False


def test_scenario_rows_agree_with_the_model():
    rows = pk.scenario_rows(SCENARIOS, cutoff_fraction=0.1, at_days=274)
    for s, r in zip(SCENARIOS, rows):
        assert r["level_at_test"] == transplant.antibody_level(
            days=274, depleted_fraction=s["depleted_fraction"], half_life_days=21)
        assert r["half_life_days"] == transplant.IGG_HALF_LIFE_DAYS
    assert rows[1]["negative_at_test"] is True


def test_antibody_scenarios_draws_each_curve_from_the_model():
    fig, ax = plt.subplots()
    assert pk.antibody_scenarios(SCENARIOS, ax, cutoff_fraction=0.1, months=12) is ax
    assert ax.get_yscale() == "log"
    curves = {ln.get_label(): ln for ln in ax.lines if not ln.get_label().startswith("_")}
    assert set(curves) == {"partial", "near-complete"}
    for s in SCENARIOS:
        x, y = curves[s["scenario"]].get_data()
        assert y[0] == pytest.approx(1.0)
        expected = transplant.antibody_level(days=x[-1] * pk.DAYS_PER_MONTH,
                                             depleted_fraction=s["depleted_fraction"])
        assert y[-1] == pytest.approx(expected)


def test_antibody_scenarios_marks_the_cutoff_crossing_only_when_it_happens():
    ax = pk.antibody_scenarios(SCENARIOS, cutoff_fraction=0.1, months=12)
    crossings = [ln for ln in ax.lines if ln.get_marker() not in ("None", "", None)]
    assert len(crossings) == 1  # the 50% scenario plateaus above the cut-off
    x, y = crossings[0].get_data()
    days = transplant.days_below_cutoff(depleted_fraction=0.99, cutoff_fraction=0.1)
    assert x[0] == pytest.approx(days / pk.DAYS_PER_MONTH)
    assert y[0] == pytest.approx(0.1)


def test_antibody_scenarios_draws_labelled_test_times():
    ax = pk.antibody_scenarios(SCENARIOS, cutoff_fraction=0.1, tests={"test": 9})
    assert "test" in [t.get_text() for t in ax.texts]
    assert any(list(ln.get_xdata()) == [9, 9] for ln in ax.lines)


def test_antibody_scenarios_limits_the_number_of_styles():
    many = [{"scenario": str(i), "depleted_fraction": 0.5} for i in range(6)]
    with pytest.raises(ValueError, match="at most 5"):
        pk.antibody_scenarios(many, cutoff_fraction=0.1)


def test_antibody_scenarios_propagates_model_errors():
    with pytest.raises(ValueError, match="depleted_fraction"):
        pk.antibody_scenarios([{"scenario": "x", "depleted_fraction": 80}], cutoff_fraction=0.1)


def test_plot_helpers_never_call_show():
    calls = [n for n in ast.walk(ast.parse(inspect.getsource(pk)))
             if isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "show"]
    assert calls == []


def test_scenario_rows_plateau_equal_to_cutoff_is_never_despite_rounding():
    # 1 - 0.9 is 0.09999999999999998 in floating point: on paper the plateau equals the cut-off,
    # so the level never falls below it.
    (row,) = pk.scenario_rows([{"scenario": "tie", "depleted_fraction": 0.9}],
                              cutoff_fraction=0.1, at_days=10_000)
    assert math.isinf(row["days_to_negative"])
    (row,) = pk.scenario_rows([{"scenario": "just past", "depleted_fraction": 0.9001}],
                              cutoff_fraction=0.1, at_days=10_000)
    assert math.isfinite(row["days_to_negative"])
