"""Tests for casebook.myositis.

Expected values cite their source: Bottai 2017 RMD Open Table 1 (weights,
doi:10.1136/rmdopen-2017-000507), Lundberg 2017 (thresholds, doi:10.1136/annrheumdis-2017-211468),
Connors 2010 (doi:10.1378/chest.10-0180) and Solomon 2011 (doi:10.1590/S1806-37132011000100015),
Raghu 2022 (doi:10.1164/rccm.202202-0399ST), the INBUILD definition (Flaherty 2019,
doi:10.1056/NEJMoa1908681, as tabulated by the ERS).
"""

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.myositis import (
    ASYS_2025,
    EULAR_ACR_2017_CATEGORIES,
    EULAR_ACR_2017_FINDINGS,
    EULAR_ACR_2017_INTERCEPT_BIOPSY,
    EULAR_ACR_2017_INTERCEPT_NO_BIOPSY,
    EULAR_ACR_2017_WEIGHTS,
    ats_ers_2022_physiological_progression,
    ats_ers_2022_ppf,
    classic_ctd_ild_progression,
    connors_2010,
    criteria_summary,
    dlco_decline,
    eular_acr_2017,
    eular_acr_2017_category,
    eular_acr_2017_probability,
    fvc_decline,
    inbuild_progression,
    solomon_2011,
)

BIOPSY_ITEMS = ("endomysial_infiltrate", "perimysial_infiltrate", "perifascicular_atrophy",
                "rimmed_vacuoles")
CLINICAL_ITEMS = tuple(f for f in EULAR_ACR_2017_FINDINGS if f not in BIOPSY_ITEMS)

# Bottai 2017 RMD Open Table 1, (no biopsy, biopsy), typed in independently of the module.
TABLE_1 = {
    "age 18 to <40": ("1.3", "1.5"), "age >=40": ("2.1", "2.2"),
    "proximal_weakness_upper": ("0.7", "0.7"), "proximal_weakness_lower": ("0.8", "0.5"),
    "neck_flexor_weakness": ("1.9", "1.6"), "leg_proximal_weaker_than_distal": ("0.9", "1.2"),
    "heliotrope_rash": ("3.1", "3.2"), "gottron_papules": ("2.1", "2.7"),
    "gottron_sign": ("3.3", "3.7"), "dysphagia": ("0.7", "0.6"), "anti_jo1": ("3.9", "3.8"),
    "raised_muscle_enzymes": ("1.3", "1.4"), "endomysial_infiltrate": (None, "1.7"),
    "perimysial_infiltrate": (None, "1.2"), "perifascicular_atrophy": (None, "1.9"),
    "rimmed_vacuoles": (None, "3.1"),
}
# Lundberg 2017 abstract: (possible, probable, definite) score thresholds.
THRESHOLDS = {False: ("5.3", "5.5", "7.5"), True: ("6.5", "6.7", "8.7")}


def exact_category(score: Fraction, biopsy: bool) -> str:
    return EULAR_ACR_2017_CATEGORIES[sum(score >= Fraction(t) for t in THRESHOLDS[biopsy])]


def score(age=59, biopsy=False, **findings):
    return eular_acr_2017(age_at_onset_years=age, biopsy=biopsy,
                          **{f: True for f, v in findings.items() if v})


# --- EULAR/ACR 2017: worked examples ---------------------------------------------------------


def test_case_worked_example():
    # Bottai 2017 Table 1: age 59, no biopsy, anti-PL-12 only -> 2.1, P ~ 0.038, not IIM.
    r = eular_acr_2017(age_at_onset_years=59)
    assert r.score == 2.1
    assert r.probability == pytest.approx(1 / (1 + math.exp(5.33 - 2.1)))
    assert round(r.probability, 3) == 0.038
    assert r.category == "not IIM" and not r.met
    assert r.items == (("age >=40", 2.1),)
    assert not r.biopsy_features_expected  # the flag only matters from possible IIM upwards


def test_jo1_worked_example():
    # Bottai 2017 Table 1: anti-Jo-1, raised CK, proximal weakness -> 8.8, definite.
    r = score(anti_jo1=True, raised_muscle_enzymes=True, proximal_weakness_upper=True,
              proximal_weakness_lower=True)
    assert r.score == 8.8 and r.category == "definite IIM" and r.met
    assert dict(r.items) == {"age >=40": 2.1, "proximal_weakness_upper": 0.7,
                             "proximal_weakness_lower": 0.8, "anti_jo1": 3.9,
                             "raised_muscle_enzymes": 1.3}
    # Karolinska note: no skin signs, no biopsy -> biopsy features expected (flag only).
    assert r.biopsy_features_expected
    assert "Karolinska" in r.explain and "8.8" in r.explain


def test_weights_match_table_1():
    for name, (no_biopsy, with_biopsy) in TABLE_1.items():
        expected = (None if no_biopsy is None else float(no_biopsy), float(with_biopsy))
        assert EULAR_ACR_2017_WEIGHTS[name] == expected, name
    assert set(EULAR_ACR_2017_FINDINGS) == set(TABLE_1) - {"age 18 to <40", "age >=40"}


def test_anti_pl12_is_not_an_item():
    with pytest.raises(ValueError, match="anti_pl12"):
        eular_acr_2017(age_at_onset_years=59, anti_pl12=True)


# --- Age bands -------------------------------------------------------------------------------


@pytest.mark.parametrize("age,no_biopsy,biopsy", [
    (0, 0, 0), (17.99, 0, 0), (18, 1.3, 1.5), (18.01, 1.3, 1.5), (39.99, 1.3, 1.5),
    (40, 2.1, 2.2), (40.01, 2.1, 2.2), (59, 2.1, 2.2), (120, 2.1, 2.2),
])
def test_age_bands(age, no_biopsy, biopsy):
    # Bottai 2017 Table 1: < 18 scores 0; 18-<40 1.3/1.5; >= 40 2.1/2.2.
    assert eular_acr_2017(age_at_onset_years=age).score == no_biopsy
    assert eular_acr_2017(age_at_onset_years=age, biopsy=True).score == biopsy


@pytest.mark.parametrize("bad,match", [
    (-1, "age_at_onset_years=-1 years"), (121, "age_at_onset_years"), (708, "months"),
    (math.nan, "age_at_onset_years"), (math.inf, "age_at_onset_years"),
    ("59", "age_at_onset_years"), (True, "age_at_onset_years"), (None, "age_at_onset_years"),
])
def test_bad_age(bad, match):
    with pytest.raises(ValueError, match=match):
        eular_acr_2017(age_at_onset_years=bad)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_age_is_valid_or_valueerror(age):
    try:
        r = eular_acr_2017(age_at_onset_years=age, anti_jo1=True)
    except ValueError as err:
        assert "age_at_onset_years" in str(err)
    else:
        assert 0 <= age <= 120
        assert r.category in EULAR_ACR_2017_CATEGORIES
        assert 0 < r.probability < 1


# --- Thresholds through real finding combinations ---------------------------------------------

NO_BIOPSY_CASES = [  # age 59 (2.1) plus findings -> score (no-biopsy column)
    (dict(heliotrope_rash=True), 5.2, "not IIM"),
    (dict(neck_flexor_weakness=True, raised_muscle_enzymes=True), 5.3, "possible IIM"),
    (dict(gottron_sign=True), 5.4, "possible IIM"),
    (dict(gottron_papules=True, raised_muscle_enzymes=True), 5.5, "probable IIM"),
    (dict(anti_jo1=True, proximal_weakness_upper=True, dysphagia=True), 7.4, "probable IIM"),
    (dict(gottron_sign=True, gottron_papules=True), 7.5, "definite IIM"),
    (dict(anti_jo1=True, proximal_weakness_upper=True, leg_proximal_weaker_than_distal=True),
     7.6, "definite IIM"),
]
BIOPSY_CASES = [  # age 59 (2.2) plus findings -> score (biopsy column)
    (dict(gottron_sign=True, proximal_weakness_lower=True), 6.4, "not IIM"),
    (dict(rimmed_vacuoles=True, perimysial_infiltrate=True), 6.5, "possible IIM"),
    (dict(anti_jo1=True, dysphagia=True), 6.6, "possible IIM"),
    (dict(anti_jo1=True, proximal_weakness_upper=True), 6.7, "probable IIM"),
    (dict(anti_jo1=True, raised_muscle_enzymes=True, perimysial_infiltrate=True), 8.6,
     "probable IIM"),
    (dict(gottron_sign=True, neck_flexor_weakness=True, leg_proximal_weaker_than_distal=True),
     8.7, "definite IIM"),
    (dict(gottron_sign=True, leg_proximal_weaker_than_distal=True, endomysial_infiltrate=True),
     8.8, "definite IIM"),
]


@pytest.mark.parametrize("findings,expected,category", NO_BIOPSY_CASES)
def test_no_biopsy_thresholds_by_findings(findings, expected, category):
    r = score(**findings)
    assert r.score == expected and r.category == category


@pytest.mark.parametrize("findings,expected,category", BIOPSY_CASES)
def test_biopsy_thresholds_by_findings(findings, expected, category):
    r = score(biopsy=True, **findings)
    assert r.score == expected and r.category == category


@pytest.mark.parametrize("value,category", [
    (0, "not IIM"), (5.2, "not IIM"), (5.24, "not IIM"), (5.25, "possible IIM"),
    (5.3, "possible IIM"), (5.3999999999999995, "possible IIM"), (5.4, "possible IIM"),
    (5.499999999999999, "probable IIM"), (5.5, "probable IIM"), (7.4, "probable IIM"),
    (7.499999999999999, "definite IIM"), (7.5, "definite IIM"), (20.8, "definite IIM"),
])
def test_classifier_no_biopsy(value, category):
    # Lundberg 2017 thresholds; scores rounded half-up to one decimal first.
    assert eular_acr_2017_category(value) == category


@pytest.mark.parametrize("value,category", [
    (6.4, "not IIM"), (6.5, "possible IIM"), (6.6, "possible IIM"),
    (6.699999999999999, "probable IIM"), (6.7, "probable IIM"), (8.6, "probable IIM"),
    (8.7, "definite IIM"), (29.5, "definite IIM"),
])
def test_classifier_biopsy(value, category):
    assert eular_acr_2017_category(value, biopsy=True) == category


@pytest.mark.parametrize("bad,biopsy", [(-0.1, False), (20.9, False), (29.6, True),
                                        (math.nan, False), ("5.5", False)])
def test_classifier_bad_score(bad, biopsy):
    with pytest.raises(ValueError, match="score"):
        eular_acr_2017_category(bad, biopsy=biopsy)


def test_naive_float_sums_would_misclassify():
    # Why scores are summed in tenths: a plain float sum of these weights lands below 7.5
    # (found by searching all no-biopsy combinations at age 59).
    naive = 2.1 + 0.7 + 1.9 + 2.1 + 0.7
    assert naive < 7.5
    r = score(proximal_weakness_upper=True, neck_flexor_weakness=True, gottron_papules=True,
              dysphagia=True)
    assert r.score == 7.5 and r.category == "definite IIM"


@pytest.mark.parametrize("biopsy", [False, True])
def test_exhaustive_against_exact_arithmetic(biopsy):
    # Every subset of items, checked against Fraction sums of Table 1: all age bands without
    # biopsy; the case's band with biopsy (16,384 subsets, kept to one band for speed).
    items = EULAR_ACR_2017_FINDINGS if biopsy else CLINICAL_ITEMS
    col = int(biopsy)
    bands = ((10, None), (30, "age 18 to <40"), (59, "age >=40"))
    for age, band in bands[2:] if biopsy else bands:
        base = Fraction(TABLE_1[band][col]) if band else Fraction(0)
        for k in range(len(items) + 1):
            for combo in itertools.combinations(items, k):
                exact = base + sum((Fraction(TABLE_1[c][col]) for c in combo), Fraction(0))
                r = eular_acr_2017(age_at_onset_years=age, biopsy=biopsy,
                                   **dict.fromkeys(combo, True))
                assert r.score == float(exact)
                assert r.category == exact_category(exact, biopsy)


# --- Probability -----------------------------------------------------------------------------


def test_probability_constants_and_consistency():
    # UNVERIFIED constants; consistency check (biopsy thresholds map
    # exactly: 6.5 -> 50.2%, 6.7 -> 55.2%, 8.7 -> 90.1%; no biopsy 5.5 -> 54.2%).
    assert (EULAR_ACR_2017_INTERCEPT_NO_BIOPSY, EULAR_ACR_2017_INTERCEPT_BIOPSY) == (5.33, 6.49)
    assert round(eular_acr_2017_probability(6.5, biopsy=True), 3) == 0.502
    assert round(eular_acr_2017_probability(6.7, biopsy=True), 3) == 0.552
    assert round(eular_acr_2017_probability(8.7, biopsy=True), 3) == 0.901
    assert round(eular_acr_2017_probability(5.3), 3) == 0.493
    assert round(eular_acr_2017_probability(5.5), 3) == 0.542
    assert eular_acr_2017_probability(7.5) == pytest.approx(0.8975, abs=5e-5)  # "89.7%"
    assert "UNVERIFIED" in eular_acr_2017_probability.__doc__


def test_category_not_from_probability():
    # At 5.5 without biopsy P < 55% yet the published category is probable IIM.
    r = score(gottron_papules=True, raised_muscle_enzymes=True)
    assert r.probability < 0.55 and r.category == "probable IIM"


# --- Findings validation ---------------------------------------------------------------------


def test_unknown_finding_lists_valid_names():
    with pytest.raises(ValueError, match=r"unknown .*'mechanics_hands'.*valid: proximal"):
        eular_acr_2017(age_at_onset_years=59, mechanics_hands=True)


@pytest.mark.parametrize("item", BIOPSY_ITEMS)
def test_biopsy_item_needs_biopsy(item):
    with pytest.raises(ValueError, match=rf"{item} is a muscle-biopsy item.*biopsy=True"):
        eular_acr_2017(age_at_onset_years=59, **{item: True})
    # Set False (e.g. an untoggled widget) it is simply absent.
    assert eular_acr_2017(age_at_onset_years=59, **{item: False}).score == 2.1


@pytest.mark.parametrize("value", [1, "yes", None, 0.0])
def test_finding_values_must_be_bool(value):
    with pytest.raises(ValueError, match="anti_jo1 must be True or False"):
        eular_acr_2017(age_at_onset_years=59, anti_jo1=value)
    with pytest.raises(ValueError, match="biopsy must be True or False"):
        eular_acr_2017(age_at_onset_years=59, biopsy=value)


@given(st.sampled_from([False, True]), st.sets(st.sampled_from(EULAR_ACR_2017_FINDINGS)),
       st.sampled_from(EULAR_ACR_2017_FINDINGS), st.floats(0, 120))
def test_adding_a_finding_never_lowers_score(biopsy, present, extra, age):
    if not biopsy:
        present = {p for p in present if p not in BIOPSY_ITEMS}
        if extra in BIOPSY_ITEMS:
            extra = "dysphagia"
    before = eular_acr_2017(age_at_onset_years=age, biopsy=biopsy, **dict.fromkeys(present, True))
    after = eular_acr_2017(age_at_onset_years=age, biopsy=biopsy,
                           **dict.fromkeys(present | {extra}, True))
    order = EULAR_ACR_2017_CATEGORIES.index
    assert after.score >= before.score
    assert after.probability >= before.probability
    assert order(after.category) >= order(before.category)


def test_karolinska_flag():
    # imm.ki.se: without heliotrope/Gottron signs, biopsy features should be present.
    assert score(heliotrope_rash=True, anti_jo1=True).biopsy_features_expected is False
    assert score(biopsy=True, anti_jo1=True, raised_muscle_enzymes=True,
                 perimysial_infiltrate=True).biopsy_features_expected is False
    flagged = score(biopsy=True, anti_jo1=True, raised_muscle_enzymes=True,
                    proximal_weakness_upper=True)
    assert flagged.biopsy_features_expected and flagged.category == "probable IIM"


# --- Connors and Solomon ---------------------------------------------------------------------


def test_connors_case():
    # Connors 2010: anti-PL-12 + ILD + arthritis -> met.
    assert connors_2010(anti_ars=True, ild=True, arthritis=True) is True


@pytest.mark.parametrize("feature", ["arthritis", "ild", "fever", "raynaud", "mechanics_hands"])
def test_connors_one_feature_suffices(feature):
    assert connors_2010(anti_ars=True, **{feature: True}) is True
    assert connors_2010(anti_ars=False, **{feature: True}) is False


def test_connors_needs_a_feature_and_bools():
    assert connors_2010(anti_ars=True) is False
    assert "UNVERIFIED" in connors_2010.__doc__
    with pytest.raises(ValueError, match="anti_ars"):
        connors_2010(anti_ars="positive")


@pytest.mark.parametrize("flags,met_a,met_b", [
    # reading A: 2 major (ILD, PM/DM) or 1 major + 2 minor (arthritis, Raynaud, mech hands)
    # reading B: 1 major (myositis, ILD, arthritis) or 2 minor (fever, Raynaud, mech hands)
    (dict(ild=True, arthritis=True, fever=True), False, True),  # the case
    (dict(ild=True, myositis=True), True, True),
    (dict(ild=True, arthritis=True, raynaud=True), True, True),
    (dict(ild=True, raynaud=True), False, True),
    (dict(arthritis=True, raynaud=True, mechanics_hands=True), False, True),
    (dict(fever=True, raynaud=True), False, True),
    (dict(fever=True), False, False),
    (dict(raynaud=True), False, False),
    (dict(), False, False),
])
def test_solomon_readings(flags, met_a, met_b):
    a = solomon_2011(anti_ars=True, **flags)
    b = solomon_2011(anti_ars=True, **flags, reading="err")
    assert (a.met, b.met) == (met_a, met_b)
    assert a.reading == "jbp" and "reading A" in a.name
    assert b.reading == "err" and "reading B" in b.name
    assert not solomon_2011(anti_ars=False, **flags, reading="err").met


def test_solomon_items_and_detail():
    r = solomon_2011(anti_ars=True, ild=True, arthritis=True, fever=True)
    assert r.items == ("ild", "arthritis")  # fever is not a reading-A item
    assert "1 major" in r.detail and "1 minor" in r.detail
    assert "unverified" in r.status
    with pytest.raises(ValueError, match="reading"):
        solomon_2011(anti_ars=True, reading="A")


# --- criteria_summary ------------------------------------------------------------------------


def test_summary_for_the_case():
    rows = criteria_summary(age_at_onset_years=59, anti_ars=True, ild=True, arthritis=True,
                            fever=True)
    met = {r.name: r.met for r in rows}
    assert met["EULAR/ACR 2017 IIM"] is False
    assert met["Connors 2010"] is True
    assert [r.met for r in rows if r.name.startswith("Solomon")] == [False, True]
    assert met[ASYS_2025.name] is None
    assert "2.1" in rows[0].detail and "not IIM" in rows[0].detail


def test_summary_jo1():
    rows = criteria_summary(age_at_onset_years=59, anti_ars=True, anti_jo1=True,
                            raised_muscle_enzymes=True, proximal_weakness_upper=True,
                            proximal_weakness_lower=True, myositis=True, ild=True)
    assert all(r.met for r in rows[:4])
    with pytest.raises(ValueError, match="anti_jo1=True implies anti_ars=True"):
        criteria_summary(age_at_onset_years=59, anti_jo1=True)
    with pytest.raises(ValueError, match="ild"):
        criteria_summary(age_at_onset_years=59, ild="yes")


def test_asys_2025_is_information_only():
    assert ASYS_2025.weights_verified is False
    assert ASYS_2025.levels == ("possible", "probable", "definite")
    assert "anti-ARS antibodies" in ASYS_2025.items and len(ASYS_2025.items) == 8
    # The published criteria (CLASS2025), not the candidate-criteria MCDA paper (Zanframundo2025,
    # Ann Rheum Dis 2025;84:1207-20, doi 10.1016/j.ard.2025.01.050)
    assert ASYS_2025.source == "CLASS2025"


# --- ILD progression -------------------------------------------------------------------------


def test_fvc_decline_absolute_vs_relative():
    # The package's convention: absolute = points of predicted, relative = % of baseline.
    d = fvc_decline(baseline_percent_predicted=80, follow_up_percent_predicted=72)
    assert (d.absolute_decline_points, d.relative_decline_percent) == (8.0, 10.0)
    assert d.measure == "FVC"
    up = fvc_decline(baseline_percent_predicted=70, follow_up_percent_predicted=77)
    assert up.absolute_decline_points == -7.0 and up.relative_decline_percent == -10.0
    noisy = fvc_decline(baseline_percent_predicted=80.1, follow_up_percent_predicted=75.1)
    assert noisy.absolute_decline_points == 5.0


def test_dlco_decline():
    d = dlco_decline(baseline_percent_predicted=60, follow_up_percent_predicted=50)
    assert d.measure == "DLCO" and d.absolute_decline_points == 10.0
    assert d.relative_decline_percent == pytest.approx(100 / 6)


@pytest.mark.parametrize("bad,match", [
    (0.8, "litres or a fraction"), (3.2, "litres or a fraction"), (250, "5 to 200"),
    (math.nan, "not finite"), (True, "must be a number"), ("80", "must be a number"),
])
def test_decline_bad_input(bad, match):
    with pytest.raises(ValueError, match=rf"baseline_percent_predicted.*{match}"):
        fvc_decline(baseline_percent_predicted=bad, follow_up_percent_predicted=70)
    with pytest.raises(ValueError, match="follow_up_percent_predicted"):
        dlco_decline(baseline_percent_predicted=70, follow_up_percent_predicted=bad)


@pytest.mark.parametrize("fvc,dlco,met", [
    (5, None, True), (4.9, None, False), (5.1, None, True),
    (None, 10, True), (None, 9.9, False), (None, 10.1, True),
    (4.9, 9.9, False), (4.9, 10, True), (-3, -5, False),
])
def test_ats_ers_physiological_thresholds(fvc, dlco, met):
    # Raghu 2022: absolute FVC >= 5 points or DLCO >= 10 points within 12 months.
    r = ats_ers_2022_physiological_progression(
        fvc_abs_decline_points=fvc, dlco_abs_decline_points=dlco, months=12)
    assert r.met is met and len(r.reasons) == (fvc is not None and fvc >= 5) + (
        dlco is not None and dlco >= 10)


def test_ats_ers_from_decline_with_float_noise():
    d = fvc_decline(baseline_percent_predicted=80.1, follow_up_percent_predicted=75.1)
    assert ats_ers_2022_physiological_progression(
        fvc_abs_decline_points=d.absolute_decline_points, months=11.5).met
    # The tolerance is tiny: a genuine 4.99 is not 5.
    assert not ats_ers_2022_physiological_progression(fvc_abs_decline_points=4.99,
                                                      months=12).met


def test_ats_ers_bad_input():
    with pytest.raises(ValueError, match="months=12.1 months.*12 months"):
        ats_ers_2022_physiological_progression(fvc_abs_decline_points=6, months=12.1)
    with pytest.raises(ValueError, match="fvc_abs_decline_points and/or"):
        ats_ers_2022_physiological_progression(months=6)
    with pytest.raises(ValueError, match="dlco_abs_decline_points"):
        ats_ers_2022_physiological_progression(dlco_abs_decline_points="10", months=6)


@pytest.mark.parametrize("flags", list(itertools.product([False, True], repeat=3)))
def test_ppf_two_of_three(flags):
    s, p, r = flags
    result = ats_ers_2022_ppf(worsening_symptoms=s, physiological_progression=p,
                              radiological_progression=r)
    assert result.met is (sum(flags) >= 2) and len(result.reasons) == sum(flags)


@pytest.mark.parametrize("fvc,symptoms,fibrosis,met", [
    (10, False, False, True), (9.9, False, False, False), (10.1, False, False, True),
    (9.9, True, False, True), (5, False, True, True), (4.9, True, False, False),
    (4.9, False, True, False), (0, True, True, True), (-2, False, False, False),
])
def test_inbuild(fvc, symptoms, fibrosis, met):
    r = inbuild_progression(fvc_rel_decline_percent=fvc, worsening_symptoms=symptoms,
                            fibrosis_progression=fibrosis, months=24)
    assert r.met is met


def test_inbuild_bad_input():
    with pytest.raises(ValueError, match="months"):
        inbuild_progression(fvc_rel_decline_percent=12, months=25)
    with pytest.raises(ValueError, match="fvc_rel_decline_percent"):
        inbuild_progression(fvc_rel_decline_percent=None, months=12)
    with pytest.raises(ValueError, match="fvc_rel_decline_percent"):
        inbuild_progression(fvc_rel_decline_percent=150, months=12)


@pytest.mark.parametrize("fvc,dlco,extra,met", [
    (10, None, {}, True), (9.9, None, {}, False), (5, 15, {}, True), (5, 14.9, {}, False),
    (4.9, 30, {}, False), (5, None, {"fibrosis_progression": True}, True),
    (5, None, {"worsening_symptoms": True}, True),
    (4.9, None, {"worsening_symptoms": True}, False),
])
def test_classic_ctd_ild(fvc, dlco, extra, met):
    # 2022 review in Aging Dis, Table 2: relative FVC >= 10%, or >= 5% with DLCO >= 15%, or
    # >= 5% with more fibrosis or progressive symptoms, over 24 months.
    r = classic_ctd_ild_progression(fvc_rel_decline_percent=fvc, dlco_rel_decline_percent=dlco,
                                    months=24, **extra)
    assert r.met is met


def test_absolute_and_relative_rules_disagree():
    # FVC 50 -> 45: 5 points absolute (ATS/ERS met) but 10% relative (INBUILD met too);
    # FVC 100 -> 95: 5 points absolute but only 5% relative (INBUILD not met alone).
    for baseline, inbuild_met in ((50, True), (100, False)):
        d = fvc_decline(baseline_percent_predicted=baseline,
                        follow_up_percent_predicted=baseline - 5)
        assert ats_ers_2022_physiological_progression(
            fvc_abs_decline_points=d.absolute_decline_points, months=12).met
        assert inbuild_progression(fvc_rel_decline_percent=d.relative_decline_percent,
                                   months=12).met is inbuild_met


def test_calculator_imports_only_stdlib_and_units():
    import ast
    import sys
    from importlib import resources

    tree = ast.parse(resources.files("casebook").joinpath("myositis.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module in sys.stdlib_module_names or node.module == "casebook.units" \
                or node.module == "__future__", node.module
        elif isinstance(node, ast.Import):
            assert all(a.name.split(".")[0] in sys.stdlib_module_names for a in node.names)
