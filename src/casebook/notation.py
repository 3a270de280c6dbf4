"""Numbers and simple math as plain Unicode text, for labels that cannot hold markup.

Quiz choice labels (ipywidgets) and figure labels share it: a figure label in Unicode is laid
out as ordinary text, where matplotlib's mathtext would parse and lay out each label on every
draw. Standard library only.
"""

from __future__ import annotations

import math
import re

__all__ = ["power_of_ten", "unicode_math"]

# Simple math as Unicode for plain-text labels: 10^{-5} -> 10⁻⁵, \ge -> ≥.
_SUPER = dict(zip("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ"))
_SUB = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"))
_SYMBOLS = {r"\ge": "≥", r"\geq": "≥", r"\le": "≤", r"\leq": "≤", r"\times": "×",
            r"\cdot": "·", r"\pm": "±", r"\approx": "≈", r"\beta": "β", r"\kappa": "κ",
            r"\lambda": "λ", r"\mu": "μ", r"\%": "%"}
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\w))")


def _script(match: re.Match) -> str:
    body = match.group(2) if match.group(2) is not None else match.group(3)
    table = _SUPER if match.group(1) == "^" else _SUB
    return "".join(table[c] for c in body) if set(body) <= table.keys() else match.group(0)


def unicode_math(latex: str) -> str:
    r"""Simple LaTeX as Unicode text; anything it cannot write fully stays LaTeX.

    >>> unicode_math("10^{-5}"), unicode_math(r"\beta_2 \ge 5.5"), unicode_math(r"\frac{1}{2}")
    ('10⁻⁵', 'β₂ ≥ 5.5', '\\frac{1}{2}')
    """
    text = re.sub(r"\\text\{([^{}]*)\}", r"\1", latex)
    text = re.sub(r"\\(?:[A-Za-z]+|%)", lambda m: _SYMBOLS.get(m.group(0), m.group(0)), text)
    text = _SCRIPT.sub(_script, text)
    return latex if re.search(r"[\\{}^_]", text) else text


def power_of_ten(value: float) -> str:
    """``value`` as a power of ten in Unicode when it is one, else as ``{value:g}``.

    >>> power_of_ten(1e-5), power_of_ten(1), power_of_ten(100), power_of_ten(2e-6)
    ('10⁻⁵', '10⁰', '10²', '2e-06')
    """
    exponent = math.log10(value) if value > 0 else math.nan
    if math.isfinite(exponent) and abs(exponent - round(exponent)) < 1e-9:
        return "10" + "".join(_SUPER[c] for c in str(int(round(exponent))))
    return f"{value:g}"
