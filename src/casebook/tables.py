"""Data tables for the chapters, as pandas DataFrames.

:func:`load_table` reads the package's literature tables, ``casebook/data/<name>.csv`` (each
with a ``source`` column of bibliography keys, which the tests check against the book's
``references.bib``); a case's own tables live in its book (:meth:`casebook.book.Book.table`).
The builders below turn a case into display tables. Add a table by adding a CSV; add a builder
by appending a short function here.

Examples
--------
>>> "synthetases" in available_tables()
True
>>> from casebook.book import Book
>>> case_facts_table(Book.at(".").case).loc["iss", "value"]
'1'
"""

from __future__ import annotations

import json
from importlib import resources

import pandas as pd

from casebook.case import DOMAINS, Case


__all__ = ["available_tables", "case_facts_table", "case_timeline_table", "load_table",
           "read_table"]


def _data_dir():
    return resources.files("casebook").joinpath("data")


def available_tables() -> list[str]:
    """Names of the CSV tables in ``data/`` (file names without ``.csv``), sorted."""
    return sorted(p.name[:-4] for p in _data_dir().iterdir() if p.name.endswith(".csv"))


def load_table(name: str) -> pd.DataFrame:
    """Read ``data/<name>.csv`` into a DataFrame.

    Parameters
    ----------
    name : str
        Table name without the extension, e.g. ``"synthetases"``.

    Returns
    -------
    pandas.DataFrame
        The table as written (pandas' default type inference; empty cells are NaN).

    Raises
    ------
    ValueError
        If there is no such table; the message lists the available ones.

    Examples
    --------
    >>> "source" in load_table("synthetases").columns
    True
    >>> load_table("nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: no table 'nope' in casebook/data; available: ...
    """
    return read_table(_data_dir(), name, where="casebook/data")


def read_table(folder, name: str, *, where: str | None = None) -> pd.DataFrame:
    """Read ``<folder>/<name>.csv``; ``ValueError`` lists the tables the folder has."""
    names = sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".csv")) \
        if folder.is_dir() else []
    if not isinstance(name, str) or name not in names:
        raise ValueError(f"no table {name!r} in {where or folder}; available: "
                         f"{', '.join(names) or 'none'}")
    with folder.joinpath(f"{name}.csv").open(encoding="utf-8") as fh:
        return pd.read_csv(fh)


def _display(value) -> str:
    """A fact value as short text: ranges as ``3-4``, lists joined by commas, mappings as
    ``key: value`` pairs, booleans as yes/no."""
    if isinstance(value, dict) and set(value) == {"low", "high"}:
        return f"{value['low']}-{value['high']}"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_display(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_display(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def case_facts_table(case: Case, *, domain: str | None = None) -> pd.DataFrame:
    """The case facts as a table indexed by fact id.

    Parameters
    ----------
    case : casebook.case.Case
    domain : str, optional
        Keep only one domain (one of ``casebook.case.DOMAINS``).

    Returns
    -------
    pandas.DataFrame
        Columns ``label``, ``value`` (display text), ``unit``, ``domain``, ``quote``, ``source``
        and ``value_json`` (the structured value, JSON-encoded, for exact use).

    Examples
    --------
    >>> from casebook.book import Book
    >>> case = Book.at(".").case
    >>> case_facts_table(case).loc["methotrexate", "value"]
    'drug: methotrexate; route: oral; dose mg: 10; frequency: weekly'
    >>> list(case_facts_table(case, domain="demographics").index)
    ['age', 'sex']
    """
    if domain is not None and domain not in DOMAINS:
        raise ValueError(f"domain must be one of {DOMAINS} or None, got {domain!r}")
    rows = [
        {"id": f.id, "label": f.label, "value": _display(f.value), "unit": f.unit or "",
         "domain": f.domain or "", "quote": f.quote, "source": case.source_key(),
         "value_json": json.dumps(f.value)}
        for f in case.facts() if domain is None or f.domain == domain
    ]
    return pd.DataFrame(rows).set_index("id")


def case_timeline_table(case: Case, *, dated_only: bool = False) -> pd.DataFrame:
    """The case timeline as a table, one row per event, in the letter's order.

    Parameters
    ----------
    case : casebook.case.Case
    dated_only : bool, default False
        Keep only events with a month (given or derived).

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``month`` (``"YYYY-MM"``, as given; empty if the letter gives none),
        ``approx_month`` (given or derived from a relative date), ``kind``, ``event``,
        ``quote``, ``source``.

    Examples
    --------
    >>> from casebook.book import Book
    >>> t = case_timeline_table(Book.at(".").case, dated_only=True)
    >>> t.loc[t["id"] == "asct_2", "month"].item()
    '2024-06'
    """
    if not isinstance(dated_only, bool):
        raise ValueError(f"dated_only must be True or False, got {dated_only!r}")
    rows = [
        {"id": e.id, "month": e.date or "", "approx_month": e.approx_date or "",
         "kind": e.kind, "event": e.label, "quote": e.quote, "source": case.source_key()}
        for e in case.timeline() if not dated_only or e.approx_date
    ]
    return pd.DataFrame(rows)
