"""Bank text for the exports: HTML with math as ``\\(...\\)``, the answer, the source.

Anki, Canvas and Moodle all typeset ``\\(...\\)`` with MathJax (Anki out of the box; Canvas in
its rich content; Moodle with its standard MathJax filter), so math leaves the banks as its
LaTeX between those delimiters, HTML-escaped. Each formula must also be one the site can
render (:func:`casebook.quiz.markup.math`): a formula the book would refuse is refused here too.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from casebook.quiz.bank import Question
from casebook.quiz.html import HINTS, LETTERS, number_text
from casebook.quiz.markup import block, inline, math, plain

__all__ = ["Sources", "answer_html", "choice_html", "mathjax", "numeric_range", "prompt_html",
           "rich", "rich_inline", "slips_html", "why_html", "wrong_numeric_html"]


class UnmappableText(ValueError):
    """Bank text no export can carry (bad math); the exporter names the question."""


def mathjax(latex: str) -> str:
    r"""``$x^2$`` as Anki and the LMSs typeset it.

    >>> mathjax(r"\beta_2 < 5")
    '\\(\\beta_2 &lt; 5\\)'
    """
    try:
        math(latex)  # the site's own check: a formula it refuses is refused here
    except ValueError as exc:
        raise UnmappableText(str(exc)) from exc
    if "\\)" in latex or "\\(" in latex:
        raise UnmappableText(f"the math ${latex}$ holds a MathJax delimiter \\( or \\)")
    return "\\(" + html.escape(latex, quote=False) + "\\)"


def rich(text: str) -> str:
    """Bank Markdown as HTML paragraphs and lists, math as ``\\(...\\)``."""
    return block(text, math_html=mathjax)


def rich_inline(text: str) -> str:
    return inline(text, math_html=mathjax)


def prompt_html(q: Question) -> str:
    """The prompt, and for a numeric question the unit to answer in."""
    unit = f" (in {rich_inline(q.unit)})" if q.type == "numeric" and q.unit else ""
    return rich(q.prompt) + (f"<p><em>{html.escape(HINTS[q.type])}</em>{unit}</p>")


def choice_html(q: Question, index: int) -> str:
    return rich_inline(q.choices[index].text)


def numeric_range(q: Question) -> tuple[float, float]:
    """The accepted range, edges included (the book's rule, without its float slack)."""
    return q.answer - q.tolerance, q.answer + q.tolerance


def _if_answer_was(parts) -> str:
    return "".join(f"<p><strong>If your answer was {when}:</strong></p>{rich(text)}"
                   for when, text in parts)


def slips_html(q: Question) -> str:
    """Each slip's feedback under the answer it is for ("" when the question has none)."""
    unit = f" {rich_inline(q.unit)}" if q.unit else ""
    return _if_answer_was((f"{number_text(s.answer)}{unit}", s.feedback) for s in q.slips)


def wrong_numeric_html(q: Question, *, slips: bool) -> str:
    """A numeric question's feedback for a wrong answer, each text under the answer it is for:
    each slip's (when ``slips``), then "too low" and "too high"."""
    return (slips_html(q) if slips else "") + _if_answer_was(
        [("too low", q.feedback.low), ("too high", q.feedback.high)])


def answer_html(q: Question) -> str:
    """The keyed answer in words: ``B. The second transplant`` or ``4 months (3 to 5)``."""
    if q.type == "numeric":
        unit = f" {rich_inline(q.unit)}" if q.unit else ""
        text = f"{number_text(q.answer)}{unit}"
        if q.tolerance:
            low, high = numeric_range(q)
            text += f" (accepted: {number_text(low)} to {number_text(high)}{unit})"
        return text
    return "; ".join(f"{LETTERS[i]}. {choice_html(q, i)}"
                     for i, c in enumerate(q.choices) if c.correct)


@dataclass(frozen=True)
class Sources:
    """Bib keys to one-line references: ``Ruiz-Esquide et al., 2026. Title. Journal.``"""

    entries: dict[str, str]

    @classmethod
    def from_bib(cls, path: Path | str) -> Sources:
        from casebook.citations import references

        return cls(references(path))

    def text(self, key: str) -> str:
        return self.entries.get(key, key)


def why_html(q: Question, sources: Sources) -> str:
    """The explanation and the source, as on the book's quiz once a question is answered."""
    return (rich(q.explanation)
            + f'<p class="casebook-source">Source: {html.escape(sources.text(q.source))}</p>')


def plain_title(q: Question, limit: int = 80) -> str:
    """A short plain-text title for an LMS question list."""
    text = plain(q.prompt)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
