"""``glue``: myst-nb's glue, without importing nbformat into the chapter's kernel.

``from myst_nb import glue`` imports nbformat, which imports jsonschema with its format checkers;
``rfc3987-syntax`` (pulled in by jupyter-events' ``jsonschema[format-nongpl]``) then builds 38
Lark parsers. That cost about 2 s in every fresh chapter kernel, 40 % of a classroom "run all"
(issue 8). This function emits the same display message as ``myst_nb.ext.glue.glue`` (myst-nb
1.x: a mimebundle whose keys carry ``GLUE_PREFIX`` when hidden, and ``scrapbook`` metadata), so
``{glue}`` roles and directives read it exactly as before; a test compares the two messages.
"""

from __future__ import annotations

from typing import Any

from IPython.core.formatters import format_display_data
from IPython.display import display as ipy_display

# myst_nb.ext.glue.GLUE_PREFIX: hidden outputs are stored under this mimetype prefix.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = True) -> None:
    """Store ``variable``'s display value under ``name`` for ``{glue}`` roles in the page.

    Parameters
    ----------
    name : str
        Key the page's ``{glue}`` roles and directives use.
    variable : object
        The value; what is stored is its rich display (text/plain, text/html, image/png, ...).
    display : bool, default True
        Also show it in the notebook where it is glued.
    """
    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": mime_prefix}
    ipy_display({mime_prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


# The values glued in this kernel, for notebooks read in JupyterLab with jupyterlab-myst
# (``make teach``): there ``{glue:text}`name``` roles become ``{eval}`` expressions calling
# :func:`glued`, which the kernel answers when the markdown cell runs.
_GLUED: dict[str, Any] = {}
_glue = glue


def glue(name: str, variable: Any, display: bool = True) -> None:  # noqa: F811
    _GLUED[name] = variable
    _glue(name, variable, display)


glue.__doc__ = _glue.__doc__


class _Text(str):
    """A string that shows without quotes (``{eval}`` shows the text/plain repr)."""

    def __repr__(self) -> str:
        return str(self)


def glued(name: str, spec: str = "") -> str:
    """The text a ``{glue:text}`name:spec``` role shows for a value glued in this kernel.

    >>> glue("demo_fraction", 0.1234, display=False)
    >>> glued("demo_fraction", ".1%"), glued("demo_fraction")
    (12.3%, 0.1234)
    """
    value = _GLUED[name]
    if spec:
        return _Text(format(value, spec))
    return _Text(format_display_data(value)[0].get("text/plain", str(value)))
