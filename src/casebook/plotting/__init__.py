"""Matplotlib helpers for the chapters: each takes ``ax=None`` and returns the axes.

One module per domain; this package re-exports their public functions.
"""

from casebook.plotting.case import case_timeline, reasoning_chain, therapy_swimlanes
from casebook.plotting.kinetics import antibody_scenarios, scenario_rows
from casebook.plotting.myeloma import (
    iss_grid,
    iss_regions,
    melphalan_dose_by_weight,
    mrd_log_scale,
    r2_iss_combinations,
    r2_iss_unknowns,
)
from casebook.plotting.myositis import (
    antibody_distribution_bars,
    criteria_matrix,
    phenotype_bars,
    score_bars,
)
from casebook.plotting.serology import (
    hep2_panels,
    hep2_schematic,
    ild_odds_bars,
    lia_true_positive_bars,
    line_blot_strip,
    post_test_curves,
    titre_ladder,
)
from casebook.plotting.style import OKABE_ITO, get_axes

__all__ = ["OKABE_ITO", "get_axes", "case_timeline", "reasoning_chain", "therapy_swimlanes",
    "antibody_distribution_bars", "criteria_matrix", "phenotype_bars", "score_bars",
    "hep2_panels", "hep2_schematic", "ild_odds_bars", "lia_true_positive_bars", "line_blot_strip",
    "post_test_curves", "titre_ladder", "antibody_scenarios", "scenario_rows", "iss_grid",
    "iss_regions", "melphalan_dose_by_weight", "mrd_log_scale", "r2_iss_combinations",
    "r2_iss_unknowns"]
