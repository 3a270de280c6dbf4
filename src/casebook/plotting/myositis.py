"""Myositis and anti-synthetase figures: phenotype bars, antibody mix, scores and criteria matrix.

Every helper takes ``ax=None`` (a new figure is made) and returns the axes it drew on; none
calls ``plt.show()``. Groups differ by hatching as well as colour; scores carry their value;
criteria cells carry a word ("met", "not met") as well as a fill.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from casebook.plotting.style import OKABE_ITO, get_axes, place

__all__ = [
    "antibody_distribution_bars",
    "criteria_matrix",
    "phenotype_bars",
    "score_bars",
]

_GROUP_STYLE = [("blue", None), ("orange", "///"), ("green", "..."), ("purple", "xx")]


def phenotype_bars(table, ax=None, *, features=None, groups=None):
    """Grouped horizontal bars: percentage of each feature in each antibody group.

    Parameters
    ----------
    table : DataFrame
        Columns ``feature``, ``group``, ``percent``; optional ``group_size`` (shown in the
        legend as ``n=``). E.g. ``load_table("ars_phenotypes")`` (Marie 2012).
    ax : matplotlib axes, optional
    features, groups : sequence of str, optional
        Subset and order (default: order of first appearance).

    Returns
    -------
    matplotlib axes
        Each bar is labelled with its percentage; groups differ by colour and hatching.

    Raises
    ------
    ValueError
        If columns are missing, a requested feature or group is absent, or a percentage is
        outside 0-100.
    """
    table = pd.DataFrame(table)
    if not {"feature", "group", "percent"} <= set(table.columns) or table.empty:
        raise ValueError("table needs columns feature, group and percent")
    percent = pd.to_numeric(table["percent"])
    if ((percent < 0) | (percent > 100)).any():
        raise ValueError("table: percent must lie between 0 and 100")
    features = list(features or dict.fromkeys(table["feature"]))
    groups = list(groups or dict.fromkeys(table["group"]))
    for name, wanted, present in (("feature", features, table["feature"]),
                                  ("group", groups, table["group"])):
        absent = set(wanted) - set(present)
        if absent:
            raise ValueError(f"{name}s not in the table: {sorted(absent)}")
    if len(groups) > len(_GROUP_STYLE):
        raise ValueError(f"at most {len(_GROUP_STYLE)} groups")
    ax = get_axes(ax, figsize=(7.0, 0.75 * len(features) + 1.2))
    height = 0.8 / len(groups)
    y0 = np.arange(len(features))[::-1]
    for j, (group, (colour, hatch)) in enumerate(zip(groups, _GROUP_STYLE)):
        rows = table[table["group"] == group]
        label = group
        if "group_size" in rows.columns and rows["group_size"].notna().any():
            label = f"{group} (n={int(rows['group_size'].dropna().iloc[0])})"
        by_feature = dict(zip(rows["feature"], pd.to_numeric(rows["percent"])))
        for i, feature in enumerate(features):
            if feature not in by_feature:
                continue
            y = y0[i] + ((len(groups) - 1) / 2 - j) * height
            value = by_feature[feature]
            ax.barh(y, value, height * 0.92, color=OKABE_ITO[colour], hatch=hatch,
                    edgecolor="black", label=label if i == 0 else None)
            ax.text(value + 1, y, f"{value:g}%", va="center", fontsize=8.5)
    ax.set_yticks(y0, features)
    ax.set_xlim(0, 110)
    ax.set_xlabel("Patients (%)")
    ax.legend(fontsize=8, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def antibody_distribution_bars(table, ax=None, *, highlight: str | None = None):
    """Bars of each anti-synthetase antibody's share of a cohort, labelled ``n (x%)``.

    Parameters
    ----------
    table : DataFrame
        Columns ``antibody``, ``n``, ``percent``; e.g. ``load_table("ars_distribution")``
        (Pinal-Fernandez 2017).
    ax : matplotlib axes, optional
    highlight : str, optional
        An antibody to mark (hatched, with "this case" beside it), e.g. ``"PL-12"``.

    Returns
    -------
    matplotlib axes
    """
    table = pd.DataFrame(table)
    if not {"antibody", "n", "percent"} <= set(table.columns) or table.empty:
        raise ValueError("table needs columns antibody, n and percent")
    if highlight is not None and highlight not in set(table["antibody"]):
        raise ValueError(f"highlight={highlight!r} is not an antibody in the table")
    ax = get_axes(ax, figsize=(5.5, 0.5 * len(table) + 1.2))
    y = np.arange(len(table))[::-1]
    for yi, (_, row) in zip(y, table.iterrows()):
        mine = row["antibody"] == highlight
        ax.barh(yi, row["percent"], color=OKABE_ITO["vermillion" if mine else "sky"],
                hatch="///" if mine else None, edgecolor="black")
        text = f"{int(row['n'])} ({row['percent']:g}%)" + ("  \u2190 this case" if mine else "")
        ax.text(row["percent"] + 1, yi, text, va="center", fontsize=8.5)
    ax.set_yticks(y, table["antibody"])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the cohort (%)")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


_LINE_STYLES = ["--", "-.", ":", (0, (5, 1, 1, 1))]


def score_bars(scores: Mapping[str, float], ax=None, *, thresholds: Mapping[str, float],
               xlabel: str = "Score", xmax: float | None = None):
    """Horizontal score bars against labelled vertical threshold lines.

    Parameters
    ----------
    scores : mapping
        ``label -> score`` (e.g. EULAR/ACR 2017 totals for several scenarios).
    ax : matplotlib axes, optional
    thresholds : mapping
        ``label -> cut-off`` drawn as vertical lines of different styles (at most 4).
    xlabel : str
    xmax : float, optional
        Right limit (default: a little beyond the largest value).

    Returns
    -------
    matplotlib axes
        Each bar carries its value.
    """
    if not scores:
        raise ValueError("scores must not be empty")
    if len(thresholds) > len(_LINE_STYLES):
        raise ValueError(f"at most {len(_LINE_STYLES)} thresholds")
    values = [float(v) for v in scores.values()]
    top = xmax or max(values + list(thresholds.values())) * 1.2
    ax = get_axes(ax, figsize=(7.0, 0.55 * len(scores) + 1.4))
    y = np.arange(len(scores))[::-1]
    for yi, value in zip(y, values):
        ax.barh(yi, value, 0.6, color=OKABE_ITO["sky"], edgecolor="black")
        ax.text(value + top * 0.01, yi, f"{value:g}", va="center", fontsize=9, zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    for (label, cut), ls in zip(thresholds.items(), _LINE_STYLES):
        ax.axvline(cut, color="black", linestyle=ls, linewidth=1.2, label=f"{label} ({cut:g})")
    ax.set_yticks(y, list(scores))
    ax.set_xlim(0, top)
    ax.set_ylim(-0.7, len(scores) - 0.3)
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(scores) < 4
              else -0.15), ncol=min(len(thresholds), 2), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


_CELL = {True: ("met", OKABE_ITO["green"], None), False: ("not met", "white", "///"),
         None: ("n/a", "#dddddd", None)}


def criteria_matrix(table, ax=None):
    """A scenario-by-criteria grid: each cell says "met", "not met" or "n/a".

    Parameters
    ----------
    table : DataFrame
        Index = scenarios (rows), columns = criteria sets; values ``True``, ``False`` or
        ``None``/NaN (not applicable), or strings (printed as given on a light cell).
    ax : matplotlib axes, optional

    Returns
    -------
    matplotlib axes
        "Met" cells are filled, "not met" cells hatched, so the grid reads without colour.
    """
    table = pd.DataFrame(table)
    if table.empty:
        raise ValueError("table must have at least one scenario and one criteria set")
    n_rows, n_cols = table.shape
    ax = get_axes(ax, figsize=(1.6 * n_cols + 2.6, 0.55 * n_rows + 1.3))
    for i, (_, row) in enumerate(table.iterrows()):
        for j, value in enumerate(row):
            key = None if value is None or (isinstance(value, float) and np.isnan(value)) \
                else value
            if isinstance(key, (bool, np.bool_)):
                text, face, hatch = _CELL[bool(key)]
            elif key is None:
                text, face, hatch = _CELL[None]
            else:
                text, face, hatch = str(key), "#f3f3f3", None
            y = n_rows - 1 - i
            # Cells and their words lie inside the limits set below (see place).
            place(ax, Rectangle((j, y), 0.96, 0.9, facecolor=face, hatch=hatch,
                                edgecolor="black", linewidth=0.8, gid=text))
            ax.text(j + 0.48, y + 0.45, text, ha="center", va="center", fontsize=8.5,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.2},
                    in_layout=False)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(0, n_rows)
    ax.set_xticks(np.arange(n_cols) + 0.48, [str(c) for c in table.columns], fontsize=8.5)
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(n_rows)[::-1] + 0.45, [str(i) for i in table.index], fontsize=8.5)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    return ax
