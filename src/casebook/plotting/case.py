"""Figures of the case itself: the dated timeline, the therapy swimlanes and the reasoning chain.

Every date and label comes from the case passed in (:class:`casebook.case.Case`) and, for the
swimlanes, from the book's figure spec (``figures.yml``: which lanes, from which event or fact
to which); nothing about the patient, and no fact or event id, is typed here. The ``until``
argument of the first two helpers greys out what had not happened yet, for "what did the team
know then?" teaching. Colour is never the only signal: event kinds also differ by marker shape,
uncertain spans are hatched and every lane is labelled in words.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.markers import TICKDOWN
from matplotlib.patches import FancyBboxPatch
from matplotlib.ticker import FixedLocator, NullLocator

from casebook.plotting.style import OKABE_ITO, get_axes, place

__all__ = ["KIND_STYLE", "SpecError", "case_timeline", "load_swimlanes", "month", "reasoning_chain",
           "therapy_swimlanes"]

#: Marker and colour per event kind (Okabe-Ito colours; shapes differ too).
KIND_STYLE = {
    "rheumatology": {"color": OKABE_ITO["vermillion"], "marker": "o"},
    "serology": {"color": OKABE_ITO["blue"], "marker": "s"},
    "imaging": {"color": OKABE_ITO["green"], "marker": "^"},
    "haematology": {"color": OKABE_ITO["purple"], "marker": "D"},
}
_FADED = "#BBBBBB"


def month(value: str | _dt.date | None) -> _dt.date | None:
    """``"YYYY-MM"`` (or a date) as the first day of that month; ``None`` passes through.

    Examples
    --------
    >>> month("2024-06")
    datetime.date(2024, 6, 1)
    """
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        year, mon = map(int, str(value).split("-"))
        return _dt.date(year, mon, 1)
    except ValueError:
        raise ValueError(f"until={value!r} must be a 'YYYY-MM' string or a datetime.date") from None


def _month_starts(start: _dt.date, end: _dt.date, months=range(1, 13)) -> list[float]:
    """The first days of ``months`` from ``start`` to ``end``, as Matplotlib date numbers.

    >>> [mdates.num2date(n).strftime("%Y-%m") for n in _month_starts(
    ...     _dt.date(2023, 11, 15), _dt.date(2024, 5, 1), months=(1, 4, 7, 10))]
    ['2024-01', '2024-04']
    """
    firsts, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = _dt.date(year, month, 1)
        if month in months and start <= day <= end:
            firsts.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return list(mdates.date2num(firsts))


def _format_month_axis(ax, start: _dt.date, end: _dt.date) -> None:
    # Fixed ticks at the month starts, the ones MonthLocator would place: its rrule runs on
    # every draw (a figure's layout draws several times), a third of a figure's render time.
    ax.set_xlim(start, end)
    ax.xaxis.set_major_locator(FixedLocator(_month_starts(start, end, (1, 4, 7, 10))))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    _month_marks(ax, start, end)
    ax.grid(axis="x", which="major", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _month_marks(ax, start: _dt.date, end: _dt.date) -> None:
    """A short mark below the time axis at every month start, drawn as minor ticks look.

    One artist rather than a minor tick per month: each tick is five artists, made, laid out
    and drawn again on every draw (about a sixth of a three-year timeline's time).
    """
    ax.xaxis.set_minor_locator(NullLocator())
    size, width = plt.rcParams["xtick.minor.size"], plt.rcParams["xtick.minor.width"]
    firsts = _month_starts(start, end)
    ax.scatter(firsts, [0.0] * len(firsts), s=size ** 2, marker=TICKDOWN, linewidths=width,
               color=plt.rcParams["xtick.color"], transform=ax.get_xaxis_transform(),
               clip_on=False, zorder=2.5, gid="month-marks")


def _mark_until(ax, until: _dt.date | None) -> None:
    if until is None:
        return
    ax.axvline(until, color=OKABE_ITO["black"], linestyle="--", linewidth=1)
    ax.annotate(f"known by {until:%b %Y}", (until, 0.0), xycoords=("data", "axes fraction"),
                xytext=(3, 3), textcoords="offset points", fontsize=8, va="bottom",
                fontweight="bold")


def _span(events) -> tuple[_dt.date, _dt.date]:
    dates = [e.as_date() for e in events if e.as_date() is not None]
    first, last = min(dates), max(dates)
    return (_dt.date(first.year, first.month, 1) - _dt.timedelta(days=45),
            _dt.date(last.year, last.month, 1) + _dt.timedelta(days=60))


def case_timeline(events, ax=None, *, until=None, wrap: int = 46):
    """Draw every dated event of the case, one row each, in date order.

    Parameters
    ----------
    events : sequence of casebook.case.Event
        Events to draw (``case.timeline()``). Events without a month (neither given nor
        derivable from a relative date in the letter) are skipped.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure is made when omitted.
    until : str ``"YYYY-MM"`` or datetime.date, optional
        Grey out events after this month and mark it with a dashed line.
    wrap : int
        Wrap row labels at this many characters.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A filled marker is a month the letter states; a hollow marker is a month derived from a
    relative statement (for example "two months before" referral).

    Examples
    --------
    >>> from casebook.book import Book
    >>> events = Book.at(".").case.timeline()
    >>> ax = case_timeline(events)
    >>> len(ax.get_lines()) == sum(e.approx_date is not None for e in events)
    True
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    until = month(until)
    dated = sorted((e for e in events if e.as_date() is not None), key=lambda e: e.as_date())
    ax = get_axes(ax, figsize=(7.2, 0.42 * len(dated) + 1.3))
    start, end = _span(dated)
    middle = start + (end - start) / 2
    for row, ev in enumerate(dated):
        when = ev.as_date()
        future = until is not None and when > until
        style = KIND_STYLE[ev.kind]
        colour = _FADED if future else style["color"]
        ax.plot(when, row, linestyle="none", marker=style["marker"], markersize=9,
                markeredgecolor=colour, markeredgewidth=1.6,
                markerfacecolor="white" if ev.date is None else colour)
        # Label beside the marker, on the side with room, so rows never collide.
        right = when < middle
        ax.annotate(textwrap.fill(ev.label, wrap, break_on_hyphens=False), (when, row),
                    xytext=(9 if right else -9, 0), textcoords="offset points",
                    ha="left" if right else "right", va="center", fontsize=8.5,
                    color="#888888" if future else "black")
    ax.set_yticks([])
    ax.set_ylim(len(dated) - 0.4, -0.6)
    _format_month_axis(ax, start, end)
    _mark_until(ax, until)
    kinds = dict.fromkeys(e.kind for e in dated)
    handles = [Line2D([], [], linestyle="none", marker=KIND_STYLE[k]["marker"],
                      color=KIND_STYLE[k]["color"], markersize=8, label=k) for k in kinds]
    if any(e.date is None for e in dated):
        handles.append(Line2D([], [], linestyle="none", marker="o", markerfacecolor="white",
                              markeredgecolor="#555555", markersize=8,
                              label="month inferred from a relative date"))
    ax.legend(handles=handles, loc="lower left", fontsize=8.5, frameon=False,
              bbox_to_anchor=(0.0, 1.0), ncol=len(handles))
    return ax


#: What each element of a swimlane spec may hold: (required, optional) fields.
_SPEC_KEYS = {
    "figure": ({"lanes"}, {"figsize"}),
    "lane": ({"label"}, {"spans", "markers"}),
    "span": ({"from", "to"}, {"colour", "hatch", "height", "line_width", "text", "text_at",
                              "text_style", "after_until"}),
    "marker": (set(), {"at", "each", "marker", "size", "colour", "filled", "edge_width",
                       "text", "text_at"}),
}
_CHOICES = {"text_at": {"span": ("inside", "above", "after"), "marker": ("right", "below")},
            "text_style": ("bold", "italic", "normal"),
            "after_until": ("fade", "clip", "keep")}
_NUMBERS = {"height", "line_width", "size", "edge_width"}


class SpecError(ValueError):
    """A figure spec that cannot be drawn; the message names the file, lane and field."""


def load_swimlanes(spec, *, name: str = "therapy_swimlanes") -> dict:
    """Read and check a swimlane spec: a ``figures.yml`` path (section ``name``) or a mapping.

    The spec is the book's: lanes with a ``label``, ``spans`` (bars ``from``/``to`` a point)
    and ``markers`` (``at`` a point, or ``each`` month of a list fact); text fields are
    :func:`casebook.display.fill` templates. Points are ``event:<id>``, ``fact:<fact.field>``
    or ``start``. The book's ``figures.yml`` documents every option.

    Returns
    -------
    dict
        ``{"where": ..., "figsize": ..., "lanes": [...]}``, the lanes as given.

    Raises
    ------
    SpecError
        Naming the file, the lane and the field (``figures.yml: therapy_swimlanes: lane 2
        ('Maintenance'): spans[0].colour: ...``).

    Examples
    --------
    >>> spec = load_swimlanes({"lanes": [{"label": "Drug", "spans": [
    ...     {"from": "start", "to": "event:referral", "colour": "orange"}]}]})
    >>> [lane["label"] for lane in spec["lanes"]]
    ['Drug']
    >>> load_swimlanes({"lanes": [{"label": "Drug", "markers": [{"at": "soon"}]}]})
    ...                                  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casebook.plotting.case.SpecError: swimlane spec: lane 0 ('Drug'): markers[0].at: 'soon' is ...
    """
    import yaml

    from casebook.display import template_fields

    where = "swimlane spec"
    if not isinstance(spec, dict):
        from pathlib import Path

        path = Path(spec)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        where = f"{path.name}: {name}"
        if not isinstance(data, dict) or name not in data:
            raise SpecError(f"{path.name}: no section {name!r}")
        spec = data[name]

    def check(rec, kind, at):
        if not isinstance(rec, dict):
            raise SpecError(f"{at}: expected a mapping, got {type(rec).__name__}")
        required, optional = _SPEC_KEYS[kind]
        missing, unknown = required - rec.keys(), rec.keys() - required - optional
        if missing:
            raise SpecError(f"{at}: missing field(s) {sorted(missing)}")
        if unknown:
            raise SpecError(f"{at}: unknown field(s) {sorted(unknown)}; "
                            f"allowed {sorted(required | optional)}")
        for field, value in rec.items():
            here = f"{at}.{field}" if kind in ("span", "marker") else f"{at}: {field}"
            if field in ("from", "to", "at") and not _is_point(value):
                raise SpecError(f"{here}: {value!r} is not a point "
                                "(event:<id>, fact:<fact.field> or start)")
            if field == "colour" and value not in OKABE_ITO:
                raise SpecError(f"{here}: {value!r} is not an Okabe-Ito colour "
                                f"({', '.join(OKABE_ITO)})")
            if field in _NUMBERS and (isinstance(value, bool)
                                      or not isinstance(value, (int, float)) or value <= 0):
                raise SpecError(f"{here}: must be a positive number, got {value!r}")
            if field in _CHOICES:
                choices = _CHOICES[field]
                choices = choices[kind] if isinstance(choices, dict) else choices
                if value not in choices:
                    raise SpecError(f"{here}: {value!r} not in {choices}")
            if field in ("text", "label", "each", "hatch", "marker"):
                if not isinstance(value, str) or not value:
                    raise SpecError(f"{here}: must be a non-empty string, got {value!r}")
            if field in ("text", "label"):
                try:
                    template_fields(value)
                except ValueError as err:
                    raise SpecError(f"{here}: {err}") from None
            if field == "filled" and not isinstance(value, bool):
                raise SpecError(f"{here}: must be true or false, got {value!r}")
        if kind == "marker" and ("at" in rec) == ("each" in rec):
            raise SpecError(f"{at}: give exactly one of 'at' (a point) or 'each' (a fact)")

    check(spec, "figure", where)
    lanes = spec["lanes"]
    if not isinstance(lanes, list) or not lanes:
        raise SpecError(f"{where}: lanes: must be a non-empty list")
    for i, lane in enumerate(lanes):
        label = lane.get("label") if isinstance(lane, dict) else None
        at = f"{where}: lane {i} ({label!r})"
        check(lane, "lane", at)
        for kind in ("spans", "markers"):
            items = lane.get(kind, [])
            if not isinstance(items, list):
                raise SpecError(f"{at}: {kind}: must be a list")
            for j, item in enumerate(items):
                check(item, kind[:-1], f"{at}: {kind}[{j}]")
    figsize = spec.get("figsize", (7.2, 0.7 * len(lanes) + 0.2))
    return {"where": where, "figsize": tuple(figsize), "lanes": lanes}


def _is_point(value) -> bool:
    return value == "start" or (isinstance(value, str) and value.partition(":")[0] in
                                ("event", "fact") and bool(value.partition(":")[2]))


def _point(case, ref: str, start: _dt.date) -> _dt.date:
    """The date of a spec point (``event:<id>``, ``fact:<ref>`` or ``start``)."""
    if ref == "start":
        return start
    kind, _, key = ref.partition(":")
    if kind == "event":
        when = case.event(key).as_date()
        if when is None:
            raise ValueError(f"event {key!r} has no month (given or derived)")
        return when
    value = case.value(key)
    try:
        return month(value)
    except ValueError:
        raise ValueError(f"fact {key!r} is {value!r}, not a 'YYYY-MM' month") from None


def _resolve(spec: dict, case, start: _dt.date) -> list[dict]:
    """Every lane with its points as dates and its texts filled from the case."""
    from casebook.display import fill

    lanes = []
    for i, lane in enumerate(spec["lanes"]):
        at = f"{spec['where']}: lane {i} ({lane['label']!r})"
        field = "label"
        try:
            out = {"label": fill(lane["label"], case), "spans": [], "markers": []}
            for j, span in enumerate(lane.get("spans", [])):
                field = f"spans[{j}]"
                out["spans"].append({**span, "from": _point(case, span["from"], start),
                                     "to": _point(case, span["to"], start),
                                     "text": fill(span.get("text", ""), case)})
            for j, mark in enumerate(lane.get("markers", [])):
                field = f"markers[{j}]"
                if "at" in mark:
                    points = [(_point(case, mark["at"], start), {})]
                else:
                    months = case.value(mark["each"])
                    if not isinstance(months, list):
                        raise ValueError(f"each: fact {mark['each']!r} is not a list")
                    points = [(month(m), {"n": n}) for n, m in enumerate(months, start=1)]
                for when, extra in points:
                    out["markers"].append({**mark, "at": when,
                                           "text": fill(mark.get("text", ""), case, **extra)})
        except ValueError as err:
            raise SpecError(f"{at}: {field}: {err}") from None
        lanes.append(out)
    return lanes


def _draw_span(ax, y, span, later, until) -> None:
    start, end = span["from"], span["to"]
    rule = span.get("after_until", "fade")
    future = rule == "fade" and later(start)
    if rule == "clip":
        if later(start):
            return
        end = until if later(end) else end
    colour = OKABE_ITO[span.get("colour", "grey")]
    hatch = span.get("hatch")
    ax.barh(y, (end - start).days, left=start, height=span.get("height", 0.5),
            color="none" if hatch else colour, hatch=hatch,
            edgecolor=_FADED if future else colour, linewidth=span.get("line_width", 1.4),
            alpha=0.4 if future else 1)
    if not span["text"]:
        return
    place = span.get("text_at", "inside")
    style = span.get("text_style", "bold" if place == "inside" else "normal")
    font = {"fontweight": "bold"} if style == "bold" else (
        {"style": "italic"} if style == "italic" else {})
    anchor, offset, va = {"inside": (start, (4, 0), "center"), "above": (start, (4, 9), "bottom"),
                          "after": (end, (4, 0), "center")}[place]
    ax.annotate(span["text"], (anchor, y), xytext=offset, textcoords="offset points", va=va,
                fontsize=8.5, color="black", **font)


def _draw_marker(ax, y, mark, later) -> None:
    when = mark["at"]
    colour = _FADED if later(when) else OKABE_ITO[mark.get("colour", "black")]
    ax.plot(when, y, marker=mark.get("marker", "o"), markersize=mark.get("size", 10),
            linestyle="none", markeredgecolor=colour, markeredgewidth=mark.get("edge_width", 1.0),
            markerfacecolor=colour if mark.get("filled", True) else "white")
    if not mark["text"]:
        return
    if mark.get("text_at", "right") == "below":
        ax.annotate(mark["text"], (when, y), xytext=(0, -11), textcoords="offset points",
                    ha="center", va="top", fontsize=8.5)
    else:
        ax.annotate(mark["text"], (when, y), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=8.5)


def therapy_swimlanes(case, spec, ax=None, *, until=None):
    """One lane per treatment or test of the case on one time axis, as the book's spec says.

    The book's spec (``figures.yml``, section ``therapy_swimlanes``; see
    :func:`load_swimlanes`) lists the lanes: bars from one point to another (hatched where
    the letter gives no end), markers at events or at each month of a list fact, and text
    templates filled from the case. The engine names no fact: every date and word comes from
    the case file through the spec.

    Parameters
    ----------
    case : casebook.case.Case
    spec : path, mapping or the result of :func:`load_swimlanes`
    ax : matplotlib.axes.Axes, optional
    until : str ``"YYYY-MM"`` or datetime.date, optional
        Mark this month and fade what came after it (a span with ``after_until: clip`` is cut
        there instead).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    SpecError
        If the spec is malformed or names a fact, field or event the case lacks (the message
        names the spec file, the lane and the field).

    Examples
    --------
    >>> from casebook.book import Book
    >>> book = Book.at(".")
    >>> ax = therapy_swimlanes(book.case, book.file("figures.yml"))
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Methotrexate', 'D-VRd induction']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    if not (isinstance(spec, dict) and "where" in spec):
        spec = load_swimlanes(spec)
    until = month(until)
    start, end = _span(case.timeline())
    lanes = _resolve(spec, case, start)
    ax = get_axes(ax, figsize=spec["figsize"])
    def later(d):
        return until is not None and d > until

    for y, lane in enumerate(lanes):
        for span in lane["spans"]:
            _draw_span(ax, y, span, later, until)
        for mark in lane["markers"]:
            _draw_marker(ax, y, mark, later)
    ax.set_yticks(range(len(lanes)), [lane["label"] for lane in lanes], fontsize=9.5)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(lanes) - 0.4, -0.6)
    _format_month_axis(ax, start, end)
    _mark_until(ax, until)
    return ax


def reasoning_chain(steps: Sequence[tuple[str, Sequence[str]]], ax=None, *,
                    columns: Sequence[str] = ("What was seen", "What it meant",
                                              "What was done", "What changed"),
                    wrap: int = 22):
    """Draw a reasoning chain: one row per stage, one box per column, arrows between boxes.

    Parameters
    ----------
    steps : sequence of (stage, texts)
        ``texts`` has one entry per column (an empty string leaves that box out).
    ax : matplotlib.axes.Axes, optional
    columns : sequence of str
        Column headings.
    wrap : int
        Wrap box text at this many characters.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        If a step does not have one text per column.

    Examples
    --------
    >>> ax = reasoning_chain([("Lungs", ["limited NSIP", "ILD of ASS", "watch", "stable"])])
    >>> len(ax.patches)
    4
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    for stage, texts in steps:
        if len(texts) != len(columns):
            raise ValueError(f"steps: stage {stage!r} has {len(texts)} texts; "
                             f"need one per column ({len(columns)})")
    ax = get_axes(ax, figsize=(8.0, 1.5 * len(steps) + 0.6))
    palette = [OKABE_ITO[c] for c in ("sky", "orange", "purple", "green")]
    ncol, nrow = len(columns), len(steps)
    for c, heading in enumerate(columns):
        ax.text(c + 0.5, -0.12, heading, ha="center", va="bottom", fontsize=10.5,
                fontweight="bold")
    for r, (stage, texts) in enumerate(steps):
        # Stage names run vertically at the left so the boxes keep the width.
        ax.text(-0.02, r + 0.5, textwrap.fill(stage, 14), ha="right", va="center",
                rotation=90, fontsize=9.5, fontweight="bold")
        for c, text in enumerate(texts):
            if not text:
                continue
            box = FancyBboxPatch((c + 0.06, r + 0.1), 0.88, 0.8,
                                 boxstyle="round,pad=0.0,rounding_size=0.06",
                                 facecolor=palette[c % len(palette)] + "33",
                                 edgecolor=palette[c % len(palette)], linewidth=1.4)
            # Boxes, their words and the arrows between them lie inside the limits set below
            # (see place).
            place(ax, box)
            ax.text(c + 0.5, r + 0.5, textwrap.fill(text, wrap, break_on_hyphens=False),
                    ha="center", va="center", fontsize=9, in_layout=False)
            if c + 1 < ncol and texts[c + 1]:
                ax.annotate("", (c + 1.06, r + 0.5), (c + 0.94, r + 0.5), in_layout=False,
                            arrowprops={"arrowstyle": "-|>", "color": "#444444"})
    ax.set_xlim(-0.2, ncol)
    ax.set_ylim(nrow, -0.35)
    ax.set_axis_off()
    return ax
