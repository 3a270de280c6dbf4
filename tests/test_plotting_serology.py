"""Tests for casebook.plotting.serology: axes in and out, drawn content follows the data."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from conftest import THE_BOOK, ax_texts
from casebook import serology
from casebook.plotting import serology as ps
from casebook.tables import load_table


pytestmark = pytest.mark.usefixtures("figures")



def patches(ax, gid):
    return [p for p in ax.patches if p.get_gid() == gid]


# --- line_blot_strip ---------------------------------------------------------------------


def test_line_blot_strip_returns_new_axes_and_uses_given_axes():
    bands = [{"strip": "A", "antigen": "PL-12", "intensity": 60}]
    ax = ps.line_blot_strip(bands)
    assert isinstance(ax, plt.Axes)
    _, given = plt.subplots()
    assert ps.line_blot_strip(bands, given) is given


def test_line_blot_strip_draws_the_case_table():
    """The case file (letter: high positivity before, negative after; intensities illustrative)."""
    table = THE_BOOK.table("case_line_blot")
    ax = ps.line_blot_strip(table)
    strips = [t.get_text() for t in ax.get_xticklabels()]
    assert strips == list(dict.fromkeys(table["strip"]))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["control", "Jo-1", "PL-7", "PL-12",
                                                            "Ro52"]
    labels = ax_texts(ax)
    # The letter confirms only anti-PL-12 on both assays; the legend's high anti-Ro52 names no
    # assay, so the dot-blot Ro52 bands carry "(assay not stated)"
    assert labels.count("high positive") == 3 and labels.count("negative") == 3
    assert labels.count("high positive (assay not stated)") == 1
    assert labels.count("negative (assay not stated)") == 1
    assert labels.count("not reported") == 8 and labels.count("control") == 4
    # reported bands are filled; not-reported ones are empty dotted slots
    assert len(patches(ax, "band")) == 4 + 8  # 4 control bands + 8 reported bands
    assert len(patches(ax, "slot")) == 8


def test_line_blot_band_darkness_follows_intensity_and_classes_come_from_cutoffs():
    bands = pd.DataFrame({"strip": ["s"] * 3, "antigen": ["a", "b", "c"],
                          "intensity": [3.0, 30.0, 120.0]})
    ax = ps.line_blot_strip(bands, control=False, max_intensity=60)
    alphas = [p.get_alpha() for p in patches(ax, "band")]
    assert alphas == pytest.approx([0.05, 0.5, 1.0])
    # default (unverified EUROLineScan) cut-offs: 3 negative, 30 ++, 120 +++
    assert ax_texts(ax) == ["negative", "++", "+++"]
    ax2 = ps.line_blot_strip(bands, control=False, cutoffs=(40, 50, 60, 70))
    assert ax_texts(ax2) == ["negative", "negative", "+++"]


def test_line_blot_label_column_overrides_the_class():
    bands = [{"strip": "s", "antigen": "a", "intensity": 60, "label": "high positive"}]
    assert "high positive" in ax_texts(ps.line_blot_strip(bands))


@pytest.mark.parametrize("bad, match", [
    ([], "columns"),
    ([{"strip": "s", "antigen": "a"}], "intensity"),
    ([{"strip": "s", "antigen": "a", "intensity": -1}], "intensity"),
])
def test_line_blot_strip_rejects_bad_tables(bad, match):
    with pytest.raises(ValueError, match=match):
        ps.line_blot_strip(bad)


def test_line_blot_strip_rejects_non_positive_max_intensity():
    with pytest.raises(ValueError, match="max_intensity"):
        ps.line_blot_strip([{"strip": "s", "antigen": "a", "intensity": 1}], max_intensity=0)


# --- hep2_schematic ----------------------------------------------------------------------


@pytest.mark.parametrize("pattern, nucleus, cytoplasm", [
    ("negative", "none", "none"),
    ("AC-1", "homogeneous", "none"),
    ("AC-4", "fine", "none"),
    ("ac19", "none", "dense fine"),
    ("AC-20", "none", "fine"),
])
def test_hep2_schematic_stains_the_right_compartment(pattern, nucleus, cytoplasm):
    ax = ps.hep2_schematic(pattern, seed=3, n_cells=2)
    stains = patches(ax, "stain")
    speckles = [c for c in ax.collections if c.get_gid() == "speckles"]
    expected = (nucleus != "none") + (cytoplasm != "none")
    assert len(stains) == 2 * expected  # one staining layer per stained compartment per cell
    textured = (nucleus in ("fine", "coarse")) + (cytoplasm in ("fine", "dense fine"))
    assert len(speckles) == 2 * textured
    assert "schematic" in ax.get_title()


def test_hep2_schematic_title_uses_the_icap_name():
    title = ps.hep2_schematic("AC-19").get_title().replace("\n", " ")
    assert serology.icap_pattern("AC-19").name in title


def test_hep2_cytoplasmic_speckles_avoid_the_nucleus():
    ax = ps.hep2_schematic("AC-20", seed=5, n_cells=1)
    nucleus = patches(ax, "nucleus")[0]
    points = [c for c in ax.collections if c.get_gid() == "speckles"][0].get_offsets()
    inside = [ps._inside(x, y, *nucleus.center, nucleus.width, nucleus.height, nucleus.angle)
              for x, y in points]
    assert not any(inside)


def test_hep2_schematic_is_deterministic_for_a_seed():
    def offsets(seed):
        ax = ps.hep2_schematic("AC-19", seed=seed)
        return np.vstack([c.get_offsets() for c in ax.collections])

    assert np.array_equal(offsets(7), offsets(7))
    assert not np.array_equal(offsets(7), offsets(8))


def test_hep2_panels_repeat_each_schematic_in_its_own_square():
    """Panel i is hep2_schematic's picture for pattern i, moved to its square and clipped."""
    patterns = ["AC-4", "AC-19", "negative", "AC-20"]
    ax = ps.hep2_panels(patterns, seed=11, n_cells=6, ncols=3)
    squares = patches(ax, "panel")
    assert len(squares) == 4
    dots = [c for c in ax.collections if c.get_gid() == "speckles"]
    singles = [ps.hep2_schematic(p, seed=11, n_cells=6) for p in patterns]
    expected = [c.get_offsets() for one in singles for c in one.collections]
    assert len(dots) == len(expected) == 6 * 3  # AC-4, AC-19 and AC-20 are speckled
    owners = [i for i, one in enumerate(singles) for _ in one.collections]
    for got, want, i in zip(dots, expected, owners):
        assert np.allclose(np.asarray(got.get_offsets()) - squares[i].get_xy(), want)
        assert got.get_clip_box().bounds == squares[i].get_window_extent().bounds
        assert not got.get_in_layout()
    # three per row, the first row on top; titles name each pattern
    xs, ys = zip(*(sq.get_xy() for sq in squares))
    assert xs[0] == xs[3] < xs[1] < xs[2] and ys[0] == ys[1] == ys[2] > ys[3]
    assert [t.get_text().split(":")[0] for t in ax.texts] == ["AC-4", "AC-19", "Negative",
                                                              "AC-20"]


@pytest.mark.parametrize("kwargs, match", [
    ({"patterns": []}, "at least one"),
    ({"patterns": ["AC-1", "AC-3"]}, "no schematic"),
    ({"patterns": ["AC-1"], "ncols": 0}, "ncols"),
    ({"patterns": ["AC-1"], "n_cells": 7}, "n_cells"),
])
def test_hep2_panels_reject_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ps.hep2_panels(**kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"pattern": "AC-3"}, "no schematic"),
    ({"pattern": "AC-99"}, "code"),
    ({"pattern": "AC-1", "n_cells": 0}, "n_cells"),
    ({"pattern": "AC-1", "n_cells": True}, "n_cells"),
])
def test_hep2_schematic_rejects_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ps.hep2_schematic(**kwargs)


# --- titre_ladder ------------------------------------------------------------------------


def test_titre_ladder_fills_wells_up_to_the_endpoint():
    """The case: AC-19 at 1:160 on a 1:40 to 1:1280 series."""
    series = serology.doubling_series(40, 1280)
    ax = ps.titre_ladder(series, endpoint=160, screening=160)
    assert len(patches(ax, "positive")) == 3  # 1:40, 1:80, 1:160
    assert len(patches(ax, "negative")) == 3
    assert "1:160" in ax_texts(ax) and "end-point titre" in ax_texts(ax)
    assert "screening dilution" in ax_texts(ax)


def test_titre_ladder_untested_above_marks_higher_wells_not_reported():
    # The letter reports "titre 1:160" (a positive screen), not whether 1:320 was tested
    ax = ps.titre_ladder([80, 160, 320, 640], endpoint=160, untested_above=True)
    gids = [p.get_gid() for p in ax.patches]
    assert gids == ["positive", "positive", "not-reported", "not-reported"]
    texts = [t.get_text() for t in ax.texts]
    assert "reported titre" in texts and "end-point titre" not in texts
    assert texts.count("not\nreported") == 2


def test_titre_ladder_negative_sample_has_no_positive_well():
    ax = ps.titre_ladder([80, 160], endpoint=None)
    assert patches(ax, "positive") == [] and len(patches(ax, "negative")) == 2


@pytest.mark.parametrize("kwargs, match", [
    ({"series": [80, 160], "endpoint": 320}, "endpoint"),
    ({"series": [80, 160], "endpoint": 80, "screening": 40}, "screening"),
    ({"series": [], "endpoint": None}, "series"),
])
def test_titre_ladder_rejects_values_off_the_series(kwargs, match):
    with pytest.raises(ValueError, match=match):
        ps.titre_ladder(**kwargs)


# --- post_test_curves --------------------------------------------------------------------


def test_post_test_curves_follow_bayes():
    ax = ps.post_test_curves({"t": (0.9, 0.95)}, n=11)
    line = ax.lines[0]
    x, y = line.get_xdata(), line.get_ydata()
    # hand calculation at pretest 0.5: 0.45 / (0.45 + 0.025) = 0.947
    assert y[5] == pytest.approx(0.45 / 0.475)
    assert y[0] == 0 and y[-1] == 1 and x[5] == pytest.approx(0.5)
    assert [ln.get_label() for ln in ax.lines] == ["t", "no information"]


def test_post_test_curves_log_axis_spreads_low_priors():
    """Hand calculation at pretest 1%: 0.8 x 0.01 / (0.008 + 0.025 x 0.99) = 0.244."""
    ax = ps.post_test_curves({"t": (0.8, 0.975)}, n=3, log_x=True)
    x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    assert ax.get_xscale() == "log"
    assert x[0] == pytest.approx(0.001) and x[-1] == pytest.approx(1)
    assert x[1] == pytest.approx(0.0316, abs=1e-4)  # geometric midpoint of 0.001 and 1
    one_percent = ps.post_test_curves({"t": (0.8, 0.975)}, n=4, log_x=True).lines[0]
    assert one_percent.get_xdata()[1] == pytest.approx(0.01)
    assert one_percent.get_ydata()[1] == pytest.approx(0.008 / (0.008 + 0.025 * 0.99))
    assert all(b >= a for a, b in zip(x, y))


def test_post_test_curves_after_a_negative_result_lie_below_the_diagonal():
    ax = ps.post_test_curves({"t": (0.8, 0.7)}, positive=False, n=21)
    x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    assert all(b <= a + 1e-12 for a, b in zip(x, y))


def test_post_test_curves_differ_by_line_style_not_only_colour():
    ax = ps.post_test_curves({"a": (0.9, 0.9), "b": (0.8, 0.8), "c": (0.7, 0.7)})
    styles = {(ln.get_linestyle(), ln.get_marker()) for ln in ax.lines[:3]}
    assert len(styles) == 3


def test_post_test_curves_rejects_empty_and_percentages():
    with pytest.raises(ValueError, match="tests"):
        ps.post_test_curves({})
    with pytest.raises(ValueError, match="sensitivity"):
        ps.post_test_curves({"t": (90, 0.9)})


# --- lia_true_positive_bars and ild_odds_bars --------------------------------------------


def bar_heights(ax):
    return [p.get_height() for p in ax.patches if isinstance(p, Rectangle)]


def test_lia_bars_show_to_2020_proportions():
    """To 2020 (BMC Rheumatol): IIM strong 48/50 = 96%, weak 15/21; non-CTD/IIM 0/17, 0/29."""
    ax = ps.lia_true_positive_bars(load_table("lia_true_positives"))
    heights = bar_heights(ax)
    assert heights[0] == pytest.approx(96.0)
    assert heights[3] == pytest.approx(100 * 15 / 21)
    assert {"48/50", "15/21", "0/17", "0/29"} <= set(ax_texts(ax))


def test_lia_bars_reject_impossible_counts():
    bad = [{"group": "g", "strength": "strong", "positives": 2, "true_positives": 3}]
    with pytest.raises(ValueError, match="true_positives"):
        ps.lia_true_positive_bars(bad)


def test_ild_odds_bars_are_log_scaled_and_labelled():
    """Weng 2024: anti-ARS + anti-Ro52 38-fold."""
    ax = ps.ild_odds_bars(load_table("ro52_ild_odds"))
    assert ax.get_xscale() == "log"
    widths = [p.get_width() for p in ax.patches]
    assert max(widths) == 38 and "\u00d738" in ax_texts(ax)
    ro52 = [p for p in ax.patches if p.get_hatch()]
    assert len(ro52) == 3  # the three profiles that include anti-Ro52


def test_ild_odds_bars_reject_non_positive_odds():
    with pytest.raises(ValueError, match="odds_ratio"):
        ps.ild_odds_bars([{"profile": "x", "odds_ratio": 0}])


def test_case_line_blot_table_matches_the_letter_classes():
    """The letter gives classes, not numbers: every illustrative intensity sits in its class."""
    table = THE_BOOK.table("case_line_blot")
    for _, row in table.iterrows():
        if row["letter_result"] == "high positivity":
            assert serology.line_blot_class(row["intensity"]) == "+++"
        elif row["letter_result"] == "negative":
            assert serology.line_blot_class(row["intensity"]) == "negative"
        else:
            assert row["letter_result"] == "not reported" and math.isnan(row["intensity"])
    assert set(table.loc[table["letter_result"] != "not reported", "antigen"]) == {"PL-12",
                                                                                  "Ro52"}
