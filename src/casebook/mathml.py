"""LaTeX to MathML, so pages show math with no script and no request to another host.

Both the book (through ``book/_ext/mathml_renderer.py``) and the quiz renderer call
:func:`to_mathml`; browsers render MathML Core natively and screen readers read it.
"""

from latex2mathml.converter import convert


def to_mathml(latex: str, *, display: bool = False) -> str:
    """Return a ``<math>`` element for ``latex``.

    Examples
    --------
    >>> to_mathml("x^2").startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    True
    >>> 'display="block"' in to_mathml("x", display=True)
    True
    """
    return convert(latex.strip(), display="block" if display else "inline")
