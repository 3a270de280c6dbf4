"""Citations in one author-year form, in the text and on the references page.

- pybtex style ``casebook`` (the references page): pybtex's ``plain`` numbers the list ("[43]"),
  so a reader cannot match it to the text's "Rajkumar et al., 2014", and writes a truncated author
  list as "X, Y, and others". Here each entry is labelled as the text cites it (a, b, ... when two
  labels would be equal) and "others" is written "et al.".
- reference style ``casebook_author_year`` (the text): sphinxcontrib-bibtex's ``author_year``,
  except that an entry whose authors are "X and others" is cited "X et al.", not "X and others".

:mod:`casebook.sphinx.quiz` shows each entry's label from the references page.

sphinxcontrib-bibtex formats every entry twice (list and tooltip) on every build, even one where
nothing changed (about a second for this book's 78 entries). :class:`Style` keeps each formatted
entry by its label and fields, in memory and between builds in the doctree folder
(``casebook-references.pickle``, dropped when this module or pybtex changes).
"""

import hashlib
import pickle

from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import FieldIsMissing, join, node, sentence
from sphinxcontrib.bibtex.plugin import register_plugin as register_cite_plugin
from sphinxcontrib.bibtex.style import template as cite_template
from sphinxcontrib.bibtex.style.referencing import PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from casebook.citations import author_year, is_others


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        labels = [_kept(("label", _entry_key("", entry)), author_year, entry)
                  for entry in sorted_entries]
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
    named = [style.format_name(p, style.abbreviate_names) for p in persons if not is_others(p)]
    if len(named) < len(persons):
        return Text(join(sep=", ")[named].format_data(context), " et al.")
    return join(**kwargs)[named].format_data(context)


CACHE_FILE = "casebook-references.pickle"
_formatted: dict = {}  # entry key (see _entry_key) -> pybtex FormattedEntry, or a label
_used: set = set()


def _entry_key(label: str, entry) -> tuple:
    """Everything :meth:`Style.format_entry` reads from an entry (no crossrefs here)."""
    return (label, entry.key, entry.type, tuple(entry.fields.items()),
            tuple((role, tuple(map(str, people))) for role, people in entry.persons.items()))


def _kept(key: tuple, make, *args):
    """``make(*args)``, or what it made before for ``key`` (in this build or an earlier one)."""
    _used.add(key)
    if key not in _formatted:
        _formatted[key] = make(*args)
    return _formatted[key]


def _cache_stamp() -> str:
    return hashlib.sha256(Path(__file__).read_bytes() + version("pybtex").encode()).hexdigest()


class Style(PlainStyle):
    default_label_style = AuthorYearLabels

    def format_entry(self, label, entry, bib_data=None):
        return _kept(_entry_key(label, entry), super().format_entry, label, entry, bib_data)

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


@node
def cite_names(children, data, role, **kwargs):
    """sphinxcontrib-bibtex's ``names``, citing "X and others" as "X et al."."""
    persons = data["entry"].persons.get(role)
    if not persons or len(persons) != 2 or not is_others(persons[-1]):
        return cite_template.names(role, **kwargs).format_data(data)
    person = data["style"].person
    first = person.style_plugin.format(persons[0], person.abbreviate).format_data(data)
    return Text(first, kwargs.get("other") or PersonStyle().other)


@node
def cite_author_or_editor_or_title(children, data, **kwargs):
    return cite_template.first_of[
        cite_template.optional[cite_names("author", **kwargs)],
        cite_template.optional[cite_names("editor", **kwargs)],
        cite_template.tag("em")[cite_template.field("title")],
    ].format_data(data)


@dataclass
class CitePersonStyle(PersonStyle):
    def author_or_editor_or_title(self, full: bool):
        return cite_author_or_editor_or_title(sep=self.sep, sep2=self.sep2,
                                              last_sep=self.last_sep,
                                              other=None if full else self.other)


@dataclass
class CiteStyle(AuthorYearReferenceStyle):
    person: PersonStyle = field(default_factory=CitePersonStyle)


def _load_cache(app) -> None:
    path = Path(app.doctreedir) / CACHE_FILE
    try:
        stamp, entries = pickle.loads(path.read_bytes())  # noqa: S301 - our own build folder
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return
    if stamp == _cache_stamp():
        _formatted.update(entries)


def _save_cache(app, exception) -> None:
    if exception is not None or not _used:
        return
    entries = {key: _formatted[key] for key in _used}
    path = Path(app.doctreedir) / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((_cache_stamp(), entries)))


# Plugins the build looks up by name, again and again (sphinxcontrib-bibtex asks for the
# plaintext backend on every citation it resolves). pybtex answers a name from its runtime
# registry at once but scans every installed distribution's entry points otherwise (about
# 30 ms a time, 0.7 s of a rebuild). Each is loaded from one scan and put in that registry
# (``register_plugin`` itself scans once per name; pybtex is pinned, and a test checks this).
LOOKED_UP = (("pybtex.backends", "plaintext"), ("pybtex.backends", "docutils"),
             ("pybtex.style.names", "last"), ("pybtex.style.names", "plain"),
             ("pybtex.style.sorting", "author_year_title"))


def _register_looked_up() -> None:
    from importlib.metadata import entry_points

    import pybtex.plugin

    points = entry_points()
    for group, name in LOOKED_UP:
        for point in points.select(group=group, name=name):
            pybtex.plugin._RUNTIME_PLUGINS.setdefault(group, {}).setdefault(name, point.load())
            break


def setup(app):
    _register_looked_up()
    app.connect("builder-inited", _load_cache)
    app.connect("build-finished", _save_cache)
    register_plugin("pybtex.style.formatting", "casebook", Style)
    register_cite_plugin("sphinxcontrib.bibtex.style.referencing", "casebook_author_year",
                         CiteStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
