"""Myeloma figures: ISS regions, R2-ISS over unknown factors, MRD on a log scale, melphalan dose.

Every helper takes ``ax=None`` (a new figure is made) and returns the axes it drew on; none
calls ``plt.show()``. The figures are computed from the calculators in :mod:`casebook.myeloma`
and :mod:`casebook.transplant`, so they cannot drift from the rules: the ISS map evaluates
:func:`~casebook.myeloma.iss_stage` on a grid, the R2-ISS chart scores every combination of
the unknown factors, and the MRD chart parses the result text. Colour is never the only signal:
regions carry hatching and text labels, series differ in line style and marker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product

import numpy as np
from matplotlib.colors import BoundaryNorm, ListedColormap

from casebook import myeloma, transplant
from casebook.notation import power_of_ten
from casebook.plotting.style import OKABE_ITO, get_axes, log_scale

__all__ = [
    "ISS_STYLES",
    "R2_ISS_FACTOR_LABELS",
    "iss_grid",
    "iss_regions",
    "melphalan_dose_by_weight",
    "mrd_log_scale",
    "r2_iss_combinations",
    "r2_iss_unknowns",
]

#: Fill colour, hatch and label per ISS stage (Okabe-Ito; hatching so print and CVD readers
#: can tell the regions apart).
ISS_STYLES = {
    1: {"color": OKABE_ITO["sky"], "hatch": "", "label": "ISS I"},
    2: {"color": OKABE_ITO["yellow"], "hatch": "//", "label": "ISS II"},
    3: {"color": OKABE_ITO["vermillion"], "hatch": "xx", "label": "ISS III"},
}
_R2_STYLES = {
    1: {"color": OKABE_ITO["sky"], "hatch": ""},
    2: {"color": OKABE_ITO["green"], "hatch": ".."},
    3: {"color": OKABE_ITO["yellow"], "hatch": "//"},
    4: {"color": OKABE_ITO["vermillion"], "hatch": "xx"},
}
#: Display names of the R2-ISS factors, in the keyword names of :func:`myeloma.explain_r2_iss`.
R2_ISS_FACTOR_LABELS = {"ldh_above_uln": "LDH > ULN", "t4_14": "t(4;14)", "gain_1q": "1q+",
                        "del17p": "del(17p)"}


# --------------------------------------------------------------------------- ISS map
def iss_grid(beta2m_mg_per_l: Sequence[float], albumin_g_per_dl: Sequence[float]) -> np.ndarray:
    """ISS stage at every (albumin, beta2M) pair, from :func:`casebook.myeloma.iss_stage_grid`.

    Returns an integer array of shape ``(len(albumin_g_per_dl), len(beta2m_mg_per_l))``: rows
    follow albumin, columns follow beta2M, as :meth:`matplotlib.axes.Axes.pcolormesh` expects.

    Examples
    --------
    >>> iss_grid([2.8, 4.0, 6.0], [3.2, 4.0]).tolist()
    [[2, 2, 3], [1, 2, 3]]
    """
    return np.array(myeloma.iss_stage_grid(beta2m_mg_per_l=[float(b) for b in beta2m_mg_per_l],
                                           albumin_g_per_dl=[float(a) for a in albumin_g_per_dl]),
                    dtype=int)


def _edges(low: float, high: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    edges = np.linspace(low, high, n + 1)
    return edges, (edges[:-1] + edges[1:]) / 2


def _label_positions(stages: np.ndarray, x: np.ndarray, y: np.ndarray) -> dict:
    """The cell of each stage farthest (in axis fractions) from any cell of another stage."""
    step = max(1, min(stages.shape) // 30)
    sub = stages[::step, ::step]
    fy, fx = np.meshgrid(np.linspace(0, 1, sub.shape[0]), np.linspace(0, 1, sub.shape[1]),
                         indexing="ij")
    pts, lab = np.column_stack([fx.ravel(), fy.ravel()]), sub.ravel()
    out = {}
    for stage in np.unique(lab):
        mine, other = pts[lab == stage], pts[lab != stage]
        if other.size:
            dist = np.sqrt(((mine[:, None, :] - other[None, :, :]) ** 2).sum(-1)).min(1)
            # Also keep away from the plot edges, where a label would be clipped.
            dist = np.minimum(dist, np.minimum(mine, 1 - mine).min(1) * 2)
            best = mine[dist.argmax()]
        else:
            best = np.array([0.5, 0.5])
        out[int(stage)] = (x[0] + best[0] * (x[-1] - x[0]), y[0] + best[1] * (y[-1] - y[0]))
    return out


def iss_regions(
    ax=None,
    *,
    beta2m_range_mg_per_l: tuple[float, float] = (0.5, 8.0),
    albumin_range_g_per_dl: tuple[float, float] = (2.0, 5.0),
    resolution: int = 300,
    points: Sequence[Mapping] = (),
    secondary_g_per_l: bool = True,
):
    """Map the ISS stages over the beta2-microglobulin x albumin plane.

    Each grid cell is coloured by :func:`casebook.myeloma.iss_stage` at its centre, so the
    boundaries are wherever the rule puts them; the region labels sit at the centroid of the
    cells of each stage and the boundary lines are contours of the computed grid.

    Parameters
    ----------
    ax : matplotlib axes, optional
    beta2m_range_mg_per_l, albumin_range_g_per_dl : (low, high)
        Plotted ranges (x: beta2M in mg/L; y: albumin in g/dL).
    resolution : int
        Grid cells per axis (>= 10).
    points : sequence of mappings
        Optional example patients: ``beta2m_mg_per_l``, ``albumin_g_per_dl`` and ``label``;
        each is drawn as a marker with its label and computed stage.
    secondary_g_per_l : bool
        Add a right-hand albumin axis in g/L (g/dL x 10).

    Returns
    -------
    matplotlib axes
        ``ax.collections[0]`` is the QuadMesh whose array holds the stages.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = iss_regions(resolution=20)
    >>> sorted(set(ax.collections[0].get_array().ravel().tolist()))
    [1, 2, 3]
    >>> plt.close(ax.figure)
    """
    if int(resolution) < 10:
        raise ValueError(f"resolution={resolution} must be at least 10 grid cells")
    ax = get_axes(ax, figsize=(7.0, 4.2))
    bx, bc = _edges(*beta2m_range_mg_per_l, int(resolution))
    ay, ac = _edges(*albumin_range_g_per_dl, int(resolution))
    stages = iss_grid(bc, ac)
    cmap = ListedColormap([ISS_STYLES[s]["color"] for s in (1, 2, 3)])
    ax.pcolormesh(bx, ay, stages, cmap=cmap, norm=BoundaryNorm([0.5, 1.5, 2.5, 3.5], 3),
                  shading="flat", alpha=0.55)
    ax.contourf(bc, ac, stages, levels=[0.5, 1.5, 2.5, 3.5], colors="none",
                hatches=[ISS_STYLES[s]["hatch"] for s in (1, 2, 3)])
    ax.contour(bc, ac, stages, levels=[1.5, 2.5], colors="black", linewidths=1.2)
    for stage, (x, y) in _label_positions(stages, bc, ac).items():
        ax.text(x, y, ISS_STYLES[stage]["label"], ha="center", va="center", fontsize=12,
                fontweight="bold", bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
    for p in points:
        b, a = float(p["beta2m_mg_per_l"]), float(p["albumin_g_per_dl"])
        stage = myeloma.iss_stage(beta2m_mg_per_l=b, albumin_g_per_dl=a)
        ax.plot(b, a, marker="o", color="black", markersize=6)
        ax.annotate(f"{p.get('label', '')} (ISS {myeloma.ROMAN[stage]})".strip(), (b, a),
                    xytext=(6, 6), textcoords="offset points", fontsize=9)
    ax.set_xlabel("Serum beta-2 microglobulin (mg/L)")
    ax.set_ylabel("Serum albumin (g/dL)")
    ax.set_xlim(*beta2m_range_mg_per_l)
    ax.set_ylim(*albumin_range_g_per_dl)
    if secondary_g_per_l:
        sec = ax.secondary_yaxis("right", functions=(lambda x: x * 10, lambda x: x / 10))
        sec.set_ylabel("Serum albumin (g/L)")
    return ax


# ------------------------------------------------------------------ R2-ISS unknowns
def r2_iss_combinations(*, iss_stage: int, known: Mapping[str, bool],
                        unknown: Sequence[str]) -> list[dict]:
    """Score every combination of the ``unknown`` R2-ISS factors (present/absent).

    Parameters
    ----------
    iss_stage : int
        ISS stage, 1-3.
    known : mapping
        Factors that are known, by keyword of :func:`casebook.myeloma.explain_r2_iss`
        (``del17p``, ``t4_14``, ``gain_1q``, ``ldh_above_uln``).
    unknown : sequence of str
        Factors not reported; each is tried absent and present.

    Returns
    -------
    list of dict
        One row per combination, ordered by score: the unknown factors' values,
        ``present`` (the unknown factors assumed present, as text), ``score``, ``stage`` and
        ``label`` (e.g. ``"R2-ISS III"``).

    Examples
    --------
    The case: ISS I with del(17p); LDH, t(4;14) and 1q not reported.

    >>> rows = r2_iss_combinations(iss_stage=1, known={"del17p": True},
    ...                            unknown=["ldh_above_uln", "t4_14", "gain_1q"])
    >>> [(r["score"], r["stage"]) for r in rows][:2], rows[-1]["score"]
    ([(1.0, 2), (1.5, 3)], 3.5)
    """
    unknown = list(unknown)
    overlap = set(unknown) & set(known)
    if overlap:
        raise ValueError(f"factors {sorted(overlap)} are both known and unknown")
    rows = []
    for combo in product((False, True), repeat=len(unknown)):
        assumed = dict(zip(unknown, combo))
        result = myeloma.explain_r2_iss(iss_stage=iss_stage, **dict(known), **assumed)
        present = [R2_ISS_FACTOR_LABELS[k] for k, v in assumed.items() if v]
        rows.append({**assumed, "present": ", ".join(present) or "none",
                     "score": result.score, "stage": result.stage, "label": result.label})
    return sorted(rows, key=lambda r: (r["score"], r["present"]))


def r2_iss_unknowns(rows: Sequence[Mapping], ax=None, *, title: str | None = None):
    """Dot chart of R2-ISS scores over combinations of unknown factors, on the stage bands.

    Parameters
    ----------
    rows : sequence of mappings
        From :func:`r2_iss_combinations` (``present``, ``score``, ``stage``).
    ax : matplotlib axes, optional
    title : str, optional

    Returns
    -------
    matplotlib axes

    Notes
    -----
    The background bands are computed with :func:`casebook.myeloma.r2_iss_stage_from_score`
    at every possible score (0 to 5 in steps of 0.5), each band spanning half a step either
    side, so the band edges fall between attainable scores.
    """
    ax = get_axes(ax, figsize=(7.0, 0.45 * len(rows) + 1.6))
    scores = np.arange(0, 5.01, 0.5)
    for s in scores:
        stage = myeloma.r2_iss_stage_from_score(score=float(s))
        style = _R2_STYLES[stage]
        ax.axvspan(s - 0.25, s + 0.25, facecolor=style["color"], alpha=0.35,
                   hatch=style["hatch"], edgecolor="white", linewidth=0)
    for stage in (1, 2, 3, 4):
        in_band = [s for s in scores if myeloma.r2_iss_stage_from_score(score=float(s)) == stage]
        ax.text(np.mean(in_band), len(rows) - 0.35, myeloma.ROMAN[stage],
                ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.text(2.5, len(rows) + 0.25, "Stage band (R2-ISS)", ha="center", va="bottom", fontsize=9)
    y = np.arange(len(rows))
    ax.plot([r["score"] for r in rows], y, linestyle="none", marker="D", color="black")
    for yi, r in zip(y, rows):
        ax.annotate(f"{r['score']:g} ({r['label']})", (r["score"], yi), xytext=(8, -3),
                    textcoords="offset points", fontsize=8)
    ax.set_yticks(y, [f"+ {r['present']}" if r["present"] != "none" else "none added"
                      for r in rows])
    ax.set_ylim(-0.6, len(rows) + 0.8)
    ax.set_xlim(-0.25, 5.25)
    ax.set_xlabel("R2-ISS total score (points)")
    ax.set_ylabel("Unknown factors assumed present")
    if title:
        ax.set_title(title)
    return ax


# ------------------------------------------------------------------------------ MRD
def mrd_log_scale(
    result: str = "<0.00023%",
    ax=None,
    *,
    levels: Sequence[float] = myeloma.MRD_STANDARD_LEVELS,
    references: Mapping[str, float] | None = None,
    label: str = "the case",
):
    """Place an MRD limit of detection on a log scale against the standard levels.

    Parameters
    ----------
    result : str
        The reported limit of detection, parsed by :func:`casebook.myeloma.parse_mrd`.
    ax : matplotlib axes, optional
    levels : sequence of float
        Sensitivity levels to draw (fractions); each is labelled "negativity shown" or "not
        shown" by :func:`casebook.myeloma.mrd_negative_at`.
    references : mapping of str to float, optional
        Extra labelled reference values (e.g. a method's typical sensitivity), drawn dotted.
    label : str
        Label for the result marker.

    Returns
    -------
    matplotlib axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = mrd_log_scale("<0.00023%")
    >>> ax.get_xscale()
    'log'
    >>> plt.close(ax.figure)
    """
    lod = myeloma.parse_mrd(result)
    ax = get_axes(ax, figsize=(7.0, 3.0))
    values = [lod, *levels, *(references or {}).values()]
    low = 10 ** np.floor(np.log10(min(values)) - 0.5)
    high = 10 ** (np.ceil(np.log10(max(values))) + 0.6)
    ax.axvspan(low, lod, facecolor=OKABE_ITO["grey"], alpha=0.25, hatch="..",
               edgecolor=OKABE_ITO["grey"], linewidth=0)
    ax.text(np.sqrt(low * lod), 0.08, "below this test's\nlimit of detection", ha="center",
            va="bottom", fontsize=8)
    for i, level in enumerate(levels):
        shown = myeloma.mrd_negative_at(result, level)
        ax.axvline(level, color=OKABE_ITO["blue"] if shown else OKABE_ITO["vermillion"],
                   linestyle="-" if shown else "--", linewidth=1.6)
        verdict = "negativity shown" if shown else "not shown"
        ax.text(level, 0.93 - 0.13 * (i % 2), f"{power_of_ten(level)}: {verdict}",
                rotation=0, ha="left", va="top", fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})
    for name, value in (references or {}).items():
        ax.axvline(value, color="black", linestyle=":", linewidth=1.2)
        ax.text(value, 0.45, name, rotation=90, ha="right", va="center", fontsize=8)
    ax.plot([lod], [0.6], marker="<", markersize=11, color="black", linestyle="none")
    ax.annotate(f"{label}: {result} = {lod:.2g}", (lod, 0.6), xytext=(10, -16),
                textcoords="offset points", fontsize=9, fontweight="bold")
    log_scale(ax, "x")
    ax.set_xlim(low, high)
    ax.set_ylim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel("Clonal plasma cells as a fraction of nucleated marrow cells (log scale)")
    return ax


# --------------------------------------------------------------------- melphalan dose
def melphalan_dose_by_weight(
    ax=None,
    *,
    heights_cm: Sequence[float] = (155, 165, 175),
    weights_kg: Sequence[float] = tuple(range(45, 131, 5)),
    dose_mg_per_m2: float = 200,
    bsa_cap_m2: float | None = None,
):
    """Melphalan dose per course against weight, Mosteller (solid) and DuBois (dashed) BSA.

    Parameters
    ----------
    ax : matplotlib axes, optional
    heights_cm : sequence of float
        One pair of curves per height (illustrative heights).
    weights_kg : sequence of float
        Weights on the x-axis (the weight actually put into the BSA formula).
    dose_mg_per_m2 : float
        Dose level, default 200 (MEL200).
    bsa_cap_m2 : float, optional
        If given, a third, dotted curve per height shows the Mosteller dose with the BSA capped.

    Returns
    -------
    matplotlib axes
    """
    ax = get_axes(ax, figsize=(7.0, 5.0))
    markers = ("o", "s", "^", "v", "D")
    colours = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["green"], OKABE_ITO["purple"],
               OKABE_ITO["black"])
    for i, h in enumerate(heights_cm):
        colour, marker = colours[i % len(colours)], markers[i % len(markers)]
        for formula, style in ((transplant.bsa_mosteller, "-"), (transplant.bsa_dubois, "--")):
            doses = [transplant.melphalan_dose_mg(
                bsa_m2=formula(height_cm=h, weight_kg=w), dose_mg_per_m2=dose_mg_per_m2)
                for w in weights_kg]
            name = "Mosteller" if formula is transplant.bsa_mosteller else "DuBois"
            ax.plot(weights_kg, doses, linestyle=style, marker=marker, markersize=4,
                    color=colour, label=f"{h:g} cm, {name}")
        if bsa_cap_m2 is not None:
            capped = [transplant.melphalan_dose_mg(
                bsa_m2=transplant.bsa_mosteller(height_cm=h, weight_kg=w),
                dose_mg_per_m2=dose_mg_per_m2, bsa_cap_m2=bsa_cap_m2) for w in weights_kg]
            ax.plot(weights_kg, capped, linestyle=":", color=colour, linewidth=2.2,
                    label=f"{h:g} cm, Mosteller, cap {bsa_cap_m2:g} m²")
    ax.set_xlabel("Weight used in the BSA formula (kg)")
    ax.set_ylabel(f"Melphalan per course at {dose_mg_per_m2:g} mg/m² (mg)")
    ax.grid(alpha=0.3)
    # One legend column per height (legends fill column by column), below the axes where
    # constrained layout makes room for it (an axes legend there collapsed the axes).
    ax.figure.legend(*ax.get_legend_handles_labels(), fontsize=8, ncol=len(heights_cm),
                     frameon=False, loc="outside lower center")
    return ax

