"""Myositis and anti-synthetase syndrome (ASS): classification criteria and ILD progression.

Pure functions of the standard library and :mod:`casebook.units`.

Verified vs unverified (checked against the primary sources cited below):

- EULAR/ACR 2017 item weights and score thresholds: verified (Bottai 2017 RMD Open Table 1,
  No-biopsy | Biopsy columns). The probability constants 5.33 / 6.49 are UNVERIFIED.
- Connors 2010 and Solomon 2011 item lists: UNVERIFIED; Solomon is given in both published
  readings, each labelled.
- 2025 ACR/EULAR ASyS criteria: items and levels only (:data:`ASYS_2025`); the weights are not
  verified, so no score is computed.
- ATS/ERS/JRS/ALAT 2022 progression rules (Raghu 2022) and the INBUILD rule: verified.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from casebook.units import require_bool, require_finite, require_finite_or_none

__all__ = [
    "ASYS_2025",
    "EULAR_ACR_2017_CATEGORIES",
    "EULAR_ACR_2017_FINDINGS",
    "EULAR_ACR_2017_INTERCEPT_BIOPSY",
    "EULAR_ACR_2017_INTERCEPT_NO_BIOPSY",
    "EULAR_ACR_2017_THRESHOLDS",
    "EULAR_ACR_2017_WEIGHTS",
    "Asys2025Info",
    "CriteriaResult",
    "EularAcr2017Result",
    "PftDecline",
    "ProgressionResult",
    "ats_ers_2022_physiological_progression",
    "ats_ers_2022_ppf",
    "classic_ctd_ild_progression",
    "connors_2010",
    "criteria_summary",
    "dlco_decline",
    "eular_acr_2017",
    "eular_acr_2017_category",
    "eular_acr_2017_probability",
    "fvc_decline",
    "inbuild_progression",
    "solomon_2011",
]

# --- EULAR/ACR 2017 ---------------------------------------------------------------------------

# Weights in tenths of a point, (no biopsy, biopsy), so that sums are exact integers.
# Bottai 2017 RMD Open Table 1; None = a biopsy item, not scored without biopsy.
_WEIGHTS_TENTHS: dict[str, tuple[int | None, int]] = {
    "proximal_weakness_upper": (7, 7),
    "proximal_weakness_lower": (8, 5),
    "neck_flexor_weakness": (19, 16),
    "leg_proximal_weaker_than_distal": (9, 12),
    "heliotrope_rash": (31, 32),
    "gottron_papules": (21, 27),
    "gottron_sign": (33, 37),
    "dysphagia": (7, 6),
    "anti_jo1": (39, 38),
    "raised_muscle_enzymes": (13, 14),
    "endomysial_infiltrate": (None, 17),
    "perimysial_infiltrate": (None, 12),
    "perifascicular_atrophy": (None, 19),
    "rimmed_vacuoles": (None, 31),
}
_AGE_TENTHS = {"age 18 to <40": (13, 15), "age >=40": (21, 22)}
_SKIN_ITEMS = ("heliotrope_rash", "gottron_papules", "gottron_sign")
_BIOPSY_ITEMS = tuple(k for k, (no_biopsy, _) in _WEIGHTS_TENTHS.items() if no_biopsy is None)

#: Finding names accepted by :func:`eular_acr_2017`, in Table 1 order.
EULAR_ACR_2017_FINDINGS = tuple(_WEIGHTS_TENTHS)
#: ``{name: (no_biopsy_points, biopsy_points)}``, age bands included; ``None`` = not scored.
EULAR_ACR_2017_WEIGHTS = MappingProxyType(
    {
        name: tuple(None if w is None else w / 10 for w in pair)
        for name, pair in {**_AGE_TENTHS, **_WEIGHTS_TENTHS}.items()
    }
)
#: Score thresholds (possible, probable, definite) keyed by ``biopsy`` (verified, abstract).
EULAR_ACR_2017_THRESHOLDS = MappingProxyType({False: (5.3, 5.5, 7.5), True: (6.5, 6.7, 8.7)})
#: Category labels, lowest first.
EULAR_ACR_2017_CATEGORIES = ("not IIM", "possible IIM", "probable IIM", "definite IIM")
#: Logistic constant c in P = 1 / (1 + exp(c - score)) without biopsy. UNVERIFIED.
EULAR_ACR_2017_INTERCEPT_NO_BIOPSY = 5.33
#: Logistic constant c with biopsy. UNVERIFIED.
EULAR_ACR_2017_INTERCEPT_BIOPSY = 6.49

_MAX_TENTHS = {
    biopsy: max(a[biopsy] for a in _AGE_TENTHS.values())
    + sum(w[biopsy] or 0 for w in _WEIGHTS_TENTHS.values())
    for biopsy in (False, True)
}


def _score_tenths(score: object, biopsy: bool) -> int:
    top = _MAX_TENTHS[biopsy] / 10
    x = require_finite(score, name="score", unit="points", low=0, high=top)
    # Round half-up to one decimal on the shortest repr, so 5.499999999999999 -> 5.5.
    return int(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) * 10)


def _category(tenths: int, biopsy: bool) -> str:
    cut = [round(t * 10) for t in EULAR_ACR_2017_THRESHOLDS[biopsy]]
    return EULAR_ACR_2017_CATEGORIES[sum(tenths >= c for c in cut)]


def eular_acr_2017_category(score: float, *, biopsy: bool = False) -> str:
    """Category of an EULAR/ACR 2017 score by the published score thresholds.

    Parameters
    ----------
    score : float
        Total score in points (0 to the maximum for the column).
    biopsy : bool
        Whether the with-biopsy column was used.

    Returns
    -------
    str
        ``"not IIM"``, ``"possible IIM"``, ``"probable IIM"`` or ``"definite IIM"``.

    Notes
    -----
    No biopsy: < 5.3 not IIM; 5.3-5.4 possible; >= 5.5 probable; >= 7.5 definite.
    With biopsy: < 6.5 / 6.5-6.6 / >= 6.7 / >= 8.7 (verified). Every weight is a multiple of
    0.1, so the score is first rounded half-up to one decimal: this removes floating-point
    noise (5.499999999999999 is 5.5) and places any other value unambiguously (5.45 -> 5.5).

    Examples
    --------
    >>> [eular_acr_2017_category(s) for s in (5.2, 5.3, 5.4, 5.5, 7.4, 7.5)]
    ['not IIM', 'possible IIM', 'possible IIM', 'probable IIM', 'probable IIM', 'definite IIM']
    >>> eular_acr_2017_category(6.6, biopsy=True)
    'possible IIM'
    """
    b = require_bool(biopsy, name="biopsy")
    return _category(_score_tenths(score, b), b)


def eular_acr_2017_probability(score: float, *, biopsy: bool = False) -> float:
    """Probability of IIM for a score: P = 1 / (1 + exp(c - score)).

    ``c`` is :data:`EULAR_ACR_2017_INTERCEPT_NO_BIOPSY` (5.33) or
    :data:`EULAR_ACR_2017_INTERCEPT_BIOPSY` (6.49). **These constants are UNVERIFIED**
    (best knowledge); they reproduce the biopsy thresholds (6.7 -> 55.2%) but only roughly
    the no-biopsy ones (5.5 -> 54.2%), so categories come from the score thresholds, not
    from this probability.

    Examples
    --------
    >>> round(eular_acr_2017_probability(2.1), 3)
    0.038
    >>> round(eular_acr_2017_probability(8.7, biopsy=True), 3)
    0.901
    """
    b = require_bool(biopsy, name="biopsy")
    x = require_finite(score, name="score", unit="points", low=0, high=_MAX_TENTHS[b] / 10)
    c = EULAR_ACR_2017_INTERCEPT_BIOPSY if b else EULAR_ACR_2017_INTERCEPT_NO_BIOPSY
    return 1 / (1 + math.exp(c - x))


@dataclass(frozen=True)
class EularAcr2017Result:
    """Result of :func:`eular_acr_2017`.

    ``items`` is the itemised breakdown ``((item, points), ...)`` of the scoring items
    present (the age band first). ``biopsy_features_expected`` is the Karolinska note: no
    heliotrope, Gottron's papules or Gottron's sign and no positive biopsy feature, yet the
    score reaches at least possible IIM. It never changes ``category``.
    """

    score: float
    probability: float
    category: str
    biopsy: bool
    items: tuple[tuple[str, float], ...]
    biopsy_features_expected: bool

    @property
    def met(self) -> bool:
        """Probable or definite IIM (the recommended minimum to classify as IIM)."""
        return self.category in EULAR_ACR_2017_CATEGORIES[2:]

    @property
    def explain(self) -> str:
        parts = " + ".join(f"{name} {points:g}" for name, points in self.items) or "nothing"
        column = "with biopsy" if self.biopsy else "without biopsy"
        text = (
            f"{parts} = {self.score:g} points ({column}): {self.category}; "
            f"P = {self.probability:.1%} (probability constants unverified)"
        )
        if self.biopsy_features_expected:
            text += (
                ". No heliotrope rash or Gottron's papules/sign: the Karolinska calculator "
                "notes that muscle-biopsy features should then be present to classify as IIM"
            )
        return text


def _age_item(age: float, biopsy: bool) -> tuple[str, int] | None:
    if age < 18:
        return None
    band = "age 18 to <40" if age < 40 else "age >=40"
    return band, _AGE_TENTHS[band][biopsy]


def _check_findings(findings: dict[str, object], biopsy: bool) -> list[str]:
    present = []
    for name, value in findings.items():
        if name not in _WEIGHTS_TENTHS:
            valid = ", ".join(EULAR_ACR_2017_FINDINGS)
            raise ValueError(f"unknown EULAR/ACR 2017 finding {name!r}; valid: {valid}")
        if require_bool(value, name=name):
            if name in _BIOPSY_ITEMS and not biopsy:
                raise ValueError(f"{name} is a muscle-biopsy item: pass biopsy=True to score it")
            present.append(name)
    return present


def eular_acr_2017(
    *, age_at_onset_years: float, biopsy: bool = False, **findings: bool
) -> EularAcr2017Result:
    """EULAR/ACR 2017 classification criteria for idiopathic inflammatory myopathy (IIM).

    Parameters
    ----------
    age_at_onset_years : float
        Age at onset of the first symptom assumed related to the disease, years (0-120).
    biopsy : bool
        Use the with-biopsy column (and allow the four biopsy items).
    **findings : bool
        Any of :data:`EULAR_ACR_2017_FINDINGS` set ``True`` or ``False`` (omitted = absent):
        ``proximal_weakness_upper``, ``proximal_weakness_lower``, ``neck_flexor_weakness``,
        ``leg_proximal_weaker_than_distal``, ``heliotrope_rash``, ``gottron_papules``,
        ``gottron_sign``, ``dysphagia``, ``anti_jo1``, ``raised_muscle_enzymes`` (CK, LDH,
        AST or ALT above the upper limit of normal; scored once), and with biopsy
        ``endomysial_infiltrate``, ``perimysial_infiltrate``, ``perifascicular_atrophy``,
        ``rimmed_vacuoles``.

    Returns
    -------
    EularAcr2017Result
        ``score``, ``probability``, ``category``, ``items`` (breakdown), ``met`` and the
        Karolinska flag ``biopsy_features_expected``; ``explain`` gives the arithmetic.

    Raises
    ------
    ValueError
        Unknown finding names, non-bool values, a biopsy item set ``True`` without
        ``biopsy=True``, or an age that is not a finite number in 0-120 years.

    Notes
    -----
    Age < 18 scores 0; 18 to < 40 scores 1.3 (1.5 with biopsy); >= 40 scores 2.1 (2.2).
    Only anti-Jo-1 scores: anti-PL-12 and the other anti-synthetases score 0. Items count
    only when no better explanation exists. Weights are summed exactly in tenths; the
    category uses the verified score thresholds (:func:`eular_acr_2017_category`); the
    probability uses the UNVERIFIED constants (:func:`eular_acr_2017_probability`).

    References
    ----------
    Lundberg IE, et al. Ann Rheum Dis 2017;76:1955-1964. doi:10.1136/annrheumdis-2017-211468
    Bottai M, et al. RMD Open 2017;3:e000507 (Table 1). doi:10.1136/rmdopen-2017-000507

    Examples
    --------
    The case: 59 years, no biopsy, anti-PL-12 only (worked from Bottai 2017 Table 1):

    >>> r = eular_acr_2017(age_at_onset_years=59)
    >>> r.score, round(r.probability, 3), r.category
    (2.1, 0.038, 'not IIM')

    Anti-Jo-1, raised CK and proximal weakness of arms and legs (worked example):

    >>> r = eular_acr_2017(age_at_onset_years=59, anti_jo1=True, raised_muscle_enzymes=True,
    ...                    proximal_weakness_upper=True, proximal_weakness_lower=True)
    >>> r.score, r.category, r.biopsy_features_expected
    (8.8, 'definite IIM', True)
    """
    b = require_bool(biopsy, name="biopsy")
    age = require_finite(
        age_at_onset_years, name="age_at_onset_years", unit="years", low=0, high=120,
        hint=lambda x: "looks like months: divide by 12" if x > 120 else None,
    )
    present = _check_findings(findings, b)
    scored = [(name, _WEIGHTS_TENTHS[name][b]) for name in EULAR_ACR_2017_FINDINGS
              if name in present]
    age_item = _age_item(age, b)
    if age_item:
        scored.insert(0, age_item)
    tenths = sum(points for _, points in scored)
    category = _category(tenths, b)
    no_skin = not any(name in present for name in _SKIN_ITEMS)
    no_biopsy_support = not any(name in present for name in _BIOPSY_ITEMS)
    return EularAcr2017Result(
        score=tenths / 10,
        probability=eular_acr_2017_probability(tenths / 10, biopsy=b),
        category=category,
        biopsy=b,
        items=tuple((name, points / 10) for name, points in scored),
        biopsy_features_expected=no_skin and no_biopsy_support and category != "not IIM",
    )


# --- Anti-synthetase syndrome criteria ------------------------------------------------------


@dataclass(frozen=True)
class CriteriaResult:
    """One criteria set evaluated: ``met`` is ``None`` when the set is not scored."""

    name: str
    met: bool | None
    items: tuple[str, ...]
    detail: str
    status: str
    reading: str = ""


def _flags(**flags: object) -> dict[str, bool]:
    return {name: require_bool(value, name=name) for name, value in flags.items()}


def _connors(flags: dict[str, bool]) -> CriteriaResult:
    features = [k for k in ("ild", "arthritis", "fever", "raynaud", "mechanics_hands")
                if flags[k]]
    met = flags["anti_ars"] and bool(features)
    detail = (
        f"anti-ARS {'present' if flags['anti_ars'] else 'absent'} (required); "
        f"{len(features)} of ILD, arthritis, fever, Raynaud, mechanic's hands (>= 1 needed)"
    )
    return CriteriaResult("Connors 2010", met, tuple(features), detail, "item list unverified")


def connors_2010(
    *, anti_ars: bool, arthritis: bool = False, ild: bool = False, fever: bool = False,
    raynaud: bool = False, mechanics_hands: bool = False,
) -> bool:
    """Connors 2010 anti-synthetase syndrome criteria: anti-ARS plus >= 1 clinical feature.

    Parameters
    ----------
    anti_ars : bool
        Any anti-aminoacyl-tRNA-synthetase antibody (required).
    arthritis, ild, fever, raynaud, mechanics_hands : bool
        Arthritis; interstitial lung disease; fever without another cause; Raynaud
        phenomenon; mechanic's hands.

    Returns
    -------
    bool

    Notes
    -----
    The item list is **UNVERIFIED** (best knowledge; its use in the literature is verified).
    Most published ASS criteria need only one feature plus anti-ARS.

    References
    ----------
    Connors GR, et al. Chest 2010;138(6):1464-1474. doi:10.1378/chest.10-0180

    Examples
    --------
    The case: anti-PL-12, ILD and arthritis (worked from the Connors 2010 criteria):

    >>> connors_2010(anti_ars=True, ild=True, arthritis=True)
    True
    >>> connors_2010(anti_ars=False, ild=True, arthritis=True)
    False
    """
    flags = _flags(anti_ars=anti_ars, arthritis=arthritis, ild=ild, fever=fever,
                   raynaud=raynaud, mechanics_hands=mechanics_hands)
    return bool(_connors(flags).met)


_SOLOMON = {
    "jbp": (
        "reading A: J Bras Pneumol, best knowledge",
        ("ild", "myositis"), ("arthritis", "raynaud", "mechanics_hands"),
        "2 major, or 1 major + 2 minor",
        lambda major, minor: major >= 2 or (major >= 1 and minor >= 2),
    ),
    "err": (
        "reading B: Eur Respir Rev table, printed without a Solomon attribution",
        ("myositis", "ild", "arthritis"), ("fever", "raynaud", "mechanics_hands"),
        "1 major, or 2 minor",
        lambda major, minor: major >= 1 or minor >= 2,
    ),
}


def solomon_2011(
    *, anti_ars: bool, ild: bool = False, myositis: bool = False, arthritis: bool = False,
    raynaud: bool = False, mechanics_hands: bool = False, fever: bool = False,
    reading: str = "jbp",
) -> CriteriaResult:
    """Solomon 2011 anti-synthetase syndrome criteria, in either published reading.

    Parameters
    ----------
    anti_ars : bool
        Any anti-synthetase antibody (required in both readings).
    ild, myositis, arthritis, raynaud, mechanics_hands, fever : bool
        Clinical features. ``myositis`` means PM/DM by Bohan and Peter (reading A) or overt
        or hypomyopathic myositis (reading B).
    reading : {"jbp", "err"}
        ``"jbp"`` (reading A, J Bras Pneumol as best known): majors ILD and PM/DM; minors
        arthritis, Raynaud, mechanic's hands; needs 2 major or 1 major + 2 minor. Fever is
        not an item. ``"err"`` (reading B, the table reproduced in Eur Respir Rev): majors
        myositis, ILD, arthritis; minors fever, Raynaud, mechanic's hands; needs 1 major or
        2 minor.

    Returns
    -------
    CriteriaResult
        ``met``, ``items`` (features that counted), ``reading`` label and ``detail``.

    Notes
    -----
    Both item lists are **UNVERIFIED** and conflict; check the primary source before relying
    on either. The case is the teaching point: met under reading B, not under reading A.

    References
    ----------
    Solomon J, Swigris JJ, Brown KK. J Bras Pneumol 2011;37(1):100-109.
    doi:10.1590/S1806-37132011000100015

    Examples
    --------
    >>> case = dict(anti_ars=True, ild=True, arthritis=True, fever=True)
    >>> solomon_2011(**case).met, solomon_2011(**case, reading="err").met
    (False, True)
    """
    if reading not in _SOLOMON:
        raise ValueError(f"reading={reading!r} must be 'jbp' (reading A) or 'err' (reading B)")
    flags = _flags(anti_ars=anti_ars, ild=ild, myositis=myositis, arthritis=arthritis,
                   raynaud=raynaud, mechanics_hands=mechanics_hands, fever=fever)
    label, majors, minors, rule_text, rule = _SOLOMON[reading]
    major = [k for k in majors if flags[k]]
    minor = [k for k in minors if flags[k]]
    met = flags["anti_ars"] and rule(len(major), len(minor))
    detail = (
        f"anti-ARS {'present' if flags['anti_ars'] else 'absent'} (required); "
        f"{len(major)} major ({', '.join(majors)}), {len(minor)} minor "
        f"({', '.join(minors)}); needs {rule_text}"
    )
    return CriteriaResult(f"Solomon 2011 ({label})", met, tuple(major + minor), detail,
                          "item list unverified; readings conflict", reading)


@dataclass(frozen=True)
class Asys2025Info:
    """What is known of the 2025 ACR/EULAR ASyS criteria (information only, not scored)."""

    name: str
    items: tuple[str, ...]
    levels: tuple[str, ...]
    weights_verified: bool
    source: str
    note: str


#: The 2025 ACR/EULAR anti-synthetase syndrome criteria, items and levels only (weights UNVERIFIED).
ASYS_2025 = Asys2025Info(
    name="2025 ACR/EULAR anti-synthetase syndrome (CLASS)",
    items=("anti-ARS antibodies", "ILD", "myositis", "arthritis",
           "mechanic's hands or hiker's feet", "inflammatory skin rashes", "unexplained fever",
           "Raynaud's phenomenon"),
    levels=("possible", "probable", "definite"),
    weights_verified=False,
    source="CLASS2025",
    note="published 2025; weighted score with three thresholds; weights and thresholds not seen, "
         "so the casebook does not compute this score",
)


def criteria_summary(
    *, age_at_onset_years: float, anti_ars: bool = False, ild: bool = False,
    myositis: bool = False, arthritis: bool = False, fever: bool = False,
    raynaud: bool = False, mechanics_hands: bool = False, biopsy: bool = False,
    **eular_findings: bool,
) -> tuple[CriteriaResult, ...]:
    """Evaluate one set of findings against every criteria set at once.

    Parameters
    ----------
    age_at_onset_years, biopsy, **eular_findings
        As for :func:`eular_acr_2017` (e.g. ``anti_jo1=True``).
    anti_ars, ild, myositis, arthritis, fever, raynaud, mechanics_hands : bool
        As for :func:`connors_2010` and :func:`solomon_2011`.

    Returns
    -------
    tuple of CriteriaResult
        Rows for EULAR/ACR 2017 (``met`` = probable IIM or above), Connors 2010, Solomon 2011
        readings A and B, and the 2025 ASyS criteria (``met=None``: not scored).

    Raises
    ------
    ValueError
        As the underlying functions, and if ``anti_jo1=True`` while ``anti_ars=False``
        (anti-Jo-1 is an anti-synthetase antibody).

    Examples
    --------
    >>> rows = criteria_summary(age_at_onset_years=59, anti_ars=True, ild=True,
    ...                         arthritis=True, fever=True)
    >>> [(r.name.split(" (")[0], r.met) for r in rows]  # doctest: +NORMALIZE_WHITESPACE
    [('EULAR/ACR 2017 IIM', False), ('Connors 2010', True), ('Solomon 2011', False),
     ('Solomon 2011', True), ('2025 ACR/EULAR anti-synthetase syndrome', None)]
    """
    flags = _flags(anti_ars=anti_ars, ild=ild, myositis=myositis, arthritis=arthritis,
                   fever=fever, raynaud=raynaud, mechanics_hands=mechanics_hands)
    if eular_findings.get("anti_jo1") is True and not flags["anti_ars"]:
        raise ValueError("anti_jo1=True implies anti_ars=True (Jo-1 is an anti-synthetase)")
    eular = eular_acr_2017(age_at_onset_years=age_at_onset_years, biopsy=biopsy,
                           **eular_findings)
    present = tuple(name for name, _ in eular.items)
    solomon = {k: solomon_2011(**flags, reading=k) for k in _SOLOMON}
    return (
        CriteriaResult("EULAR/ACR 2017 IIM", eular.met, present, eular.explain,
                       "weights and thresholds verified; probability constants unverified"),
        _connors(flags),
        solomon["jbp"],
        solomon["err"],
        CriteriaResult(ASYS_2025.name, None, (), ASYS_2025.note, "not implemented"),
    )


# --- ILD progression --------------------------------------------------------------------------

_EPS = 1e-9  # absorbs floating-point error in subtractions like 80.1 - 75.1


@dataclass(frozen=True)
class PftDecline:
    """Decline of a lung-function measure; positive = worse, negative = improvement.

    ``absolute_decline_points`` is in percentage points of predicted (baseline - follow-up);
    ``relative_decline_percent`` is that difference as a % of the baseline value.
    """

    measure: str
    baseline_percent_predicted: float
    follow_up_percent_predicted: float
    absolute_decline_points: float
    relative_decline_percent: float


def _pft(value: object, name: str) -> float:
    def hint(x: float) -> str | None:
        return "looks like litres or a fraction: pass % predicted (e.g. 80)" if x < 5 else None

    return require_finite(value, name=name, unit="% predicted", low=5, high=200, hint=hint)


def _decline(measure: str, baseline: object, follow_up: object) -> PftDecline:
    b = _pft(baseline, "baseline_percent_predicted")
    f = _pft(follow_up, "follow_up_percent_predicted")
    return PftDecline(measure, b, f, round(b - f, 10), round(100 * (b - f) / b, 10))


def fvc_decline(
    *, baseline_percent_predicted: float, follow_up_percent_predicted: float
) -> PftDecline:
    """Absolute and relative FVC decline between two tests (each in % predicted, 5-200).

    Examples
    --------
    >>> d = fvc_decline(baseline_percent_predicted=80, follow_up_percent_predicted=72)
    >>> d.absolute_decline_points, d.relative_decline_percent
    (8.0, 10.0)
    """
    return _decline("FVC", baseline_percent_predicted, follow_up_percent_predicted)


def dlco_decline(
    *, baseline_percent_predicted: float, follow_up_percent_predicted: float
) -> PftDecline:
    """Absolute and relative DLCO decline (Hb-corrected % predicted, 5-200).

    Examples
    --------
    >>> dlco_decline(baseline_percent_predicted=60, follow_up_percent_predicted=50)
    ... # doctest: +ELLIPSIS
    PftDecline(measure='DLCO', ..., absolute_decline_points=10.0, relative_decline_percent=16.6...)
    """
    return _decline("DLCO", baseline_percent_predicted, follow_up_percent_predicted)


@dataclass(frozen=True)
class ProgressionResult:
    """A progression rule evaluated: ``reasons`` lists the arms that were met."""

    rule: str
    met: bool
    reasons: tuple[str, ...]


def _months(value: object, limit: int) -> float:
    return require_finite(
        value, name="months", unit="months", low=0, high=limit,
        hint=f"the rule looks back at most {limit} months",
    )


def _change(value: object, name: str, unit: str, *, optional: bool = False) -> float | None:
    check = require_finite_or_none if optional else require_finite
    return check(value, name=name, unit=unit, low=-1000, high=100)


def ats_ers_2022_physiological_progression(
    *, fvc_abs_decline_points: float | None = None,
    dlco_abs_decline_points: float | None = None, months: float,
) -> ProgressionResult:
    """ATS/ERS/JRS/ALAT 2022 physiological progression (one of the three PPF criteria).

    Parameters
    ----------
    fvc_abs_decline_points, dlco_abs_decline_points : float or None
        **Absolute** declines in percentage points of predicted (positive = worse); ``None``
        if not measured (at least one is required).
    months : float
        Interval between the tests (0-12 months).

    Returns
    -------
    ProgressionResult
        Met if FVC decline >= 5 points or DLCO (Hb-corrected) decline >= 10 points within
        one year (boundaries inclusive; a 1e-9 tolerance absorbs float error).

    References
    ----------
    Raghu G, et al. Am J Respir Crit Care Med 2022;205(9):e18-e47.
    doi:10.1164/rccm.202202-0399ST

    Examples
    --------
    >>> ats_ers_2022_physiological_progression(fvc_abs_decline_points=5, months=12).met
    True
    >>> ats_ers_2022_physiological_progression(fvc_abs_decline_points=4.9,
    ...     dlco_abs_decline_points=9.9, months=12).met
    False
    """
    _months(months, 12)
    unit = "% predicted points"
    fvc = _change(fvc_abs_decline_points, "fvc_abs_decline_points", unit, optional=True)
    dlco = _change(dlco_abs_decline_points, "dlco_abs_decline_points", unit, optional=True)
    if fvc is None and dlco is None:
        raise ValueError("give fvc_abs_decline_points and/or dlco_abs_decline_points")
    reasons = []
    if fvc is not None and fvc >= 5 - _EPS:
        reasons.append(f"FVC absolute decline {fvc:g} >= 5 points")
    if dlco is not None and dlco >= 10 - _EPS:
        reasons.append(f"DLCO absolute decline {dlco:g} >= 10 points")
    return ProgressionResult("ATS/ERS 2022 physiological progression", bool(reasons),
                             tuple(reasons))


def ats_ers_2022_ppf(
    *, worsening_symptoms: bool, physiological_progression: bool,
    radiological_progression: bool,
) -> ProgressionResult:
    """ATS/ERS/JRS/ALAT 2022 progressive pulmonary fibrosis: >= 2 of 3 within the past year.

    For non-IPF ILD with radiological fibrosis and no alternative explanation (Raghu 2022).

    Examples
    --------
    >>> ats_ers_2022_ppf(worsening_symptoms=True, physiological_progression=True,
    ...                  radiological_progression=False).met
    True
    """
    flags = _flags(worsening_symptoms=worsening_symptoms,
                   physiological_progression=physiological_progression,
                   radiological_progression=radiological_progression)
    reasons = tuple(name for name, value in flags.items() if value)
    return ProgressionResult("ATS/ERS 2022 PPF (2 of 3)", len(reasons) >= 2, reasons)


def inbuild_progression(
    *, fvc_rel_decline_percent: float, worsening_symptoms: bool = False,
    fibrosis_progression: bool = False, months: float,
) -> ProgressionResult:
    """INBUILD trial progression (24 months), using **relative** FVC decline.

    Met by any arm: relative FVC decline >= 10%; 5 to < 10% with more fibrosis on HRCT;
    5 to < 10% with worsening respiratory symptoms; or worsening symptoms plus more fibrosis
    (ERS Eur Respir Rev table of trial definitions; a Breathe table prints "> 10%").

    Examples
    --------
    >>> inbuild_progression(fvc_rel_decline_percent=10, months=24).met
    True
    >>> inbuild_progression(fvc_rel_decline_percent=7, months=18).met
    False
    """
    _months(months, 24)
    fvc = _change(fvc_rel_decline_percent, "fvc_rel_decline_percent", "% of baseline")
    flags = _flags(worsening_symptoms=worsening_symptoms,
                   fibrosis_progression=fibrosis_progression)
    moderate = fvc >= 5 - _EPS
    arms = {
        "FVC relative decline >= 10%": fvc >= 10 - _EPS,
        "FVC 5-<10% + more fibrosis": moderate and flags["fibrosis_progression"],
        "FVC 5-<10% + worse symptoms": moderate and flags["worsening_symptoms"],
        "worse symptoms + more fibrosis": all(flags.values()),
    }
    reasons = tuple(name for name, hit in arms.items() if hit)
    return ProgressionResult("INBUILD (24 months, relative)", bool(reasons), reasons)


def classic_ctd_ild_progression(
    *, fvc_rel_decline_percent: float, dlco_rel_decline_percent: float | None = None,
    fibrosis_progression: bool = False, worsening_symptoms: bool = False, months: float,
) -> ProgressionResult:
    """Classic CTD/IIM-ILD progression (24 months, **relative** declines).

    Met by: FVC >= 10%; or FVC >= 5% with DLCO >= 15%; or FVC >= 5% with more fibrosis on
    HRCT or progressive symptoms (as tabulated in a 2022 review in Aging and Disease, Table 2;
    the review itself is not in the bibliography).

    Examples
    --------
    >>> classic_ctd_ild_progression(fvc_rel_decline_percent=5, dlco_rel_decline_percent=15,
    ...                             months=24).met
    True
    >>> classic_ctd_ild_progression(fvc_rel_decline_percent=4.9, dlco_rel_decline_percent=30,
    ...                             months=24).met
    False
    """
    _months(months, 24)
    fvc = _change(fvc_rel_decline_percent, "fvc_rel_decline_percent", "% of baseline")
    dlco = _change(dlco_rel_decline_percent, "dlco_rel_decline_percent", "% of baseline",
                   optional=True)
    flags = _flags(fibrosis_progression=fibrosis_progression,
                   worsening_symptoms=worsening_symptoms)
    moderate = fvc >= 5 - _EPS
    arms = {
        "FVC relative decline >= 10%": fvc >= 10 - _EPS,
        "FVC >= 5% + DLCO >= 15%": moderate and dlco is not None and dlco >= 15 - _EPS,
        "FVC >= 5% + more fibrosis or worse symptoms": moderate and any(flags.values()),
    }
    reasons = tuple(name for name, hit in arms.items() if hit)
    return ProgressionResult("classic CTD-ILD (24 months, relative)", bool(reasons), reasons)
