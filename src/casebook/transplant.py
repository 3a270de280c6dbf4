"""Autologous transplant arithmetic: body size, melphalan dose, antibody decay.

Pure functions, keyword-only, units in the names; bad input raises :class:`ValueError` naming
the parameter, unit, valid range and the likely unit mix-up. Standard library and
:mod:`casebook.units` only.

- Body size: :func:`bsa_mosteller`, :func:`bsa_dubois`, :func:`ideal_body_weight_kg` (Devine,
  unverified here), :func:`adjusted_body_weight_kg`, :func:`dosing_weight_kg`.
- Melphalan: :func:`melphalan_dose_mg` and the renal rule :func:`melphalan_dose_per_m2`, whose
  threshold is an institutional parameter.
- Kinetics (teaching model): :func:`igg_fraction_remaining`, :func:`antibody_level`,
  :func:`days_below_cutoff`.

The plausibility ranges below catch unit mix-ups; they are not clinical limits.

Examples
--------
The case's conditioning, for an illustrative 160 cm, 65 kg adult (the letter gives no height or
weight):

>>> bsa = bsa_mosteller(height_cm=160, weight_kg=65)
>>> round(bsa, 2), round(melphalan_dose_mg(bsa_m2=round(bsa, 2)))
(1.7, 340)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from casebook.units import require_bool, require_finite, require_finite_or_none

__all__ = [
    "BMI_RANGE",
    "BSA_RANGE_M2",
    "HEIGHT_RANGE_CM",
    "IGA_HALF_LIFE_DAYS",
    "IGG_HALF_LIFE_DAYS",
    "IGM_HALF_LIFE_DAYS",
    "WEIGHT_RANGE_KG",
    "MelphalanDoseLevel",
    "adjusted_body_weight_kg",
    "antibody_level",
    "bsa_dubois",
    "bsa_mosteller",
    "days_below_cutoff",
    "dosing_weight_kg",
    "ideal_body_weight_kg",
    "igg_fraction_remaining",
    "melphalan_dose_mg",
    "melphalan_dose_per_m2",
]

#: Adult plausibility ranges (inclusive), guards against unit mix-ups, not clinical limits:
#: 1.6 "cm" (metres) and 63 "cm" (inches) fall outside.
HEIGHT_RANGE_CM = (120.0, 250.0)
WEIGHT_RANGE_KG = (25.0, 300.0)
BSA_RANGE_M2 = (0.5, 5.0)  # the largest BSA the height, weight and BMI guards allow is about 4.6
#: Plausible BMI for a height/weight pair. A weight in pounds multiplies BMI by 2.2, so this
#: catches pounds for anyone with a true BMI above about 32; a guard, not a clinical limit.
BMI_RANGE = (12.0, 70.0)
#: IgG serum half-life, about 3-4 weeks (The Binding Site, Wikilite; long because FcRn recycles
#: IgG: Roopenian and Akilesh, Nat Rev Immunol 2007, doi:10.1038/nri2155).
IGG_HALF_LIFE_DAYS = 21.0
#: IgA and IgM half-lives, best knowledge and UNVERIFIED (no primary source read).
IGA_HALF_LIFE_DAYS = 5.5
IGM_HALF_LIFE_DAYS = 5.0

_CM_PER_INCH = 2.54
_LB_PER_KG = 2.20462


def _height_hint(x: float) -> str | None:
    if x < 3:
        return f"looks like metres: use {x * 100:g} cm"
    if 40 <= x < HEIGHT_RANGE_CM[0]:
        return f"looks like inches: use {x * _CM_PER_INCH:.1f} cm"
    if x > 1000:
        return f"looks like millimetres: use {x / 10:g} cm"
    return None


def _weight_hint(x: float) -> str | None:
    if x > WEIGHT_RANGE_KG[1]:
        return f"looks like pounds (use {x / _LB_PER_KG:.1f} kg) or grams"
    return None


def _percent_hint(x: float) -> str | None:
    return "looks like a percentage: divide by 100" if x > 1 else None


def _height(value: object, name: str = "height_cm") -> float:
    low, high = HEIGHT_RANGE_CM
    return require_finite(value, name=name, unit="cm", low=low, high=high, hint=_height_hint)


def _weight(value: object, name: str = "weight_kg") -> float:
    low, high = WEIGHT_RANGE_KG
    return require_finite(value, name=name, unit="kg", low=low, high=high, hint=_weight_hint)


def _bsa(value: object, name: str = "bsa_m2") -> float:
    low, high = BSA_RANGE_M2
    return require_finite(
        value, name=name, unit="m2", low=low, high=high,
        hint="an adult BSA is about 1.4 to 2.6 m2; check it is in m2, not a dose or a weight",
    )


def _body(height_cm: object, weight_kg: object) -> tuple[float, float]:
    """Validated (height, weight), including the BMI cross-check."""
    h, w = _height(height_cm), _weight(weight_kg)
    bmi = w / (h / 100) ** 2
    if not BMI_RANGE[0] <= bmi <= BMI_RANGE[1]:
        raise ValueError(
            f"weight_kg={w:g} kg with height_cm={h:g} cm gives BMI {bmi:.1f} kg/m2, outside the "
            f"plausible {BMI_RANGE[0]:g} to {BMI_RANGE[1]:g} kg/m2; if the weight is in pounds, "
            f"use {w / _LB_PER_KG:.1f} kg")
    return h, w


def _sex(sex: object) -> str:
    if sex not in ("female", "male"):
        raise ValueError(f"sex must be 'female' or 'male', got {sex!r}")
    return sex


def bsa_mosteller(*, height_cm: float, weight_kg: float) -> float:
    """Body surface area by Mosteller's formula.

    Parameters
    ----------
    height_cm : float
        Height in cm, adult plausibility range 120 to 250 cm.
    weight_kg : float
        Weight in kg, 25 to 300 kg; together with height, BMI 12 to 70 kg/m2.

    Returns
    -------
    float
        BSA in m2, ``sqrt(height_cm * weight_kg / 3600)``.

    Raises
    ------
    ValueError
        If an input is not a finite number in range; the message suggests the likely mix-up
        (height in metres or inches, weight in pounds). A weight in pounds is caught only when
        it pushes the BMI above 70 or the weight above 300: 65 kg entered as 143 passes.

    Notes
    -----
    VERIFIED formula (Mosteller, N Engl J Med 1987, doi:10.1056/NEJM198710223171717). Which
    weight to put in is a separate decision: see :func:`dosing_weight_kg`.

    References
    ----------
    Mosteller RD. Simplified calculation of body-surface area. N Engl J Med 1987;317:1098.
    DOI 10.1056/NEJM198710223171717 (Mosteller1987).

    Examples
    --------
    >>> round(bsa_mosteller(height_cm=160, weight_kg=65), 2)
    1.7
    >>> bsa_mosteller(height_cm=1.6, weight_kg=65)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: height_cm=1.6 cm is outside the valid range 120 to 250 cm; looks like metres...
    """
    h, w = _body(height_cm, weight_kg)
    return math.sqrt(h * w / 3600)


def bsa_dubois(*, height_cm: float, weight_kg: float) -> float:
    """Body surface area by the DuBois and DuBois formula.

    Parameters
    ----------
    height_cm : float
        Height in cm, 120 to 250 cm.
    weight_kg : float
        Weight in kg, 25 to 300 kg; BMI 12 to 70 kg/m2.

    Returns
    -------
    float
        BSA in m2, ``0.007184 * weight_kg**0.425 * height_cm**0.725``.

    Raises
    ------
    ValueError
        As :func:`bsa_mosteller`.

    Notes
    -----
    VERIFIED formula (DuBois and DuBois, Arch Intern Med 1916; no DOI). It underestimates BSA
    in obesity by about 3-5 % relative to Mosteller.

    References
    ----------
    DuBois D, DuBois EF. A formula to estimate the approximate surface area if height and weight
    be known. Arch Intern Med 1916;17:863-871 (DuBois1916).

    Examples
    --------
    >>> round(bsa_dubois(height_cm=160, weight_kg=65), 2)
    1.68
    """
    h, w = _body(height_cm, weight_kg)
    return 0.007184 * w**0.425 * h**0.725


def ideal_body_weight_kg(*, height_cm: float, sex: str) -> float:
    """Ideal body weight by the Devine formula (UNVERIFIED here).

    Parameters
    ----------
    height_cm : float
        Height in cm, 120 to 250 cm.
    sex : {"female", "male"}
        Selects the base weight.

    Returns
    -------
    float
        IBW in kg: 45.5 (female) or 50 (male) + 2.3 kg per inch of height over 60 inches.

    Raises
    ------
    ValueError
        If ``height_cm`` is out of range or ``sex`` is not ``"female"``/``"male"``.

    Notes
    -----
    UNVERIFIED: the Devine constants are standard and match secondary calculator pages, but the
    primary source (Devine, Drug Intell Clin Pharm 1974) was not read for this package. Below
    60 inches (152.4 cm) the line is extrapolated, so IBW falls below the base weight; centres
    differ here.

    Examples
    --------
    >>> round(ideal_body_weight_kg(height_cm=160, sex="female"), 1)
    52.4
    """
    inches_over_60 = _height(height_cm) / _CM_PER_INCH - 60
    base = 45.5 if _sex(sex) == "female" else 50.0
    return base + 2.3 * inches_over_60


def adjusted_body_weight_kg(*, ideal_kg: float, actual_kg: float, factor: float = 0.25) -> float:
    """Adjusted body weight: ``ideal_kg + factor * (actual_kg - ideal_kg)``.

    Parameters
    ----------
    ideal_kg : float
        Ideal body weight in kg (e.g. from :func:`ideal_body_weight_kg`), 15 to 300 kg.
    actual_kg : float
        Actual body weight in kg, 25 to 300 kg.
    factor : float, default 0.25
        Fraction of the excess over IBW that is added back, 0 to 1. 0.25 is common (VERIFIED, ASH
        2025 abstract); Barnes-Jewish uses 0.2 when weight is >= 120 % of IBW (VERIFIED).

    Returns
    -------
    float
        AdjBW in kg. Applied as written also when ``actual_kg < ideal_kg`` (it then lies between
        the two); whether to adjust at all below a weight threshold is an institutional choice.

    Raises
    ------
    ValueError
        If a weight or ``factor`` is out of range (``factor=25`` looks like a percentage).

    Examples
    --------
    >>> adjusted_body_weight_kg(ideal_kg=60, actual_kg=100)
    70.0
    """
    ideal = require_finite(ideal_kg, name="ideal_kg", unit="kg", low=15, high=300)
    actual = _weight(actual_kg, "actual_kg")
    f = require_finite(factor, name="factor", unit="", low=0, high=1, hint=_percent_hint)
    return ideal + f * (actual - ideal)


def dosing_weight_kg(
    *, height_cm: float, weight_kg: float, sex: str, basis: str = "actual", factor: float = 0.25
) -> float:
    """The weight that goes into the dosing BSA, by the chosen ``basis``.

    Parameters
    ----------
    height_cm, weight_kg : float
        Height (cm) and actual weight (kg).
    sex : {"female", "male"}
        For the Devine IBW.
    basis : {"actual", "ideal", "adjusted"}, default "actual"
        ``"actual"`` follows the ASBMT position (Bubalo 2014); ``"ideal"`` and ``"adjusted"``
        (IBW + ``factor`` x excess) are common alternatives.
    factor : float, default 0.25
        Used only with ``basis="adjusted"``.

    Returns
    -------
    float
        Weight in kg.

    Notes
    -----
    There is no Level I/II evidence. The ASBMT practice guideline committee endorsed actual body
    weight in the BSA for melphalan (Bubalo 2014, VERIFIED via secondary sources). Practice varies:
    in an EBMT survey of 56 centres, 80.5 % adjusted doses for obesity, using ABW (16 centres),
    IBW (10) or IBW + 25 % of the excess (16), and 44 % of adjusting centres capped BSA at 2 m2
    (Shem-Tov 2015, VERIFIED); see ``bsa_cap_m2`` in :func:`melphalan_dose_mg`.

    References
    ----------
    Bubalo J, et al. Biol Blood Marrow Transplant 2014;20(5):600-616.
    DOI 10.1016/j.bbmt.2014.01.019 (Bubalo2014).
    Shem-Tov N, et al. Oncologist 2015;20(1):50-55. DOI 10.1634/theoncologist.2014-0187
    (ShemTov2015).

    Examples
    --------
    >>> dosing_weight_kg(height_cm=160, weight_kg=95, sex="female")
    95.0
    >>> round(dosing_weight_kg(height_cm=160, weight_kg=95, sex="female", basis="adjusted"), 1)
    63.0
    """
    _, actual = _body(height_cm, weight_kg)
    _sex(sex)
    if basis == "actual":
        return actual
    if basis not in ("ideal", "adjusted"):
        raise ValueError(f"basis must be 'actual', 'ideal' or 'adjusted', got {basis!r}")
    ideal = ideal_body_weight_kg(height_cm=height_cm, sex=sex)
    if basis == "ideal":
        return ideal
    return adjusted_body_weight_kg(ideal_kg=ideal, actual_kg=actual, factor=factor)


def melphalan_dose_mg(
    *, bsa_m2: float, dose_mg_per_m2: float = 200, bsa_cap_m2: float | None = None
) -> float:
    """Melphalan dose for one conditioning course: ``dose_mg_per_m2 * BSA``.

    Parameters
    ----------
    bsa_m2 : float
        Body surface area in m2, 0.5 to 5 (any BSA the body-size functions can return).
    dose_mg_per_m2 : float, default 200
        Dose level in mg/m2, 1 to 250: 200 (MEL200, standard) or 140 (MEL140; see
        :func:`melphalan_dose_per_m2`).
    bsa_cap_m2 : float or None, default None
        Optional cap on the BSA (e.g. 2.0, used by 44 % of EBMT centres that adjust, Shem-Tov
        2015); ``None`` = no cap, as in the ASBMT position (Bubalo 2014).

    Returns
    -------
    float
        Dose in mg per course (unrounded). A tandem transplant gives it twice.

    Raises
    ------
    ValueError
        For an implausible BSA or dose level (a total in mg passed as mg/m2 is caught).

    Notes
    -----
    MEL200 is the standard conditioning for myeloma ASCT (VERIFIED; e.g. Cavo et al., Lancet
    Haematol 2020, the EMN02/HO95 trial); the case received it twice (February and June 2024).

    Examples
    --------
    >>> melphalan_dose_mg(bsa_m2=1.70)
    340.0
    >>> melphalan_dose_mg(bsa_m2=1.70, dose_mg_per_m2=140)
    238.0
    >>> melphalan_dose_mg(bsa_m2=2.3, bsa_cap_m2=2.0)
    400.0
    """
    bsa = _bsa(bsa_m2)
    dose = require_finite(dose_mg_per_m2, name="dose_mg_per_m2", unit="mg/m2", low=1, high=250,
                          hint="this looks like a total dose in mg, not mg/m2")
    cap = require_finite_or_none(bsa_cap_m2, name="bsa_cap_m2", unit="m2", low=1.0, high=3.5)
    return dose * (bsa if cap is None else min(bsa, cap))


@dataclass(frozen=True)
class MelphalanDoseLevel:
    """Result of :func:`melphalan_dose_per_m2`: the dose level and why."""

    dose_mg_per_m2: float
    reduced: bool
    reason: str


def melphalan_dose_per_m2(
    *,
    crcl_ml_per_min: float | None,
    on_dialysis: bool = False,
    threshold_ml_per_min: float = 30,
    reduced_mg_per_m2: float = 140,
    standard_mg_per_m2: float = 200,
) -> MelphalanDoseLevel:
    """Melphalan dose level by renal function, under an INSTITUTIONAL threshold.

    Parameters
    ----------
    crcl_ml_per_min : float or None
        Creatinine clearance or eGFR in mL/min, 0 to 250. ``None`` only when ``on_dialysis``.
    on_dialysis : bool, default False
        Dialysis always selects the reduced dose.
    threshold_ml_per_min : float, default 30
        Reduce when ``crcl_ml_per_min < threshold`` (strictly below; exactly 30 -> standard).
        An institutional convention, 5 to 90 mL/min.
    reduced_mg_per_m2, standard_mg_per_m2 : float, default 140 and 200
        The two dose levels, mg/m2; reduced must be below standard.

    Returns
    -------
    MelphalanDoseLevel
        ``dose_mg_per_m2``, ``reduced`` and a ``reason`` that names the rule.

    Raises
    ------
    ValueError
        For out-of-range numbers, a missing CrCl without dialysis, or reduced >= standard.

    Notes
    -----
    PARTIAL: no guideline gives a single CrCl threshold. In CIBMTR data 2008-2013 (PMC5859934),
    MEL200 was given to 92 %, 75 % and 33 % of patients with MDRD eGFR >= 60, 30-59 and < 30
    mL/min; a single-centre iohexol study suggests reducing below 30 mL/min. The default
    (< 30 or dialysis -> MEL140) is the package's institutional convention, not a guideline.
    Some centres also reduce for creatinine > 2 mg/dL or age > 70 (UNVERIFIED; not modelled).
    A CrCl in mL/s (normal about 1.5-2) cannot be told from severe renal failure in mL/min, so
    it is not caught: convert first (mL/s x 60). The IMWG renal recommendations
    (Dimopoulos 2016) are the citation for renal management; their exact MEL140 statement is
    UNVERIFIED.

    References
    ----------
    Dimopoulos MA, et al. J Clin Oncol 2016;34(13):1544-1557. DOI 10.1200/JCO.2015.65.0044
    (Dimopoulos2016).

    Examples
    --------
    >>> melphalan_dose_per_m2(crcl_ml_per_min=29).dose_mg_per_m2
    140.0
    >>> melphalan_dose_per_m2(crcl_ml_per_min=30).reason
    'CrCl 30 mL/min is not below the institutional threshold of 30 mL/min: standard 200 mg/m2'
    """
    dialysis = require_bool(on_dialysis, name="on_dialysis")
    crcl = require_finite_or_none(crcl_ml_per_min, name="crcl_ml_per_min", unit="mL/min",
                                  low=0, high=250)
    if crcl is None and not dialysis:
        raise ValueError("crcl_ml_per_min (mL/min) is required unless on_dialysis=True")
    limit = require_finite(threshold_ml_per_min, name="threshold_ml_per_min", unit="mL/min",
                           low=5, high=90)
    reduced = require_finite(reduced_mg_per_m2, name="reduced_mg_per_m2", unit="mg/m2",
                             low=50, high=250)
    standard = require_finite(standard_mg_per_m2, name="standard_mg_per_m2", unit="mg/m2",
                              low=50, high=250)
    if reduced >= standard:
        raise ValueError(f"reduced_mg_per_m2={reduced:g} must be below "
                         f"standard_mg_per_m2={standard:g} (mg/m2)")
    if dialysis:
        return MelphalanDoseLevel(reduced, True, f"on dialysis: reduced {reduced:g} mg/m2")
    if crcl < limit:
        return MelphalanDoseLevel(reduced, True, (
            f"CrCl {crcl:g} mL/min is below the institutional threshold of {limit:g} mL/min: "
            f"reduced {reduced:g} mg/m2"))
    return MelphalanDoseLevel(standard, False, (
        f"CrCl {crcl:g} mL/min is not below the institutional threshold of {limit:g} mL/min: "
        f"standard {standard:g} mg/m2"))


def _half_life(value: object) -> float:
    return require_finite(value, name="half_life_days", unit="days", low=1, high=100,
                          hint=lambda x: "looks like hours: divide by 24" if x > 100 else None)


def _days(value: object) -> float:
    return require_finite(value, name="days", unit="days", low=0, high=36500)


def _fraction(value: object, name: str) -> float:
    return require_finite(value, name=name, unit="fraction", low=0, high=1, hint=_percent_hint)


def igg_fraction_remaining(*, days: float, half_life_days: float = IGG_HALF_LIFE_DAYS) -> float:
    """Fraction of an IgG level left after ``days`` with no new production: ``0.5**(t/t_half)``.

    Parameters
    ----------
    days : float
        Time since production stopped, 0 to 36500 days.
    half_life_days : float, default 21
        Serum half-life, 1 to 100 days. IgG about 21 days (3-4 weeks, VERIFIED); IgA
        (``IGA_HALF_LIFE_DAYS``, 5.5) and IgM (``IGM_HALF_LIFE_DAYS``, 5) are UNVERIFIED.

    Returns
    -------
    float
        Fraction of the starting level, in (0, 1].

    Notes
    -----
    First-order decay only: a teaching model, not a fitted pharmacokinetic model. Four
    half-lives leave 1/16. The long IgG half-life comes from FcRn recycling (Roopenian 2007).

    References
    ----------
    IgG half-life of 3-4 weeks: The Binding Site, Wikilite ("IgG ... half-life of 3-4 weeks").
    FcRn and the long IgG half-life: Roopenian DC, Akilesh S. Nat Rev Immunol
    2007;7(9):715-725, doi:10.1038/nri2155.

    Examples
    --------
    >>> igg_fraction_remaining(days=84)
    0.0625
    """
    return 0.5 ** (_days(days) / _half_life(half_life_days))


def antibody_level(
    *, days: float, depleted_fraction: float, half_life_days: float = IGG_HALF_LIFE_DAYS,
    baseline: float = 1.0,
) -> float:
    """Autoantibody level after removing a fraction of the cells that make it (teaching model).

    Parameters
    ----------
    days : float
        Days since the producing cells were removed, 0 to 36500.
    depleted_fraction : float
        Fraction of antibody-producing cells removed, 0 to 1 (``80`` looks like a percentage).
    half_life_days : float, default 21
        Antibody half-life in days (IgG; IgA/IgM values are UNVERIFIED).
    baseline : float, default 1.0
        Steady-state level before treatment, in assay units (> 0); 1.0 gives fractions.

    Returns
    -------
    float
        ``L_ss + (L0 - L_ss) * 0.5**(days / half_life_days)`` with ``L_ss = (1 - d) * L0``.

    Notes
    -----
    A deliberately simple TEACHING model, not a fitted pharmacokinetic model: production is
    proportional to the surviving producing cells, clearance is first order, the surviving
    cells do not expand, and repopulation (e.g. autoreactive clones returning from the graft or
    the memory pool) is not modelled. It shows why depleting long-lived plasma cells (anti-CD38,
    melphalan) lowers autoantibodies while B-cell depletion alone often does not (Anolik 2004;
    Ostendorf 2020). Real titres also depend on the assay's non-linear response.

    References
    ----------
    Anolik JH, et al. Arthritis Rheum 2004;50(11):3580-3590. DOI 10.1002/art.20592
    (Anolik2004).
    Ostendorf L, et al. N Engl J Med 2020;383(12):1149-1155. DOI 10.1056/NEJMoa2023325
    (Ostendorf2020).

    Examples
    --------
    >>> antibody_level(days=84, depleted_fraction=1.0)
    0.0625
    >>> antibody_level(days=84, depleted_fraction=0.5, baseline=100)
    53.125
    """
    d = _fraction(depleted_fraction, "depleted_fraction")
    base = _positive(baseline, "baseline", "assay units")
    steady = (1 - d) * base
    return steady + (base - steady) * igg_fraction_remaining(days=days,
                                                             half_life_days=half_life_days)


def days_below_cutoff(
    *, depleted_fraction: float, cutoff_fraction: float | None = None,
    half_life_days: float = IGG_HALF_LIFE_DAYS, cutoff: float | None = None,
    baseline: float | None = None,
) -> float:
    """Days until :func:`antibody_level` reaches an assay cut-off (``math.inf`` if never).

    Parameters
    ----------
    depleted_fraction : float
        Fraction of producing cells removed, 0 to 1.
    cutoff_fraction : float, optional
        Cut-off as a fraction of the baseline level (> 0). Give this, or both ``cutoff`` and
        ``baseline`` in the same assay units.
    half_life_days : float, default 21
        Antibody half-life in days.
    cutoff, baseline : float, optional
        Cut-off and pre-treatment level in assay units (both > 0).

    Returns
    -------
    float
        Days until the level first equals the cut-off (below it afterwards): ``0`` if the
        baseline is already at or below it; ``math.inf`` if the new steady state
        ``(1 - depleted_fraction)`` stays at or above it. Otherwise
        ``t_half * log2((1 - s) / (c - s))`` with ``s = 1 - depleted_fraction``.

    Notes
    -----
    Same teaching model and caveats as :func:`antibody_level`.

    Examples
    --------
    >>> days_below_cutoff(depleted_fraction=1.0, cutoff_fraction=0.0625)
    84.0
    >>> days_below_cutoff(depleted_fraction=0.5, cutoff_fraction=0.4)
    inf
    >>> round(days_below_cutoff(depleted_fraction=0.9, cutoff=20, baseline=80), 1)
    54.3
    """
    d = _fraction(depleted_fraction, "depleted_fraction")
    c = _cutoff_fraction(cutoff_fraction, cutoff, baseline)
    half = _half_life(half_life_days)
    steady = 1 - d
    if c >= 1:
        return 0.0
    # The level only approaches its new steady state: a cut-off at it (up to float error,
    # e.g. 1 - 0.9 != 0.1) is never reached.
    if c <= steady or math.isclose(c, steady, rel_tol=1e-9):
        return math.inf
    return half * math.log2((1 - steady) / (c - steady))


def _cutoff_fraction(cutoff_fraction, cutoff, baseline) -> float:
    if cutoff_fraction is not None:
        if cutoff is not None or baseline is not None:
            raise ValueError("give cutoff_fraction, or cutoff and baseline, not both")
        return _positive(cutoff_fraction, "cutoff_fraction", "fraction of baseline")
    if cutoff is None or baseline is None:
        raise ValueError("give cutoff_fraction, or both cutoff and baseline (assay units)")
    return _positive(cutoff, "cutoff", "assay units") / _positive(baseline, "baseline",
                                                                  "assay units")


def _positive(value: object, name: str, unit: str) -> float:
    x = require_finite(value, name=name, unit=unit, low=0, high=1e9)
    if x == 0:
        raise ValueError(f"{name} must be > 0 ({unit}), got 0")
    return x
