"""Matplotlib helpers for the chapters: each takes ``ax=None`` and returns the axes.

One module per domain; this package re-exports their public functions.
"""

from casebook.plotting.case import case_timeline, reasoning_chain, therapy_swimlanes
from casebook.plotting.style import OKABE_ITO, get_axes

__all__ = ["OKABE_ITO", "get_axes", "case_timeline", "reasoning_chain", "therapy_swimlanes"]
