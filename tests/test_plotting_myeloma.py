"""Tests for casebook.plotting.myeloma: the figures draw what the calculators say.

Expected stages come from casebook.myeloma (itself tested against worked examples of Greipp
2005, Palumbo 2015 and D'Agostino 2022); here we check that the figures agree with it at
sampled points, not the rules again.
"""

import ast
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest

from conftest import ax_texts
from casebook import myeloma, transplant
from casebook.plotting import myeloma as pm

CASE_UNKNOWN = ["ldh_above_uln", "t4_14", "gain_1q"]


pytestmark = pytest.mark.usefixtures("figures")



# ------------------------------------------------------------------------------ ISS grid
def test_iss_grid_matches_the_calculator_including_boundaries():
    b2m = [3.49, 3.5, 5.49, 5.5]
    alb = [3.49, 3.5]
    grid = pm.iss_grid(b2m, alb)
    assert grid.shape == (2, 4)
    for i, a in enumerate(alb):
        for j, b in enumerate(b2m):
            assert grid[i, j] == myeloma.iss_stage(beta2m_mg_per_l=b, albumin_g_per_dl=a)
    # Greipp 2005: beta2M 3.5 is not < 3.5 -> II; 5.5 -> III; albumin 3.5 counts as normal.
    assert grid.tolist() == [[2, 2, 2, 3], [1, 2, 2, 3]]


def test_iss_regions_colours_every_cell_by_iss_stage():
    ax = pm.iss_regions(resolution=40)
    mesh = ax.collections[0]
    stages = np.asarray(mesh.get_array()).reshape(40, 40)
    b_edges = np.linspace(0.5, 8.0, 41)
    a_edges = np.linspace(2.0, 5.0, 41)
    rng = np.random.default_rng(0)
    for i, j in rng.integers(0, 40, size=(60, 2)):
        b = (b_edges[j] + b_edges[j + 1]) / 2
        a = (a_edges[i] + a_edges[i + 1]) / 2
        assert stages[i, j] == myeloma.iss_stage(beta2m_mg_per_l=b, albumin_g_per_dl=a)
    assert sorted(set(stages.ravel().tolist())) == [1, 2, 3]


def test_iss_regions_labels_each_stage_inside_its_region():
    ax = pm.iss_regions(resolution=60)
    labels = {t.get_text(): t.get_position() for t in ax.texts}
    for stage in (1, 2, 3):
        x, y = labels[f"ISS {myeloma.ROMAN[stage]}"]
        assert myeloma.iss_stage(beta2m_mg_per_l=x, albumin_g_per_dl=y) == stage


def test_iss_regions_marks_points_with_their_computed_stage():
    pts = [{"beta2m_mg_per_l": 2.8, "albumin_g_per_dl": 4.0, "label": "A"},
           {"beta2m_mg_per_l": 2.8, "albumin_g_per_dl": 3.2, "label": "B"}]
    ax = pm.iss_regions(resolution=20, points=pts)
    texts = ax_texts(ax)
    assert "A (ISS I)" in texts and "B (ISS II)" in texts


def test_iss_regions_uses_a_given_axes_and_has_axis_units():
    fig, ax = plt.subplots()
    out = pm.iss_regions(ax, resolution=20)
    assert out is ax
    assert "mg/L" in ax.get_xlabel() and "g/dL" in ax.get_ylabel()


def test_iss_regions_rejects_a_coarse_grid():
    with pytest.raises(ValueError, match="resolution"):
        pm.iss_regions(resolution=3)


def test_iss_regions_propagates_unit_errors():
    with pytest.raises(ValueError, match="albumin_g_per_dl"):
        pm.iss_regions(resolution=10, albumin_range_g_per_dl=(20, 50))


# ------------------------------------------------------------------------ R2-ISS unknowns
def test_r2_iss_combinations_for_the_case_span_stage_ii_to_iv():
    rows = pm.r2_iss_combinations(iss_stage=1, known={"del17p": True}, unknown=CASE_UNKNOWN)
    assert len(rows) == 8
    # ISS I (0) + del(17p) (1) + any of LDH (1), t(4;14) (1), 1q+ (0.5): D'Agostino 2022 points.
    assert [r["score"] for r in rows] == [1.0, 1.5, 2.0, 2.0, 2.5, 2.5, 3.0, 3.5]
    assert {r["stage"] for r in rows} == {2, 3, 4}
    assert rows[0]["present"] == "none" and rows[0]["label"] == "R2-ISS II"
    full = myeloma.explain_r2_iss(iss_stage=1, del17p=True, t4_14=None, gain_1q=None,
                                  ldh_above_uln=None)
    assert (min(r["stage"] for r in rows), max(r["stage"] for r in rows)) == full.stage_range


def test_r2_iss_combinations_rows_agree_with_the_calculator():
    rows = pm.r2_iss_combinations(iss_stage=2, known={"del17p": False}, unknown=CASE_UNKNOWN)
    for r in rows:
        flags = {k: r[k] for k in CASE_UNKNOWN}
        assert r["score"] == myeloma.r2_iss_score(iss_stage=2, del17p=False, **flags)
        assert r["stage"] == myeloma.r2_iss_stage(iss_stage=2, del17p=False, **flags)


def test_r2_iss_combinations_rejects_a_factor_both_known_and_unknown():
    with pytest.raises(ValueError, match="del17p"):
        pm.r2_iss_combinations(iss_stage=1, known={"del17p": True}, unknown=["del17p"])


def test_r2_iss_unknowns_draws_one_marker_per_combination():
    rows = pm.r2_iss_combinations(iss_stage=1, known={"del17p": True}, unknown=CASE_UNKNOWN)
    fig, ax = plt.subplots()
    assert pm.r2_iss_unknowns(rows, ax) is ax
    (markers,) = [ln for ln in ax.lines if ln.get_marker() == "D"]
    assert list(markers.get_xdata()) == [r["score"] for r in rows]
    assert len(ax.get_yticks()) == len(rows)
    assert {"I", "II", "III", "IV"} <= set(ax_texts(ax))


# ----------------------------------------------------------------------------------- MRD
def test_mrd_log_scale_places_the_case_between_1e6_and_1e5():
    ax = pm.mrd_log_scale("<0.00023%")
    assert ax.get_xscale() == "log"
    (marker,) = [ln for ln in ax.lines if ln.get_marker() == "<"]
    assert marker.get_xdata()[0] == pytest.approx(2.3e-6)  # the case's MRD (RuizEsquide2026)
    texts = " | ".join(ax_texts(ax))
    assert "10⁻⁵: negativity shown" in texts
    assert "10⁻⁶: not shown" in texts
    lo, hi = ax.get_xlim()
    assert lo < 1e-6 and hi > 1e-4


def test_mrd_log_scale_draws_reference_values():
    ax = pm.mrd_log_scale("<0.00023%", references={"EuroFlow NGF": 2e-6})
    assert "EuroFlow NGF" in ax_texts(ax)


def test_mrd_log_scale_rejects_unparseable_results():
    with pytest.raises(ValueError, match="MRD"):
        pm.mrd_log_scale("negative")


# ---------------------------------------------------------------------------- melphalan
def test_melphalan_dose_curves_follow_the_calculators():
    ax = pm.melphalan_dose_by_weight(heights_cm=(160,), weights_kg=(50, 65, 80))
    lines = {ln.get_label(): ln for ln in ax.lines}
    mosteller, dubois = lines["160 cm, Mosteller"], lines["160 cm, DuBois"]
    # 160 cm, 65 kg -> Mosteller 1.70 m2 -> 200 mg/m2 x 1.70 m2 = about 340 mg.
    assert mosteller.get_ydata()[1] == pytest.approx(340, abs=1)
    expected = transplant.melphalan_dose_mg(
        bsa_m2=transplant.bsa_dubois(height_cm=160, weight_kg=80))
    assert dubois.get_ydata()[2] == pytest.approx(expected)


def test_melphalan_dose_cap_limits_the_dose():
    ax = pm.melphalan_dose_by_weight(heights_cm=(175,), weights_kg=(60, 100, 130),
                                     bsa_cap_m2=2.0)
    capped = [ln for ln in ax.lines if "cap 2 m²" in ln.get_label()]
    assert len(capped) == 1
    assert max(capped[0].get_ydata()) == pytest.approx(400)  # 200 mg/m2 x 2 m2


def test_plot_helpers_never_call_show():
    calls = [n for n in ast.walk(ast.parse(inspect.getsource(pm)))
             if isinstance(n, ast.Call) and getattr(n.func, "attr", None) == "show"]
    assert calls == []
