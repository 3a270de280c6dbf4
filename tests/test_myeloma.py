"""Tests for casebook.myeloma.

Expected values are worked by hand from the primary sources: ISS (Greipp et al., J Clin Oncol
2005, doi:10.1200/JCO.2005.04.242), R-ISS (Palumbo et al., J Clin Oncol 2015,
doi:10.1200/JCO.2015.61.2267), R2-ISS (D'Agostino et al., J Clin Oncol 2022,
doi:10.1200/JCO.21.02614), IMWG 2014 diagnosis (Rajkumar et al., Lancet Oncol 2014,
doi:10.1016/S1470-2045(14)70442-5) and IMWG 2016 response/MRD (Kumar et al., Lancet Oncol 2016,
doi:10.1016/S1470-2045(16)30206-6); every threshold is tested at, just below and just above.
Case facts come from the letter (RuizEsquide2026): ISS 1, R-ISS 2, TP53 deletion, MRD "<0.00023%".
"""

import csv
import inspect
import math
import re
from itertools import product
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import myeloma as m
from casebook import units

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "casebook" / "data"
FLAGS_R = ("del17p", "t4_14", "t14_16", "ldh_above_uln")
FLAGS_R2 = ("del17p", "t4_14", "gain_1q", "ldh_above_uln")


def combos(names):
    for values in product((False, True), repeat=len(names)):
        yield dict(zip(names, values))


# =============================================================================== ISS


@pytest.mark.parametrize(
    "b2m, alb_g_dl, expected",
    [  # worked examples of the ISS rule (Greipp 2005)
        (2.8, 4.0, 1),
        (2.8, 3.2, 2),
        (3.5, 3.5, 2),  # beta2M not < 3.5
    ],
)
def test_iss_worked_examples(b2m, alb_g_dl, expected):
    assert m.iss_stage(beta2m_mg_per_l=b2m, albumin_g_per_dl=alb_g_dl) == expected


def test_iss_worked_example_albumin_in_g_per_l():
    # beta2M 3.0 mg/L, albumin 35 g/L -> 3.5 g/dL -> ISS I (Greipp 2005)
    assert m.iss_stage_si(beta2m_mg_per_l=3.0, albumin_g_per_l=35) == 1
    assert m.explain_iss(beta2m_mg_per_l=3.0, albumin_g_per_l=35).stage == 1


@pytest.mark.parametrize(
    "b2m, expected",
    [(3.4999, 1), (3.5, 2), (3.5001, 2), (5.4999, 2), (5.5, 3), (5.5001, 3)],
)
def test_iss_beta2m_thresholds_with_normal_albumin(b2m, expected):
    # Greipp: I needs beta2M < 3.5; III is beta2M >= 5.5 (the ">=" of the journal abstract,
    # not the ">" of the IMWG web page: 5.5 exactly is III).
    assert m.iss_stage(beta2m_mg_per_l=b2m, albumin_g_per_dl=4.0) == expected


def test_iss_stage_grid_is_iss_stage_at_every_pair():
    # Greipp 2005 thresholds, each at, just below and just above: beta2M 3.5 and 5.5 mg/L,
    # albumin 3.5 g/dL.
    b2m = [3.4999, 3.5, 3.5001, 5.4999, 5.5, 5.5001]
    alb = [3.4999, 3.5, 3.5001]
    grid = m.iss_stage_grid(beta2m_mg_per_l=b2m, albumin_g_per_dl=alb)
    assert grid == [[m.iss_stage(beta2m_mg_per_l=b, albumin_g_per_dl=a) for b in b2m]
                    for a in alb]
    assert grid[0] == [2, 2, 2, 2, 3, 3] and grid[1] == [1, 2, 2, 2, 3, 3]


@pytest.mark.parametrize(("b2m", "alb", "message"), [
    ([2.0, 0.01], [4.0], "beta2m_mg_per_l"),
    ([2.0], [4.0, 40.0], "albumin_g_per_dl"),  # 40 is g/L: the error says so
])
def test_iss_stage_grid_names_the_bad_value(b2m, alb, message):
    with pytest.raises(ValueError, match=message):
        m.iss_stage_grid(beta2m_mg_per_l=b2m, albumin_g_per_dl=alb)


@pytest.mark.parametrize("alb, expected", [(3.4999, 2), (3.5, 1), (3.5001, 1)])
def test_iss_albumin_threshold_g_per_dl(alb, expected):
    assert m.iss_stage(beta2m_mg_per_l=2.0, albumin_g_per_dl=alb) == expected


@pytest.mark.parametrize("alb, expected", [(34.999, 2), (35, 1), (35.001, 1)])
def test_iss_albumin_threshold_g_per_l(alb, expected):
    assert m.iss_stage_si(beta2m_mg_per_l=2.0, albumin_g_per_l=alb) == expected


@pytest.mark.parametrize("alb", [0.5, 2.0, 3.4, 3.5, 5.0, 7.0])
def test_iss_iii_ignores_albumin_and_ii_band_ignores_albumin(alb):
    assert m.iss_stage(beta2m_mg_per_l=6.0, albumin_g_per_dl=alb) == 3
    assert m.iss_stage(beta2m_mg_per_l=4.0, albumin_g_per_dl=alb) == 2


@given(
    b2m=st.floats(min_value=0.5, max_value=100),
    alb_g_l=st.floats(min_value=5, max_value=70),
)
def test_iss_unit_equivalence_g_per_l_and_g_per_dl(b2m, alb_g_l):
    si = m.iss_stage_si(beta2m_mg_per_l=b2m, albumin_g_per_l=alb_g_l)
    conv = m.iss_stage(beta2m_mg_per_l=b2m,
                       albumin_g_per_dl=units.albumin_g_per_l_to_g_per_dl(alb_g_l))
    assert si == conv


@given(
    b2m=st.floats(min_value=0.5, max_value=100),
    delta=st.floats(min_value=0, max_value=100),
    alb=st.floats(min_value=0.5, max_value=7),
)
def test_iss_higher_beta2m_never_lowers_stage(b2m, delta, alb):
    higher = min(b2m + delta, 100)
    assert m.iss_stage(beta2m_mg_per_l=higher, albumin_g_per_dl=alb) >= m.iss_stage(
        beta2m_mg_per_l=b2m, albumin_g_per_dl=alb)


@given(
    b2m=st.floats(min_value=0.5, max_value=100),
    alb=st.floats(min_value=0.5, max_value=7),
    delta=st.floats(min_value=0, max_value=7),
)
def test_iss_higher_albumin_never_raises_stage(b2m, alb, delta):
    higher = min(alb + delta, 7)
    assert m.iss_stage(beta2m_mg_per_l=b2m, albumin_g_per_dl=higher) <= m.iss_stage(
        beta2m_mg_per_l=b2m, albumin_g_per_dl=alb)


@given(b2m=st.floats(), alb=st.floats())
def test_iss_any_float_gives_a_stage_or_value_error(b2m, alb):
    try:
        stage = m.iss_stage(beta2m_mg_per_l=b2m, albumin_g_per_dl=alb)
    except ValueError as exc:
        assert re.search(r"beta2m_mg_per_l|albumin_g_per_dl", str(exc))
    else:
        assert stage in (1, 2, 3)
        assert math.isfinite(b2m) and math.isfinite(alb)


def test_iss_albumin_in_g_per_l_passed_as_g_per_dl_says_so():
    with pytest.raises(ValueError, match=r"albumin_g_per_dl=35 g/dL .*0\.5 to 7 g/dL.*"
                                         r"looks like g/L: divide by 10"):
        m.iss_stage(beta2m_mg_per_l=2.8, albumin_g_per_dl=35)


def test_iss_si_albumin_in_g_per_dl_passed_as_g_per_l_says_so():
    with pytest.raises(ValueError, match=r"albumin_g_per_l=3\.5 g/L .*5 to 70 g/L.*"
                                         r"looks like g/dL: multiply by 10"):
        m.iss_stage_si(beta2m_mg_per_l=2.8, albumin_g_per_l=3.5)


@pytest.mark.parametrize(
    "b2m, pattern",
    [
        (250, r"beta2m_mg_per_l=250 mg/L .*0\.5 to 100 mg/L.*nmol/L.*ug/L"),  # nmol/L or ug/L
        (2800, r"beta2m_mg_per_l=2800 mg/L.*ug/L = ng/mL \(divide by 1000\)"),
        (0.28, r"beta2m_mg_per_l=0\.28 mg/L.*mg/dL, multiply by 10"),  # mg/dL mix-up
    ],
)
def test_iss_beta2m_unit_mixups(b2m, pattern):
    with pytest.raises(ValueError, match=pattern):
        m.iss_stage(beta2m_mg_per_l=b2m, albumin_g_per_dl=4.0)


@pytest.mark.parametrize("bad", [True, "3.0", None, math.nan, math.inf, -1.0, 0.0])
def test_iss_rejects_bad_beta2m(bad):
    with pytest.raises(ValueError, match="beta2m_mg_per_l"):
        m.iss_stage(beta2m_mg_per_l=bad, albumin_g_per_dl=4.0)


@pytest.mark.parametrize("bad", [False, "4", None, math.nan, -3.5])
def test_iss_rejects_bad_albumin(bad):
    with pytest.raises(ValueError, match="albumin_g_per_dl"):
        m.iss_stage(beta2m_mg_per_l=2.0, albumin_g_per_dl=bad)


def test_explain_iss_needs_exactly_one_albumin_unit():
    for kwargs in ({}, {"albumin_g_per_dl": 3.5, "albumin_g_per_l": 35}):
        with pytest.raises(ValueError, match="albumin_g_per_dl.*albumin_g_per_l"):
            m.explain_iss(beta2m_mg_per_l=2.0, **kwargs)


@pytest.mark.parametrize(
    "b2m, alb, stage, words",
    [
        (2.8, 4.0, 1, "< 3.5 and albumin 4 g/dL >= 3.5: ISS I"),
        (2.8, 3.2, 2, "< 3.5 but albumin 3.2 g/dL < 3.5: ISS II"),
        (4.0, 4.0, 2, "3.5 to < 5.5: ISS II whatever the albumin"),
        (5.5, 4.0, 3, ">= 5.5: ISS III whatever the albumin"),
    ],
)
def test_explain_iss_reason_names_the_deciding_rule(b2m, alb, stage, words):
    r = m.explain_iss(beta2m_mg_per_l=b2m, albumin_g_per_dl=alb)
    assert (r.system, r.stage, r.stage_range, r.label) == ("ISS", stage, (stage, stage),
                                                           f"ISS {m.ROMAN[stage]}")
    assert words in r.reason


def test_stage_result_is_frozen():
    r = m.explain_iss(beta2m_mg_per_l=2.0, albumin_g_per_dl=4.0)
    with pytest.raises(AttributeError):
        r.stage = 3


# ============================================================================= R-ISS


def r_iss_in_words(iss, del17p, t4_14, t14_16, ldh_above_uln):
    """Independent restatement of the R-ISS rule (Palumbo 2015): stage II is 'neither I nor III'."""
    high_risk = del17p or t4_14 or t14_16
    if iss == 1 and not high_risk and not ldh_above_uln:
        return 1
    if iss == 2 or (iss == 1 and (high_risk or ldh_above_uln)) or (
            iss == 3 and not high_risk and not ldh_above_uln):
        return 2
    return 3


def test_r_iss_case_from_letter():
    # RuizEsquide2026: ISS 1, TP53 deletion (del(17p)), R-ISS 2; LDH not reported (assumed
    # <= ULN, as in the case).
    assert m.r_iss_stage(iss_stage=1, del17p=True, ldh_above_uln=False) == 2


@pytest.mark.parametrize(
    "kwargs, expected",
    [  # worked examples of the R-ISS rule (Palumbo 2015)
        ({"iss_stage": 3, "t4_14": True}, 3),
        ({"iss_stage": 3}, 2),
        ({"iss_stage": 1}, 1),
    ],
)
def test_r_iss_worked_examples(kwargs, expected):
    assert m.r_iss_stage(**kwargs) == expected


@pytest.mark.parametrize("iss", [1, 2, 3])
def test_r_iss_all_combinations_match_rule_in_words(iss):
    for flags in combos(FLAGS_R):
        assert m.r_iss_stage(iss_stage=iss, **flags) == r_iss_in_words(iss, **flags), flags


@pytest.mark.parametrize("flag", FLAGS_R)
def test_r_iss_each_adverse_factor_moves_iss_i_and_iii(flag):
    assert m.r_iss_stage(iss_stage=1, **{flag: True}) == 2
    assert m.r_iss_stage(iss_stage=3, **{flag: True}) == 3
    assert m.r_iss_stage(iss_stage=2, **{flag: True}) == 2


def test_r_iss_iii_needs_iss_iii():
    for iss in (1, 2):
        for flags in combos(FLAGS_R):
            assert m.r_iss_stage(iss_stage=iss, **flags) < 3


@given(iss=st.sampled_from([1, 2, 3]), before=st.fixed_dictionaries(
    {k: st.booleans() for k in FLAGS_R}), added=st.sampled_from(FLAGS_R))
def test_adding_a_risk_factor_never_lowers_r_iss(iss, before, added):
    after = {**before, added: True}
    assert m.r_iss_stage(iss_stage=iss, **after) >= m.r_iss_stage(iss_stage=iss, **before)


@given(before=st.sampled_from([1, 2]), flags=st.fixed_dictionaries(
    {k: st.booleans() for k in FLAGS_R}))
def test_higher_iss_never_lowers_r_iss(before, flags):
    assert m.r_iss_stage(iss_stage=before + 1, **flags) >= m.r_iss_stage(iss_stage=before,
                                                                          **flags)


@pytest.mark.parametrize("bad", [0, 4, 2.0, True, "1", None])
def test_r_iss_rejects_bad_iss_stage(bad):
    with pytest.raises(ValueError, match="iss_stage"):
        m.r_iss_stage(iss_stage=bad)


@pytest.mark.parametrize("flag", FLAGS_R)
@pytest.mark.parametrize("bad", ["yes", 1, 0, None, 0.5])
def test_r_iss_rejects_non_bool_flags(flag, bad):
    with pytest.raises(ValueError, match=f"{re.escape(flag)} must be True or False"):
        m.r_iss_stage(iss_stage=1, **{flag: bad})


def test_explain_r_iss_case_with_unknowns():
    r = m.explain_r_iss(iss_stage=1, del17p=True, t4_14=None, t14_16=None, ldh_above_uln=None)
    assert (r.stage, r.stage_range, r.label) == (2, (2, 2), "R-ISS II")
    assert r.assumed_absent == ("t4_14", "t14_16", "ldh_above_uln")
    assert "del(17p)" in r.reason and "R-ISS III needs ISS III" in r.reason
    assert "Not reported, counted as absent: t(4;14), t(14;16), LDH > ULN" in r.reason


def test_explain_r_iss_unknown_ldh_in_iss_iii_shows_the_range():
    r = m.explain_r_iss(iss_stage=3, ldh_above_uln=None)
    assert (r.stage, r.stage_range) == (2, (2, 3))
    assert "could be up to R-ISS III" in r.reason


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"iss_stage": 1}, "ISS I, standard-risk CA, LDH <= ULN: R-ISS I"),
        ({"iss_stage": 2, "del17p": True}, "ISS II: R-ISS II whatever"),
        ({"iss_stage": 3}, "ISS III with standard-risk CA and LDH <= ULN: R-ISS II"),
        ({"iss_stage": 3, "t14_16": True, "ldh_above_uln": True},
         "ISS III with t(14;16) and LDH > ULN: R-ISS III"),
    ],
)
def test_explain_r_iss_reasons(kwargs, words):
    r = m.explain_r_iss(**kwargs)
    assert words in r.reason and r.assumed_absent == ()


# ============================================================================ R2-ISS


@pytest.mark.parametrize(
    "kwargs, score, stage",
    [  # worked examples of the R2-ISS rule (D'Agostino 2022)
        ({"iss_stage": 1}, 0, 1),
        ({"iss_stage": 1, "del17p": True}, 1, 2),  # the case
        ({"iss_stage": 1, "gain_1q": True}, 0.5, 2),
        ({"iss_stage": 3, "del17p": True, "ldh_above_uln": True}, 3.5, 4),
    ],
)
def test_r2_iss_worked_examples(kwargs, score, stage):
    assert m.r2_iss_score(**kwargs) == score
    assert m.r2_iss_stage(**kwargs) == stage


@pytest.mark.parametrize(
    "kwargs, points",
    [  # the R2-ISS points table (D'Agostino 2022)
        ({"iss_stage": 2}, 1), ({"iss_stage": 3}, 1.5), ({"iss_stage": 1, "del17p": True}, 1),
        ({"iss_stage": 1, "ldh_above_uln": True}, 1), ({"iss_stage": 1, "t4_14": True}, 1),
        ({"iss_stage": 1, "gain_1q": True}, 0.5),
    ],
)
def test_r2_iss_points_per_factor(kwargs, points):
    assert m.r2_iss_score(**kwargs) == points


@pytest.mark.parametrize(
    "score, stage",
    [  # each band edge, with the neighbouring 0.5 step either side
        (0, 1), (0.5, 2), (1, 2), (1.5, 3), (2, 3), (2.5, 3), (3, 4), (3.5, 4), (5, 4),
    ],
)
def test_r2_iss_band_edges(score, stage):
    assert m.r2_iss_stage_from_score(score=score) == stage


@pytest.mark.parametrize(
    "kwargs, score, stage",
    [  # band edges reached through real factor combinations
        ({"iss_stage": 2}, 1, 2),
        ({"iss_stage": 3}, 1.5, 3),
        ({"iss_stage": 3, "t4_14": True}, 2.5, 3),
        ({"iss_stage": 2, "del17p": True, "ldh_above_uln": True}, 3, 4),
        ({"iss_stage": 3, "del17p": True, "t4_14": True, "gain_1q": True,
          "ldh_above_uln": True}, 5, 4),
    ],
)
def test_r2_iss_band_edges_from_factors(kwargs, score, stage):
    assert (m.r2_iss_score(**kwargs), m.r2_iss_stage(**kwargs)) == (score, stage)


def test_r2_iss_reachable_scores_are_0_to_5_in_half_steps():
    scores = {m.r2_iss_score(iss_stage=i, **f) for i in (1, 2, 3) for f in combos(FLAGS_R2)}
    assert scores == {x / 2 for x in range(11)}


def test_r2_iss_half_point_only_through_1q():
    halves = {(i, tuple(sorted(k for k, v in f.items() if v)))
              for i in (1, 2, 3) for f in combos(FLAGS_R2)
              if m.r2_iss_score(iss_stage=i, **f) == 0.5}
    assert halves == {(1, ("gain_1q",))}


def test_r2_iss_has_no_t14_16():
    # D'Agostino 2022: t(14;16) is not in R2-ISS.
    assert "t14_16" not in inspect.signature(m.r2_iss_stage).parameters
    with pytest.raises(TypeError):
        m.r2_iss_stage(iss_stage=1, t14_16=True)


@given(iss=st.sampled_from([1, 2, 3]), before=st.fixed_dictionaries(
    {k: st.booleans() for k in FLAGS_R2}), added=st.sampled_from(FLAGS_R2))
def test_adding_a_risk_factor_never_lowers_r2_iss(iss, before, added):
    after = {**before, added: True}
    assert m.r2_iss_score(iss_stage=iss, **after) >= m.r2_iss_score(iss_stage=iss, **before)
    assert m.r2_iss_stage(iss_stage=iss, **after) >= m.r2_iss_stage(iss_stage=iss, **before)


@pytest.mark.parametrize("bad", [0.7, -0.5, 5.5, math.nan, True, "1"])
def test_r2_iss_stage_from_score_rejects_bad_scores(bad):
    with pytest.raises(ValueError, match="score"):
        m.r2_iss_stage_from_score(score=bad)


@pytest.mark.parametrize("flag", FLAGS_R2)
def test_r2_iss_rejects_non_bool_flags(flag):
    with pytest.raises(ValueError, match=flag):
        m.r2_iss_stage(iss_stage=1, **{flag: "no"})
    with pytest.raises(ValueError, match=flag):
        m.r2_iss_score(iss_stage=1, **{flag: None})


def test_r2_iss_rejects_bad_iss_stage():
    with pytest.raises(ValueError, match="iss_stage"):
        m.r2_iss_stage(iss_stage=4)


def test_explain_r2_iss_case_under_stated_assumptions():
    # The letter reports neither LDH, t(4;14) nor 1q+: counted as absent, and said so.
    r = m.explain_r2_iss(iss_stage=1, del17p=True, t4_14=None, gain_1q=None,
                         ldh_above_uln=None)
    assert (r.label, r.score, r.stage_range) == ("R2-ISS II", 1.0, (2, 4))
    assert r.assumed_absent == ("t4_14", "gain_1q", "ldh_above_uln")
    assert "ISS I 0 + del(17p) 1 = 1 point; band 0.5-1: R2-ISS II." in r.reason
    assert "Not reported, counted as absent: t(4;14), 1q+, LDH > ULN" in r.reason
    assert "up to R2-ISS IV" in r.reason


def test_explain_r2_iss_all_known_has_no_assumptions():
    r = m.explain_r2_iss(iss_stage=3, del17p=True, ldh_above_uln=True)
    assert (r.stage, r.score, r.stage_range, r.assumed_absent) == (4, 3.5, (4, 4), ())
    assert "ISS III 1.5 + del(17p) 1 + LDH > ULN 1 = 3.5 points; band 3-5" in r.reason


def test_case_all_three_stages():
    # Case summary (RuizEsquide2026): ISS 1, R-ISS 2; R2-ISS 2 under the assumptions above.
    # The letter gives no beta2M/albumin values, so ISS itself is taken from the letter.
    assert m.r_iss_stage(iss_stage=1, del17p=True) == 2
    assert m.r2_iss_score(iss_stage=1, del17p=True) == 1
    assert m.r2_iss_stage(iss_stage=1, del17p=True) == 2


@pytest.mark.parametrize("func", [m.iss_stage, m.iss_stage_si, m.r_iss_stage, m.r2_iss_score,
                                  m.r2_iss_stage, m.explain_iss, m.explain_r_iss,
                                  m.explain_r2_iss, m.imwg_2014_diagnosis,
                                  m.measurable_disease, m.r2_iss_stage_from_score])
def test_calculators_are_keyword_only(func):
    kinds = {p.kind for p in inspect.signature(func).parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}


# ========================================================================= IMWG 2014


def diag(**kwargs):
    kwargs.setdefault("clonal_bmpc_percent", 20)
    return m.imwg_2014_diagnosis(**kwargs)


def test_imwg_worked_example_bmpc_65_no_crab():
    # Rajkumar 2014: BMPC 65%, no CRAB -> myeloma (SLiM: S)
    r = m.imwg_2014_diagnosis(clonal_bmpc_percent=65)
    assert (r.myeloma, r.events, r.smouldering, r.category) == (True, ("S",), False,
                                                                "multiple myeloma")


@pytest.mark.parametrize("bmpc, s_met", [(59.99, False), (60, True), (60.01, True)])
def test_imwg_s_threshold(bmpc, s_met):
    assert ("S" in diag(clonal_bmpc_percent=bmpc).events) is s_met


@pytest.mark.parametrize("bmpc, clonal", [(9.99, False), (10, True), (10.01, True)])
def test_imwg_clonal_bmpc_threshold(bmpc, clonal):
    r = diag(clonal_bmpc_percent=bmpc, calcium_mmol_per_l=3.0)
    assert r.clonal_criterion is clonal and r.myeloma is clonal and r.events == ("C",)


def test_imwg_plasmacytoma_is_an_alternative_clonal_criterion():
    r = diag(clonal_bmpc_percent=2, plasmacytoma_biopsy_proven=True, calcium_mmol_per_l=3.0)
    assert r.clonal_criterion and r.myeloma


@pytest.mark.parametrize("ca, met", [(2.74, False), (2.75, False), (2.76, True)])
def test_imwg_c_absolute_threshold(ca, met):
    assert ("C" in diag(calcium_mmol_per_l=ca).events) is met


@pytest.mark.parametrize(
    "ca, uln, met",
    [(2.59, 2.35, False), (2.60, 2.35, False), (2.61, 2.35, True),
     (2.69, 2.45, False), (2.70, 2.45, False), (2.71, 2.45, True)],
)
def test_imwg_c_above_uln_threshold(ca, uln, met):
    # > 0.25 mmol/L above the ULN (binding only when ULN + 0.25 < 2.75); exactly 0.25 above
    # is not met.
    r = diag(calcium_mmol_per_l=ca, calcium_uln_mmol_per_l=uln)
    assert ("C" in r.events) is met
    if met:
        assert f"> 0.25 above ULN {uln:g}" in r.reason


def test_imwg_c_needs_calcium_not_just_uln():
    assert diag(calcium_uln_mmol_per_l=2.6).events == ()


@pytest.mark.parametrize("mg_dl, met", [(10.9, False), (11.1, True)])
def test_imwg_c_from_mg_per_dl_via_units(mg_dl, met):
    # 11 mg/dL ~ 2.75 mmol/L (s4); the rule is applied in mmol/L after conversion.
    ca = units.calcium_mg_per_dl_to_mmol_per_l(mg_dl)
    assert ("C" in diag(calcium_mmol_per_l=ca).events) is met


@pytest.mark.parametrize("crcl, met", [(39.9, True), (40, False), (40.1, False)])
def test_imwg_r_creatinine_clearance_threshold(crcl, met):
    assert ("R" in diag(creatinine_clearance_ml_per_min=crcl).events) is met


@pytest.mark.parametrize("creat, met", [(176.9, False), (177, False), (177.1, True)])
def test_imwg_r_creatinine_threshold(creat, met):
    assert ("R" in diag(creatinine_umol_per_l=creat).events) is met


@pytest.mark.parametrize("mg_dl, met", [(2.0, False), (2.01, True)])
def test_imwg_r_creatinine_from_mg_per_dl_via_units(mg_dl, met):
    umol = units.creatinine_mg_per_dl_to_umol_per_l(mg_dl)  # 2 mg/dL = 176.8 umol/L
    assert ("R" in diag(creatinine_umol_per_l=umol).events) is met


@pytest.mark.parametrize("hb, met", [(99.9, True), (100, False), (100.1, False)])
def test_imwg_a_absolute_threshold(hb, met):
    assert ("A" in diag(haemoglobin_g_per_l=hb).events) is met


@pytest.mark.parametrize("hb, met", [(104.9, True), (105, False), (105.1, False)])
def test_imwg_a_below_lln_threshold(hb, met):
    # LLN 125 g/L: more than 20 g/L below it means Hb < 105.
    r = diag(haemoglobin_g_per_l=hb, haemoglobin_lln_g_per_l=125)
    assert ("A" in r.events) is met
    if met:
        assert "> 20 below LLN 125" in r.reason


@pytest.mark.parametrize("lesions, met", [(0, False), (1, True), (2, True)])
def test_imwg_b_threshold_with_bmpc_at_least_10(lesions, met):
    assert ("B" in diag(lytic_lesions=lesions).events) is met


@pytest.mark.parametrize("bmpc", [5, None])
@pytest.mark.parametrize("lesions, met", [(1, False), (2, True)])
def test_imwg_b_needs_more_than_one_lesion_when_bmpc_below_10(bmpc, lesions, met):
    # Rajkumar 2014 footnote (PARTIAL: recalled, not re-read): solitary plasmacytoma vs myeloma.
    r = diag(clonal_bmpc_percent=bmpc, plasmacytoma_biopsy_proven=True, lytic_lesions=lesions)
    assert ("B" in r.events) is met and r.myeloma is met
    if not met:
        assert "> 1 needed when clonal BMPC is < 10% or unknown" in r.reason


@pytest.mark.parametrize(
    "ratio, flc, met",
    [(100, 100, True), (99.9, 100, False), (100.1, 100, True), (100, 99.9, False),
     (100, 100.1, True), (None, 500, False), (500, None, False)],
)
def test_imwg_li_thresholds(ratio, flc, met):
    r = diag(flc_ratio=ratio, involved_flc_mg_per_l=flc)
    assert ("Li" in r.events) is met


@pytest.mark.parametrize("lesions, met", [(0, False), (1, False), (2, True)])
def test_imwg_m_threshold(lesions, met):
    assert ("M" in diag(mri_focal_lesions=lesions).events) is met


def test_imwg_events_in_canonical_order():
    r = diag(clonal_bmpc_percent=70, calcium_mmol_per_l=3.0, creatinine_umol_per_l=200,
             haemoglobin_g_per_l=90, lytic_lesions=3, flc_ratio=150,
             involved_flc_mg_per_l=300, mri_focal_lesions=4)
    assert r.events == m.EVENT_CODES == ("C", "R", "A", "B", "S", "Li", "M")


def test_imwg_unknown_inputs_are_simply_not_met():
    r = m.imwg_2014_diagnosis(clonal_bmpc_percent=None)
    assert (r.myeloma, r.smouldering, r.clonal_criterion, r.events) == (False, False, False, ())
    assert r.category == "neither"


def test_imwg_events_without_clonal_criterion_are_not_myeloma():
    r = diag(clonal_bmpc_percent=5, calcium_mmol_per_l=3.0)
    assert r.events == ("C",) and not r.myeloma and "no clonal criterion" in r.reason


@pytest.mark.parametrize(
    "kwargs, smouldering",
    [
        ({"clonal_bmpc_percent": 5, "serum_m_protein_g_per_l": 30}, True),
        ({"clonal_bmpc_percent": 5, "serum_m_protein_g_per_l": 29.9}, False),
        ({"clonal_bmpc_percent": 5, "urine_m_protein_mg_per_24h": 500}, True),
        ({"clonal_bmpc_percent": 5, "urine_m_protein_mg_per_24h": 499}, False),
        ({"clonal_bmpc_percent": 9.9}, False),
        ({"clonal_bmpc_percent": 10}, True),
        ({"clonal_bmpc_percent": 59.9}, True),
        ({"clonal_bmpc_percent": 60}, False),  # S event: myeloma instead
        ({"clonal_bmpc_percent": 30, "amyloidosis": True}, False),
        ({"clonal_bmpc_percent": 30, "haemoglobin_g_per_l": 90}, False),  # event: myeloma
    ],
)
def test_imwg_smouldering(kwargs, smouldering):
    r = m.imwg_2014_diagnosis(**kwargs)
    assert r.smouldering is smouldering
    assert not (r.smouldering and r.myeloma)


def test_imwg_amyloidosis_reason():
    r = m.imwg_2014_diagnosis(clonal_bmpc_percent=30, amyloidosis=True)
    assert "amyloidosis excludes smouldering myeloma" in r.reason


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"calcium_mmol_per_l": 11}, r"calcium_mmol_per_l=11 mmol/L .*0\.5 to 5 mmol/L.*mg/dL"),
        ({"calcium_uln_mmol_per_l": 10.2}, r"calcium_uln_mmol_per_l=10\.2 mmol/L.*mg/dL"),
        ({"creatinine_umol_per_l": 2.1},
         r"creatinine_umol_per_l=2\.1 umol/L .*15 to 3000 umol/L.*mg/dL: multiply by 88\.4"),
        ({"haemoglobin_g_per_l": 9.5}, r"haemoglobin_g_per_l=9\.5 g/L .*20 to 250 g/L.*g/dL"),
        ({"haemoglobin_lln_g_per_l": 12}, r"haemoglobin_lln_g_per_l=12 g/L.*g/dL"),
        ({"clonal_bmpc_percent": 150}, r"clonal_bmpc_percent=150 % .*0 to 100 %"),
        ({"creatinine_clearance_ml_per_min": -5}, r"creatinine_clearance_ml_per_min=-5 mL/min"),
        ({"lytic_lesions": -1}, r"lytic_lesions=-1"),
        ({"lytic_lesions": 1.5}, r"lytic_lesions must be an integer"),
        ({"mri_focal_lesions": True}, r"mri_focal_lesions must be an integer"),
        ({"flc_ratio": math.nan}, r"flc_ratio"),
        ({"involved_flc_mg_per_l": "120"}, r"involved_flc_mg_per_l must be a number in mg/L"),
        ({"plasmacytoma_biopsy_proven": "yes"}, r"plasmacytoma_biopsy_proven must be True"),
        ({"amyloidosis": None}, r"amyloidosis must be True"),
        ({"serum_m_protein_g_per_l": -1}, r"serum_m_protein_g_per_l"),
        ({"urine_m_protein_mg_per_24h": math.inf}, r"urine_m_protein_mg_per_24h"),
    ],
)
def test_imwg_bad_inputs_name_parameter_unit_and_range(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        diag(**kwargs)


def test_imwg_result_is_frozen():
    with pytest.raises(AttributeError):
        diag().myeloma = True


# ================================================================ measurable disease


@pytest.mark.parametrize("serum, met", [(0.99, False), (1.0, True), (1.01, True)])
def test_measurable_serum_threshold_default(serum, met):
    assert m.measurable_disease(serum_m_protein_g_per_dl=serum).serum is met


@pytest.mark.parametrize("urine, met", [(199, False), (200, True), (201, True)])
def test_measurable_urine_threshold_default(urine, met):
    assert m.measurable_disease(urine_m_protein_mg_per_24h=urine).urine is met


@pytest.mark.parametrize("flc, abnormal, met",
                         [(9.99, True, False), (10, True, True), (10.01, True, True),
                          (50, False, False)])
def test_measurable_flc_threshold_verified(flc, abnormal, met):
    # Involved FLC >= 10 mg/dL (100 mg/L) with an abnormal ratio: VERIFIED (s4).
    r = m.measurable_disease(involved_flc_mg_per_dl=flc, flc_ratio_abnormal=abnormal)
    assert r.flc is met


def test_measurable_unverified_thresholds_are_parameters():
    assert not m.measurable_disease(serum_m_protein_g_per_dl=0.6).serum
    assert m.measurable_disease(serum_m_protein_g_per_dl=0.6, serum_threshold_g_per_dl=0.5).serum
    assert m.measurable_disease(urine_m_protein_mg_per_24h=150,
                                urine_threshold_mg_per_24h=100).urine


@pytest.mark.parametrize(
    "kwargs, criteria, response_by",
    [
        ({"serum_m_protein_g_per_dl": 2.0, "urine_m_protein_mg_per_24h": 300},
         ("serum", "urine"), "serum and urine M-protein"),
        ({"involved_flc_mg_per_dl": 25, "flc_ratio_abnormal": True}, ("flc",),
         "difference between involved and uninvolved FLC (dFLC)"),
        ({"serum_m_protein_g_per_dl": 0.3}, (),
         "bone-marrow plasma cells (needs baseline >= 30%) and imaging"),
    ],
)
def test_measurable_criteria_and_response_path(kwargs, criteria, response_by):
    r = m.measurable_disease(**kwargs)
    assert (r.criteria, r.measurable, r.response_by) == (criteria, bool(criteria), response_by)


def test_measurable_nothing_known_reads_as_oligo_or_non_secretory():
    r = m.measurable_disease()
    assert not r.measurable and "oligo- or non-secretory" in r.reason


@pytest.mark.parametrize(
    "kwargs, pattern",
    [
        ({"serum_m_protein_g_per_dl": 25}, r"serum_m_protein_g_per_dl=25 g/dL.*looks like g/L"),
        ({"urine_m_protein_mg_per_24h": -1}, r"urine_m_protein_mg_per_24h=-1 mg/24 h"),
        ({"involved_flc_mg_per_dl": math.nan}, r"involved_flc_mg_per_dl"),
        ({"flc_ratio_abnormal": 1}, r"flc_ratio_abnormal must be True or False"),
        ({"serum_threshold_g_per_dl": -1}, r"serum_threshold_g_per_dl"),
    ],
)
def test_measurable_bad_inputs(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        m.measurable_disease(**kwargs)


# =============================================================================== MRD


@pytest.mark.parametrize(
    "text, fraction",
    [
        ("<0.00023%", 2.3e-6),  # the case (RuizEsquide2026)
        ("0.00023 %", 2.3e-6),
        ("< 2.3e-6", 2.3e-6),
        ("<=2.3E-6", 2.3e-6),
        ("≤ 0.00023%", 2.3e-6),
        ("1 in 100000", 1e-5),
        ("1 in 100,000", 1e-5),
        ("1/10^5", 1e-5),
        ("10^-5", 1e-5),
        ("1e-5", 1e-5),
        ("2 x 10^-6", 2e-6),
        ("2×10⁻⁶", 2e-6),
        ("10⁻⁵", 1e-5),
        ("  <0.001%  ", 1e-5),
    ],
)
def test_parse_mrd_formats(text, fraction):
    assert m.parse_mrd(text) == fraction


def test_parse_mrd_case_cells_per_clonal_cell():
    # 2.3e-6: fewer than 1 clonal cell per about 434,783 nucleated cells.
    assert round(1 / m.parse_mrd("<0.00023%")) == 434_783


@pytest.mark.parametrize(
    "text", ["", "abc", "MRD negative", "<", "%", "1 in 0", "150%", "5", "-1e-5", "0%",
             "10^", "1 in", "2.3e-6 cells"],
)
def test_parse_mrd_rejects_unparseable_or_out_of_range(text):
    with pytest.raises(ValueError, match="text="):
        m.parse_mrd(text)


@pytest.mark.parametrize("bad", [2.3e-6, None, b"<0.00023%"])
def test_parse_mrd_needs_a_string(bad):
    with pytest.raises(ValueError, match="text must be a string"):
        m.parse_mrd(bad)


@given(x=st.floats(min_value=1e-9, max_value=100))
def test_parse_mrd_percent_property(x):
    assert m.parse_mrd(f"<{x!r}%") == pytest.approx(x / 100, rel=1e-12)


def test_mrd_case_negative_at_1e5_not_at_1e6():
    # Kumar 2016: 2.3e-6 meets the 1e-5 IMWG minimum sensitivity, not 1e-6.
    assert m.mrd_negative_at("<0.00023%") is True
    assert m.mrd_negative_at("<0.00023%", threshold=1e-5) is True
    assert m.mrd_negative_at("<0.00023%", threshold=1e-6) is False
    assert m.mrd_negative_at(2.3e-6, 1e-4) is True


@pytest.mark.parametrize(
    "result, negative",
    [("<0.00099%", True), ("<0.001%", True), ("<0.00101%", False),  # at/below/above 1e-5
     ("1 in 100000", True), ("10^-5", True), (1e-5, True), (1.01e-5, False), (9.9e-6, True)],
)
def test_mrd_threshold_is_inclusive(result, negative):
    assert m.mrd_negative_at(result, threshold=1e-5) is negative


def test_mrd_tolerates_rounding_in_user_thresholds():
    assert m.mrd_negative_at("<0.001%", threshold=0.1**5)  # 0.1**5 = 1.0000000000000002e-05
    assert m.mrd_negative_at("1 in 100000", threshold=1e-5 * (1 - 1e-12))
    assert not m.mrd_negative_at("1 in 100000", threshold=1e-5 * (1 - 1e-6))


@pytest.mark.parametrize(
    "result, levels",
    [("<0.00023%", (1e-4, 1e-5)), ("10^-6", (1e-4, 1e-5, 1e-6)), ("<0.01%", (1e-4,)),
     ("<0.1%", ()), (5e-7, (1e-4, 1e-5, 1e-6))],
)
def test_mrd_negative_levels(result, levels):
    assert m.mrd_negative_levels(result) == levels


def test_mrd_negative_levels_custom():
    assert m.mrd_negative_levels("<0.00023%", levels=(3e-6, 2.3e-6, 2e-6)) == (3e-6, 2.3e-6)


@given(lod=st.floats(min_value=1e-9, max_value=1), t1=st.floats(min_value=1e-9, max_value=1),
       t2=st.floats(min_value=1e-9, max_value=1))
def test_mrd_negative_at_is_monotone_in_threshold(lod, t1, t2):
    low, high = sorted((t1, t2))
    if m.mrd_negative_at(lod, low):
        assert m.mrd_negative_at(lod, high)


@pytest.mark.parametrize("bad", [0, -1e-5, 2, math.nan, True, "1e-5"])
def test_mrd_rejects_bad_threshold(bad):
    with pytest.raises(ValueError, match="threshold"):
        m.mrd_negative_at("<0.00023%", threshold=bad)


@pytest.mark.parametrize("bad", [0, 0.0, 1.5, -1e-6, True, None, math.inf])
def test_mrd_rejects_bad_numeric_result(bad):
    with pytest.raises(ValueError, match="result"):
        m.mrd_negative_at(bad)


def test_mrd_constants():
    assert m.MRD_STANDARD_LEVELS == (1e-4, 1e-5, 1e-6)
    assert m.IMWG_MRD_MIN_SENSITIVITY == 1e-5  # Kumar 2016: minimum 1 in 10^5


# ============================================================================== data


def read(name):
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def bib_keys():
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,]+),", text, flags=re.M))


def outcome(system, measure):
    rows = [r for r in read("myeloma_stage_outcomes") if
            (r["system"], r["measure"]) == (system, measure)]
    return {int(r["stage"]): r for r in rows}


def test_outcomes_columns_and_sources():
    rows = read("myeloma_stage_outcomes")
    assert list(rows[0]) == ["system", "stage", "measure", "value", "unit", "verified",
                             "source", "note"]
    assert {r["source"] for r in rows} <= bib_keys()
    assert {r["verified"] for r in rows} <= {"true", "false"}


def test_outcomes_iss_medians_greipp_verified():
    rows = outcome("ISS", "median_os")
    assert {s: float(r["value"]) for s, r in rows.items()} == {1: 62, 2: 44, 3: 29}
    assert all(r["verified"] == "true" and r["source"] == "Greipp2005" for r in rows.values())


@pytest.mark.parametrize("measure, values", [("os_5y", {1: 82, 2: 62, 3: 40}),
                                             ("pfs_5y", {1: 55, 2: 36, 3: 24}),
                                             ("share_of_patients", {1: 28, 2: 62, 3: 10})])
def test_outcomes_r_iss_palumbo_verified(measure, values):
    rows = outcome("R-ISS", measure)
    assert {s: float(r["value"]) for s, r in rows.items()} == values
    assert all(r["verified"] == "true" and r["source"] == "Palumbo2015" for r in rows.values())


@pytest.mark.parametrize("system, measure, n", [("R-ISS", "median_pfs", 3),
                                                ("R2-ISS", "median_os", 4),
                                                ("R2-ISS", "median_pfs", 4)])
def test_outcomes_unverified_medians_are_flagged(system, measure, n):
    rows = outcome(system, measure)
    assert len(rows) == n
    assert all(r["verified"] == "false" and "UNVERIFIED" in r["note"] for r in rows.values())


def test_outcomes_r2_iss_shares():
    rows = outcome("R2-ISS", "share_of_patients")
    assert sum(float(r["value"]) for r in rows.values()) == pytest.approx(100)
    assert [rows[s]["verified"] for s in (1, 2, 3, 4)] == ["true", "true", "true", "false"]


def test_outcomes_cover_every_stage_the_calculators_return():
    assert set(outcome("ISS", "median_os")) == {1, 2, 3}
    assert set(outcome("R-ISS", "os_5y")) == {1, 2, 3}
    assert set(outcome("R2-ISS", "median_os")) == {m.r2_iss_stage_from_score(score=s / 2)
                                                   for s in range(11)}


def test_imwg_response_table():
    rows = read("imwg_response")
    assert list(rows[0])[:3] == ["category", "definition", "source"]
    cats = [r["category"] for r in rows]
    for c in ("sCR", "CR", "VGPR", "PR", "MR", "SD", "PD", "Flow MRD-negative",
              "Sustained MRD-negative"):
        assert c in cats
    assert {r["source"] for r in rows} <= bib_keys()
    unverified = {r["category"] for r in rows if r["verified"] == "false"}
    assert unverified == {"Sequencing MRD-negative", "Imaging-plus MRD-negative"}
    flow = next(r for r in rows if r["category"] == "Flow MRD-negative")
    assert "1 in 10^5" in flow["definition"]
