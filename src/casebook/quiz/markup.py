"""Bank text to safe HTML: a small Markdown subset plus inline math as MathML.

Bank text is data, never markup. Everything is escaped first; only this module's own tags come
back: ``**strong**``, ``*em*``/``_em_``, ```code```, ``[text](https://...)`` (http and https
only), ``$latex$`` (via :func:`casebook.mathml.to_mathml`, which keeps only allow-listed
MathML), ``\\$`` for a literal dollar, blank-line paragraphs and ``- `` lists.

>>> inline("**Stage** $x^2$ <b>")[:30]
'<strong>Stage</strong> <math x'
>>> inline("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert(1)&gt;'
"""

from __future__ import annotations

import html
import re

from casebook.mathml import MathMarkupError, to_mathml
from casebook.notation import unicode_math

__all__ = ["block", "inline", "math", "plain", "unicode_math"]

# Math and code spans are cut out of the raw text before escaping; `\$` is a literal dollar.
_SPANS = re.compile(r"`([^`\n]+)`|(?<![\\$])\$(?=\S)((?:\\.|[^$\\\n])+?)(?<=\S)\$(?!\d)")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s()<>\"']+)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"
                 r"|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_SLOT = re.compile(r"\x00(\d+)\x00")
_BULLET = re.compile(r"^[-*] +")


def math(latex: str) -> str:
    """Inline MathML for ``latex``; ``ValueError`` if it cannot be rendered safely."""
    try:
        return to_mathml(latex)
    except MathMarkupError as exc:
        raise ValueError(f"refusing the math ${latex}$: {exc}") from exc
    except Exception as exc:  # latex2mathml raises many types for bad LaTeX
        raise ValueError(f"cannot render the math ${latex}$: {type(exc).__name__} {exc}") from exc


def _inline_text(escaped: str) -> str:
    """Emphasis on already-escaped text."""
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    return _EM.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", escaped)


def inline(text: str, *, math_html=None) -> str:
    """One line of bank text as HTML phrasing content (newlines become spaces).

    ``math_html`` turns the LaTeX of each ``$...$`` into HTML; MathML (:func:`math`) by default.
    The exports pass their own (Anki and the LMSs typeset ``\\(...\\)`` with MathJax).
    """
    math_html = math_html or math
    text = text.replace("\x00", "")
    slots: list[str] = []

    def stash(fragment: str) -> str:
        slots.append(fragment)
        return f"\x00{len(slots) - 1}\x00"

    def span(match: re.Match) -> str:
        if match.group(1) is not None:
            return stash(f"<code>{html.escape(match.group(1))}</code>")
        return stash(math_html(match.group(2)))

    text = _SPANS.sub(span, text).replace("\\$", "$")
    escaped = html.escape(re.sub(r"[ \t\r\n]+", " ", text).strip(), quote=True)
    def link(match: re.Match) -> str:
        text = _inline_text(match.group(1))
        return stash(f'<a href="{match.group(2)}" rel="noopener noreferrer">{text}</a>')

    escaped = _LINK.sub(link, escaped)
    escaped = _inline_text(escaped)
    while _SLOT.search(escaped):  # link text may itself hold slots
        escaped = _SLOT.sub(lambda m: slots[int(m.group(1))], escaped)
    return escaped


def block(text: str, *, math_html=None) -> str:
    """Bank text as HTML flow content: ``<p>`` per blank-line paragraph, ``<ul>`` for ``- ``.

    >>> block("Two kinds:\\n- one\\n- two\\n\\nEnd.")
    '<p>Two kinds:</p><ul><li>one</li><li>two</li></ul><p>End.</p>'
    """
    parts = []
    for para in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        run: list[str] = []  # consecutive lines of the same kind
        for index, line in enumerate(lines):
            run.append(line)
            last = index == len(lines) - 1
            if last or bool(_BULLET.match(line)) != bool(_BULLET.match(lines[index + 1])):
                if _BULLET.match(line):
                    items = "".join(f"<li>{inline(_BULLET.sub('', item), math_html=math_html)}</li>"
                                    for item in run)
                    parts.append(f"<ul>{items}</ul>")
                else:
                    parts.append(f"<p>{inline(' '.join(run), math_html=math_html)}</p>")
                run = []
    return "".join(parts)


def plain(text: str) -> str:
    """Bank text as plain text for labels that cannot hold HTML (simple math as Unicode).

    >>> plain("**Stage** II, `ISS`, [paper](https://doi.org/x) and $x^2$")
    'Stage II, ISS, paper and x²'
    """
    text = _SPANS.sub(lambda m: m.group(1) if m.group(1) is not None
                      else unicode_math(m.group(2)), text)
    text = _LINK.sub(r"\1", text.replace("\\$", "$"))
    text = _STRONG.sub(r"\1", text)
    text = _EM.sub(lambda m: m.group(1) or m.group(2), text)
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
