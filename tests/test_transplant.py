"""Tests for casebook.transplant: body size, melphalan dosing, antibody kinetics.

Expected numbers are worked by hand from the formulas unless a line says otherwise: Mosteller
(N Engl J Med 1987, doi:10.1056/NEJM198710223171717), DuBois and DuBois (Arch Intern Med 1916),
Devine (Drug Intell Clin Pharm 1974; unverified), Bubalo 2014 (doi:10.1016/j.bbmt.2014.01.019)
and Shem-Tov 2015 (doi:10.1634/theoncologist.2014-0187) for the weight choice, and first-order
decay with the IgG half-life of 3-4 weeks (The Binding Site, Wikilite).
"""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from casebook import transplant as tx

# --- BSA -----------------------------------------------------------------------------------------


def test_bsa_worked_example_160_cm_65_kg():
    # 160 cm, 65 kg: Mosteller 1.70 m2, DuBois 1.68 m2 (worked by hand).
    assert tx.bsa_mosteller(height_cm=160, weight_kg=65) == pytest.approx(1.70, abs=0.005)
    assert tx.bsa_dubois(height_cm=160, weight_kg=65) == pytest.approx(1.68, abs=0.005)


def test_bsa_formulas_exactly():
    # Mosteller: sqrt(H*W/3600); 180 cm x 80 kg = 4 m2 squared -> 2.0 m2 exactly.
    assert tx.bsa_mosteller(height_cm=180, weight_kg=80) == pytest.approx(2.0)
    assert tx.bsa_dubois(height_cm=180, weight_kg=80) == pytest.approx(
        0.007184 * 80**0.425 * 180**0.725)


def test_dubois_below_mosteller_in_obesity():
    # DuBois underestimates BSA in obesity by about 3-5 % relative to Mosteller.
    mosteller = tx.bsa_mosteller(height_cm=165, weight_kg=130)
    dubois = tx.bsa_dubois(height_cm=165, weight_kg=130)
    assert 0.02 < (mosteller - dubois) / mosteller < 0.06


@pytest.mark.parametrize("height_cm, hint", [
    (1.6, "looks like metres"),
    (63, "looks like inches"),       # 5 ft 3 in
    (1600, "looks like millimetres"),
])
def test_height_unit_mixups_are_named(height_cm, hint):
    with pytest.raises(ValueError, match=rf"height_cm=.* cm .*120 to 250 cm.*{hint}"):
        tx.bsa_mosteller(height_cm=height_cm, weight_kg=65)


def test_weight_in_pounds_is_named():
    with pytest.raises(ValueError, match=r"weight_kg=330 kg.*25 to 300 kg.*pounds.*149\.7 kg"):
        tx.bsa_dubois(height_cm=180, weight_kg=330)


@pytest.mark.parametrize("name, value, other, ok", [
    ("height_cm", 120, {"weight_kg": 100}, True),
    ("height_cm", 119.99, {"weight_kg": 100}, False),
    ("height_cm", 250, {"weight_kg": 100}, True),
    ("height_cm", 250.01, {"weight_kg": 100}, False),
    ("weight_kg", 25, {"height_cm": 140}, True),
    ("weight_kg", 24.99, {"height_cm": 140}, False),
    ("weight_kg", 300, {"height_cm": 210}, True),
    ("weight_kg", 300.01, {"height_cm": 210}, False),
])
def test_plausibility_bounds_at_just_below_just_above(name, value, other, ok):
    kwargs = {**other, name: value}
    if ok:
        assert tx.bsa_mosteller(**kwargs) > 0
    else:
        with pytest.raises(ValueError, match=name):
            tx.bsa_mosteller(**kwargs)


@pytest.mark.parametrize("weight_kg, ok",
                         [(48, True), (47.99, False), (280, True), (280.01, False)])
def test_bmi_guard_at_just_below_just_above(weight_kg, ok):
    # At 200 cm, BMI 12 is 48 kg and BMI 70 is 280 kg (BMI_RANGE, a plausibility guard).
    if ok:
        assert tx.bsa_dubois(height_cm=200, weight_kg=weight_kg) > 0
    else:
        with pytest.raises(ValueError, match=r"weight_kg=.* kg with height_cm=200 cm gives BMI"):
            tx.bsa_dubois(height_cm=200, weight_kg=weight_kg)


def test_weight_in_pounds_caught_by_bmi():
    # 110 kg at 170 cm (BMI 38) entered as 242.5 lb gives BMI 84: rejected, with the kg value.
    with pytest.raises(ValueError, match=r"BMI 83\.9 .*12 to 70 kg/m2.*pounds, use 110\.0 kg"):
        tx.bsa_mosteller(height_cm=170, weight_kg=242.5)
    with pytest.raises(ValueError, match="pounds"):
        tx.dosing_weight_kg(height_cm=170, weight_kg=242.5, sex="male")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -170, True, "170", None])
def test_bsa_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match="height_cm"):
        tx.bsa_mosteller(height_cm=bad, weight_kg=70)
    with pytest.raises(ValueError, match="weight_kg"):
        tx.bsa_dubois(height_cm=170, weight_kg=bad)


def test_bsa_is_keyword_only():
    with pytest.raises(TypeError):
        tx.bsa_mosteller(160, 65)


heights = st.floats(min_value=120, max_value=250)
weights = st.floats(min_value=25, max_value=300)


def _maybe(bsa, h, w):
    try:
        return bsa(height_cm=h, weight_kg=w)
    except ValueError:
        return None  # outside the plausibility guards


@given(h=heights, w=weights, dh=st.floats(0.5, 20), dw=st.floats(0.5, 20))
def test_bsa_grows_with_height_and_weight(h, w, dh, dw):
    for bsa in (tx.bsa_mosteller, tx.bsa_dubois):
        base = _maybe(bsa, h, w)
        assume(base is not None)
        taller, heavier = _maybe(bsa, h + dh, w), _maybe(bsa, h, w + dw)
        assert taller is None or taller > base
        assert heavier is None or heavier > base


BSA_MIN, BSA_MAX = tx.BSA_RANGE_M2


def test_every_valid_body_gives_a_bsa_melphalan_accepts():
    # Extremes the guards allow: smallest (120 cm, 25 kg) and largest (250 cm, 300 kg).
    for bsa in (tx.bsa_mosteller, tx.bsa_dubois):
        for h, w in ((120, 25), (250, 300)):
            assert tx.melphalan_dose_mg(bsa_m2=bsa(height_cm=h, weight_kg=w)) > 0


@given(h=st.floats(allow_nan=True, allow_infinity=True),
       w=st.floats(allow_nan=True, allow_infinity=True))
def test_bsa_any_float_gives_valid_result_or_value_error(h, w):
    for bsa in (tx.bsa_mosteller, tx.bsa_dubois):
        try:
            result = bsa(height_cm=h, weight_kg=w)
        except ValueError:
            continue
        assert BSA_MIN <= result <= BSA_MAX and math.isfinite(result)


# --- Weights -------------------------------------------------------------------------------------


def test_devine_ibw():
    # Devine (UNVERIFIED here): 45.5/50 kg + 2.3 kg per inch over 60 in. 60 in = 152.4 cm.
    assert tx.ideal_body_weight_kg(height_cm=152.4, sex="female") == pytest.approx(45.5)
    assert tx.ideal_body_weight_kg(height_cm=152.4, sex="male") == pytest.approx(50.0)
    # 70 in = 177.8 cm: male 73.0 kg, female 68.5 kg (50 + 23; 45.5 + 23).
    assert tx.ideal_body_weight_kg(height_cm=177.8, sex="male") == pytest.approx(73.0)
    assert tx.ideal_body_weight_kg(height_cm=177.8, sex="female") == pytest.approx(68.5)


def test_devine_extrapolates_below_five_feet():
    assert tx.ideal_body_weight_kg(height_cm=147.32, sex="female") == pytest.approx(45.5 - 4.6)


@pytest.mark.parametrize("sex", ["F", "Female", "woman", None, 1])
def test_ibw_rejects_unknown_sex(sex):
    with pytest.raises(ValueError, match="sex must be 'female' or 'male'"):
        tx.ideal_body_weight_kg(height_cm=160, sex=sex)


def test_adjusted_body_weight():
    # AdjBW = IBW + 0.25 x (ABW - IBW) (Bubalo 2014; Shem-Tov 2015).
    assert tx.adjusted_body_weight_kg(ideal_kg=60, actual_kg=100) == pytest.approx(70.0)
    # Barnes-Jewish 20 % correction.
    assert tx.adjusted_body_weight_kg(ideal_kg=60, actual_kg=100, factor=0.2) == pytest.approx(68)
    assert tx.adjusted_body_weight_kg(ideal_kg=60, actual_kg=100, factor=0) == 60
    assert tx.adjusted_body_weight_kg(ideal_kg=60, actual_kg=100, factor=1) == 100


@pytest.mark.parametrize("factor, message", [
    (25, "factor=25 .*0 to 1.*percentage"),
    (-0.01, "factor=-0.01"),
    (1.01, "factor=1.01"),
])
def test_adjusted_factor_bounds(factor, message):
    with pytest.raises(ValueError, match=message):
        tx.adjusted_body_weight_kg(ideal_kg=60, actual_kg=100, factor=factor)


def test_dosing_weight_bases():
    ibw = tx.ideal_body_weight_kg(height_cm=165, sex="female")
    assert tx.dosing_weight_kg(height_cm=165, weight_kg=110, sex="female") == 110
    assert tx.dosing_weight_kg(height_cm=165, weight_kg=110, sex="female",
                               basis="ideal") == pytest.approx(ibw)
    assert tx.dosing_weight_kg(height_cm=165, weight_kg=110, sex="female", basis="adjusted",
                               factor=0.25) == pytest.approx(ibw + 0.25 * (110 - ibw))
    with pytest.raises(ValueError, match="basis must be"):
        tx.dosing_weight_kg(height_cm=165, weight_kg=110, sex="female", basis="lean")
    with pytest.raises(ValueError, match="height_cm"):
        tx.dosing_weight_kg(height_cm=1.65, weight_kg=110, sex="female")


# --- Melphalan -----------------------------------------------------------------------------------


def test_melphalan_worked_examples():
    # Dose = mg/m2 x BSA: at 1.70 m2, MEL200 is 340 mg per transplant (680 mg tandem) and
    # MEL140 238 mg.
    per_course = tx.melphalan_dose_mg(bsa_m2=1.70)
    assert per_course == pytest.approx(340)
    assert 2 * per_course == pytest.approx(680)
    assert tx.melphalan_dose_mg(bsa_m2=1.70, dose_mg_per_m2=140) == pytest.approx(238)


def test_melphalan_from_case_conditioning_fact():
    from conftest import THE_BOOK
    dose = THE_BOOK.case.fact("conditioning").value["dose_mg_per_m2"]
    assert tx.melphalan_dose_mg(bsa_m2=1.70, dose_mg_per_m2=dose) == pytest.approx(340)


def test_bsa_cap_at_below_above():
    # Optional 2 m2 cap (44 % of adjusting EBMT centres, ShemTov2015).
    assert tx.melphalan_dose_mg(bsa_m2=2.3, bsa_cap_m2=2.0) == pytest.approx(400)
    assert tx.melphalan_dose_mg(bsa_m2=2.0, bsa_cap_m2=2.0) == pytest.approx(400)
    assert tx.melphalan_dose_mg(bsa_m2=1.99, bsa_cap_m2=2.0) == pytest.approx(398)
    assert tx.melphalan_dose_mg(bsa_m2=2.01, bsa_cap_m2=2.0) == pytest.approx(400)
    assert tx.melphalan_dose_mg(bsa_m2=2.3) == pytest.approx(460)


@pytest.mark.parametrize("kwargs, message", [
    ({"bsa_m2": 170}, "bsa_m2=170 m2.*0.5 to 5 m2"),
    ({"bsa_m2": 0}, "bsa_m2"),
    ({"bsa_m2": 1.7, "dose_mg_per_m2": 340}, "dose_mg_per_m2=340 mg/m2.*total dose"),
    ({"bsa_m2": 1.7, "dose_mg_per_m2": 0}, "dose_mg_per_m2"),
    ({"bsa_m2": 1.7, "bsa_cap_m2": 0.5}, "bsa_cap_m2"),
    ({"bsa_m2": float("nan")}, "bsa_m2"),
])
def test_melphalan_dose_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tx.melphalan_dose_mg(**kwargs)


@pytest.mark.parametrize("crcl, expected, reduced", [
    (29.99, 140, True),   # just below the institutional 30 mL/min threshold
    (30, 200, False),     # at the threshold: "< 30" reduces, so 30 is standard
    (30.01, 200, False),  # just above
    (0, 140, True),
    (90, 200, False),
])
def test_renal_threshold_at_below_above(crcl, expected, reduced):
    level = tx.melphalan_dose_per_m2(crcl_ml_per_min=crcl)
    assert level.dose_mg_per_m2 == expected
    assert level.reduced is reduced
    assert "institutional threshold of 30 mL/min" in level.reason


def test_dialysis_always_reduces():
    level = tx.melphalan_dose_per_m2(crcl_ml_per_min=None, on_dialysis=True)
    assert (level.dose_mg_per_m2, level.reduced) == (140, True)
    assert "dialysis" in level.reason
    assert tx.melphalan_dose_per_m2(crcl_ml_per_min=80, on_dialysis=True).reduced


def test_renal_threshold_is_a_parameter():
    # Another centre might reduce below 40 mL/min and use 100 mg/m2.
    level = tx.melphalan_dose_per_m2(crcl_ml_per_min=35, threshold_ml_per_min=40,
                                     reduced_mg_per_m2=100)
    assert level.dose_mg_per_m2 == 100 and "40 mL/min" in level.reason
    assert tx.melphalan_dose_per_m2(crcl_ml_per_min=40, threshold_ml_per_min=40).reduced is False


@pytest.mark.parametrize("kwargs, message", [
    ({"crcl_ml_per_min": None}, "crcl_ml_per_min .*required unless on_dialysis"),
    ({"crcl_ml_per_min": -1}, "crcl_ml_per_min=-1 mL/min"),
    ({"crcl_ml_per_min": 300}, "crcl_ml_per_min=300"),
    ({"crcl_ml_per_min": 50, "on_dialysis": "no"}, "on_dialysis must be True or False"),
    ({"crcl_ml_per_min": 50, "threshold_ml_per_min": 0}, "threshold_ml_per_min"),
    ({"crcl_ml_per_min": 50, "reduced_mg_per_m2": 200}, "must be below standard_mg_per_m2"),
])
def test_renal_rule_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tx.melphalan_dose_per_m2(**kwargs)


def test_crcl_in_ml_per_s_cannot_be_detected():
    # Documented limitation: 1.5 (a normal CrCl in mL/s) is a valid, dialysis-level mL/min value.
    assert tx.melphalan_dose_per_m2(crcl_ml_per_min=1.5).reduced is True


# --- Kinetics ------------------------------------------------------------------------------------


def test_igg_decay_worked_example():
    # Half-life 21 days, no new production, 84 days (four half-lives) -> 0.0625.
    assert tx.igg_fraction_remaining(days=84) == pytest.approx(0.0625)
    assert tx.igg_fraction_remaining(days=0) == 1
    assert tx.igg_fraction_remaining(days=21) == pytest.approx(0.5)


def test_unverified_half_lives_are_parameters():
    assert tx.IGG_HALF_LIFE_DAYS == 21.0
    iga = tx.igg_fraction_remaining(days=84, half_life_days=tx.IGA_HALF_LIFE_DAYS)
    assert iga < tx.igg_fraction_remaining(days=84)  # IgA falls faster (UNVERIFIED ~5-6 d)


@pytest.mark.parametrize("kwargs, message", [
    ({"days": -1}, "days=-1 days"),
    ({"days": 10, "half_life_days": 504}, "half_life_days=504 days.*hours"),
    ({"days": 10, "half_life_days": 0}, "half_life_days"),
    ({"days": float("nan")}, "days"),
])
def test_decay_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tx.igg_fraction_remaining(**kwargs)


def test_antibody_level_model():
    # Full depletion = pure decay; no depletion = flat; half depletion tends to 0.5 x baseline.
    assert tx.antibody_level(days=84, depleted_fraction=1.0) == pytest.approx(0.0625)
    assert tx.antibody_level(days=84, depleted_fraction=0.0, baseline=254) == pytest.approx(254)
    assert tx.antibody_level(days=84, depleted_fraction=0.5) == pytest.approx(0.5 + 0.5 * 0.0625)
    assert tx.antibody_level(days=3650, depleted_fraction=0.5) == pytest.approx(0.5)
    assert tx.antibody_level(days=0, depleted_fraction=0.9, baseline=80) == pytest.approx(80)


@pytest.mark.parametrize("kwargs, message", [
    ({"depleted_fraction": 90}, "depleted_fraction=90 fraction.*0 to 1.*percentage"),
    ({"depleted_fraction": -0.1}, "depleted_fraction"),
    ({"depleted_fraction": 0.5, "baseline": 0}, "baseline must be > 0"),
    ({"depleted_fraction": 0.5, "baseline": -3}, "baseline"),
])
def test_antibody_level_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tx.antibody_level(days=10, **kwargs)


def test_days_below_cutoff():
    # Full depletion: reaching 1/16 takes four half-lives = 84 days.
    assert tx.days_below_cutoff(depleted_fraction=1, cutoff_fraction=0.0625) == pytest.approx(84)
    # 90 % depletion, cut-off 20 of 80 units: 21 * log2(0.9 / 0.15).
    assert tx.days_below_cutoff(depleted_fraction=0.9, cutoff=20, baseline=80) == pytest.approx(
        21 * math.log2(6))
    # The level at that time equals the cut-off.
    t = tx.days_below_cutoff(depleted_fraction=0.9, cutoff_fraction=0.25)
    assert tx.antibody_level(days=t, depleted_fraction=0.9) == pytest.approx(0.25)


def test_cutoff_relative_to_residual_steady_state():
    # depleted 0.5 -> new steady state 0.5: a cut-off at, just below and just above 0.5.
    assert tx.days_below_cutoff(depleted_fraction=0.5, cutoff_fraction=0.5) == math.inf
    assert tx.days_below_cutoff(depleted_fraction=0.5, cutoff_fraction=0.49) == math.inf
    # A cut-off at the steady state up to float error (1 - 0.9 == 0.09999999999999998): never.
    assert tx.days_below_cutoff(depleted_fraction=0.9, cutoff=8, baseline=80) == math.inf
    assert tx.days_below_cutoff(depleted_fraction=0.9, cutoff_fraction=0.1) == math.inf
    assert math.isfinite(tx.days_below_cutoff(depleted_fraction=0.9, cutoff_fraction=0.1001))
    assert math.isfinite(tx.days_below_cutoff(depleted_fraction=0.5, cutoff_fraction=0.51))
    # Baseline already at or under the cut-off.
    assert tx.days_below_cutoff(depleted_fraction=0.0, cutoff_fraction=1.0) == 0
    assert tx.days_below_cutoff(depleted_fraction=0.0, cutoff_fraction=1.2) == 0
    assert tx.days_below_cutoff(depleted_fraction=0.0, cutoff_fraction=0.99) == math.inf


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give cutoff_fraction, or both cutoff and baseline"),
    ({"cutoff": 20}, "give cutoff_fraction, or both"),
    ({"cutoff_fraction": 0.2, "cutoff": 20, "baseline": 80}, "not both"),
    ({"cutoff_fraction": 0}, "cutoff_fraction must be > 0"),
    ({"cutoff_fraction": -0.2}, "cutoff_fraction"),
    ({"cutoff": 20, "baseline": 0}, "baseline must be > 0"),
])
def test_days_below_cutoff_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tx.days_below_cutoff(depleted_fraction=0.9, **kwargs)


fractions = st.floats(min_value=0, max_value=1)
times = st.floats(min_value=0, max_value=3650)


@given(d=fractions, t1=times, t2=times, half=st.floats(1, 100))
def test_level_non_increasing_in_days(d, t1, t2, half):
    lo, hi = sorted((t1, t2))
    assert tx.antibody_level(days=hi, depleted_fraction=d, half_life_days=half) <= \
        tx.antibody_level(days=lo, depleted_fraction=d, half_life_days=half) + 1e-12


@given(t=times, d1=fractions, d2=fractions)
def test_level_non_increasing_in_depleted_fraction(t, d1, d2):
    lo, hi = sorted((d1, d2))
    level_hi = tx.antibody_level(days=t, depleted_fraction=hi)
    assert level_hi <= tx.antibody_level(days=t, depleted_fraction=lo) + 1e-12
    assert 1 - hi - 1e-12 <= level_hi <= 1 + 1e-12  # between the new steady state and baseline


@given(d1=fractions, d2=fractions, c=st.floats(0.001, 2))
def test_more_depletion_never_takes_longer(d1, d2, c):
    lo, hi = sorted((d1, d2))
    assert tx.days_below_cutoff(depleted_fraction=hi, cutoff_fraction=c) <= \
        tx.days_below_cutoff(depleted_fraction=lo, cutoff_fraction=c)


@given(d=fractions, c=st.floats(0.001, 0.999))
def test_level_at_crossing_time_equals_cutoff(d, c):
    t = tx.days_below_cutoff(depleted_fraction=d, cutoff_fraction=c)
    assume(math.isfinite(t) and t <= 36500)
    assert tx.antibody_level(days=t, depleted_fraction=d) == pytest.approx(c, rel=1e-6, abs=1e-9)


any_float = st.floats(allow_nan=True, allow_infinity=True)


@given(t=any_float, d=any_float, half=any_float, base=any_float)
def test_antibody_level_any_float_valid_or_value_error(t, d, half, base):
    try:
        level = tx.antibody_level(days=t, depleted_fraction=d, half_life_days=half, baseline=base)
    except ValueError:
        return
    assert math.isfinite(level) and 0 <= level <= base


@given(d=any_float, c=any_float, half=any_float)
def test_days_below_cutoff_any_float_valid_or_value_error(d, c, half):
    try:
        t = tx.days_below_cutoff(depleted_fraction=d, cutoff_fraction=c, half_life_days=half)
    except ValueError:
        return
    assert t == math.inf or (math.isfinite(t) and t >= 0)


@given(crcl=any_float, limit=any_float)
def test_renal_rule_any_float_valid_or_value_error(crcl, limit):
    try:
        level = tx.melphalan_dose_per_m2(crcl_ml_per_min=crcl, threshold_ml_per_min=limit)
    except ValueError:
        return
    assert level.dose_mg_per_m2 == (140 if crcl < limit else 200)


@given(bsa=any_float, dose=any_float)
def test_melphalan_any_float_valid_or_value_error(bsa, dose):
    try:
        mg = tx.melphalan_dose_mg(bsa_m2=bsa, dose_mg_per_m2=dose)
    except ValueError:
        return
    assert 0.5 <= mg <= 250 * 5
