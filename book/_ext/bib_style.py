"""The references page in the book's author-year style: pybtex style ``casebook``.

In the text sphinxcontrib-bibtex cites author-year ("Rajkumar et al., 2014"), but pybtex's
``plain`` style numbers the list ("[43]"), so a reader cannot match the two, and it writes a
truncated author list as "X, Y, and others". This style is ``plain`` with each entry labelled as
the text cites it (a, b, ... when two labels would be equal) and "et al." for "others".
``quiz_sources`` labels quiz citations with the same :func:`author_year`.
"""

from collections import Counter

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence


def _is_others(person) -> bool:
    return " ".join(person.last_names) == "others"


def author_year(entry) -> str:
    """``Last, Year``, ``Last and Last, Year`` or ``Last et al., Year`` (plain text)."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names) for p in people if not _is_others(p)]
    if len(names) > 2 or (names and len(names) < len(people)):
        who = f"{names[0]} et al."
    else:
        who = " and ".join(names) or entry.key
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        labels = [author_year(entry) for entry in sorted_entries]
        repeats, seen = Counter(labels), Counter()
        for label in labels:
            seen[label] += 1
            yield label + (chr(ord("a") + seen[label] - 1) if repeats[label] > 1 else "")


@node
def names_et_al(children, context, role, **kwargs):
    """pybtex's ``names``, writing a trailing "others" as "et al."."""
    if role not in context["entry"].persons:
        raise FieldIsMissing(role, context["entry"])
    persons = context["entry"].persons[role]
    style = context["style"]
    named = [style.format_name(p, style.abbreviate_names) for p in persons if not _is_others(p)]
    if len(named) < len(persons):
        return Text(join(sep=", ")[named].format_data(context), " et al.")
    return join(**kwargs)[named].format_data(context)


class Style(PlainStyle):
    default_label_style = AuthorYearLabels

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


def setup(app):
    register_plugin("pybtex.style.formatting", "casebook", Style)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
