"""Tests for casebook.plotting.myositis: axes in and out, drawn content follows the data."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from conftest import ax_texts
from casebook import myositis
from casebook.plotting import myositis as pm
from casebook.tables import load_table


pytestmark = pytest.mark.usefixtures("figures")



# --- phenotype_bars ----------------------------------------------------------------------


def test_phenotype_bars_draw_marie_2012_percentages():
    """Marie 2012: ILD 90% in PL-7/PL-12 vs 68% in Jo-1; myositis recurrence 19.4 vs 65.9%."""
    table = load_table("ars_phenotypes")
    ax = pm.phenotype_bars(table, groups=["Jo-1", "PL-7/PL-12"],
                           features=["interstitial lung disease", "myositis recurrence"])
    widths = [p.get_width() for p in ax.patches]
    assert widths == [68, 65.9, 90, 19.4]  # Jo-1 bars first, then PL-7/PL-12
    assert {"68%", "90%", "65.9%", "19.4%"} <= set(ax_texts(ax))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["interstitial lung disease",
                                                            "myositis recurrence"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Jo-1 (n=75)", "PL-7/PL-12 (n=20)"]


def test_phenotype_groups_differ_by_hatching():
    ax = pm.phenotype_bars(load_table("ars_phenotypes"))
    assert len({p.get_hatch() for p in ax.patches}) == 2


def test_phenotype_bars_accept_a_given_axes():
    _, given = plt.subplots()
    assert pm.phenotype_bars(load_table("ars_phenotypes"), given) is given


@pytest.mark.parametrize("kwargs, match", [
    ({"table": pd.DataFrame({"feature": ["x"], "group": ["g"], "percent": [101]})}, "percent"),
    ({"table": pd.DataFrame({"feature": ["x"], "group": ["g"]})}, "columns"),
    ({"table": pd.DataFrame({"feature": ["x"], "group": ["g"], "percent": [1]}),
      "groups": ["h"]}, "groups not in"),
])
def test_phenotype_bars_reject_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pm.phenotype_bars(**kwargs)


# --- antibody_distribution_bars ----------------------------------------------------------


def test_distribution_bars_highlight_the_case_antibody():
    """Pinal-Fernandez 2017: PL-12 23 of 169 (13.6%)."""
    ax = pm.antibody_distribution_bars(load_table("ars_distribution"), highlight="PL-12")
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1 and hatched[0].get_width() == 13.6
    assert any(t.startswith("23 (13.6%)") and "this case" in t for t in ax_texts(ax))


def test_distribution_bars_reject_unknown_highlight():
    with pytest.raises(ValueError, match="highlight"):
        pm.antibody_distribution_bars(load_table("ars_distribution"), highlight="KS")


# --- score_bars --------------------------------------------------------------------------


def test_score_bars_show_the_case_score_below_every_threshold():
    """Clinical-rules worked example: the case scores 2.1 (no biopsy), not IIM."""
    case = myositis.eular_acr_2017(age_at_onset_years=59)
    cuts = dict(zip(("possible", "probable", "definite"),
                    myositis.EULAR_ACR_2017_THRESHOLDS[False]))
    ax = pm.score_bars({"The case": case.score}, thresholds=cuts)
    assert [p.get_width() for p in ax.patches] == [2.1]
    assert "2.1" in ax_texts(ax)
    lines = [ln.get_xdata()[0] for ln in ax.lines]
    assert lines == [5.3, 5.5, 7.5]
    assert len({ln.get_linestyle() for ln in ax.lines}) == 3


def test_score_bars_reject_empty_scores_and_too_many_thresholds():
    with pytest.raises(ValueError, match="scores"):
        pm.score_bars({}, thresholds={})
    with pytest.raises(ValueError, match="thresholds"):
        pm.score_bars({"a": 1}, thresholds={str(i): i for i in range(5)})


# --- criteria_matrix ---------------------------------------------------------------------


def test_criteria_matrix_labels_every_cell_in_words():
    table = pd.DataFrame({"Connors": [True, True], "Solomon A": [False, None],
                          "2025": ["not scored", "not scored"]}, index=["case", "other"])
    ax = pm.criteria_matrix(table)
    assert ax_texts(ax) == ["met", "not met", "not scored", "met", "n/a", "not scored"]
    not_met = [p for p in ax.patches if p.get_gid() == "not met"]
    assert len(not_met) == 1 and not_met[0].get_hatch() == "///"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Connors", "Solomon A", "2025"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["case", "other"]


def test_criteria_matrix_from_criteria_summary_for_the_case():
    """criteria_summary doctest: the case meets Connors and Solomon B, not A nor EULAR/ACR."""
    rows = myositis.criteria_summary(age_at_onset_years=59, anti_ars=True, ild=True,
                                     arthritis=True, fever=True)
    table = pd.DataFrame([{r.name: r.met for r in rows}], index=["case"])
    ax = pm.criteria_matrix(table)
    assert ax_texts(ax) == ["not met", "met", "not met", "met", "n/a"]


def test_criteria_matrix_rejects_empty_table():
    with pytest.raises(ValueError, match="scenario"):
        pm.criteria_matrix(pd.DataFrame())
