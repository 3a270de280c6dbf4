"""Figures of the case itself: the dated timeline, the therapy swimlanes and the reasoning chain.

Every date and label comes from the case passed in (:class:`casebook.case.Case`); nothing about
the patient is typed here. The ``until`` argument of the
first two helpers greys out what had not happened yet, for "what did the team know then?"
teaching. Colour is never the only signal: event kinds also differ by marker shape, uncertain
spans are hatched and every lane is labelled in words.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from collections.abc import Sequence

import matplotlib.dates as mdates
from matplotlib.patches import FancyBboxPatch
from matplotlib.lines import Line2D

from casebook.plotting.style import OKABE_ITO, get_axes

__all__ = ["KIND_STYLE", "case_timeline", "month", "reasoning_chain", "therapy_swimlanes"]

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


def _format_month_axis(ax, start: _dt.date, end: _dt.date) -> None:
    ax.set_xlim(start, end)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())
    ax.grid(axis="x", which="major", color="#DDDDDD", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


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


def _lane(ax, y, start, end, *, colour, label, hatch=None, future=False):
    face = "none" if hatch else colour
    ax.barh(y, (end - start).days, left=start, height=0.5, color=face, hatch=hatch,
            edgecolor=_FADED if future else colour, linewidth=1.4, alpha=0.4 if future else 1)
    if label:
        ax.annotate(label, (start, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="black", fontweight="bold")


def therapy_swimlanes(case, ax=None, *, until=None):
    """Treatments, transplants, autoantibodies and ASS activity on one time axis.

    Lanes, from the case data: methotrexate (on it at referral; stop not reported), D-VRd
    induction (start given; end not reported, so drawn hatched up to the first transplant),
    the two melphalan-conditioned autologous transplants, lenalidomide-dexamethasone
    maintenance (to the last follow-up; not reported as stopped), the autoantibody tests
    (filled = positive, hollow = negative) and ASS activity.

    Parameters
    ----------
    case : casebook.case.Case
    ax : matplotlib.axes.Axes, optional
    until : str ``"YYYY-MM"`` or datetime.date, optional
        Mark this month and fade what came after it.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from casebook.book import Book
    >>> ax = therapy_swimlanes(Book.at(".").case)
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['Methotrexate', 'D-VRd induction']
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    ax = get_axes(ax, figsize=(7.2, 4.4))
    until = month(until)
    ev = {e.id: e.as_date() for e in case.timeline()}
    mtx, induction, maint = case.fact("methotrexate").value, case.fact("induction").value, \
        case.fact("maintenance").value
    asct = [month(d) for d in case.fact("asct_dates").value]
    mel = case.fact("conditioning").value
    start, end = _span(case.timeline())
    last = month(case.fact("last_follow_up").value["date"])
    later = (lambda d: until is not None and d > until)
    lanes = ["Methotrexate", "D-VRd induction",
             f"Autologous transplant\n({mel['drug']} {mel['dose_mg_per_m2']} mg/m²)",
             "Maintenance", "Autoantibodies", "ASS activity"]
    # Methotrexate: known at referral, stop not reported -> hatched beyond referral.
    _lane(ax, 0, start, ev["referral"], colour=OKABE_ITO["orange"], label="")
    ax.annotate(f"{mtx['route']} {mtx['dose_mg']} mg {mtx['frequency']} at referral;\n"
                "start and stop dates not reported", (ev["referral"], 0), xytext=(4, 0),
                textcoords="offset points", va="center", fontsize=8.5, style="italic")
    _lane(ax, 1, month(induction["start"]), asct[0], colour=OKABE_ITO["purple"], hatch="//",
          label=f"{case.fact('induction_cycles').value} cycles (end not reported)",
          future=later(month(induction["start"])))
    for i, when in enumerate(asct, start=1):
        colour = _FADED if later(when) else OKABE_ITO["vermillion"]
        ax.plot(when, 2, marker="v", markersize=12, color=colour, linestyle="none")
        ax.annotate(f"ASCT {i}", (when, 2), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=8.5)
    _lane(ax, 3, month(maint["start"]), last, colour=OKABE_ITO["sky"],
          label=" +\n".join(maint["drugs"]), future=later(month(maint["start"])))
    _serology_lane(ax, 4, case, ev, later)
    _activity_lane(ax, 5, ev, later, last, until)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=9.5)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(lanes) - 0.4, -0.6)
    _format_month_axis(ax, start, end)
    _mark_until(ax, until)
    return ax


def _serology_lane(ax, y, case, ev, later) -> None:
    tests = [(ev["pre_transplant_iif"], True,
              f"HEp-2 {case.fact('iif_pattern').value} 1:{case.fact('iif_titre').value},\n"
              + ", ".join(f"anti-{a}" for a in case.fact("antibodies").value) + " positive"),
             (ev["post_transplant_serology"], False, "all negative")]
    for when, positive, text in tests:
        colour = _FADED if later(when) else OKABE_ITO["blue"]
        ax.plot(when, y, marker="s", markersize=10, linestyle="none", markeredgecolor=colour,
                markeredgewidth=1.6, markerfacecolor=colour if positive else "white")
        ax.annotate(text, (when, y), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=8.5)


def _activity_lane(ax, y, ev, later, last, until) -> None:
    flare = ev["last_flare"]
    ax.plot(flare, y, marker="*", markersize=13, linestyle="none",
            color=_FADED if later(flare) else OKABE_ITO["vermillion"])
    ax.annotate("last flare", (flare, y), xytext=(0, -11), textcoords="offset points",
                ha="center", va="top", fontsize=8.5)
    quiet_from = ev["induction_start"]
    if later(quiet_from):
        return
    # Followed "throughout treatment for multiple myeloma": from induction to last follow-up.
    quiet_to = until if later(last) else last
    ax.barh(y, (quiet_to - quiet_from).days, left=quiet_from, height=0.22, color="none",
            edgecolor=OKABE_ITO["green"], hatch="..", linewidth=1.2)
    ax.annotate("asymptomatic for ASS", (quiet_from, y), xytext=(4, 9),
                textcoords="offset points", va="bottom", fontsize=8.5)


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
            ax.add_patch(box)
            ax.text(c + 0.5, r + 0.5, textwrap.fill(text, wrap, break_on_hyphens=False),
                    ha="center", va="center", fontsize=9)
            if c + 1 < ncol and texts[c + 1]:
                ax.annotate("", (c + 1.06, r + 0.5), (c + 0.94, r + 0.5),
                            arrowprops={"arrowstyle": "-|>", "color": "#444444"})
    ax.set_xlim(-0.2, ncol)
    ax.set_ylim(nrow, -0.35)
    ax.set_axis_off()
    return ax
