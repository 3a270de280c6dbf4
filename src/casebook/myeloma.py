"""Multiple myeloma: ISS, R-ISS, R2-ISS staging, IMWG 2014 diagnosis, measurable disease, MRD.

Pure functions of the standard library and :mod:`casebook.units`. Every rule cites its
source (author, year, journal, DOI); where a number could not be checked against its source,
it is marked UNVERIFIED and is a parameter with a documented default. Outcomes by stage live
in ``data/myeloma_stage_outcomes.csv`` and the IMWG 2016 response categories in
``data/imwg_response.csv`` (load with
``casebook.tables.load_table``).

Public names
------------
Staging: ``iss_stage``, ``iss_stage_si``, ``r_iss_stage``, ``r2_iss_score``, ``r2_iss_stage``,
``r2_iss_stage_from_score``; with reasons: ``explain_iss``, ``explain_r_iss``,
``explain_r2_iss`` (return :class:`StageResult`). Diagnosis: ``imwg_2014_diagnosis``
(:class:`Imwg2014Result`), ``measurable_disease`` (:class:`MeasurableDiseaseResult`).
MRD: ``parse_mrd``, ``mrd_negative_at``, ``mrd_negative_levels``.

Examples
--------
The case (Ruiz-Esquide 2026 letter): ISS I, del(17p) (TP53 deletion), MRD "<0.00023%".

>>> r_iss_stage(iss_stage=1, del17p=True)
2
>>> r2_iss_stage(iss_stage=1, del17p=True)  # LDH, t(4;14), 1q+ not reported: assumed absent
2
>>> mrd_negative_levels("<0.00023%")
(0.0001, 1e-05)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import product

from casebook.units import (
    calcium_mg_per_dl_to_mmol_per_l,
    require_bool,
    require_finite,
    require_finite_or_none,
    require_int,
)

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Plausibility windows (mg/L, g/dL, g/L): wide enough for real patients, narrow enough that
# the common unit mix-ups fall outside them. beta2M: 11.8 kDa, so 1 mg/L is about 85 nmol/L;
# reference intervals are about 1.2-2.4 mg/L, so a serum value < 0.5 mg/L is implausible.
BETA2M_RANGE_MG_PER_L = (0.5, 100.0)
ALBUMIN_RANGE_G_PER_DL = (0.5, 7.0)
ALBUMIN_RANGE_G_PER_L = (5.0, 70.0)

#: R2-ISS points, VERIFIED against D'Agostino et al. 2022 (J Clin Oncol; the DOI is in
#: :func:`r2_iss_stage`'s references).
R2_ISS_POINTS = {"iss_2": 1.0, "iss_3": 1.5, "del17p": 1.0, "ldh_above_uln": 1.0,
                 "t4_14": 1.0, "gain_1q": 0.5}
#: Standard MRD sensitivity levels; IMWG 2016 requires at least 1e-5 (Kumar 2016).
MRD_STANDARD_LEVELS = (1e-4, 1e-5, 1e-6)
IMWG_MRD_MIN_SENSITIVITY = 1e-5

_FACTOR_TEXT = {"del17p": "del(17p)", "t4_14": "t(4;14)", "t14_16": "t(14;16)",
                "gain_1q": "1q+", "ldh_above_uln": "LDH > ULN"}


@dataclass(frozen=True)
class StageResult:
    """A stage with the reason, for teaching displays.

    ``stage_range`` is (lowest, highest) stage over the factors passed as ``None`` (not
    reported); ``assumed_absent`` names them. ``stage`` counts them as absent.
    """

    system: str
    stage: int
    reason: str
    stage_range: tuple[int, int]
    score: float | None = None
    assumed_absent: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """E.g. ``"R-ISS II"``."""
        return f"{self.system} {ROMAN[self.stage]}"


# --------------------------------------------------------------------------- ISS
def _beta2m_hint(x: float) -> str:
    if x > BETA2M_RANGE_MG_PER_L[1]:
        return ("values this high look like nmol/L (divide by about 85) "
                "or ug/L = ng/mL (divide by 1000)")
    return "a serum value this low is implausible; if reported in mg/dL, multiply by 10"


def _albumin_dl_hint(x: float) -> str | None:
    if x > ALBUMIN_RANGE_G_PER_DL[1]:
        return (f"{x:g} looks like g/L: divide by 10 ({x:g} g/L = {x / 10:g} g/dL), "
                "or call iss_stage_si")
    return None


def _albumin_l_hint(x: float) -> str | None:
    if x < ALBUMIN_RANGE_G_PER_L[0]:
        return f"{x:g} looks like g/dL: multiply by 10 ({x:g} g/dL = {x * 10:g} g/L)"
    return None


def _checked_beta2m(value: float) -> float:
    return require_finite(value, name="beta2m_mg_per_l", unit="mg/L",
                          low=BETA2M_RANGE_MG_PER_L[0], high=BETA2M_RANGE_MG_PER_L[1],
                          hint=_beta2m_hint)


def _checked_albumin_dl(value: float) -> float:
    return require_finite(value, name="albumin_g_per_dl", unit="g/dL",
                          low=ALBUMIN_RANGE_G_PER_DL[0], high=ALBUMIN_RANGE_G_PER_DL[1],
                          hint=_albumin_dl_hint)


def _iss_rule(b2m: float, alb_g_per_dl: float) -> tuple[int, str]:
    b, a = f"beta2M {b2m:g} mg/L", f"albumin {alb_g_per_dl:g} g/dL"
    if b2m >= 5.5:
        return 3, f"{b} >= 5.5: ISS III whatever the albumin."
    if b2m >= 3.5:
        return 2, f"{b} is 3.5 to < 5.5: ISS II whatever the albumin."
    if alb_g_per_dl >= 3.5:
        return 1, f"{b} < 3.5 and {a} >= 3.5: ISS I."
    return 2, f"{b} < 3.5 but {a} < 3.5: ISS II."


def explain_iss(
    *, beta2m_mg_per_l: float, albumin_g_per_dl: float | None = None,
    albumin_g_per_l: float | None = None,
) -> StageResult:
    """ISS stage with its reason; give albumin in exactly one unit (g/dL or g/L).

    See :func:`iss_stage` for the rule, boundaries and references.

    Examples
    --------
    >>> explain_iss(beta2m_mg_per_l=3.0, albumin_g_per_l=35).reason
    'beta2M 3 mg/L < 3.5 and albumin 3.5 g/dL >= 3.5: ISS I.'
    """
    b2m = _checked_beta2m(beta2m_mg_per_l)
    if (albumin_g_per_dl is None) == (albumin_g_per_l is None):
        raise ValueError("give exactly one of albumin_g_per_dl (g/dL) or albumin_g_per_l (g/L)")
    if albumin_g_per_dl is not None:
        alb = _checked_albumin_dl(albumin_g_per_dl)
    else:
        alb = require_finite(albumin_g_per_l, name="albumin_g_per_l", unit="g/L",
                             low=ALBUMIN_RANGE_G_PER_L[0], high=ALBUMIN_RANGE_G_PER_L[1],
                             hint=_albumin_l_hint) / 10
    stage, reason = _iss_rule(b2m, alb)
    return StageResult("ISS", stage, reason, (stage, stage))


def iss_stage(*, beta2m_mg_per_l: float, albumin_g_per_dl: float) -> int:
    """International Staging System stage (Greipp 2005).

    Parameters
    ----------
    beta2m_mg_per_l : float
        Serum beta2-microglobulin in mg/L (= ug/mL), plausible range 0.5 to 100.
    albumin_g_per_dl : float
        Serum albumin in g/dL, plausible range 0.5 to 7 (for g/L use :func:`iss_stage_si`).

    Returns
    -------
    int
        1, 2 or 3.

    Raises
    ------
    ValueError
        Non-numbers, bools, NaN/inf or values outside the plausible ranges; the message names
        the parameter, unit, range and the likely mix-up (albumin 35 "g/dL" is g/L; beta2M in
        the hundreds is nmol/L or ug/L).

    Notes
    -----
    I: beta2M < 3.5 mg/L and albumin >= 3.5 g/dL; III: beta2M >= 5.5 mg/L (albumin
    irrelevant); II: neither. So beta2M exactly 3.5 is stage II, exactly 5.5 is stage III,
    albumin exactly 3.5 g/dL (35 g/L) counts as normal. VERIFIED (Greipp et al., J Clin Oncol
    2005, doi:10.1200/JCO.2005.04.242).
    The IMWG web page prints "albumin > 3.5" and "beta2M > 5.5", apparently a lost ">="
    glyph; the journal abstract has ">=", which is implemented here.

    References
    ----------
    Greipp PR, et al. International staging system for multiple myeloma. J Clin Oncol
    2005;23(15):3412-3420. doi:10.1200/JCO.2005.04.242

    Examples
    --------
    Worked examples, derived from the rule (Greipp et al. 2005):

    >>> iss_stage(beta2m_mg_per_l=2.8, albumin_g_per_dl=4.0)
    1
    >>> iss_stage(beta2m_mg_per_l=3.5, albumin_g_per_dl=3.5)
    2
    """
    return explain_iss(beta2m_mg_per_l=beta2m_mg_per_l, albumin_g_per_dl=albumin_g_per_dl).stage


def iss_stage_grid(*, beta2m_mg_per_l: Sequence[float],
                   albumin_g_per_dl: Sequence[float]) -> list[list[int]]:
    """:func:`iss_stage` at every (albumin, beta2M) pair: one row per albumin value.

    Each value is checked once, as :func:`iss_stage` checks it, so a map of 150 x 150 points
    costs 300 checks, not 45,000.

    Examples
    --------
    >>> iss_stage_grid(beta2m_mg_per_l=[2.8, 4.0, 6.0], albumin_g_per_dl=[3.2, 4.0])
    [[2, 2, 3], [1, 2, 3]]
    """
    b2m = [_checked_beta2m(b) for b in beta2m_mg_per_l]
    return [[_iss_rule(b, alb)[0] for b in b2m]
            for alb in map(_checked_albumin_dl, albumin_g_per_dl)]


def iss_stage_si(*, beta2m_mg_per_l: float, albumin_g_per_l: float) -> int:
    """ISS stage with albumin in g/L (35 g/L = 3.5 g/dL); otherwise as :func:`iss_stage`.

    Examples
    --------
    >>> iss_stage_si(beta2m_mg_per_l=3.0, albumin_g_per_l=35)
    1
    """
    return explain_iss(beta2m_mg_per_l=beta2m_mg_per_l, albumin_g_per_l=albumin_g_per_l).stage


# --------------------------------------------------------- factors and unknowns
def _check_iss(iss_stage: object) -> int:
    return require_int(iss_stage, name="iss_stage", low=1, high=3)


def _split_flags(flags: dict[str, object]) -> tuple[dict[str, bool], tuple[str, ...]]:
    known = {k: require_bool(v, name=k) for k, v in flags.items() if v is not None}
    return known, tuple(k for k, v in flags.items() if v is None)


def _range(rule, known: dict[str, bool], unknown: tuple[str, ...]) -> tuple[int, int]:
    stages = [rule(**known, **dict(zip(unknown, combo)))
              for combo in product((False, True), repeat=len(unknown))]
    return min(stages), max(stages)


def _unknown_text(system: str, unknown: tuple[str, ...], rng: tuple[int, int]) -> str:
    if not unknown:
        return ""
    names = ", ".join(_FACTOR_TEXT[k] for k in unknown)
    text = f" Not reported, counted as absent: {names}."
    if rng[1] > rng[0]:
        text += f" If present, the stage could be up to {system} {ROMAN[rng[1]]}."
    return text


# ------------------------------------------------------------------------ R-ISS
def _r_iss_rule(*, iss: int, del17p: bool, t4_14: bool, t14_16: bool,
                ldh_above_uln: bool) -> int:
    high_risk = del17p or t4_14 or t14_16
    if iss == 1 and not high_risk and not ldh_above_uln:
        return 1
    if iss == 3 and (high_risk or ldh_above_uln):
        return 3
    return 2


def explain_r_iss(*, iss_stage: int, del17p: bool | None = False, t4_14: bool | None = False,
                  t14_16: bool | None = False, ldh_above_uln: bool | None = False) -> StageResult:
    """R-ISS stage with its reason; a factor passed as ``None`` means "not reported".

    See :func:`r_iss_stage` for the rule. ``stage`` counts unknown factors as absent and
    ``stage_range`` shows how far they could move it.

    Examples
    --------
    >>> explain_r_iss(iss_stage=1, del17p=True, ldh_above_uln=None).stage_range
    (2, 2)
    """
    iss = _check_iss(iss_stage)
    flags = {"del17p": del17p, "t4_14": t4_14, "t14_16": t14_16, "ldh_above_uln": ldh_above_uln}
    known, unknown = _split_flags(flags)

    def rule(**f: bool) -> int:
        return _r_iss_rule(iss=iss, **f)

    stage = rule(**{k: known.get(k, False) for k in flags})
    present = [_FACTOR_TEXT[k] for k, v in known.items() if v]
    hr = [p for p in present if p != "LDH > ULN"]
    risk = f"high-risk CA ({', '.join(hr)})" if hr else "standard-risk CA"
    ldh = "LDH > ULN" if known.get("ldh_above_uln") else "LDH <= ULN"
    if stage == 1:
        why = f"ISS I, {risk}, {ldh}: R-ISS I"
    elif stage == 3:
        why = f"ISS III with {' and '.join(present)}: R-ISS III"
    elif iss == 1:
        why = f"ISS I but {', '.join(present)}: not R-ISS I; R-ISS III needs ISS III, so R-ISS II"
    elif iss == 2:
        why = "ISS II: R-ISS II whatever the CA and LDH"
    else:
        why = f"ISS III with {risk} and {ldh}: R-ISS II"
    rng = _range(rule, known, unknown)
    return StageResult("R-ISS", stage, why + "." + _unknown_text("R-ISS", unknown, rng), rng,
                       assumed_absent=unknown)


def r_iss_stage(*, iss_stage: int, del17p: bool = False, t4_14: bool = False,
                t14_16: bool = False, ldh_above_uln: bool = False) -> int:
    """Revised ISS stage (Palumbo 2015).

    Parameters
    ----------
    iss_stage : int
        ISS stage 1-3 (from :func:`iss_stage`).
    del17p, t4_14, t14_16 : bool
        High-risk chromosomal abnormalities (CA) by interphase FISH.
    ldh_above_uln : bool
        Serum LDH above the local laboratory's upper limit of normal (not a fixed U/L value).

    Returns
    -------
    int
        1, 2 or 3.

    Raises
    ------
    ValueError
        ``iss_stage`` not an int in 1-3, or a flag that is not ``True``/``False``.

    Notes
    -----
    I: ISS I and standard-risk CA and LDH <= ULN. III: ISS III and (high-risk CA or
    LDH > ULN). II: all others. So del(17p) alone can never give R-ISS III. VERIFIED
    (Palumbo et al., J Clin Oncol 2015, doi:10.1200/JCO.2015.61.2267). The FISH clonal-fraction
    cut-off is not part of R-ISS.

    References
    ----------
    Palumbo A, et al. Revised International Staging System for Multiple Myeloma: A Report
    From International Myeloma Working Group. J Clin Oncol 2015;33(26):2863-2869.
    doi:10.1200/JCO.2015.61.2267 (DOI not verified against the publisher).

    Examples
    --------
    Worked examples, derived from the rule:

    >>> r_iss_stage(iss_stage=3, t4_14=True)
    3
    >>> r_iss_stage(iss_stage=3)
    2
    """
    return explain_r_iss(iss_stage=iss_stage, del17p=require_bool(del17p, name="del17p"),
                         t4_14=require_bool(t4_14, name="t4_14"),
                         t14_16=require_bool(t14_16, name="t14_16"),
                         ldh_above_uln=require_bool(ldh_above_uln, name="ldh_above_uln")).stage


# ----------------------------------------------------------------------- R2-ISS
def _r2_points(iss: int, flags: dict[str, bool]) -> list[tuple[str, float]]:
    items = [(f"ISS {ROMAN[iss]}", {1: 0.0, 2: 1.0, 3: 1.5}[iss])]
    items += [(_FACTOR_TEXT[k], R2_ISS_POINTS[k]) for k, v in flags.items() if v]
    return items


def r2_iss_stage_from_score(*, score: float) -> int:
    """R2-ISS stage from a total score (D'Agostino 2022).

    Bands (VERIFIED, D'Agostino et al. 2022): 0 -> I; 0.5-1 -> II; 1.5-2.5 -> III;
    3-5 -> IV. Scores are multiples of 0.5 from 0 to 5; anything else raises ``ValueError``.

    Examples
    --------
    >>> [r2_iss_stage_from_score(score=s) for s in (0, 0.5, 1, 1.5, 2.5, 3, 5)]
    [1, 2, 2, 3, 3, 4, 4]
    """
    s = require_finite(score, name="score", unit="points", low=0, high=5)
    if (2 * s) != int(2 * s):
        raise ValueError(f"score={s:g} points is not a multiple of 0.5 (valid: 0, 0.5, ..., 5)")
    if s == 0:
        return 1
    return 2 if s <= 1 else 3 if s <= 2.5 else 4


def explain_r2_iss(*, iss_stage: int, del17p: bool | None = False,
                   t4_14: bool | None = False, gain_1q: bool | None = False,
                   ldh_above_uln: bool | None = False) -> StageResult:
    """R2-ISS stage, score and the points behind it; ``None`` means "not reported".

    See :func:`r2_iss_stage` for the rule.

    Examples
    --------
    The case (ISS I, del(17p); LDH, t(4;14) and 1q+ not in the letter):

    >>> r = explain_r2_iss(iss_stage=1, del17p=True, t4_14=None, gain_1q=None,
    ...                    ldh_above_uln=None)
    >>> r.label, r.score, r.stage_range
    ('R2-ISS II', 1.0, (2, 4))
    """
    iss = _check_iss(iss_stage)
    flags = {"del17p": del17p, "t4_14": t4_14, "gain_1q": gain_1q, "ldh_above_uln": ldh_above_uln}
    known, unknown = _split_flags(flags)

    def rule(**f: bool) -> int:
        return r2_iss_stage_from_score(score=sum(p for _, p in _r2_points(iss, f)))

    items = _r2_points(iss, known)
    score = sum(p for _, p in items)
    stage = r2_iss_stage_from_score(score=score)
    band = {1: "0", 2: "0.5-1", 3: "1.5-2.5", 4: "3-5"}[stage]
    sum_text = " + ".join(f"{name} {p:g}" for name, p in items)
    unit = "point" if score == 1 else "points"
    why = f"{sum_text} = {score:g} {unit}; band {band}: R2-ISS {ROMAN[stage]}."
    rng = _range(rule, known, unknown)
    return StageResult("R2-ISS", stage, why + _unknown_text("R2-ISS", unknown, rng), rng,
                       score=score, assumed_absent=unknown)


def _r2_checked(iss_stage, del17p, t4_14, gain_1q, ldh_above_uln) -> StageResult:
    return explain_r2_iss(iss_stage=iss_stage, del17p=require_bool(del17p, name="del17p"),
                          t4_14=require_bool(t4_14, name="t4_14"),
                          gain_1q=require_bool(gain_1q, name="gain_1q"),
                          ldh_above_uln=require_bool(ldh_above_uln, name="ldh_above_uln"))


def r2_iss_score(*, iss_stage: int, del17p: bool = False, t4_14: bool = False,
                 gain_1q: bool = False, ldh_above_uln: bool = False) -> float:
    """R2-ISS total score (D'Agostino 2022); see :func:`r2_iss_stage`.

    Examples
    --------
    >>> r2_iss_score(iss_stage=3, del17p=True, ldh_above_uln=True)
    3.5
    """
    return _r2_checked(iss_stage, del17p, t4_14, gain_1q, ldh_above_uln).score


def r2_iss_stage(*, iss_stage: int, del17p: bool = False, t4_14: bool = False,
                 gain_1q: bool = False, ldh_above_uln: bool = False) -> int:
    """Second revision of the ISS (R2-ISS) stage, 1-4 (D'Agostino 2022).

    Parameters
    ----------
    iss_stage : int
        ISS stage 1-3.
    del17p, t4_14 : bool
        By FISH.
    gain_1q : bool
        1q gain (3 copies) or amplification (>= 4 copies).
    ldh_above_uln : bool
        LDH above the local upper limit of normal.

    Returns
    -------
    int
        1 (low), 2 (low-intermediate), 3 (intermediate-high) or 4 (high).

    Raises
    ------
    ValueError
        As :func:`r_iss_stage`.

    Notes
    -----
    Points: ISS II 1, ISS III 1.5, del(17p) 1, LDH > ULN 1, t(4;14) 1, 1q+ 0.5; bands
    0 / 0.5-1 / 1.5-2.5 / 3-5. VERIFIED (D'Agostino et al. 2022). t(14;16) is not part
    of R2-ISS. Median OS/PFS by stage are UNVERIFIED (see ``myeloma_stage_outcomes.csv``).

    References
    ----------
    D'Agostino M, et al. Second Revision of the International Staging System (R2-ISS) for
    Overall Survival in Multiple Myeloma. J Clin Oncol 2022;40(29):3406-3418.
    doi:10.1200/JCO.21.02614; erratum doi:10.1200/JCO.22.02228

    Examples
    --------
    Worked examples, derived from the rule:

    >>> r2_iss_stage(iss_stage=1), r2_iss_stage(iss_stage=1, gain_1q=True)
    (1, 2)
    >>> r2_iss_stage(iss_stage=3, del17p=True, ldh_above_uln=True)
    4
    """
    return _r2_checked(iss_stage, del17p, t4_14, gain_1q, ldh_above_uln).stage


# ------------------------------------------------------------- IMWG 2014 diagnosis
EVENT_CODES = ("C", "R", "A", "B", "S", "Li", "M")
_TOL = 1e-9  # so "exactly at a threshold" survives binary rounding of differences


@dataclass(frozen=True)
class Imwg2014Result:
    """IMWG 2014 classification: ``events`` are the met myeloma-defining event codes."""

    myeloma: bool
    smouldering: bool
    clonal_criterion: bool
    events: tuple[str, ...]
    reason: str

    @property
    def category(self) -> str:
        """``"multiple myeloma"``, ``"smouldering myeloma"`` or ``"neither"``."""
        return ("multiple myeloma" if self.myeloma
                else "smouldering myeloma" if self.smouldering else "neither")


def _hint_mul(unit: str, factor: float, low: float):
    return lambda x: (f"{x:g} looks like {unit}: multiply by {factor:g} ({x * factor:.3g})"
                      if x < low else None)


def _labs(calcium_mmol_per_l, calcium_uln_mmol_per_l, creatinine_clearance_ml_per_min,
          creatinine_umol_per_l, haemoglobin_g_per_l, haemoglobin_lln_g_per_l) -> dict:
    def ca_hint(x: float) -> str | None:
        return (f"{x:g} looks like mg/dL: {x:g} mg/dL = "
                f"{calcium_mg_per_dl_to_mmol_per_l(x):.2f} mmol/L") if x > 3.5 else None

    def hb_hint(x: float) -> str | None:
        return (f"{x:g} looks like g/dL (multiply by 10) or mmol/L (multiply by about 16)"
                if x < 20 else None)

    return {
        "ca": require_finite_or_none(calcium_mmol_per_l, name="calcium_mmol_per_l",
                                     unit="mmol/L", low=0.5, high=5.0, hint=ca_hint),
        "ca_uln": require_finite_or_none(calcium_uln_mmol_per_l, name="calcium_uln_mmol_per_l",
                                         unit="mmol/L", low=1.5, high=3.5, hint=ca_hint),
        "crcl": require_finite_or_none(creatinine_clearance_ml_per_min, unit="mL/min",
                                       name="creatinine_clearance_ml_per_min", low=0, high=250),
        "creat": require_finite_or_none(creatinine_umol_per_l, name="creatinine_umol_per_l",
                                        unit="umol/L", low=15, high=3000,
                                        hint=_hint_mul("mg/dL", 88.4, 15)),
        "hb": require_finite_or_none(haemoglobin_g_per_l, name="haemoglobin_g_per_l",
                                     unit="g/L", low=20, high=250, hint=hb_hint),
        "hb_lln": require_finite_or_none(haemoglobin_lln_g_per_l, name="haemoglobin_lln_g_per_l",
                                         unit="g/L", low=80, high=200, hint=hb_hint),
    }


def _crab(lab: dict, lytic: int, bmpc: float | None) -> list[tuple[str, str]]:
    ev = []
    ca, uln = lab["ca"], lab["ca_uln"]
    if ca is not None and ca > 2.75:
        ev.append(("C", f"calcium {ca:g} mmol/L > 2.75"))
    elif ca is not None and uln is not None and ca - uln > 0.25 + _TOL:
        ev.append(("C", f"calcium {ca:g} mmol/L > 0.25 above ULN {uln:g}"))
    if (lab["crcl"] is not None and lab["crcl"] < 40) or (
            lab["creat"] is not None and lab["creat"] > 177):
        ev.append(("R", "creatinine clearance < 40 mL/min or creatinine > 177 umol/L"))
    hb, lln = lab["hb"], lab["hb_lln"]
    if hb is not None and hb < 100:
        ev.append(("A", f"haemoglobin {hb:g} g/L < 100"))
    elif hb is not None and lln is not None and lln - hb > 20 + _TOL:
        ev.append(("A", f"haemoglobin {hb:g} g/L > 20 below LLN {lln:g}"))
    # Footnote (PARTIAL): with < 10% clonal BMPC, > 1 bone lesion separates myeloma from a
    # solitary plasmacytoma with minimal marrow involvement. Unknown BMPC is treated as < 10%.
    needed = 1 if bmpc is not None and bmpc >= 10 else 2
    if lytic >= needed:
        ev.append(("B", f"{lytic} osteolytic lesion(s) (>= {needed} needed)"))
    return ev


def _slim(bmpc: float | None, flc: float | None, ratio: float | None,
          mri: int) -> list[tuple[str, str]]:
    ev = []
    if bmpc is not None and bmpc >= 60:
        ev.append(("S", f"clonal BMPC {bmpc:g}% >= 60%"))
    if flc is not None and ratio is not None and ratio >= 100 and flc >= 100:
        ev.append(("Li", f"FLC ratio {ratio:g} >= 100 with involved FLC {flc:g} mg/L >= 100"))
    if mri > 1:
        ev.append(("M", f"{mri} focal MRI lesions (> 1 needed)"))
    return ev


def imwg_2014_diagnosis(
    *, clonal_bmpc_percent: float | None, plasmacytoma_biopsy_proven: bool = False,
    calcium_mmol_per_l: float | None = None, calcium_uln_mmol_per_l: float | None = None,
    creatinine_clearance_ml_per_min: float | None = None,
    creatinine_umol_per_l: float | None = None, haemoglobin_g_per_l: float | None = None,
    haemoglobin_lln_g_per_l: float | None = None, lytic_lesions: int = 0,
    involved_flc_mg_per_l: float | None = None, flc_ratio: float | None = None,
    mri_focal_lesions: int = 0, serum_m_protein_g_per_l: float | None = None,
    urine_m_protein_mg_per_24h: float | None = None, amyloidosis: bool = False,
) -> Imwg2014Result:
    """IMWG 2014 criteria for multiple myeloma and smouldering myeloma (Rajkumar 2014).

    Parameters
    ----------
    clonal_bmpc_percent : float or None
        Clonal bone-marrow plasma cells, % (0-100); ``None`` if unknown.
    plasmacytoma_biopsy_proven : bool
        Biopsy-proven bony or extramedullary plasmacytoma.
    calcium_mmol_per_l, calcium_uln_mmol_per_l : float or None
        Serum calcium and its upper limit of normal, mmol/L (mg/dL x 0.2495).
    creatinine_clearance_ml_per_min : float or None
        Measured or estimated, mL/min.
    creatinine_umol_per_l : float or None
        Serum creatinine, umol/L (mg/dL x 88.4).
    haemoglobin_g_per_l, haemoglobin_lln_g_per_l : float or None
        Haemoglobin and its lower limit of normal, g/L.
    lytic_lesions : int
        Osteolytic lesions on radiography, CT or PET-CT.
    involved_flc_mg_per_l : float or None
        Involved serum free light chain, mg/L (Freelite).
    flc_ratio : float or None
        Involved:uninvolved FLC ratio (for lambda disease, lambda/kappa, not kappa/lambda).
    mri_focal_lesions : int
        Focal MRI lesions each >= 5 mm (count only those).
    serum_m_protein_g_per_l, urine_m_protein_mg_per_24h : float or None
        For smouldering myeloma only.
    amyloidosis : bool
        Excludes smouldering myeloma.

    Returns
    -------
    Imwg2014Result
        ``myeloma``, ``smouldering``, ``clonal_criterion``, ``events`` (codes in the order
        C, R, A, B, S, Li, M) and ``reason``.

    Raises
    ------
    ValueError
        Any value that is not a finite number in its plausible range (the message names the
        parameter, unit, range and likely unit mix-up), or flags that are not bools.

    Notes
    -----
    Myeloma: (clonal BMPC >= 10% or biopsy-proven plasmacytoma) and >= 1 event. CRAB:
    C calcium > 2.75 mmol/L or > 0.25 mmol/L above ULN; R CrCl < 40 mL/min or creatinine
    > 177 umol/L; A Hb < 100 g/L or > 20 g/L below LLN; B >= 1 osteolytic lesion. SLiM:
    S BMPC >= 60%; Li ratio >= 100 with involved FLC >= 100 mg/L; M > 1 focal MRI lesion.
    Strict inequalities are strict: calcium exactly 2.75 or CrCl exactly 40 is not an event.
    VERIFIED (Rajkumar et al., Lancet Oncol 2014, doi:10.1016/S1470-2045(14)70442-5). CRAB
    features count only if attributable to the clone: that judgement is the caller's. ``None``
    inputs are simply not met. PARTIAL (footnote from memory): with BMPC < 10% (or unknown), B
    needs > 1 lesion. Smouldering
    (VERIFIED): serum M-protein >= 30 g/L or urine >= 500 mg/24 h, and/or BMPC 10 to < 60%,
    with no event and no amyloidosis.

    References
    ----------
    Rajkumar SV, et al. International Myeloma Working Group updated criteria for the
    diagnosis of multiple myeloma. Lancet Oncol 2014;15(12):e538-e548.
    doi:10.1016/S1470-2045(14)70442-5

    Examples
    --------
    Worked example, derived from the criteria (BMPC 65%, no CRAB):

    >>> r = imwg_2014_diagnosis(clonal_bmpc_percent=65)
    >>> r.myeloma, r.events
    (True, ('S',))
    """
    bmpc = require_finite_or_none(clonal_bmpc_percent, name="clonal_bmpc_percent", unit="%",
                                  low=0, high=100)
    plasmacytoma = require_bool(plasmacytoma_biopsy_proven, name="plasmacytoma_biopsy_proven")
    lab = _labs(calcium_mmol_per_l, calcium_uln_mmol_per_l, creatinine_clearance_ml_per_min,
                creatinine_umol_per_l, haemoglobin_g_per_l, haemoglobin_lln_g_per_l)
    lytic = require_int(lytic_lesions, name="lytic_lesions", low=0)
    mri = require_int(mri_focal_lesions, name="mri_focal_lesions", low=0)
    flc = require_finite_or_none(involved_flc_mg_per_l, name="involved_flc_mg_per_l",
                                 unit="mg/L", low=0)
    ratio = require_finite_or_none(flc_ratio, name="flc_ratio", unit="", low=0)
    serum = require_finite_or_none(serum_m_protein_g_per_l, name="serum_m_protein_g_per_l",
                                   unit="g/L", low=0, high=150)
    urine = require_finite_or_none(urine_m_protein_mg_per_24h, unit="mg/24 h", low=0,
                                   name="urine_m_protein_mg_per_24h", high=100_000)
    amyloid = require_bool(amyloidosis, name="amyloidosis")

    met = _crab(lab, lytic, bmpc) + _slim(bmpc, flc, ratio, mri)
    events = tuple(code for code, _ in met)
    clonal = plasmacytoma or (bmpc is not None and bmpc >= 10)
    myeloma = clonal and bool(events)
    smoulder_marker = ((serum is not None and serum >= 30) or (urine is not None and urine >= 500)
                       or (bmpc is not None and 10 <= bmpc < 60))
    smouldering = not events and not amyloid and smoulder_marker
    clonal_text = ("clonal criterion met" if clonal
                   else "no clonal criterion (BMPC >= 10% or plasmacytoma)")
    ev_text = "; ".join(f"{c}: {t}" for c, t in met) or "no myeloma-defining event"
    verdict = ("multiple myeloma" if myeloma else "smouldering myeloma" if smouldering
               else "criteria for myeloma and smouldering myeloma not met")
    if "B" not in events and lytic >= 1:
        ev_text += (f" ({lytic} bone lesion: > 1 needed when clonal BMPC is < 10% or unknown;"
                    " footnote, PARTIAL)")
    if amyloid and not events and smoulder_marker:
        verdict += " (amyloidosis excludes smouldering myeloma)"
    return Imwg2014Result(myeloma, smouldering, clonal, events,
                          f"{clonal_text}; {ev_text}: {verdict}.")


# ------------------------------------------------------------- measurable disease
@dataclass(frozen=True)
class MeasurableDiseaseResult:
    """Which IMWG measurable-disease criteria are met, and how response can be followed."""

    serum: bool
    urine: bool
    flc: bool
    reason: str

    @property
    def criteria(self) -> tuple[str, ...]:
        """Met criteria among ``"serum"``, ``"urine"``, ``"flc"``."""
        return tuple(k for k in ("serum", "urine", "flc") if getattr(self, k))

    @property
    def measurable(self) -> bool:
        return bool(self.criteria)

    @property
    def response_by(self) -> str:
        """What IMWG 2016 response assessment would follow (Kumar et al. 2016)."""
        if self.serum or self.urine:
            return "serum and urine M-protein"
        if self.flc:
            return "difference between involved and uninvolved FLC (dFLC)"
        return "bone-marrow plasma cells (needs baseline >= 30%) and imaging"


def measurable_disease(
    *, serum_m_protein_g_per_dl: float | None = None,
    urine_m_protein_mg_per_24h: float | None = None,
    involved_flc_mg_per_dl: float | None = None, flc_ratio_abnormal: bool = False,
    serum_threshold_g_per_dl: float = 1.0, urine_threshold_mg_per_24h: float = 200.0,
) -> MeasurableDiseaseResult:
    """IMWG measurable disease; oligosecretory myeloma is an M-protein below all of these.

    Parameters
    ----------
    serum_m_protein_g_per_dl : float or None
        Serum M-protein, g/dL (0-15; g/L / 10).
    urine_m_protein_mg_per_24h : float or None
        Urine M-protein, mg/24 h.
    involved_flc_mg_per_dl : float or None
        Involved serum FLC, mg/dL (mg/L / 10).
    flc_ratio_abnormal : bool
        Abnormal kappa/lambda ratio.
    serum_threshold_g_per_dl, urine_threshold_mg_per_24h : float
        UNVERIFIED defaults (1 g/dL, 200 mg/24 h: the IMWG measurable-disease thresholds as
        usually quoted, not checked in Kumar et al., Lancet Oncol 2016,
        doi:10.1016/S1470-2045(16)30206-6).

    Returns
    -------
    MeasurableDiseaseResult
        ``serum``, ``urine``, ``flc`` flags, ``criteria``, ``measurable``, ``response_by``.

    Raises
    ------
    ValueError
        Values not finite, negative or implausible (serum > 15 g/dL looks like g/L).

    Notes
    -----
    Each criterion is ">=" its threshold. FLC: involved FLC >= 10 mg/dL (100 mg/L) with an
    abnormal ratio, VERIFIED. Serum >= 1 g/dL and urine >= 200 mg/24 h: UNVERIFIED, hence
    parameters. ``None`` means not measured (criterion not met).

    References
    ----------
    Kumar S, et al. International Myeloma Working Group consensus criteria for response and
    minimal residual disease assessment in multiple myeloma. Lancet Oncol
    2016;17(8):e328-e346. doi:10.1016/S1470-2045(16)30206-6

    Examples
    --------
    >>> r = measurable_disease(serum_m_protein_g_per_dl=0.4, involved_flc_mg_per_dl=12,
    ...                        flc_ratio_abnormal=True)
    >>> r.criteria, r.response_by
    (('flc',), 'difference between involved and uninvolved FLC (dFLC)')
    """
    s_thr = require_finite(serum_threshold_g_per_dl, name="serum_threshold_g_per_dl",
                           unit="g/dL", low=0, high=15)
    u_thr = require_finite(urine_threshold_mg_per_24h, name="urine_threshold_mg_per_24h",
                           unit="mg/24 h", low=0, high=100_000)
    serum = require_finite_or_none(
        serum_m_protein_g_per_dl, name="serum_m_protein_g_per_dl", unit="g/dL", low=0, high=15,
        hint=lambda x: f"{x:g} looks like g/L: divide by 10")
    urine = require_finite_or_none(urine_m_protein_mg_per_24h, name="urine_m_protein_mg_per_24h",
                                   unit="mg/24 h", low=0, high=100_000)
    flc = require_finite_or_none(involved_flc_mg_per_dl, name="involved_flc_mg_per_dl",
                                 unit="mg/dL", low=0)
    abnormal = require_bool(flc_ratio_abnormal, name="flc_ratio_abnormal")
    met = (serum is not None and serum >= s_thr, urine is not None and urine >= u_thr,
           flc is not None and flc >= 10 and abnormal)
    parts = [f"serum M-protein >= {s_thr:g} g/dL", f"urine M-protein >= {u_thr:g} mg/24 h",
             "involved FLC >= 10 mg/dL with abnormal ratio"]
    text = ("; ".join(p for p, m in zip(parts, met) if m)
            or "no criterion met (oligo- or non-secretory)")
    return MeasurableDiseaseResult(*met, reason=f"Measurable disease: {text}.")


# --------------------------------------------------------------------------- MRD
_NUM = r"(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_SUPERSCRIPT = str.maketrans("⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹", "-+0123456789")
_PATTERNS = (  # (regex, how to turn the groups into a fraction)
    (re.compile(rf"({_NUM})%"), lambda g: Decimal(g[0]) / 100),
    (re.compile(rf"({_NUM})(?:in|/)({_NUM}|10\^[+-]?\d+)"),
     lambda g: Decimal(g[0]) / _dec(g[1])),
    (re.compile(rf"(?:({_NUM})[x*])?10\^([+-]?\d+)"),
     lambda g: Decimal(g[0] or 1) * Decimal(10) ** int(g[1])),
    (re.compile(rf"({_NUM})"), lambda g: Decimal(g[0])),
)


def _dec(text: str) -> Decimal:
    return Decimal(10) ** int(text[3:]) if text.startswith("10^") else Decimal(text)


def parse_mrd(text: str) -> float:
    """Parse an MRD result or limit of detection into a fraction of nucleated cells.

    Accepts a leading ``<`` / ``<=`` / ``≤``; ``%`` for percent (``"<0.00023%"``); a bare
    number as a fraction (``"2.3e-6"``); ``"1 in 100000"`` (commas allowed); ``"10^-5"``,
    ``"2 x 10^-6"`` or superscripts (``"10⁻⁵"``). Decimal arithmetic keeps ``"0.001%"``
    exactly equal to ``1e-5``.

    Raises
    ------
    ValueError
        Unparseable text, or a fraction not in (0, 1].

    Examples
    --------
    The case's result (Ruiz-Esquide 2026 letter; MRD levels as in Kumar et al. 2016):

    >>> parse_mrd("<0.00023%")
    2.3e-06
    >>> parse_mrd("1 in 100,000"), parse_mrd("10^-5")
    (1e-05, 1e-05)
    """
    if not isinstance(text, str):
        raise ValueError(
            f"text must be a string such as '<0.00023%', got {type(text).__name__}")
    s = re.sub(r"[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: "^" + m[0].translate(_SUPERSCRIPT), text)
    s = s.replace("−", "-").replace("×", "x").replace("·", "x")
    s = re.sub(r"\s+|,", "", s.lower())
    s = re.sub(r"^(<=|≤|<)", "", s)
    for pattern, convert in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            try:
                value = convert(m.groups())
            except (InvalidOperation, ZeroDivisionError):
                break
            if not 0 < value <= 1:
                raise ValueError(f"text={text!r} gives MRD fraction {value}; it must be in (0, 1] "
                                 "(a bare number is a fraction: add % for percent)")
            return float(value)
    raise ValueError(f"text={text!r} is not a recognised MRD result; expected e.g. "
                     "'<0.00023%', '2.3e-6', '1 in 100000' or '10^-5'")


def _lod(result: str | float) -> float:
    if isinstance(result, str):
        return parse_mrd(result)
    value = require_finite(result, name="result", unit="fraction", low=0, high=1)
    if value == 0:
        raise ValueError("result=0 is not a limit of detection; expected a fraction in (0, 1]")
    return value


def mrd_negative_at(result: str | float, threshold: float = 1e-5) -> bool:
    """Whether a negative MRD test with this limit of detection shows negativity at ``threshold``.

    Parameters
    ----------
    result : str or float
        The test's limit of detection, as text (see :func:`parse_mrd`) or a fraction.
    threshold : float
        Sensitivity level as a fraction, default 1e-5 (IMWG 2016 minimum, Kumar 2016).

    Returns
    -------
    bool
        ``True`` if the limit of detection is <= ``threshold`` (inclusive, with a 1e-9
        relative tolerance for binary rounding).

    Notes
    -----
    A test can only show negativity down to its own sensitivity: "<2.3e-6" is negative at
    1e-5 but says nothing about 1e-6. Requires CR; does not handle positive results.

    Examples
    --------
    >>> mrd_negative_at("<0.00023%"), mrd_negative_at("<0.00023%", threshold=1e-6)
    (True, False)
    """
    thr = require_finite(threshold, name="threshold", unit="fraction", low=0, high=1)
    if thr == 0:
        raise ValueError("threshold=0 is not a sensitivity level; expected a fraction in (0, 1]")
    return _lod(result) <= thr * (1 + 1e-9)


def mrd_negative_levels(result: str | float,
                        levels: tuple[float, ...] = MRD_STANDARD_LEVELS) -> tuple[float, ...]:
    """The standard levels (1e-4, 1e-5, 1e-6 by default) at which ``result`` shows negativity.

    Examples
    --------
    >>> mrd_negative_levels("< 2.3e-6")
    (0.0001, 1e-05)
    """
    return tuple(level for level in levels if mrd_negative_at(result, level))
