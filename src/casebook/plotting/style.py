"""Shared look of the casebook's figures: a colour-blind-safe palette, axes creation, log axes
labelled in Unicode, and (in a kernel) one rendering per shown figure."""

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from casebook.notation import power_of_ten

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}


def get_axes(ax=None, *, figsize=(7.0, 3.5)):
    """Return ``ax``, or the axes of a new figure of ``figsize`` inches when ``ax`` is None.

    Examples
    --------
    >>> ax = get_axes(figsize=(4, 3))
    >>> ax.figure.get_size_inches().tolist()
    [4.0, 3.0]
    >>> plt.close(ax.figure)
    """
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def log_scale(ax, axis: str = "x") -> None:
    """Put ``axis`` ("x" or "y") of ``ax`` on a log scale, its decades labelled 10⁻⁵ in Unicode.

    Matplotlib's own decade labels are mathtext, parsed and laid out again on every draw (about
    0.1 s a figure on a teaching laptop); Unicode superscripts read the same as plain text.

    Examples
    --------
    >>> ax = get_axes()
    >>> log_scale(ax)
    >>> ax.xaxis.get_major_formatter()(1e-5, 0)
    '10⁻⁵'
    >>> plt.close(ax.figure)
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis={axis!r} must be 'x' or 'y'")
    getattr(ax, f"set_{axis}scale")("log")
    getattr(ax, f"{axis}axis").set_major_formatter(FuncFormatter(lambda v, _pos: power_of_ten(v)))


INLINE = "module://matplotlib_inline.backend_inline"


def _show_inline_first() -> None:
    """Show and close a cell's new figures before pyplot redraws the open ones.

    After each cell pyplot redraws every open figure (``post_execute``) and the inline backend
    then renders them again to show them, so each figure was drawn twice. Run first, the inline
    backend shows and closes them and pyplot's redraw finds none. Only with the inline backend
    and its default ``close_figures``; elsewhere nothing changes.
    """
    if matplotlib.get_backend() not in (INLINE, "inline"):
        return
    from matplotlib_inline.backend_inline import InlineBackend, flush_figures

    if InlineBackend.instance().close_figures:
        flush_figures()


def draw_inline_figures_once() -> None:
    """Register :func:`_show_inline_first` ahead of every other after-cell hook (once)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    hooks = shell.events.callbacks["post_execute"]
    if _show_inline_first not in hooks:
        hooks.insert(0, _show_inline_first)


draw_inline_figures_once()
