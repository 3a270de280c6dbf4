"""Autoantibody serology: ICAP HEp-2 patterns, anti-synthetases, titres, line blots and Bayes.

Pure functions of the standard library and :mod:`casebook.units`. Lookup data live in
``data/icap_patterns.csv`` and ``data/synthetases.csv`` and are read here with :mod:`csv`.

Verified vs unverified (checked against the primary sources cited below):

- ICAP names AC-1 to AC-20, AC-23 and AC-29 are verified; AC-21, AC-22 and AC-24 to AC-28 are
  best knowledge (``verified`` is ``False`` for them). Antigen lists are verified only for
  AC-14, AC-19 and AC-20 (``antigens_verified``).
- The eight anti-synthetase antigens are verified (Mahler 2014).
- The EUROLineScan intensity cut-offs are UNVERIFIED: :data:`DEFAULT_LINE_BLOT_CUTOFFS` is an
  overridable default, not a settled rule.

References
----------
Damoiseaux J, et al. Clinical relevance of HEp-2 indirect immunofluorescent patterns: the
ICAP perspective. Ann Rheum Dis 2019;78:879-889. doi:10.1136/annrheumdis-2018-214436
Chan EKL, et al. Front Immunol 2015;6:412. doi:10.3389/fimmu.2015.00412
Mahler M, Miller FW, Fritzler MJ. Autoimmun Rev 2014;13:367-371.
doi:10.1016/j.autrev.2014.01.022
"""

from __future__ import annotations

import csv
import math
import numbers
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from casebook.units import require_bool, require_finite

__all__ = [
    "DEFAULT_LINE_BLOT_CUTOFFS",
    "LINE_BLOT_CLASSES",
    "IcapPattern",
    "LikelihoodRatios",
    "Synthetase",
    "dilution_steps",
    "doubling_series",
    "format_titre",
    "icap_pattern",
    "icap_patterns",
    "likelihood_ratios",
    "line_blot_class",
    "parse_titre",
    "post_test_probability",
    "synthetase",
    "synthetases",
]


def _read_csv(filename: str) -> list[dict[str, str]]:
    path = resources.files("casebook").joinpath("data", filename)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


# --- ICAP patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IcapPattern:
    """One ICAP HEp-2 pattern (a row of ``data/icap_patterns.csv``).

    ``verified`` refers to the pattern name; ``antigens_verified`` to the antigen list.
    """

    code: str
    name: str
    compartment: str
    antigens: tuple[str, ...]
    verified: bool
    antigens_verified: bool
    source: str
    note: str


@cache
def icap_patterns() -> tuple[IcapPattern, ...]:
    """All 29 ICAP patterns, AC-1 to AC-29, in code order.

    Examples
    --------
    >>> len(icap_patterns()), icap_patterns()[0].code, icap_patterns()[-1].code
    (29, 'AC-1', 'AC-29')
    """
    return tuple(
        IcapPattern(
            code=row["code"],
            name=row["name"],
            compartment=row["compartment"],
            antigens=_split(row["antigens"]),
            verified=row["verified"] == "true",
            antigens_verified=row["antigens_verified"] == "true",
            source=row["source"],
            note=row["note"],
        )
        for row in _read_csv("icap_patterns.csv")
    )


_AC_CODE = re.compile(r"^\s*ac\s*[-\u2010\u2013]?\s*(\d{1,3})\s*$", re.IGNORECASE)


def icap_pattern(code: str) -> IcapPattern:
    """Look up an ICAP anti-cell (AC) pattern by its code.

    Parameters
    ----------
    code : str
        ``"AC-19"``; case, spaces and the hyphen are optional (``"ac19"``, ``" ac 19 "``).

    Returns
    -------
    IcapPattern
        ``code`` (canonical ``"AC-n"``), ``name``, ``compartment`` (``"nuclear"``,
        ``"cytoplasmic"`` or ``"mitotic"``), ``antigens``, ``verified``, ``antigens_verified``,
        ``source`` (bib key) and ``note``.

    Raises
    ------
    ValueError
        If ``code`` is not a string of that form or is outside AC-1 to AC-29. AC-0
        ("negative") is not included: its official status is unverified.

    Notes
    -----
    Names of AC-21, AC-22 and AC-24 to AC-28 are best knowledge (``verified=False``).
    The AC-19/AC-20 distinction depends on the HEp-2 substrate and antibody concentration, and
    anti-synthetase and anti-ribosomal-P antibodies may be missed on HEp-2 screening, so a
    negative or different pattern does not exclude them.

    References
    ----------
    Damoiseaux J, et al. Ann Rheum Dis 2019;78:879-889. doi:10.1136/annrheumdis-2018-214436;
    anapatterns.org, patterns 19 and 20.

    Examples
    --------
    The case's pattern (RuizEsquide 2026):

    >>> p = icap_pattern("AC19")
    >>> p.name, p.compartment, p.antigens
    ('cytoplasmic dense fine speckled', 'cytoplasmic', ('PL-7', 'PL-12', 'ribosomal P proteins'))
    >>> icap_pattern("ac-20").antigens
    ('Jo-1/histidyl-tRNA synthetase',)
    """
    match = _AC_CODE.match(code) if isinstance(code, str) else None
    number = int(match.group(1)) if match else None
    if number is None or not 1 <= number <= 29:
        raise ValueError(
            f"code={code!r} is not an ICAP pattern code; expected 'AC-1' to 'AC-29' "
            "(e.g. 'AC-19'; AC-0 'negative' is not an included code)"
        )
    return icap_patterns()[number - 1]


# --- Anti-synthetase antibodies --------------------------------------------------------------


@dataclass(frozen=True)
class Synthetase:
    """An anti-aminoacyl-tRNA-synthetase antibody and its target (``data/synthetases.csv``)."""

    antibody: str
    enzyme: str
    enzyme_abbreviation: str
    gene: str
    aliases: tuple[str, ...]
    source: str
    verified: bool


@cache
def synthetases() -> tuple[Synthetase, ...]:
    """The eight anti-synthetase antibodies of Mahler 2014, Jo-1 first.

    Examples
    --------
    >>> [s.antibody for s in synthetases()]
    ['Jo-1', 'PL-7', 'PL-12', 'EJ', 'OJ', 'KS', 'Zo', 'Ha']
    """
    return tuple(
        Synthetase(
            antibody=row["antibody"],
            enzyme=row["enzyme"],
            enzyme_abbreviation=row["enzyme_abbreviation"],
            gene=row["gene"],
            aliases=_split(row["aliases"]),
            source=row["source"],
            verified=row["verified"] == "true",
        )
        for row in _read_csv("synthetases.csv")
    )


def _antibody_key(text: str) -> str:
    key = text.strip().lower()
    key = re.sub(r"^anti[\s_-]*", "", key)
    return re.sub(r"[\s_\-\u2010\u2013]", "", key)


def synthetase(antibody: str) -> Synthetase:
    """Look up an anti-synthetase antibody by name.

    Parameters
    ----------
    antibody : str
        ``"PL-12"``, ``"PL12"``, ``"anti-PL-12"``, ``"pl-12"`` (case, spaces, hyphens and an
        ``anti-`` prefix are ignored). ``"YRS"`` is accepted for Ha.

    Returns
    -------
    Synthetase
        ``antibody`` (canonical name), ``enzyme``, ``enzyme_abbreviation``, ``gene`` (symbol
        as given by Mahler 2014, e.g. ``AARS``; current HGNC symbols add a ``1``),
        ``aliases``, ``source``, ``verified``.

    Raises
    ------
    ValueError
        If the name is not one of the eight; the message lists the valid names.

    Notes
    -----
    Rarer reported targets (SC/lysyl, JS/glutaminyl) are not included: only partly sourced.

    References
    ----------
    Mahler M, Miller FW, Fritzler MJ. Autoimmun Rev 2014;13:367-371.
    doi:10.1016/j.autrev.2014.01.022

    Examples
    --------
    >>> s = synthetase("anti-PL-12")
    >>> s.antibody, s.enzyme, s.gene
    ('PL-12', 'alanyl-tRNA synthetase', 'AARS')
    >>> synthetase("jo1").enzyme
    'histidyl-tRNA synthetase'
    """
    if isinstance(antibody, str):
        key = _antibody_key(antibody)
        for record in synthetases():
            names = (record.antibody, *record.aliases)
            if key in {_antibody_key(name) for name in names}:
                return record
    valid = ", ".join(s.antibody for s in synthetases())
    raise ValueError(f"antibody={antibody!r} is not a known anti-synthetase; valid: {valid}")


# --- Titres ----------------------------------------------------------------------------------

_TITRE = re.compile(r"^\s*(?:(\d+)\s*[:/]\s*)?(\d+)\s*$")
_MAX_TITRE = 10**7


def parse_titre(titre: str | int) -> int:
    """Return the reciprocal end-point titre: ``"1:160"`` -> ``160``.

    Parameters
    ----------
    titre : str or int
        ``"1:160"``, ``"1/160"``, ``"160"`` or the integer ``160``.

    Returns
    -------
    int
        The dilution factor (>= 1).

    Raises
    ------
    ValueError
        For zero, negatives, non-integers, a numerator other than 1, bools and non-numbers.

    Examples
    --------
    >>> parse_titre("1:160"), parse_titre("1/80"), parse_titre(" 320 "), parse_titre(640)
    (160, 80, 320, 640)
    """
    if isinstance(titre, numbers.Integral) and not isinstance(titre, bool):
        value = int(titre)
    elif isinstance(titre, str) and (match := _TITRE.match(titre)):
        if match.group(1) is not None and int(match.group(1)) != 1:
            raise ValueError(f"titre={titre!r}: the numerator must be 1, as in '1:160'")
        value = int(match.group(2))
    else:
        raise ValueError(
            f"titre={titre!r} is not a titre; expected '1:160', '1/160', '160' or 160"
        )
    if not 1 <= value <= _MAX_TITRE:
        raise ValueError(f"titre={titre!r} must be a dilution between 1 and 1:{_MAX_TITRE}")
    return value


def format_titre(titre: str | int) -> str:
    """Format a titre as ``"1:160"``.

    >>> format_titre(160), format_titre("1/320")
    ('1:160', '1:320')
    """
    return f"1:{parse_titre(titre)}"


def dilution_steps(first: str | int, second: str | int) -> int:
    """Number of doubling-dilution steps from ``first`` to ``second`` (signed).

    Parameters
    ----------
    first, second : str or int
        Titres in any form :func:`parse_titre` accepts.

    Returns
    -------
    int
        ``log2(second / first)``: positive when ``second`` is a higher dilution (a rise in
        antibody), negative when lower, 0 when equal.

    Raises
    ------
    ValueError
        If the ratio is not an exact power of two (the titres are not on one doubling
        series, e.g. 1:80 and 1:100): no rounding is done.

    Notes
    -----
    One step (a two-fold change) is within the usual run-to-run variation of IIF titres, so
    clinically meaningful changes are usually taken as two or more steps (standard practice,
    not from a cited source).

    Examples
    --------
    >>> dilution_steps("1:80", "1:160"), dilution_steps("1:160", "1:80")
    (1, -1)
    >>> dilution_steps("1:80", "1:2560")
    5
    """
    low, high = parse_titre(first), parse_titre(second)
    sign = 1 if high >= low else -1
    small, big = min(low, high), max(low, high)
    ratio, remainder = divmod(big, small)
    if remainder or ratio & (ratio - 1):
        raise ValueError(
            f"titres 1:{low} and 1:{high} are not on one doubling series "
            f"(ratio {big / small:g} is not a power of two)"
        )
    return sign * (ratio.bit_length() - 1)


def doubling_series(start: str | int = 80, stop: str | int = 2560) -> tuple[int, ...]:
    """The doubling-dilution series from ``start`` to ``stop`` inclusive.

    Parameters
    ----------
    start, stop : str or int
        Titres; ``stop`` must be ``start`` times a power of two (default 1:80 to 1:2560, the
        usual HEp-2 reporting series).

    Returns
    -------
    tuple of int

    Examples
    --------
    >>> doubling_series()
    (80, 160, 320, 640, 1280, 2560)
    >>> [format_titre(t) for t in doubling_series("1:40", "1:160")]
    ['1:40', '1:80', '1:160']
    """
    steps = dilution_steps(start, stop)
    if steps < 0:
        raise ValueError(f"stop={stop!r} must not be a lower dilution than start={start!r}")
    first = parse_titre(start)
    return tuple(first * 2**k for k in range(steps + 1))


# --- Line blot -------------------------------------------------------------------------------

#: Class labels from :func:`line_blot_class`, weakest first.
LINE_BLOT_CLASSES = ("negative", "borderline", "+", "++", "+++")
#: Upper bounds (inclusive) of negative, borderline, + and ++ (EUROLineScan, UNVERIFIED).
DEFAULT_LINE_BLOT_CUTOFFS = (5.0, 10.0, 25.0, 50.0)


def _check_cutoffs(cutoffs: object) -> tuple[float, ...]:
    if not isinstance(cutoffs, (tuple, list)) or len(cutoffs) != 4:
        raise ValueError(
            f"cutoffs={cutoffs!r} must be 4 numbers: the upper bounds of negative, "
            "borderline, + and ++"
        )
    values = tuple(
        require_finite(c, name=f"cutoffs[{i}]", unit="intensity units", low=0)
        for i, c in enumerate(cutoffs)
    )
    if any(b <= a for a, b in zip(values, values[1:])):
        raise ValueError(f"cutoffs={cutoffs!r} must be strictly increasing")
    return values


def line_blot_class(intensity: float, *, cutoffs=DEFAULT_LINE_BLOT_CUTOFFS) -> str:
    """Class of a line-blot band from its scanner intensity.

    Parameters
    ----------
    intensity : float
        Band intensity in scanner units (>= 0).
    cutoffs : sequence of 4 numbers
        Inclusive upper bounds of ``negative``, ``borderline``, ``+`` and ``++``; above the
        last is ``+++``. Non-negative and strictly increasing. The default
        ``(5, 10, 25, 50)`` is the EUROLineScan scheme as best known (0-5 / 6-10 / 11-25 /
        26-50 / > 50): **UNVERIFIED**; use your kit insert's values.

    Returns
    -------
    str
        One of :data:`LINE_BLOT_CLASSES`.

    Raises
    ------
    ValueError
        For a negative, non-finite or non-numeric intensity, or invalid ``cutoffs``.

    Notes
    -----
    Boundary rule: a band belongs to the first class whose upper bound it does not exceed
    (``intensity <= bound``). With the default cut-offs 5 is negative, 5.5 and 6 are
    borderline, 10 is borderline, 10.5 and 11 are ``+``, 50 is ``++`` and 50.5 is ``+++``.
    The insert's integer bands (6-10 ...) are thus extended to non-integer readings by
    rounding *up* to the next class. Many expert centres trust only ``++``/``+++`` myositis
    antibodies; raising the cut-off did not clearly improve agreement with
    immunoprecipitation (Ronnelid 2020).

    References
    ----------
    Ronnelid J, Espinosa-Ortega F, Lundberg IE. Ann Rheum Dis 2020;79(11):e153.

    Examples
    --------
    >>> [line_blot_class(x) for x in (5, 5.5, 6, 11, 26, 51)]
    ['negative', 'borderline', 'borderline', '+', '++', '+++']
    >>> line_blot_class(20, cutoffs=(10, 20, 40, 80))
    'borderline'
    """
    bounds = _check_cutoffs(cutoffs)
    x = require_finite(intensity, name="intensity", unit="intensity units", low=0)
    for label, bound in zip(LINE_BLOT_CLASSES, bounds):
        if x <= bound:
            return label
    return LINE_BLOT_CLASSES[-1]


# --- Bayes -----------------------------------------------------------------------------------


def _probability(value: object, name: str) -> float:
    def hint(x: float) -> str | None:
        if 1 < x <= 100:
            return "a proportion is expected and this looks like a percentage: divide by 100"
        return "a proportion is expected (e.g. 0.9 for 90%)"

    return require_finite(value, name=name, unit="", low=0, high=1, hint=hint)


@dataclass(frozen=True)
class LikelihoodRatios:
    """Positive and negative likelihood ratios (``math.inf`` when the denominator is 0)."""

    positive: float
    negative: float


def likelihood_ratios(*, sensitivity: float, specificity: float) -> LikelihoodRatios:
    """Likelihood ratios of a test: LR+ = sens / (1 - spec), LR- = (1 - sens) / spec.

    Parameters
    ----------
    sensitivity, specificity : float
        Proportions in [0, 1] (not percentages).

    Returns
    -------
    LikelihoodRatios
        ``positive`` and ``negative``; ``math.inf`` where the denominator is 0.

    Raises
    ------
    ValueError
        Out of [0, 1] (with a hint for percentages), or a 0/0 ratio (sensitivity 0 with
        specificity 1, or sensitivity 1 with specificity 0: an uninformative test).

    Examples
    --------
    The 1:160 HEp-2 cut-off in a Brazilian healthy-donor study (sensitivity 82%,
    specificity 73.7%; Rev Bras Reumatol 2014, ``RevBrasReumatol2014`` in the bibliography):

    >>> lr = likelihood_ratios(sensitivity=0.82, specificity=0.737)
    >>> round(lr.positive, 2), round(lr.negative, 2)
    (3.12, 0.24)
    """
    sens = _probability(sensitivity, "sensitivity")
    spec = _probability(specificity, "specificity")
    if (sens == 0 and spec == 1) or (sens == 1 and spec == 0):
        raise ValueError(
            f"sensitivity={sens:g} with specificity={spec:g} gives a 0/0 likelihood ratio"
        )
    positive = math.inf if spec == 1 else sens / (1 - spec)
    negative = math.inf if spec == 0 else (1 - sens) / spec
    return LikelihoodRatios(positive, negative)


def post_test_probability(
    *, pretest: float, sensitivity: float, specificity: float, positive: bool = True
) -> float:
    """Probability of disease after a test result (Bayes' theorem).

    Parameters
    ----------
    pretest : float
        Pre-test probability in [0, 1].
    sensitivity, specificity : float
        Proportions in [0, 1]. A value such as 90 raises with a hint to pass 0.9.
    positive : bool
        ``True`` for a positive result, ``False`` for a negative one.

    Returns
    -------
    float
        Post-test probability in [0, 1].

    Raises
    ------
    ValueError
        For values outside [0, 1], non-numbers, a non-bool ``positive``, or a result the
        inputs make impossible (e.g. a positive result with specificity 1 and pretest 0).

    Notes
    -----
    Computed as ``P(D|result) = P(result|D) p / (P(result|D) p + P(result|not D) (1 - p))``,
    which equals post-test odds = pre-test odds x LR but stays defined at the edges: with
    specificity 1 a positive result gives 1.0 whenever ``pretest > 0``; with sensitivity 1
    a negative result gives 0.0; pretest 0 or 1 is returned unchanged.

    Examples
    --------
    A strongly positive anti-PL-12 with a high pre-test probability (illustrative numbers):

    >>> round(post_test_probability(pretest=0.5, sensitivity=0.9, specificity=0.95), 3)
    0.947
    >>> round(post_test_probability(pretest=0.5, sensitivity=0.9, specificity=0.95,
    ...                             positive=False), 3)
    0.095
    """
    p = _probability(pretest, "pretest")
    sens = _probability(sensitivity, "sensitivity")
    spec = _probability(specificity, "specificity")
    if require_bool(positive, name="positive"):
        if_disease, if_healthy = sens, 1 - spec
    else:
        if_disease, if_healthy = 1 - sens, spec
    numerator = if_disease * p
    denominator = numerator + if_healthy * (1 - p)
    if denominator == 0:
        result = "positive" if positive else "negative"
        raise ValueError(
            f"a {result} result is impossible with pretest={p:g}, sensitivity={sens:g}, "
            f"specificity={spec:g}; the post-test probability is undefined"
        )
    return numerator / denominator
