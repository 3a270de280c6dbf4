"""A case's facts and dated timeline, read from its case file (``<book>/case.yml``).

The case file is the single source of the case for chapters, plots and tests. Every fact and
event carries ``quote``, the span of the source letter (its bib key is ``source``) that supports
it; the letter tests (``CASEBOOK_LETTER``) check each quote against a copy of the letter.

Records are small frozen dataclasses: :class:`Fact` (``id``, ``label``, ``value``, ``unit``,
``domain``, ``quote``, ``note``) and :class:`Event` (``id``, ``label``, ``date`` as ``"YYYY-MM"``
or ``None``, ``kind``, ``quote``, and for events the letter dates relative to another one,
``relative_to``/``offset_months``/``approx_date``). :func:`load_case` validates the file; a
malformed record raises :class:`ValueError` naming the record and field.

Examples
--------
>>> from casebook.book import Book
>>> case = Book.at(".").case
>>> case.fact("age").value
59
>>> [e.date for e in case.timeline() if e.id in ("asct_1", "asct_2")]
['2024-02', '2024-06']
>>> case.event("post_transplant_serology").approx_date   # June 2024 + 9 months
'2025-03'
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.filecache import FastSafeLoader, until_changed

__all__ = [
    "DOMAINS",
    "EVENT_KINDS",
    "Case",
    "Event",
    "Fact",
    "Note",
    "load_case",
    "parse_case",
]

#: Allowed ``Fact.domain`` values.
DOMAINS = ("demographics", "rheumatology", "serology", "imaging", "haematology")
#: Allowed ``Event.kind`` values.
EVENT_KINDS = ("rheumatology", "serology", "imaging", "haematology")

_FACT_KEYS = {"id", "label", "value", "quote"}, {"unit", "domain", "note"}
_EVENT_KEYS = (
    {"id", "label", "date", "kind", "quote"},
    {"relative_to", "offset_months", "relative_quote", "note"},
)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Fact:
    """One case fact: a structured ``value`` and the letter span (``quote``) behind it."""

    id: str
    label: str
    value: Any
    quote: str
    unit: str | None = None
    domain: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Event:
    """One timeline event. ``date``/``approx_date`` are ``"YYYY-MM"`` strings or ``None``.

    ``approx_date`` equals ``date`` when the letter gives the month; otherwise it is derived
    from ``relative_to`` + ``offset_months`` when both are known, else ``None``.
    """

    id: str
    label: str
    date: str | None
    kind: str
    quote: str
    relative_to: str | None = None
    offset_months: int | None = None
    relative_quote: str | None = None
    note: str | None = None
    approx_date: str | None = None

    def as_date(self) -> _dt.date | None:
        """First day of ``approx_date``'s month as a :class:`datetime.date`, or ``None``."""
        if self.approx_date is None:
            return None
        year, month = map(int, self.approx_date.split("-"))
        return _dt.date(year, month, 1)


@dataclass(frozen=True)
class Note:
    """A remark about the letter itself (an ambiguity or inconsistency)."""

    id: str
    text: str


def _fail(where: str, message: str) -> None:
    raise ValueError(f"case.yml: {where}: {message}")


def _check_keys(rec: object, keys: tuple[set, set], where: str) -> None:
    if not isinstance(rec, dict):
        _fail(where, f"expected a mapping, got {type(rec).__name__}")
    required, optional = keys
    missing = required - rec.keys()
    unknown = rec.keys() - required - optional
    if missing:
        _fail(where, f"missing field(s) {sorted(missing)}")
    if unknown:
        _fail(where, f"unknown field(s) {sorted(unknown)}; allowed {sorted(required | optional)}")
    for name in ("id", "label", "quote"):
        if not isinstance(rec[name], str) or not rec[name].strip():
            _fail(where, f"field {name!r} must be a non-empty string, got {rec[name]!r}")
    if not _ID.match(rec["id"]):
        _fail(where, f"id {rec['id']!r} must be snake_case ([a-z][a-z0-9_]*)")


def _check_month(value: object, where: str, field: str) -> None:
    if value is not None and not (isinstance(value, str) and _MONTH.match(value)):
        _fail(where, f"{field} must be 'YYYY-MM' or null, got {value!r}")


def _shift(month: str, offset: int) -> str:
    year, mon = map(int, month.split("-"))
    index = year * 12 + mon - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _unique(records: list[dict], section: str) -> None:
    seen = set()
    for rec in records:
        if rec["id"] in seen:
            _fail(section, f"duplicate id {rec['id']!r}")
        seen.add(rec["id"])


def _parse_facts(raw: object) -> tuple[Fact, ...]:
    if not isinstance(raw, list) or not raw:
        _fail("facts", "must be a non-empty list")
    for i, rec in enumerate(raw):
        _check_keys(rec, _FACT_KEYS, f"facts[{i}]")
        if rec.get("domain") not in (None, *DOMAINS):
            _fail(f"fact {rec['id']!r}", f"domain {rec['domain']!r} not in {DOMAINS}")
    _unique(raw, "facts")
    return tuple(Fact(**rec) for rec in raw)


def _parse_timeline(raw: object) -> tuple[Event, ...]:
    if not isinstance(raw, list) or not raw:
        _fail("timeline", "must be a non-empty list")
    for i, rec in enumerate(raw):
        _check_keys(rec, _EVENT_KEYS, f"timeline[{i}]")
        where = f"event {rec['id']!r}"
        _check_month(rec["date"], where, "date")
        if rec["kind"] not in EVENT_KINDS:
            _fail(where, f"kind {rec['kind']!r} not in {EVENT_KINDS}")
        offset = rec.get("offset_months")
        if offset is not None and (isinstance(offset, bool) or not isinstance(offset, int)):
            _fail(where, f"offset_months must be an integer or null, got {offset!r}")
        if offset is not None and rec.get("relative_to") is None:
            _fail(where, "offset_months needs relative_to")
    _unique(raw, "timeline")
    by_id = {rec["id"]: rec for rec in raw}
    for rec in raw:
        if rec.get("relative_to") not in (None, *by_id):
            _fail(f"event {rec['id']!r}", f"relative_to {rec['relative_to']!r} is not an event id")
    events = []
    for rec in raw:
        events.append(Event(**rec, approx_date=_approx(rec, by_id, f"event {rec['id']!r}")))
    return tuple(events)


def _approx(rec: dict, by_id: dict, where: str, depth: int = 0) -> str | None:
    if rec["date"] is not None:
        return rec["date"]
    anchor_id = rec.get("relative_to")
    if anchor_id is None or rec.get("offset_months") is None:
        return None
    if depth > len(by_id):
        _fail(where, "the relative_to chain loops")
    anchor = _approx(by_id[anchor_id], by_id, where, depth + 1)
    return None if anchor is None else _shift(anchor, rec["offset_months"])


def _parse_notes(raw: object) -> tuple[Note, ...]:
    if not isinstance(raw, list):
        _fail("notes", "must be a list")
    notes_ = []
    for i, rec in enumerate(raw):
        if not isinstance(rec, dict) or set(rec) != {"id", "text"}:
            _fail(f"notes[{i}]", "each note needs exactly the fields 'id' and 'text'")
        notes_.append(Note(**rec))
    return tuple(notes_)


def _parse(text: str) -> dict:
    """Validate the YAML text of a case file; return ``{source, facts, timeline, notes}``."""
    data = yaml.load(text, Loader=FastSafeLoader)  # noqa: S506 - a safe loader
    if not isinstance(data, dict):
        _fail("top level", "expected a mapping with source, facts, timeline, notes")
    unknown = set(data) - {"source", "facts", "timeline", "notes"}
    if unknown:
        _fail("top level", f"unknown section(s) {sorted(unknown)}")
    if not isinstance(data.get("source"), str) or not data["source"]:
        _fail("top level", "source must be a bibliography key")
    return {
        "source": data["source"],
        "facts": _parse_facts(data.get("facts")),
        "timeline": _parse_timeline(data.get("timeline")),
        "notes": _parse_notes(data.get("notes", [])),
    }


class Case:
    """A validated case file: its facts, dated timeline and notes.

    Build one with :func:`load_case` (or :attr:`casebook.book.Book.case`); the engine never
    guesses where a case lives.
    """

    def __init__(self, data: dict, path: Path | None = None):
        self.path = path
        self._data = data
        self._facts = {f.id: f for f in data["facts"]}
        self._events = {e.id: e for e in data["timeline"]}

    def __repr__(self) -> str:
        return f"<Case {self.path or '(text)'}: {len(self._facts)} facts>"

    def source_key(self) -> str:
        """Bibliography key of the letter every fact comes from."""
        return self._data["source"]

    def facts(self) -> tuple[Fact, ...]:
        """All case facts, in file order (copies: callers may mutate values safely)."""
        return copy.deepcopy(self._data["facts"])

    def fact(self, id: str) -> Fact:
        """The fact with this ``id``.

        Raises
        ------
        ValueError
            If there is no such fact; the message names the file and lists the valid ids.

        Examples
        --------
        >>> from casebook.book import Book
        >>> Book.at(".").case.fact("methotrexate").value
        {'drug': 'methotrexate', 'route': 'oral', 'dose_mg': 10, 'frequency': 'weekly'}
        """
        if id not in self._facts:
            raise ValueError(f"{self._where()}: no case fact {id!r}; known facts: "
                             + ", ".join(self._facts))
        return copy.deepcopy(self._facts[id])

    def timeline(self) -> tuple[Event, ...]:
        """All timeline events in the case's order (file order; undated events sit where the
        letter places them, with ``approx_date`` when it can be derived)."""
        return self._data["timeline"]

    def event(self, id: str) -> Event:
        """The timeline event with this ``id``; ``ValueError`` listing valid ids otherwise."""
        if id not in self._events:
            raise ValueError(f"{self._where()}: no timeline event {id!r}; known events: "
                             + ", ".join(self._events))
        return self._events[id]

    def notes(self) -> tuple[Note, ...]:
        """Remarks on ambiguities and inconsistencies in the letter itself."""
        return self._data["notes"]

    def value(self, ref: str):
        """A fact's value, or one field of it: ``"methotrexate.dose_mg"``.

        Examples
        --------
        >>> from casebook.book import Book
        >>> Book.at(".").case.value("methotrexate.dose_mg")
        10
        """
        fact_id, *path = ref.split(".")
        value = self.fact(fact_id).value
        for i, key in enumerate(path):
            try:
                value = value[int(key) if isinstance(value, list) else key]
            except (KeyError, IndexError, ValueError, TypeError):
                raise ValueError(f"{self._where()}: fact {fact_id!r} has no field "
                                 f"{'.'.join(path[:i + 1])!r} (in {ref!r})") from None
        return value

    def months_between(self, first: str, second: str) -> int:
        """Whole calendar months from event ``first`` to event ``second`` (their months, given
        or derived); ``ValueError`` if either has no month.

        Examples
        --------
        >>> from casebook.book import Book
        >>> Book.at(".").case.months_between("asct_1", "asct_2")
        4
        """
        from casebook.dates import months_between

        ends = []
        for id_ in (first, second):
            when = self.event(id_).approx_date
            if when is None:
                raise ValueError(f"{self._where()}: event {id_!r} has no month (given or derived)")
            ends.append(when)
        return months_between(*ends)

    def _where(self) -> str:
        return str(self.path) if self.path else "case.yml"


def parse_case(text: str, path: Path | None = None) -> Case:
    """Validate the YAML text of a case file; ``ValueError`` names the record and field."""
    return Case(_parse(text), path)


@until_changed
def _load_cached(path: Path) -> Case:
    return parse_case(path.read_text(encoding="utf-8"), path)


def load_case(path: Path | str) -> Case:
    """Read and validate a case file (cached until the file changes)."""
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"no case file at {path}")
    return _load_cached(path)
