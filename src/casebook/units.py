"""Input validators and unit conversions shared by every calculator.

The calculators (``myeloma``, ``serology``, ``myositis``, ``transplant``) import only the
standard library and this module. Names here are stable; add, do not rename.

Validators (all raise :class:`ValueError` whose message names the parameter, its unit, the
valid range and, where given, a hint about a likely unit mix-up):

``require_finite(value, *, name, unit, low=None, high=None, hint=None) -> float``
    A real number (not bool, not NaN/inf, not a string) within ``[low, high]`` (inclusive;
    ``None`` = unbounded). ``hint`` is a string, or a callable ``hint(value) -> str | None``
    so the hint can depend on which side of the range the value fell.
``require_finite_or_none(value, *, name, unit, low=None, high=None, hint=None)``
    As above, but ``None`` (unknown) passes through unchanged.
``require_int(value, *, name, low=None, high=None, unit="") -> int``
    An integer (not bool, not float) within ``[low, high]``; for stages, counts and scores.
``require_bool(value, *, name) -> bool``
    ``True`` or ``False`` only, so that ``"no"`` or ``0.3`` never counts as a yes.

Conversions (each validates its argument: finite and, for concentrations, not negative):

==========================================  ======================================
``albumin_g_per_l_to_g_per_dl(x)``           g/L / 10
``albumin_g_per_dl_to_g_per_l(x)``           g/dL * 10
``calcium_mg_per_dl_to_mmol_per_l(x)``       mg/dL / 4.008 (about * 0.2495)
``calcium_mmol_per_l_to_mg_per_dl(x)``       mmol/L * 4.008
``creatinine_mg_per_dl_to_umol_per_l(x)``    mg/dL * 88.4
``creatinine_umol_per_l_to_mg_per_dl(x)``    umol/L / 88.4
``haemoglobin_g_per_dl_to_g_per_l(x)``       g/dL * 10
``haemoglobin_g_per_l_to_g_per_dl(x)``       g/L / 10
``percent_to_fraction(x)``                   % / 100
``fraction_to_percent(x)``                   fraction * 100
==========================================  ======================================

Constants: ``CALCIUM_MG_PER_MMOL`` (40.078 / 10, i.e. mg/dL per mmol/L) and
``CREATININE_UMOL_PER_L_PER_MG_PER_DL`` (88.4).

References
----------
Standard conversion factors, as the IMWG criteria quote their thresholds in both units
(Rajkumar et al., Lancet Oncol 2014, doi:10.1016/S1470-2045(14)70442-5: calcium 11 mg/dL =
2.75 mmol/L, creatinine 2 mg/dL = 177 umol/L): calcium mg/dL * 0.2495 = mmol/L; creatinine
mg/dL * 88.4 = umol/L; haemoglobin g/dL * 10 = g/L; albumin g/L / 10 = g/dL (ISS albumin
3.5 g/dL = 35 g/L; Greipp et al., J Clin Oncol 2005, doi:10.1200/JCO.2005.04.242).

Examples
--------
>>> require_finite(3.5, name="albumin_g_per_dl", unit="g/dL", low=1, high=7)
3.5
>>> require_finite(35, name="albumin_g_per_dl", unit="g/dL", low=1, high=7,
...                hint="looks like g/L: divide by 10")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: albumin_g_per_dl=35 g/dL is outside the valid range 1 to 7 g/dL; looks like g/L: ...
>>> albumin_g_per_l_to_g_per_dl(35)
3.5
>>> round(calcium_mg_per_dl_to_mmol_per_l(11), 2)
2.74
>>> round(creatinine_mg_per_dl_to_umol_per_l(2), 1)
176.8
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable

__all__ = [
    "CALCIUM_MG_PER_MMOL",
    "CREATININE_UMOL_PER_L_PER_MG_PER_DL",
    "albumin_g_per_dl_to_g_per_l",
    "albumin_g_per_l_to_g_per_dl",
    "calcium_mg_per_dl_to_mmol_per_l",
    "calcium_mmol_per_l_to_mg_per_dl",
    "creatinine_mg_per_dl_to_umol_per_l",
    "creatinine_umol_per_l_to_mg_per_dl",
    "fraction_to_percent",
    "haemoglobin_g_per_dl_to_g_per_l",
    "haemoglobin_g_per_l_to_g_per_dl",
    "percent_to_fraction",
    "require_bool",
    "require_finite",
    "require_finite_or_none",
    "require_int",
]

#: mg/dL of calcium per mmol/L (molar mass 40.078 g/mol; 1 mmol/L = 4.008 mg/dL).
CALCIUM_MG_PER_MMOL = 40.078 / 10
#: umol/L of creatinine per mg/dL (molar mass 113.12 g/mol, conventionally rounded to 88.4).
CREATININE_UMOL_PER_L_PER_MG_PER_DL = 88.4

Hint = str | Callable[[float], "str | None"] | None


def _fmt(x: float) -> str:
    return f"{x:g}"


def _range_text(low: float | None, high: float | None, unit: str) -> str:
    u = f" {unit}" if unit else ""
    if low is not None and high is not None:
        return f"{_fmt(low)} to {_fmt(high)}{u}"
    if low is not None:
        return f">= {_fmt(low)}{u}"
    if high is not None:
        return f"<= {_fmt(high)}{u}"
    return f"any finite number{u}"


def _is_bool(value: object) -> bool:
    # numpy.bool_ is not a bool subclass; catch it by name to keep numpy out of this module.
    return isinstance(value, bool) or type(value).__name__ == "bool_"


def require_finite(
    value: object,
    *,
    name: str,
    unit: str,
    low: float | None = None,
    high: float | None = None,
    hint: Hint = None,
) -> float:
    """Return ``value`` as a float if it is a finite real number within ``[low, high]``.

    Parameters
    ----------
    value : object
        The input to check.
    name : str
        Parameter name shown in the error (e.g. ``"albumin_g_per_dl"``).
    unit : str
        Unit shown in the error (e.g. ``"g/dL"``); ``""`` for dimensionless.
    low, high : float or None
        Inclusive bounds; ``None`` means unbounded on that side.
    hint : str or callable or None
        Extra advice appended to an out-of-range message, typically the likely unit mix-up.
        A callable receives the (finite) value and returns a string or ``None``.

    Returns
    -------
    float
        ``float(value)``.

    Raises
    ------
    ValueError
        If ``value`` is a bool, not a real number, NaN or infinite, or outside the range.

    Examples
    --------
    >>> require_finite(2, name="x", unit="mg/L", low=0)
    2.0
    >>> require_finite(True, name="x", unit="mg/L")
    Traceback (most recent call last):
    ...
    ValueError: x must be a number in mg/L (any finite number mg/L), got bool True
    """
    rng = _range_text(low, high, unit)
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise ValueError(
            f"{name} must be a number in {unit or 'no unit'} ({rng}), "
            f"got {type(value).__name__} {value!r}"
        )
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name}={value!r} is not finite; expected {rng}")
    if (low is not None and x < low) or (high is not None and x > high):
        text = hint(x) if callable(hint) else hint
        u = f" {unit}" if unit else ""
        msg = f"{name}={_fmt(x)}{u} is outside the valid range {rng}"
        raise ValueError(f"{msg}; {text}" if text else msg)
    return x


def require_finite_or_none(
    value: object,
    *,
    name: str,
    unit: str,
    low: float | None = None,
    high: float | None = None,
    hint: Hint = None,
) -> float | None:
    """Like :func:`require_finite`, but ``None`` (value unknown) is returned unchanged.

    Examples
    --------
    >>> require_finite_or_none(None, name="x", unit="mg/L") is None
    True
    >>> require_finite_or_none(1, name="x", unit="mg/L")
    1.0
    """
    if value is None:
        return None
    return require_finite(value, name=name, unit=unit, low=low, high=high, hint=hint)


def require_int(
    value: object, *, name: str, low: int | None = None, high: int | None = None, unit: str = ""
) -> int:
    """Return ``value`` if it is an integer (not bool, not float) within ``[low, high]``.

    Raises
    ------
    ValueError
        If ``value`` is not an ``int`` or is out of range; the message names ``name``.

    Examples
    --------
    >>> require_int(2, name="iss_stage", low=1, high=3)
    2
    >>> require_int(4, name="iss_stage", low=1, high=3)
    Traceback (most recent call last):
    ...
    ValueError: iss_stage=4 is outside the valid range 1 to 3
    """
    rng = _range_text(low, high, unit)
    if _is_bool(value) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer ({rng}), got {type(value).__name__} {value!r}")
    n = int(value)
    if (low is not None and n < low) or (high is not None and n > high):
        u = f" {unit}" if unit else ""
        raise ValueError(f"{name}={n}{u} is outside the valid range {rng}")
    return n


def require_bool(value: object, *, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False``; anything else raises ``ValueError``.

    Examples
    --------
    >>> require_bool(False, name="del17p")
    False
    >>> require_bool("no", name="del17p")
    Traceback (most recent call last):
    ...
    ValueError: del17p must be True or False, got str 'no'
    """
    if not _is_bool(value):
        raise ValueError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def _conc(value: object, name: str, unit: str) -> float:
    return require_finite(value, name=name, unit=unit, low=0)


def albumin_g_per_l_to_g_per_dl(albumin_g_per_l: float, /) -> float:
    """Albumin g/L -> g/dL (divide by 10). ``35`` -> ``3.5``."""
    return _conc(albumin_g_per_l, "albumin_g_per_l", "g/L") / 10


def albumin_g_per_dl_to_g_per_l(albumin_g_per_dl: float, /) -> float:
    """Albumin g/dL -> g/L (multiply by 10). ``3.5`` -> ``35.0``."""
    return _conc(albumin_g_per_dl, "albumin_g_per_dl", "g/dL") * 10


def calcium_mg_per_dl_to_mmol_per_l(calcium_mg_per_dl: float, /) -> float:
    """Calcium mg/dL -> mmol/L (divide by 4.008, i.e. about * 0.2495). 11 -> about 2.74."""
    return _conc(calcium_mg_per_dl, "calcium_mg_per_dl", "mg/dL") / CALCIUM_MG_PER_MMOL


def calcium_mmol_per_l_to_mg_per_dl(calcium_mmol_per_l: float, /) -> float:
    """Calcium mmol/L -> mg/dL (multiply by 4.008). 2.75 -> about 11.0."""
    return _conc(calcium_mmol_per_l, "calcium_mmol_per_l", "mmol/L") * CALCIUM_MG_PER_MMOL


def creatinine_mg_per_dl_to_umol_per_l(creatinine_mg_per_dl: float, /) -> float:
    """Creatinine mg/dL -> umol/L (multiply by 88.4). 2 -> 176.8."""
    return (
        _conc(creatinine_mg_per_dl, "creatinine_mg_per_dl", "mg/dL")
        * CREATININE_UMOL_PER_L_PER_MG_PER_DL
    )


def creatinine_umol_per_l_to_mg_per_dl(creatinine_umol_per_l: float, /) -> float:
    """Creatinine umol/L -> mg/dL (divide by 88.4). 176.8 -> 2.0."""
    return (
        _conc(creatinine_umol_per_l, "creatinine_umol_per_l", "umol/L")
        / CREATININE_UMOL_PER_L_PER_MG_PER_DL
    )


def haemoglobin_g_per_dl_to_g_per_l(haemoglobin_g_per_dl: float, /) -> float:
    """Haemoglobin g/dL -> g/L (multiply by 10). 10 -> 100.0."""
    return _conc(haemoglobin_g_per_dl, "haemoglobin_g_per_dl", "g/dL") * 10


def haemoglobin_g_per_l_to_g_per_dl(haemoglobin_g_per_l: float, /) -> float:
    """Haemoglobin g/L -> g/dL (divide by 10). 100 -> 10.0."""
    return _conc(haemoglobin_g_per_l, "haemoglobin_g_per_l", "g/L") / 10


def percent_to_fraction(percent: float, /) -> float:
    """Percent -> fraction (divide by 100); any finite value, so changes may be negative.

    >>> percent_to_fraction(0.00023)
    2.3e-06
    """
    return require_finite(percent, name="percent", unit="%") / 100


def fraction_to_percent(fraction: float, /) -> float:
    """Fraction -> percent (multiply by 100); any finite value. ``0.25`` -> ``25.0``."""
    return require_finite(fraction, name="fraction", unit="") * 100
