"""Shared look of the casebook's figures: a colour-blind-safe palette, axes creation, log axes
labelled in Unicode, and (in a kernel) one rendering per shown figure and fewer garbage
collections while figures are made."""

import gc
from binascii import b2a_base64
from functools import partial
from io import BytesIO

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

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


def log_scale(ax, axis: str = "x", formatter=power_of_ten) -> None:
    """Put ``axis`` ("x" or "y") of ``ax`` on a log scale: decades labelled by ``formatter``
    (a function of the value; default 10⁻⁵ in Unicode), unlabelled minor marks at 2 and 5.

    Matplotlib's own decade labels are mathtext, parsed and laid out again on every draw (about
    0.1 s a figure on a teaching laptop); Unicode superscripts read the same as plain text. Its
    eight minor ticks per decade are each a handful of artists laid out and drawn (a third of a
    three-decade figure's drawing time); marks at 2 and 5 are enough to read a value between
    decades.

    Examples
    --------
    >>> ax = get_axes()
    >>> log_scale(ax)
    >>> ax.xaxis.get_major_formatter()(1e-5, 0)
    '10⁻⁵'
    >>> _ = ax.set_xlim(1, 100)
    >>> [float(v) for v in ax.xaxis.get_minorticklocs() if 1 < v < 100]
    [2.0, 5.0, 20.0, 50.0]
    >>> plt.close(ax.figure)
    """
    if axis not in ("x", "y"):
        raise ValueError(f"axis={axis!r} must be 'x' or 'y'")
    getattr(ax, f"set_{axis}scale")("log")
    target = getattr(ax, f"{axis}axis")
    target.set_major_formatter(FuncFormatter(lambda v, _pos: formatter(v)))
    target.set_minor_locator(LogLocator(subs=(2.0, 5.0)))
    target.set_minor_formatter(NullFormatter())


def place(ax, artist):
    """Add ``artist``, which lies inside ``ax``'s fixed limits, at the least cost.

    ``add_patch`` grows the data limits by each patch's extent, and constrained layout measures
    on every draw each artist that is not clipped to the axes. For a diagram's cells, boxes and
    arrows, whose limits the figure sets itself, neither can change anything; in the criteria
    matrix and the reasoning chain they were a fifth to a third of the figure's time. Give the
    words inside such cells ``in_layout=False`` for the same reason.

    Examples
    --------
    >>> from matplotlib.patches import Rectangle
    >>> ax = get_axes()
    >>> cell = place(ax, Rectangle((0.2, 0.2), 0.5, 0.5))
    >>> cell in ax.patches, cell.get_in_layout(), float(ax.dataLim.width)  # limits not grown
    (True, False, -inf)
    >>> plt.close(ax.figure)
    """
    artist.set_in_layout(False)
    return ax.add_artist(artist)


INLINE = "module://matplotlib_inline.backend_inline"


def _show_inline_first() -> None:
    """Show and close a cell's new figures before pyplot redraws the open ones.

    After each cell pyplot redraws every open figure (``post_execute``) and the inline backend
    then renders them again to show them, so each figure was drawn twice. Run first, the inline
    backend shows and closes them and pyplot's redraw finds none, and :func:`fitted_png` makes
    the one rendering a single draw. Only with the inline backend and its default
    ``close_figures``; elsewhere nothing changes.
    """
    if matplotlib.get_backend() not in (INLINE, "inline"):
        return
    from IPython import get_ipython
    from matplotlib_inline.backend_inline import InlineBackend, flush_figures

    if InlineBackend.instance().close_figures:
        _use_fitted_png(get_ipython())
        flush_figures()


def fitted_png(fig: Figure) -> str | None:
    """The inline PNG of ``fig`` (base64), drawn once if its layout engine fits it to its canvas.

    The stock inline PNG draws a figure twice: once to lay it out and measure every artist's
    extent ("tight" bounding box), then again to render it. A constrained-layout figure is
    already laid out inside its canvas, so one draw both lays it out and renders the pixels
    that are saved: the untrimmed image, pixel for pixel, at about a quarter less time. Other
    figures are trimmed and printed as before. Constrained layout keeps what belongs to the axes
    inside the canvas, but a figure-level artist wider than the figure (a long ``fig.legend``)
    would be cut: ``tests/test_chapter_figures.py`` checks every chapter's figures.

    An opaque figure (every pixel's alpha 255, as for every figure of the book) is saved
    without its alpha channel and at zlib level 3 rather than 6: the same pixels, about a tenth
    fewer bytes and half the encoding time (7 ms a figure).
    """
    from IPython.core.pylabtools import print_figure
    from PIL import Image

    if not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine):
        return print_figure(fig, "png", base64=True, bbox_inches="tight")
    if not fig.axes and not fig.lines:  # as print_figure: an empty figure shows nothing
        return None
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba())
    if (pixels[..., 3] == 255).all():
        pixels = pixels[..., :3]
    out = BytesIO()
    Image.fromarray(pixels).save(out, format="png", compress_level=3, dpi=(fig.dpi, fig.dpi))
    return b2a_base64(out.getvalue(), newline=False).decode("ascii")


def _use_fitted_png(shell) -> None:
    """Use :func:`fitted_png` where the kernel has the inline backend's stock PNG formatter.

    A reader's own ``%config InlineBackend`` choice (SVG, retina, other print options) installs
    a different formatter, which stays.
    """
    from IPython.core.pylabtools import print_figure

    if shell is None:
        return
    png = shell.display_formatter.formatters["image/png"]
    try:
        current = png.lookup_by_type(Figure)
    except KeyError:
        return
    stock = {"fmt": "png", "base64": True, "bbox_inches": "tight"}
    if isinstance(current, partial) and current.func is print_figure and current.keywords == stock:
        png.for_type(Figure, fitted_png)


# Objects the cyclic garbage collector lets accumulate before it looks at them (CPython: 700).
YOUNG_GENERATION = 10_000


def collect_less_often() -> None:
    """Let the youngest generation of the garbage collector hold ``YOUNG_GENERATION`` objects.

    A figure is thousands of small objects that refer to each other (artists, ticks, texts,
    transforms). With CPython's threshold of 700 the collector ran dozens of times while one
    figure was built and drawn, walked objects that were all still alive, and promoted them until
    a full collection walked the 140,000 objects the chapter's imports left (about 80 ms). With
    10,000 (a megabyte or two of young objects) the cells after a chapter's setup run about a
    quarter faster (``make bench``). A threshold the reader set higher is kept.
    """
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_GENERATION), *older)


def tune_kernel() -> None:
    """In an IPython shell (a kernel): register :func:`_show_inline_first` ahead of every other
    after-cell hook (once), and :func:`collect_less_often`. Elsewhere (a script, the tests'
    process) nothing changes."""
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
    collect_less_often()


tune_kernel()
