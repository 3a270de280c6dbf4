"""LaTeX to MathML, so pages show math with no script and no request to another host.

Both the book (through ``casebook.sphinx.mathml``) and the quiz renderer call
:func:`to_mathml`; browsers render MathML Core natively and screen readers read it.
latex2mathml copies ``\\text{...}`` into the output verbatim, tags and all, so its output is
re-serialised through an allow-list of MathML elements and attributes, with text re-escaped.
"""

import html
from html.parser import HTMLParser

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
MATHML_ELEMENTS = frozenset("""
    math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mover munder
    munderover mtable mtr mtd mstyle mpadded mphantom menclose merror mmultiscripts
    mprescripts none semantics
""".split())
MATHML_ATTRIBUTES = frozenset("""
    xmlns display mathvariant mathsize lspace rspace stretchy fence separator accent
    accentunder largeop movablelimits symmetric minsize maxsize form linethickness columnalign
    rowalign columnspacing rowspacing columnlines rowlines frame width height depth voffset
    notation scriptlevel displaystyle rowspan columnspan
""".split())


class MathMarkupError(ValueError):
    """latex2mathml's output held markup that is not allow-listed MathML."""


class _MathMLFilter(HTMLParser):
    """Re-serialise latex2mathml output, keeping only allow-listed MathML; text is re-escaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def _start(self, tag, attrs):
        if tag not in MATHML_ELEMENTS:
            raise MathMarkupError(f"markup <{tag}> inside math")
        kept = "".join(f' {k}="{html.escape(v or "", quote=True)}"' for k, v in attrs
                       if k in MATHML_ATTRIBUTES and (k != "xmlns" or v == MATHML_NS))
        self.out.append(f"<{tag}{kept}>")

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)
        self.out.append(f"</{tag}>")

    def handle_endtag(self, tag):
        if tag not in MATHML_ELEMENTS:
            raise MathMarkupError(f"markup </{tag}> inside math")
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(html.escape(data, quote=False))

    def _refuse(self, *args):
        raise MathMarkupError("comment or declaration inside math")

    handle_comment = handle_decl = handle_pi = unknown_decl = _refuse


def to_mathml(latex: str, *, display: bool = False) -> str:
    """Return a ``<math>`` element for ``latex``, holding allow-listed MathML only.

    Raises :class:`MathMarkupError` (a ``ValueError``) if the LaTeX smuggles other markup in,
    e.g. ``\\text{<img ...>}``; ``<`` that starts no tag stays text.

    Examples
    --------
    >>> to_mathml("x^2").startswith('<math xmlns="http://www.w3.org/1998/Math/MathML"')
    True
    >>> 'display="block"' in to_mathml("x", display=True)
    True
    >>> "<mtext>a&lt;3</mtext>" in to_mathml(r"\\text{a<3}")
    True
    """
    # Imported here: latex2mathml compiles thousands of regular expressions on import (about
    # 50 ms), and only one quiz bank has math; a chapter whose quiz has none never pays it.
    from latex2mathml.converter import convert

    cleaner = _MathMLFilter()
    cleaner.feed(convert(latex.strip(), display="block" if display else "inline"))
    cleaner.close()
    return "".join(cleaner.out)
