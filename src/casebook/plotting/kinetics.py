"""Kinetics figures: the TEACHING model of autoantibody decline after depleting producing cells.

The curves come from :func:`casebook.transplant.antibody_level` and the crossing times from
:func:`casebook.transplant.days_below_cutoff`, so the figure and the table of scenarios cannot
disagree with the model. The model is illustrative: the case letter reports no antibody levels,
only that the tests were negative about nine months after transplant.

Every helper takes ``ax=None`` and returns the axes; none calls ``plt.show()``. Scenarios differ
in line style and marker as well as colour.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from casebook import transplant
from casebook.plotting.style import OKABE_ITO, get_axes, log_scale

__all__ = ["DAYS_PER_MONTH", "antibody_scenarios", "scenario_rows"]

#: Mean Gregorian month, for converting model days to the months the case letter uses.
DAYS_PER_MONTH = 365.25 / 12

_STYLES = (
    {"color": OKABE_ITO["vermillion"], "linestyle": "-", "marker": "o"},
    {"color": OKABE_ITO["orange"], "linestyle": "--", "marker": "s"},
    {"color": OKABE_ITO["blue"], "linestyle": "-.", "marker": "^"},
    {"color": OKABE_ITO["green"], "linestyle": ":", "marker": "D"},
    {"color": OKABE_ITO["purple"], "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
)


def _params(s: Mapping) -> dict:
    return {"depleted_fraction": float(s["depleted_fraction"]),
            "half_life_days": float(s.get("half_life_days", transplant.IGG_HALF_LIFE_DAYS))}


def scenario_rows(scenarios: Sequence[Mapping], *, cutoff_fraction: float,
                  at_days: float) -> list[dict]:
    """Tabulate each scenario: days to fall below the cut-off, and the level at ``at_days``.

    Parameters
    ----------
    scenarios : sequence of mappings
        Each with ``scenario`` (name), ``depleted_fraction`` and optionally ``half_life_days``
        (default: IgG, 21 days).
    cutoff_fraction : float
        Assay cut-off as a fraction of the pre-treatment level.
    at_days : float
        Day at which to read the level (e.g. the case's test, about nine months).

    Returns
    -------
    list of dict
        ``scenario``, ``depleted_fraction``, ``half_life_days``, ``plateau`` (the new steady
        state, ``1 - depleted_fraction``), ``days_to_negative`` (``inf`` if never),
        ``level_at_test`` and ``negative_at_test``.

    Examples
    --------
    >>> rows = scenario_rows([{"scenario": "all", "depleted_fraction": 1.0}],
    ...                      cutoff_fraction=0.0625, at_days=274)
    >>> rows[0]["days_to_negative"], rows[0]["negative_at_test"]
    (84.0, True)
    """
    rows = []
    for s in scenarios:
        p = _params(s)
        days = transplant.days_below_cutoff(cutoff_fraction=cutoff_fraction, **p)
        level = transplant.antibody_level(days=at_days, **p)
        rows.append({"scenario": s["scenario"], **p, "plateau": 1 - p["depleted_fraction"],
                     "days_to_negative": days, "level_at_test": level,
                     "negative_at_test": level < cutoff_fraction})
    return rows


def antibody_scenarios(
    scenarios: Sequence[Mapping],
    ax=None,
    *,
    cutoff_fraction: float,
    months: float = 24,
    tests: Mapping[str, float] | None = None,
    floor: float = 1e-3,
):
    """Autoantibody level (fraction of the pre-treatment level, log scale) after depletion.

    Parameters
    ----------
    scenarios : sequence of mappings
        As in :func:`scenario_rows`; at most five are styled distinctly.
    ax : matplotlib axes, optional
    cutoff_fraction : float
        Assay cut-off as a fraction of the pre-treatment level; the region below is shaded
        "negative".
    months : float
        Length of the time axis, in months after the producing cells were removed.
    tests : mapping of str to float, optional
        Labelled test times in months (e.g. the case's negative test counted from different
        time zeros), drawn as vertical lines labelled above the plot; keep labels short.
    floor : float
        Lower limit of the log axis (levels below it are drawn at it).

    Returns
    -------
    matplotlib axes

    Notes
    -----
    The point where each curve crosses the cut-off, from
    :func:`casebook.transplant.days_below_cutoff`, is marked with the curve's marker; a curve
    whose plateau stays above the cut-off never turns negative, whatever the waiting time.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = antibody_scenarios([{"scenario": "all", "depleted_fraction": 1.0}],
    ...                         cutoff_fraction=0.1)
    >>> ax.get_yscale()
    'log'
    >>> plt.close(ax.figure)
    """
    if len(scenarios) > len(_STYLES):
        raise ValueError(f"at most {len(_STYLES)} scenarios can be styled distinctly, "
                         f"got {len(scenarios)}")
    ax = get_axes(ax, figsize=(7.0, 4.2))
    days = np.linspace(0, months * DAYS_PER_MONTH, 400)
    ax.axhspan(floor, cutoff_fraction, facecolor=OKABE_ITO["grey"], alpha=0.2, hatch="..",
               edgecolor=OKABE_ITO["grey"], linewidth=0)
    ax.axhline(cutoff_fraction, color="black", linewidth=1)
    ax.text(months * 0.99, cutoff_fraction * 0.85, "assay cut-off: below = negative",
            ha="right", va="top", fontsize=8)
    for style, s in zip(_STYLES, scenarios):
        p = _params(s)
        level = [max(transplant.antibody_level(days=float(d), **p), floor) for d in days]
        ax.plot(days / DAYS_PER_MONTH, level, color=style["color"],
                linestyle=style["linestyle"], linewidth=2, label=s["scenario"])
        cross = transplant.days_below_cutoff(cutoff_fraction=cutoff_fraction, **p)
        if math.isfinite(cross) and cross / DAYS_PER_MONTH <= months:
            ax.plot(cross / DAYS_PER_MONTH, cutoff_fraction, marker=style["marker"],
                    color=style["color"], markersize=8, markeredgecolor="black")
    for name, month in (tests or {}).items():
        ax.axvline(month, color="black", linestyle=(0, (2, 2)), linewidth=1)
        ax.text(month, 1.02, name, transform=ax.get_xaxis_transform(), ha="center",
                va="bottom", fontsize=8)
    log_scale(ax, "y")
    ax.set_ylim(floor, 1.3)
    ax.set_xlim(0, months)
    ax.set_xlabel("Months after the antibody-producing cells were removed")
    ax.set_ylabel("Autoantibody level\n(fraction of pre-treatment level)")
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(0, -0.16), ncol=2)
    return ax
