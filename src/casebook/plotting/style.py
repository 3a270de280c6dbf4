"""Shared look of the casebook's figures: a colour-blind-safe palette and axes creation."""

import matplotlib.pyplot as plt

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
