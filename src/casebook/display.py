"""Case values as text, text templates filled from a case, and tables shown in a chapter.

Chapters, figures and the handout put case values into words the same way:

- :func:`describe`: one value (or a :class:`casebook.case.Fact`) as short text: flags as
  yes/no, lists joined, ``{low, high}`` as a range, months by name, titres as ``1:160``, the
  fact's unit after a number.
- :func:`fill`: a text template whose ``{fact.field}`` fields are read with
  :meth:`casebook.case.Case.value`, with filters (``{asct_dates|months|and}``). Book data files
  (figure specs, the handout) hold such templates, so the engine names no fact.
- :func:`show_table`: display a DataFrame in a chapter without its index.

Examples
--------
>>> describe(["anti-Ro52", "anti-PL-12"]), describe({"low": 3, "high": 4}), describe(False)
('anti-Ro52, anti-PL-12', '3-4', 'no')
>>> and_list(["fever", "joint pain", "stiffness"])
'fever, joint pain and stiffness'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from casebook.dates import is_month, month_name

__all__ = ["FILTERS", "and_list", "describe", "fill", "month_name", "show_table",
           "template_fields"]


def and_list(items: Iterable) -> str:
    """Items in words: ``a``, ``a and b``, ``a, b and c``; an empty list gives ``""``.

    >>> and_list(["a"]), and_list(["a", "b"]), and_list([])
    ('a', 'a and b', '')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe(fact_or_value, unit: str | None = None) -> str:
    """A case fact's value (or a bare value) as short text, for tables and summaries.

    Flags read yes/no, lists are joined with commas, ``{low, high}`` reads as a range, other
    mappings as ``key: value`` pairs, ``"YYYY-MM"`` months by name. A number is followed by its
    unit (the fact's ``unit`` or ``unit=``), except a titre (unit ``reciprocal dilution ...``),
    which reads ``1:<value>``.

    Examples
    --------
    >>> describe(59, "years"), describe(160, "reciprocal dilution (1:160)")
    ('59 years', '1:160')
    >>> describe({"route": "oral", "dose_mg": 10}), describe("2024-06"), describe(True)
    ('route: oral; dose mg: 10', 'June 2024', 'yes')
    """
    value = getattr(fact_or_value, "value", fact_or_value)
    unit = getattr(fact_or_value, "unit", None) if unit is None else unit
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(describe(v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"low", "high"}:
            return f"{value['low']}-{value['high']}"
        return "; ".join(f"{k.replace('_', ' ')}: {describe(v)}" for k, v in value.items())
    if is_month(value):
        return month_name(value)
    if unit and str(unit).startswith("reciprocal dilution"):
        return f"1:{value}"
    return f"{value} {unit}" if unit else str(value)


def _each(fn: Callable) -> Callable:
    return lambda value, arg=None: [fn(v, arg) for v in _as_list(value)]


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _yesno(value, arg):
    yes, _, no = (arg or "yes/no").partition("/")
    return yes if value else no


#: The template filters, used as ``{ref|name}`` or ``{ref|name:argument}`` (the argument is
#: the rest of the filter, spaces kept). Filters apply left to right.
FILTERS: dict[str, Callable] = {
    "month": lambda v, arg=None: month_name(v),
    "months": _each(lambda v, arg=None: month_name(v)),
    "and": lambda v, arg=None: and_list(_as_list(v)),
    "join": lambda v, arg=None: (", " if arg is None else arg).join(map(str, _as_list(v))),
    "prefix": _each(lambda v, arg=None: f"{arg or ''}{v}"),
    "describe": lambda v, arg=None: describe(v),
    "false_keys": lambda v, arg=None: [k.replace("_", " ") for k, x in v.items() if not x],
    "yesno": _yesno,
    "if": lambda v, arg=None: (arg or "") if v else "",
}

_FIELD = re.compile(r"\{([^{}]*)\}")


def _parse_field(field: str) -> tuple[str, list[tuple[str, str | None]]]:
    ref, *filters = field.split("|")
    parsed = []
    for f in filters:
        name, colon, arg = f.partition(":")
        parsed.append((name.strip(), arg if colon else None))
    return ref.strip(), parsed


def template_fields(template: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The ``(ref, filters)`` of each field of ``template``; ``ValueError`` on a bad one.

    >>> template_fields("ASCT {n}: {asct_dates|months|and}")
    [('n', []), ('asct_dates', [('months', None), ('and', None)])]
    """
    text = template.replace("{{", "").replace("}}", "")
    fields = [_parse_field(m.group(1)) for m in _FIELD.finditer(text)]
    rest = _FIELD.sub("", text)
    if "{" in rest or "}" in rest:
        raise ValueError(f"unbalanced brace in template {template!r} (write {{{{ or }}}})")
    for ref, filters in fields:
        if not ref:
            raise ValueError(f"empty field in template {template!r}")
        for name, _ in filters:
            if name not in FILTERS:
                raise ValueError(f"unknown filter {name!r} in template {template!r}; "
                                 f"known: {', '.join(FILTERS)}")
    return fields


def fill(template: str, case, **extra) -> str:
    """``template`` with each ``{ref|filter...}`` replaced by the case value ``ref``.

    ``ref`` is a :meth:`casebook.case.Case.value` reference (``fact`` or ``fact.field``,
    list items by index: ``asct_dates.0``) or a name given in ``extra``. A value without a
    filter is written as :func:`describe` writes it (without the fact's unit); ``{{`` and ``}}``
    are literal braces.

    Raises
    ------
    ValueError
        On an unknown fact, field or filter (the case's message names the file and fact).

    Examples
    --------
    >>> from casebook.book import Book
    >>> case = Book.at(".").case
    >>> fill("{methotrexate.dose_mg} mg {methotrexate.frequency}", case)
    '10 mg weekly'
    >>> fill("ASCT {n} of {asct_dates|months|and}", case, n=1)
    'ASCT 1 of February 2024 and June 2024'
    """
    template_fields(template)  # validates

    def one(match: re.Match) -> str:
        ref, filters = _parse_field(match.group(1))
        value = extra[ref] if ref in extra else case.value(ref)
        for name, arg in filters:
            value = FILTERS[name](value, arg)
        return value if isinstance(value, str) else describe(value, unit="")

    parts = template.split("{{")
    return "{".join("}".join(_FIELD.sub(one, p) for p in part.split("}}"))
                    for part in parts)


def show_table(df) -> None:
    """Display ``df`` in a chapter as an HTML table without its index, its text escaped.

    ``DataFrame.to_html`` rather than pandas' ``Styler``: the Styler left text unescaped (a
    criterion such as "< 5%" went into the page as markup), named each table with a random id
    (so two builds differed) and cost about 50 ms on first use (jinja2 and its templates).
    """
    from IPython.display import HTML, display

    display(HTML(df.to_html(index=False, border=0, justify="left", escape=True)))
