"""Tests for casebook.units: validators and unit conversions.

Conversion factors: the standard ones, as the IMWG 2014 criteria quote their thresholds in both
units (Rajkumar et al., Lancet Oncol 2014, doi:10.1016/S1470-2045(14)70442-5), and albumin
g/L / 10 = g/dL (ISS: 3.5 g/dL = 35 g/L; Greipp et al., J Clin Oncol 2005).
"""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import units as u

# ----------------------------------------------------------------- require_finite


@pytest.mark.parametrize("value", [0, 1, 2.5, Fraction(7, 2)])
def test_require_finite_returns_float(value):
    out = u.require_finite(value, name="x", unit="mg/L")
    assert out == float(value) and type(out) is float


@pytest.mark.parametrize("bad", [True, False, "3.5", None, [3.5], 1 + 2j])
def test_require_finite_rejects_non_numbers_and_bools(bad):
    with pytest.raises(ValueError, match=r"albumin_g_per_dl must be a number in g/dL"):
        u.require_finite(bad, name="albumin_g_per_dl", unit="g/dL", low=0.5, high=7)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_require_finite_rejects_nan_and_inf(bad):
    with pytest.raises(ValueError, match=r"beta2m_mg_per_l=.* is not finite; expected 0.5 to 100"):
        u.require_finite(bad, name="beta2m_mg_per_l", unit="mg/L", low=0.5, high=100)


def test_require_finite_bounds_are_inclusive():
    assert u.require_finite(0.5, name="x", unit="g/dL", low=0.5, high=7) == 0.5
    assert u.require_finite(7, name="x", unit="g/dL", low=0.5, high=7) == 7.0
    for outside in (0.49999, 7.00001):
        with pytest.raises(ValueError, match=r"x=.* g/dL is outside the valid range 0.5 to 7 g/dL"):
            u.require_finite(outside, name="x", unit="g/dL", low=0.5, high=7)


def test_require_finite_one_sided_and_unbounded_ranges():
    assert u.require_finite(1e9, name="x", unit="mg/L", low=0) == 1e9
    with pytest.raises(ValueError, match=r">= 0 mg/L"):
        u.require_finite(-1, name="x", unit="mg/L", low=0)
    with pytest.raises(ValueError, match=r"<= 5 mg/L"):
        u.require_finite(6, name="x", unit="mg/L", high=5)
    assert u.require_finite(-1e300, name="x", unit="") == -1e300


def test_require_finite_string_hint_is_appended():
    with pytest.raises(ValueError, match=r"; looks like g/L: divide by 10$"):
        u.require_finite(35, name="albumin_g_per_dl", unit="g/dL", low=0.5, high=7,
                         hint="looks like g/L: divide by 10")


def test_require_finite_callable_hint_sees_the_value_and_may_decline():
    def hint(x):
        return f"{x:g} is high" if x > 7 else None

    with pytest.raises(ValueError, match=r"; 35 is high$"):
        u.require_finite(35, name="a", unit="g/dL", low=0.5, high=7, hint=hint)
    with pytest.raises(ValueError) as exc:
        u.require_finite(0.1, name="a", unit="g/dL", low=0.5, high=7, hint=hint)
    assert ";" not in str(exc.value)


def test_require_finite_numpy_scalars():
    import numpy as np  # only the test uses numpy: units itself stays standard-library only

    assert u.require_finite(np.float64(2.0), name="x", unit="") == 2.0
    with pytest.raises(ValueError, match="must be a number"):
        u.require_finite(np.bool_(True), name="x", unit="")


def test_require_finite_or_none():
    assert u.require_finite_or_none(None, name="x", unit="mg/L", low=0) is None
    assert u.require_finite_or_none(3, name="x", unit="mg/L", low=0) == 3.0
    with pytest.raises(ValueError, match="x=-1 mg/L"):
        u.require_finite_or_none(-1, name="x", unit="mg/L", low=0)


# ------------------------------------------------------------ require_int / bool


def test_require_int():
    assert u.require_int(3, name="iss_stage", low=1, high=3) == 3
    assert u.require_int(1, name="iss_stage", low=1, high=3) == 1
    for bad in (0, 4):
        with pytest.raises(ValueError, match=r"iss_stage=\d is outside the valid range 1 to 3"):
            u.require_int(bad, name="iss_stage", low=1, high=3)
    for bad in (True, 2.0, "2", None):
        with pytest.raises(ValueError, match="iss_stage must be an integer"):
            u.require_int(bad, name="iss_stage", low=1, high=3)


def test_require_bool():
    assert u.require_bool(True, name="del17p") is True
    assert u.require_bool(False, name="del17p") is False
    for bad in (0, 1, "yes", None, 0.0):
        with pytest.raises(ValueError, match="del17p must be True or False"):
            u.require_bool(bad, name="del17p")


# ------------------------------------------------------------------ conversions


@pytest.mark.parametrize(
    "func, value, expected",
    [
        (u.albumin_g_per_l_to_g_per_dl, 35, 3.5),  # Greipp 2005: 3.5 g/dL = 35 g/L
        (u.albumin_g_per_dl_to_g_per_l, 3.5, 35),
        (u.calcium_mg_per_dl_to_mmol_per_l, 11, 11 * 0.2495),  # s4: 11 mg/dL ~ 2.75 mmol/L
        (u.calcium_mmol_per_l_to_mg_per_dl, 2.75, 2.75 / 0.2495),
        (u.creatinine_mg_per_dl_to_umol_per_l, 2, 176.8),  # s4: 2 mg/dL ~ 177 umol/L
        (u.creatinine_umol_per_l_to_mg_per_dl, 177, 177 / 88.4),
        (u.haemoglobin_g_per_dl_to_g_per_l, 10, 100),  # s4: g/dL x 10 = g/L
        (u.haemoglobin_g_per_l_to_g_per_dl, 100, 10),
        (u.percent_to_fraction, 0.00023, 2.3e-6),  # s5: case MRD <0.00023% = 2.3e-6
        (u.fraction_to_percent, 2.3e-6, 0.00023),
    ],
)
def test_conversions_match_reference_factors(func, value, expected):
    assert func(value) == pytest.approx(expected, rel=1e-3)


def test_calcium_and_creatinine_reference_pairs_round_as_published():
    # IMWG 2014 pairs: > 11 mg/dL ~ > 2.75 mmol/L; > 2 mg/dL ~ > 177 umol/L (rounded).
    assert round(u.calcium_mg_per_dl_to_mmol_per_l(11), 2) in (2.74, 2.75)
    assert round(u.creatinine_mg_per_dl_to_umol_per_l(2)) == 177


@pytest.mark.parametrize(
    "there, back",
    [
        (u.albumin_g_per_l_to_g_per_dl, u.albumin_g_per_dl_to_g_per_l),
        (u.calcium_mg_per_dl_to_mmol_per_l, u.calcium_mmol_per_l_to_mg_per_dl),
        (u.creatinine_mg_per_dl_to_umol_per_l, u.creatinine_umol_per_l_to_mg_per_dl),
        (u.haemoglobin_g_per_dl_to_g_per_l, u.haemoglobin_g_per_l_to_g_per_dl),
        (u.percent_to_fraction, u.fraction_to_percent),
    ],
)
@given(x=st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_conversions_round_trip(there, back, x):
    assert back(there(x)) == pytest.approx(x, rel=1e-12, abs=1e-300)


@pytest.mark.parametrize(
    "func, name",
    [
        (u.albumin_g_per_l_to_g_per_dl, "albumin_g_per_l"),
        (u.calcium_mg_per_dl_to_mmol_per_l, "calcium_mg_per_dl"),
        (u.creatinine_umol_per_l_to_mg_per_dl, "creatinine_umol_per_l"),
        (u.haemoglobin_g_per_dl_to_g_per_l, "haemoglobin_g_per_dl"),
    ],
)
def test_concentration_conversions_reject_negatives_bools_nan(func, name):
    for bad in (-0.1, True, math.nan, "35"):
        with pytest.raises(ValueError, match=name):
            func(bad)


def test_percent_conversions_allow_negative_changes():
    assert u.percent_to_fraction(-10) == -0.1
    assert u.fraction_to_percent(1.2) == pytest.approx(120)
    with pytest.raises(ValueError, match="percent"):
        u.percent_to_fraction(math.inf)


def test_module_docstring_lists_every_public_name():
    for name in u.__all__:
        assert name in u.__doc__, name
