"""The book's references as a reader meets them outside the site's bibliography page.

``authors`` and ``author_year`` are the text's citation form ("Rajkumar et al., 2014"), shared by
the Sphinx styles (:mod:`casebook.sphinx.bibstyle`) and the JupyterLab notebooks
(``scripts/teach.py``). :func:`references` gives each entry as one line, "Rajkumar et al., 2014.
Title. Journal. https://doi.org/...", for the Anki and LMS exports and for the live quiz and
case walk in a kernel, which have no bibliography page to link to. pybtex is imported here only,
when a reference is first asked for (about 0.2 s with parsing, once per version of the file).
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from casebook.filecache import until_changed


def is_others(person) -> bool:
    """The "and others" of a truncated author list."""
    return " ".join(person.last_names) == "others"


def _from_latex(value: str, *, always: bool = False) -> str:
    """``M{\\"u}ller`` -> ``Müller``; text without LaTeX marks is returned as it is (fast)
    unless ``always`` (names: decoded exactly as the site's labels are)."""
    if not always and not re.search(r"[\\{}~$]", value):
        return value
    from pybtex.richtext import Text

    return Text.from_latex(value).render(_text_backend())


@functools.cache
def _text_backend():
    """One pybtex text backend: ``render_as("text")`` would look it up by name on each call."""
    from pybtex.backends.plaintext import Backend

    return Backend()


def _surname(person) -> str:
    """"van Laar", "Müller": the von and last parts, LaTeX accents decoded, as the text cites."""
    return _from_latex(" ".join(person.prelast_names + person.last_names), always=True)


def authors(entry) -> str:
    """``Last``, ``Last and Last`` or ``Last et al.`` as the text cites them (plain text)."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(p) for p in people if not is_others(p)]
    if len(names) > 2 or (names and len(names) < len(people)):
        return f"{names[0]} et al."
    return " and ".join(names) or entry.key


def author_year(entry) -> str:
    """``Last, Year``, ``Last and Last, Year`` or ``Last et al., Year`` (plain text)."""
    return f"{authors(entry)}, {entry.fields.get('year', 'n.d.')}"


def _one_line(entry) -> str:
    parts = [f"{author_year(entry)}."]
    for field in ("title", "journal", "booktitle", "publisher"):
        if entry.fields.get(field):
            parts.append(_from_latex(entry.fields[field]).rstrip(".") + ".")
            if field in ("journal", "booktitle"):
                break
    doi = entry.fields.get("doi")
    if doi:
        parts.append(f"https://doi.org/{doi}")
    return re.sub(r"\s+", " ", " ".join(parts)).replace("{", "").replace("}", "")


@until_changed
def entries(bib: Path | str) -> dict:
    """The pybtex entries of ``bib`` by key; an absent file has none."""
    if not Path(bib).is_file():
        return {}
    from pybtex.database import parse_file

    return dict(parse_file(str(bib), bib_format="bibtex").entries)


@until_changed
def references(bib: Path | str) -> dict[str, str]:
    """{key: "Authors, Year. Title. Journal. https://doi.org/..."} for every entry of ``bib``."""
    return {key: _one_line(entry) for key, entry in entries(bib).items()}


def reference_html(bib: Path | str | None, key: str) -> str:
    """One reference as HTML, its DOI a link; the bare key if ``bib`` (or the entry) is absent."""
    text = references(bib).get(key, key) if bib is not None else key
    return re.sub(r"https://doi\.org/\S+", lambda m: f'<a href="{m[0]}">{m[0]}</a>',
                  html.escape(text, quote=False))
