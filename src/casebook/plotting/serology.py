"""Serology figures: line-blot strips, schematic HEp-2 patterns, titre ladders and Bayes curves.

Every helper takes ``ax=None`` (a new figure is made) and returns the axes it drew on; none
calls ``plt.show()``. Colour is never the only signal: bands carry class labels, staining carries
texture and a text label, curves differ in line style and marker.

The HEp-2 drawings are **schematics** made of ellipses and random dots (fixed seed), not
micrographs; they show where staining sits (nucleus or cytoplasm) and its texture.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.patches import Ellipse, Rectangle

from casebook import serology
from casebook.plotting.style import OKABE_ITO, get_axes, log_scale, place

__all__ = [
    "HEP2_SCHEMATIC_STYLES",
    "hep2_panels",
    "hep2_schematic",
    "ild_odds_bars",
    "lia_true_positive_bars",
    "line_blot_strip",
    "post_test_curves",
    "titre_ladder",
]

# --- Line blot -------------------------------------------------------------------------------


def _band_label(intensity: float, label: object, cutoffs) -> str:
    if isinstance(label, str) and label.strip():
        return label
    if intensity is None or (isinstance(intensity, float) and math.isnan(intensity)):
        return "n.r."
    return serology.line_blot_class(intensity, cutoffs=cutoffs)


def line_blot_strip(
    bands,
    ax=None,
    *,
    cutoffs=serology.DEFAULT_LINE_BLOT_CUTOFFS,
    max_intensity: float = 60.0,
    control: bool = True,
    title: str | None = None,
):
    """Draw line-blot strips side by side, one band per antigen, from a table.

    Parameters
    ----------
    bands : DataFrame or sequence of mappings
        Columns ``strip`` (strip label, e.g. ``"Line blot, 2023"``), ``antigen`` and
        ``intensity`` (scanner units; NaN/None = not reported, drawn as an empty dotted slot).
        Optional ``label``: text printed beside the band; if absent or empty the class from
        :func:`casebook.serology.line_blot_class` with ``cutoffs`` is printed.
        Strips and antigens are drawn in order of first appearance.
    ax : matplotlib axes, optional
    cutoffs : 4 numbers
        Passed to :func:`~casebook.serology.line_blot_class`; the default is the UNVERIFIED
        EUROLineScan scheme.
    max_intensity : float
        Intensity drawn as a fully dark band (> 0).
    control : bool
        Draw the kit's reaction-control band at the top of every strip.
    title : str, optional

    Returns
    -------
    matplotlib axes

    Raises
    ------
    ValueError
        If a column is missing, the table is empty, an intensity is negative or
        ``max_intensity`` is not positive.
    """
    table = pd.DataFrame(bands)
    missing = {"strip", "antigen", "intensity"} - set(table.columns)
    if missing or table.empty:
        raise ValueError(
            f"bands needs rows with columns strip, antigen, intensity; missing {sorted(missing)}"
        )
    if not max_intensity > 0:
        raise ValueError(f"max_intensity={max_intensity!r} must be > 0 (intensity units)")
    intensities = pd.to_numeric(table["intensity"], errors="raise").astype(float)
    if (intensities < 0).any():
        raise ValueError("bands: intensity must be >= 0 (intensity units) or NaN if not reported")
    strips = list(dict.fromkeys(table["strip"]))
    antigens = list(dict.fromkeys(table["antigen"]))
    rows = (["control"] if control else []) + antigens
    ax = get_axes(ax, figsize=(1.6 * len(strips) + 1.5, 0.42 * len(rows) + 1.4))
    y_of = {name: len(rows) - 1 - i for i, name in enumerate(rows)}
    labels = table["label"] if "label" in table.columns else pd.Series([None] * len(table))

    for x, strip in enumerate(strips):
        ax.add_patch(Rectangle((x - 0.22, -0.6), 0.44, len(rows) + 0.2, facecolor="#f6f1e7",
                               edgecolor=OKABE_ITO["grey"], linewidth=1, zorder=1))
        if control:
            _draw_band(ax, x, y_of["control"], 1.0, "control")
        for i in np.flatnonzero((table["strip"] == strip).to_numpy()):
            value = intensities.iloc[i]
            text = _band_label(None if math.isnan(value) else value, labels.iloc[i], cutoffs)
            shade = None if math.isnan(value) else min(value / max_intensity, 1.0)
            _draw_band(ax, x, y_of[table["antigen"].iloc[i]], shade, text)

    ax.set_xlim(-0.6, len(strips) - 0.1)
    ax.set_ylim(-0.8, len(rows) - 0.2)
    ax.set_yticks([y_of[r] for r in rows], rows)
    ax.set_xticks(range(len(strips)), strips)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if title:
        ax.set_title(title, pad=28)
    return ax


def _draw_band(ax, x: float, y: float, shade: float | None, text: str) -> None:
    """One band: dark in proportion to ``shade`` (0-1), or an empty dotted slot if None."""
    if shade is None:
        ax.add_patch(Rectangle((x - 0.2, y - 0.12), 0.4, 0.24, fill=False, linestyle=":",
                               edgecolor=OKABE_ITO["grey"], zorder=2, gid="slot"))
    else:
        ax.add_patch(Rectangle((x - 0.2, y - 0.12), 0.4, 0.24, facecolor="#2b1a3a",
                               alpha=max(shade, 0.04), edgecolor="none", zorder=2, gid="band"))
    ax.text(x + 0.25, y, text, va="center", ha="left", fontsize=8.5, zorder=3)


# --- HEp-2 schematics ------------------------------------------------------------------------

#: Schematic styles: (nucleus texture, cytoplasm texture) per pattern key.
HEP2_SCHEMATIC_STYLES = {
    "negative": ("none", "none"),
    "AC-1": ("homogeneous", "none"),
    "AC-4": ("fine", "none"),
    "AC-5": ("coarse", "none"),
    "AC-19": ("none", "dense fine"),
    "AC-20": ("none", "fine"),
}
_GLOW = "#7CFC6A"  # FITC-like green on black; the texture and the label carry the meaning


def _points_in_ellipse(rng, n, cx, cy, w, h, angle):
    """``n`` uniform points inside an ellipse (width ``w``, height ``h``, rotated)."""
    r = np.sqrt(rng.random(n))
    t = rng.random(n) * 2 * np.pi
    x, y = r * np.cos(t) * w / 2, r * np.sin(t) * h / 2
    a = np.deg2rad(angle)
    return cx + x * np.cos(a) - y * np.sin(a), cy + x * np.sin(a) + y * np.cos(a)


def _inside(x, y, cx, cy, w, h, angle):
    a = np.deg2rad(-angle)
    dx, dy = x - cx, y - cy
    u, v = dx * np.cos(a) - dy * np.sin(a), dx * np.sin(a) + dy * np.cos(a)
    return (u / (w / 2)) ** 2 + (v / (h / 2)) ** 2 <= 1


def _place(ax, artist, clip=None):
    """:func:`place` a schematic's patch (computing every ellipse's extent was most of the
    figure's drawing time); ``clip``: a rectangle to clip to (a panel's square) instead of
    the axes."""
    place(ax, artist)
    _clip(artist, clip)
    return artist


def _clip(artist, clip) -> None:
    """Clip ``artist`` to the rectangle ``clip``, inside which it then lies: left out of the
    layout, which would otherwise measure every ellipse and dot."""
    if clip is not None:
        artist.set_clip_path(clip)
        artist.set_in_layout(False)


def _texture(ax, rng, texture, region, hole=None, scale=1.0, clip=None):
    """Fill ``region`` (an ellipse tuple) minus ``hole`` with a staining texture."""
    if texture == "none":
        return
    cx, cy, w, h, angle = region
    if texture == "homogeneous":
        _place(ax, Ellipse((cx, cy), w, h, angle=angle, facecolor=_GLOW, alpha=0.85,
                           edgecolor="none", zorder=3, gid="stain"), clip)
        return
    n, size, alpha, base = {
        "fine": (220, 3.0, 0.95, 0.08),
        "dense fine": (1400, 1.0, 0.55, 0.45),
        "coarse": (45, 16.0, 0.9, 0.08),
    }[texture]
    _place(ax, Ellipse((cx, cy), w, h, angle=angle, facecolor=_GLOW, alpha=base,
                       edgecolor="none", zorder=3, gid="stain"), clip)
    x, y = _points_in_ellipse(rng, int(n * scale), cx, cy, w, h, angle)
    if hole is not None:
        keep = ~_inside(x, y, *hole)
        x, y = x[keep], y[keep]
    # Octagons, not circles: at a few pixels across they look the same, and matplotlib finds a
    # circle marker's extent by solving for its curves' extrema (a third of the figure's time).
    dots = ax.scatter(x, y, s=size, c=_GLOW, alpha=alpha, linewidths=0, zorder=4, marker=(8, 0, 0),
                      gid="speckles")
    _clip(dots, clip)


def _hep2_key(pattern: str) -> str:
    key = "negative" if str(pattern).strip().lower() == "negative" else None
    if key is None:
        key = serology.icap_pattern(pattern).code
    if key not in HEP2_SCHEMATIC_STYLES:
        raise ValueError(f"pattern={pattern!r} has no schematic; choose from "
                         f"{', '.join(HEP2_SCHEMATIC_STYLES)}")
    return key


def _check_n_cells(n_cells) -> None:
    if isinstance(n_cells, bool) or not isinstance(n_cells, int) or not 1 <= n_cells <= 6:
        raise ValueError(f"n_cells={n_cells!r} must be an integer from 1 to 6")


def _hep2_label(key: str) -> str:
    name = "no staining" if key == "negative" else serology.icap_pattern(key).name
    heading = f"{key if key != 'negative' else 'Negative'}: {name}"
    return "\n".join(textwrap.wrap(heading, 26)) + "\n(schematic)"


_CELL_CENTRES = [(0.3, 0.68), (0.72, 0.7), (0.5, 0.28), (0.18, 0.25), (0.82, 0.25), (0.5, 0.5)]


def _draw_hep2(ax, key: str, seed: int, n_cells: int, origin=(0.0, 0.0), clip=None) -> None:
    """Draw the cells of one schematic in the unit square whose lower left corner is ``origin``,
    clipped to the patch ``clip`` if given (else to the axes)."""
    nucleus_tex, cyto_tex = HEP2_SCHEMATIC_STYLES[key]
    rng = np.random.default_rng(seed)
    ox, oy = origin
    for cx, cy in _CELL_CENTRES[:n_cells]:
        cx, cy = ox + cx + rng.normal(0, 0.02), oy + cy + rng.normal(0, 0.02)
        w, h, angle = rng.uniform(0.34, 0.4), rng.uniform(0.26, 0.32), rng.uniform(0, 180)
        cell = (cx, cy, w, h, angle)
        nucleus = (cx + rng.normal(0, 0.01), cy + rng.normal(0, 0.01), w * 0.5, h * 0.55, angle)
        _place(ax, Ellipse(cell[:2], w, h, angle=angle, facecolor="#101410",
                           edgecolor="#3a4a3a", linewidth=0.8, zorder=2, gid="cell"), clip)
        _texture(ax, rng, cyto_tex, cell, hole=nucleus, clip=clip)
        _place(ax, Ellipse(nucleus[:2], *nucleus[2:4], angle=angle, facecolor="black",
                           edgecolor="#3a4a3a", linewidth=0.8, zorder=3, gid="nucleus"), clip)
        _texture(ax, rng, nucleus_tex, nucleus, scale=0.35, clip=clip)
        a = np.deg2rad(angle)
        for side in (-1, 1):  # two nucleoli, which stay dark in these nuclear patterns
            dx, dy = side * nucleus[2] * 0.22, rng.normal(0, 0.01)
            _place(ax, Ellipse((nucleus[0] + dx * np.cos(a) - dy * np.sin(a),
                                nucleus[1] + dx * np.sin(a) + dy * np.cos(a)),
                               0.03, 0.025, facecolor="black", edgecolor="none", zorder=5), clip)


def hep2_schematic(pattern: str, ax=None, *, seed: int = 0, n_cells: int = 3,
                   label: str | None = None):
    """Draw a schematic of HEp-2 cells stained in an ICAP pattern (NOT a micrograph).

    Parameters
    ----------
    pattern : str
        ``"negative"`` or one of ``AC-1`` (nuclear homogeneous), ``AC-4`` (nuclear fine
        speckled), ``AC-5`` (nuclear coarse speckled), ``AC-19`` (cytoplasmic dense fine
        speckled) and ``AC-20`` (cytoplasmic fine speckled); any spelling that
        :func:`casebook.serology.icap_pattern` accepts.
    ax : matplotlib axes, optional
    seed : int
        Seed of the random cell layout and speckles: the same seed gives the same picture.
    n_cells : int
        Interphase cells to draw (1-6).
    label : str, optional
        Panel title; default ``"<code> <ICAP name>\\n(schematic)"``.

    Returns
    -------
    matplotlib axes

    Raises
    ------
    ValueError
        For a pattern with no schematic or ``n_cells`` outside 1-6.

    Notes
    -----
    Nuclear patterns spare the nucleoli; cytoplasmic ones leave the nucleus dark. "Dense fine
    speckled" is drawn as a cloudy, almost homogeneous cytoplasm; "fine speckled" as distinct
    speckles on a faint background (ICAP descriptions of AC-19 and AC-20, Damoiseaux 2019).
    To compare several patterns, :func:`hep2_panels` draws them side by side.
    """
    key = _hep2_key(pattern)
    _check_n_cells(n_cells)
    ax = get_axes(ax, figsize=(3.0, 3.0))
    ax.set_facecolor("black")
    _draw_hep2(ax, key, seed, n_cells)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(_hep2_label(key) if label is None else label, fontsize=9)
    return ax


_PANEL_GAP = 0.08  # between panels, in panel widths
_TITLE_ROOM = 0.3  # above each panel for its three-line title, in panel heights


def hep2_panels(patterns: Sequence[str], ax=None, *, seed: int = 0, n_cells: int = 3,
                ncols: int = 3):
    """Draw several HEp-2 schematics side by side, in rows of ``ncols``, on one axes.

    Each panel is the picture :func:`hep2_schematic` draws for its pattern with the same
    ``seed`` and ``n_cells``, on a black square titled with the pattern's code and ICAP name.
    One axes for all panels rather than one each: matplotlib builds and lays out every axes'
    ticks and spines even when hidden, which was most of the time of a six-panel figure.

    Parameters
    ----------
    patterns : sequence of str
        Patterns as :func:`hep2_schematic` accepts them, drawn left to right, top to bottom.
    ax : matplotlib axes, optional
    seed, n_cells
        As for :func:`hep2_schematic`.
    ncols : int
        Panels per row (>= 1).

    Returns
    -------
    matplotlib axes
        Panel ``i``'s black square is the ``i``-th patch with gid ``"panel"``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = hep2_panels(["negative", "AC-19"], ncols=2)
    >>> [t.get_text().splitlines()[0] for t in ax.texts]
    ['Negative: no staining', 'AC-19: cytoplasmic dense']
    >>> plt.close(ax.figure)
    """
    keys = [_hep2_key(p) for p in patterns]
    _check_n_cells(n_cells)
    if isinstance(ncols, bool) or not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols={ncols!r} must be an integer >= 1 (panels per row)")
    if not keys:
        raise ValueError("patterns must name at least one pattern")
    ncols = min(ncols, len(keys))
    nrows = math.ceil(len(keys) / ncols)
    pitch_x, pitch_y = 1 + _PANEL_GAP, 1 + _TITLE_ROOM
    ax = get_axes(ax, figsize=(2.5 * ncols, 2.5 * pitch_y / pitch_x * nrows))
    for i, key in enumerate(keys):
        origin = ((i % ncols) * pitch_x, (nrows - 1 - i // ncols) * pitch_y)
        panel = _place(ax, Rectangle(origin, 1, 1, facecolor="black", edgecolor="none",
                                     zorder=1, gid="panel"))
        _draw_hep2(ax, key, seed, n_cells, origin, clip=panel)
        ax.text(origin[0] + 0.5, origin[1] + 1.03, _hep2_label(key), ha="center",
                va="bottom", fontsize=9)
    ax.set_xlim(0, ncols * pitch_x - _PANEL_GAP)
    ax.set_ylim(0, nrows * pitch_y)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


# --- Titres ----------------------------------------------------------------------------------


def titre_ladder(series: Sequence[int], *, endpoint: int | None, ax=None,
                 screening: int | None = None, untested_above: bool = False):
    """Draw a doubling-dilution ladder with the wells that still stain filled and hatched.

    Parameters
    ----------
    series : sequence of int
        Reciprocal dilutions in order (e.g. ``casebook.serology.doubling_series(80, 2560)``).
    endpoint : int or None
        End-point titre: the highest dilution with specific staining (must be in ``series``);
        ``None`` = negative at every dilution.
    ax : matplotlib axes, optional
    screening : int, optional
        The laboratory's screening dilution, marked with a triangle (must be in ``series``).
    untested_above : bool
        The report gives a positive result at ``endpoint`` but not whether higher dilutions
        were tested: those wells are drawn dashed and labelled "not reported", and the arrow
        reads "reported titre" instead of "end-point titre".

    Returns
    -------
    matplotlib axes
    """
    series = [int(s) for s in series]
    if not series:
        raise ValueError("series must hold at least one dilution")
    for name, value in (("endpoint", endpoint), ("screening", screening)):
        if value is not None and value not in series:
            raise ValueError(f"{name}=1:{value} is not in the series {series}")
    ax = get_axes(ax, figsize=(7.0, 1.9))
    unknown = untested_above and endpoint is not None
    for i, dilution in enumerate(series):
        positive = endpoint is not None and dilution <= endpoint
        blank = unknown and not positive and dilution > endpoint
        gid = "positive" if positive else ("not-reported" if blank else "negative")
        # Wells and their words lie inside the limits set below (see place).
        place(ax, Rectangle((i, 0), 0.86, 0.86, facecolor=OKABE_ITO["green"] if positive
                            else "white", hatch="///" if positive else None, alpha=0.9,
                            edgecolor="black", linestyle="--" if blank else "-", gid=gid))
        ax.text(i + 0.43, -0.25, f"1:{dilution}", ha="center", va="top", fontsize=9,
                in_layout=False)
        label = "stains" if positive else ("not\nreported" if blank else "no\nstaining")
        ax.text(i + 0.43, 0.43, label, ha="center", va="center", fontsize=8, in_layout=False,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1} if positive else None)
    if endpoint is not None:
        i = series.index(endpoint)
        ax.annotate("reported titre" if unknown else "end-point titre", (i + 0.43, 0.9),
                    (i + 0.43, 1.45), ha="center", fontsize=9, arrowprops={"arrowstyle": "->"})
    if screening is not None:
        i = series.index(screening)
        ax.plot([i + 0.43], [-0.75], marker="^", color="black", markersize=8)
        ax.text(i + 0.62, -0.78, "screening dilution", va="center", fontsize=8.5)
    ax.set_xlim(-0.2, len(series))
    ax.set_ylim(-1.0, 1.7)
    ax.axis("off")
    return ax


# --- Pre-test and post-test probability --------------------------------------------------------

_STYLES = [("-", "o"), ("--", "s"), ("-.", "^"), (":", "D"), ((0, (5, 1, 1, 1)), "v")]
_COLOURS = ["blue", "vermillion", "green", "purple", "orange"]


def post_test_curves(tests: Mapping[str, tuple[float, float]], ax=None, *,
                     positive: bool = True, n: int = 101, log_x: bool = False):
    """Post-test probability against pre-test probability for several tests.

    Parameters
    ----------
    tests : mapping
        ``label -> (sensitivity, specificity)`` as proportions (0-1); at most 5.
    ax : matplotlib axes, optional
    positive : bool
        Curves after a positive (default) or a negative result.
    n : int
        Points per curve (computed with :func:`casebook.serology.post_test_probability`).
    log_x : bool
        Logarithmic pre-test axis from 0.1% to 100%, which spreads out the low pre-test
        probabilities where a positive result misleads most.

    Returns
    -------
    matplotlib axes
        The dotted diagonal is an uninformative test (post = pre).
    """
    if not tests or len(tests) > len(_STYLES):
        raise ValueError(f"tests must hold 1 to {len(_STYLES)} entries, got {len(tests)}")
    ax = get_axes(ax, figsize=(6.4, 5.2))
    pre = np.geomspace(1e-3, 1, n) if log_x else np.linspace(0, 1, n)
    for (label, (sens, spec)), (ls, marker), colour in zip(tests.items(), _STYLES, _COLOURS):
        post = [serology.post_test_probability(pretest=p, sensitivity=sens, specificity=spec,
                                               positive=positive) for p in pre]
        ax.plot(pre, post, linestyle=ls, marker=marker, markevery=max(n // 8, 1),
                color=OKABE_ITO[colour], label=label)
    ax.plot(pre, pre, color=OKABE_ITO["grey"], linestyle=":", label="no information")
    if log_x:
        log_scale(ax, "x", formatter=lambda v: f"{100 * v:g}%")
    ax.set_xlim(pre[0], 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("Pre-test probability")
    ax.set_ylabel(f"Post-test probability after a {'positive' if positive else 'negative'} "
                  "result")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), frameon=False)
    return ax


# --- Line-blot performance and Ro52 -------------------------------------------------------------


def lia_true_positive_bars(table, ax=None):
    """Share of line-blot positives judged true, by clinical group and band strength.

    Parameters
    ----------
    table : DataFrame
        Columns ``group``, ``strength`` (e.g. ``"strong"``/``"weak"``), ``positives`` and
        ``true_positives`` (counts); e.g. ``load_table("lia_true_positives")`` (To 2020).
    ax : matplotlib axes, optional

    Returns
    -------
    matplotlib axes
        Bars labelled ``true/positives``; weak bands hatched.
    """
    table = pd.DataFrame(table)
    need = {"group", "strength", "positives", "true_positives"}
    if not need <= set(table.columns) or table.empty:
        raise ValueError(f"table needs columns {sorted(need)}")
    if (table["true_positives"] > table["positives"]).any() or (table["positives"] <= 0).any():
        raise ValueError("table: need 0 <= true_positives <= positives and positives > 0")
    ax = get_axes(ax, figsize=(7.0, 3.6))
    groups = list(dict.fromkeys(table["group"]))
    strengths = list(dict.fromkeys(table["strength"]))
    width = 0.8 / len(strengths)
    for j, (strength, colour, hatch) in enumerate(zip(strengths, ("blue", "orange", "green"),
                                                      (None, "///", "..."))):
        rows = table[table["strength"] == strength].set_index("group")
        for i, group in enumerate(groups):
            if group not in rows.index:
                continue
            tp, pos = int(rows.loc[group, "true_positives"]), int(rows.loc[group, "positives"])
            x = i + (j - (len(strengths) - 1) / 2) * width
            ax.bar(x, 100 * tp / pos, width * 0.95, color=OKABE_ITO[colour], hatch=hatch,
                   edgecolor="black", label=strength if i == 0 else None)
            ax.text(x, 100 * tp / pos + 2, f"{tp}/{pos}", ha="center", fontsize=8.5)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 112)
    ax.set_ylabel("Positives judged true (%)")
    ax.legend(title="band strength", fontsize=8, title_fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def ild_odds_bars(table, ax=None):
    """Horizontal bars of odds ratios on a log scale, each labelled ``x N``.

    Parameters
    ----------
    table : DataFrame
        Columns ``profile`` and ``odds_ratio`` (> 0); e.g. ``load_table("ro52_ild_odds")``.
    ax : matplotlib axes, optional

    Returns
    -------
    matplotlib axes
    """
    table = pd.DataFrame(table)
    if not {"profile", "odds_ratio"} <= set(table.columns) or table.empty:
        raise ValueError("table needs columns profile and odds_ratio")
    odds = pd.to_numeric(table["odds_ratio"])
    if (odds <= 0).any():
        raise ValueError("table: odds_ratio must be > 0")
    ax = get_axes(ax, figsize=(6.4, 0.5 * len(table) + 1.2))
    y = np.arange(len(table))[::-1]
    hatches = ["///" if "Ro52" in str(p) else None for p in table["profile"]]
    for yi, value, hatch in zip(y, odds, hatches):
        ax.barh(yi, value, color=OKABE_ITO["purple"] if hatch else OKABE_ITO["sky"],
                hatch=hatch, edgecolor="black")
        ax.text(value * 1.08, yi, f"\u00d7{value:g}", va="center", fontsize=9)
    log_scale(ax, "x", formatter=lambda v: f"{v:g}")
    ax.set_xlim(1, odds.max() * 3)
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_yticks(y, table["profile"])
    ax.set_xlabel("Odds of ILD versus no such antibody (log scale)")
    ax.spines[["top", "right"]].set_visible(False)
    return ax
