"""Month arithmetic on the case's dates, which are ``"YYYY-MM"`` strings (a letter dates events
to the month, never the day).

Examples
--------
>>> month_name("2023-03")
'March 2023'
>>> months_between("2023-06", "2024-02")
8
>>> parse_month("2024-06")
datetime.date(2024, 6, 1)
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["MONTH", "MONTH_NAMES", "is_month", "month_name", "months_between", "parse_month"]

#: The pattern of a case month, ``"YYYY-MM"``.
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def is_month(value: object) -> bool:
    """Whether ``value`` is a ``"YYYY-MM"`` string.

    >>> is_month("2023-03"), is_month("2023-13"), is_month(2023)
    (True, False, False)
    """
    return isinstance(value, str) and MONTH.match(value) is not None


def _split(value: str) -> tuple[int, int]:
    if not is_month(value):
        raise ValueError(f"{value!r} is not a 'YYYY-MM' month")
    year, month = value.split("-")
    return int(year), int(month)


def month_name(value: str) -> str:
    """``"2023-03"`` -> ``"March 2023"``.

    >>> month_name("2025-12")
    'December 2025'
    """
    year, month = _split(value)
    return f"{MONTH_NAMES[month - 1]} {year}"


def months_between(first: str, second: str) -> int:
    """Whole calendar months from ``first`` to ``second`` (negative if ``second`` is earlier).

    >>> months_between("2024-06", "2025-03"), months_between("2024-06", "2024-02")
    (9, -4)
    """
    (y1, m1), (y2, m2) = _split(first), _split(second)
    return (y2 - y1) * 12 + (m2 - m1)


def parse_month(value: str | _dt.date) -> _dt.date:
    """``"YYYY-MM"`` as the first day of that month; a date passes through.

    >>> parse_month("2023-03"), parse_month(_dt.date(2023, 3, 9))
    (datetime.date(2023, 3, 1), datetime.date(2023, 3, 9))
    """
    if isinstance(value, _dt.date):
        return value
    year, month = _split(value)
    return _dt.date(year, month, 1)
