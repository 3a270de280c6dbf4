"""One author-year form for citations: the text, the references page (casebook.sphinx.bibstyle)
and quiz source lines linked to it (casebook.sphinx.quiz)."""

import html
import re
from collections import defaultdict

import pytest
from pybtex.backends.plaintext import Backend
from pybtex.database import Entry, Person

from conftest import BOOK, build_book
from test_build import _tiny_book
from test_structure import chapter_slugs

from casebook.sphinx import bibstyle as bib_style
from casebook.sphinx import quiz as quiz_sources

SOURCE = re.compile(r'<p class="cb-quiz__source">(.*?)</p>', re.S)
LINKED = re.compile(r'^Source: <a href="bibliography\.html#([\w-]+)">(.+)</a>$')
ENTRY = re.compile(r'<div class="citation" id="([\w-]+)" role="listitem">\s*'
                   r'<span class="label"><span class="fn-bracket">\[</span>(.*?)<span')


def entry(*authors: str, year: str = "2014", key: str = "Key2014") -> Entry:
    made = Entry("article", fields={"year": year, "title": "A title", "journal": "J"},
                 persons={"author": [Person(a) for a in authors]})
    made.key = key
    return made


@pytest.mark.parametrize("authors, expected", [
    (["Rajkumar, S Vincent"], "Rajkumar, 2014"),
    (["Rajkumar, S Vincent", "Dimopoulos, Meletios A"], "Rajkumar and Dimopoulos, 2014"),
    (["Rajkumar, S V", "Dimopoulos, M A", "Palumbo, A"], "Rajkumar et al., 2014"),
    (["Avet-Loiseau, Hervé", "others"], "Avet-Loiseau et al., 2014"),  # AvetLoiseau2025's form
    (["Rajkumar, S V", "Dimopoulos, M A", "others"], "Rajkumar et al., 2014"),
    (["Du Bois, D", "Du Bois, E F"], "Du Bois and Du Bois, 2014"),
    # LaTeX accents decoded and the von part kept, as the text cites Hugle2008 and Muller2023
    (["H{\\\"u}gle, Thomas", "van Laar, Jacob M."], "Hügle and van Laar, 2014"),
    (["M{\\\"u}ller, Fabian", "others"], "Müller et al., 2014"),
])
def test_author_year_label(authors, expected):
    assert bib_style.author_year(entry(*authors)) == expected


def test_jupyterlab_notebooks_cite_as_the_site_does():
    """make teach writes citations as text (scripts/teach.py): the same authors as the pages."""
    import sys

    from pybtex.database import parse_file

    sys.path.insert(0, str(BOOK.parent / "scripts"))
    import teach

    labels = teach.citation_labels(BOOK / "references.bib")
    entries = parse_file(str(BOOK / "references.bib")).entries
    assert labels["AvetLoiseau2025"][0] == "Avet-Loiseau et al."  # "X and others" in the bib
    for key, (names, year) in labels.items():
        assert f"{names}, {year}" == bib_style.author_year(entries[key])


def test_equal_labels_get_letters():
    entries = [entry("Müller, F", "others", key="A"), entry("Müller, F", "others", key="B"),
               entry("Tur, C", key="C")]
    assert list(bib_style.AuthorYearLabels().format_labels(entries)) == [
        "Müller et al., 2014a", "Müller et al., 2014b", "Tur, 2014"]


def test_a_formatted_entry_is_kept_until_its_fields_change_and_between_builds(
        tmp_path, monkeypatch):
    monkeypatch.setattr(bib_style, "_formatted", {})
    monkeypatch.setattr(bib_style, "_used", set())
    calls = []
    real = bib_style.PlainStyle.format_entry
    monkeypatch.setattr(bib_style.PlainStyle, "format_entry",
                        lambda self, *a, **k: calls.append(a[1].key) or real(self, *a, **k))
    style, paper = bib_style.Style(), entry("Tur, Carlo", key="Tur2014")
    first = style.format_entry("Tur, 2014", paper)
    assert style.format_entry("Tur, 2014", paper) is first and calls == ["Tur2014"]
    paper.fields["title"] = "A corrected title"  # an edit to references.bib
    assert "corrected" in style.format_entry("Tur, 2014", paper).text.render(Backend())
    assert calls == ["Tur2014", "Tur2014"]

    class App:  # what the cache's build hooks read
        doctreedir = tmp_path
    bib_style._save_cache(App, None)
    monkeypatch.setattr(bib_style, "_formatted", {})
    bib_style._load_cache(App)  # the next build, in a new process
    assert style.format_entry("Tur, 2014", paper).text.render(Backend()).startswith("Carlo Tur")
    assert len(calls) == 2
    monkeypatch.setattr(bib_style, "_cache_stamp", lambda: "another pybtex")
    monkeypatch.setattr(bib_style, "_formatted", {})
    bib_style._load_cache(App)  # a cache from other code is not used
    assert bib_style._formatted == {}
    (tmp_path / bib_style.CACHE_FILE).write_bytes(b"not a pickle")
    bib_style._load_cache(App)  # nor a damaged one, which is no error either
    assert bib_style._formatted == {}


def test_plugins_the_build_asks_for_by_name_do_not_scan_entry_points(monkeypatch):
    from importlib.metadata import entry_points

    import pybtex.plugin

    wanted = {(g, n): entry_points(group=g, name=n) for g, n in bib_style.LOOKED_UP}
    bib_style._register_looked_up()
    monkeypatch.setattr(pybtex.plugin, "entry_points",
                        lambda **kw: pytest.fail(f"entry points scanned for {kw}"))
    for (group, name), points in wanted.items():
        [point] = points
        assert pybtex.plugin.find_plugin(group, name) is point.load()


@pytest.mark.parametrize("authors, names", [
    (["Avet-Loiseau, Hervé", "others"], "Hervé Avet-Loiseau et al. A title"),
    (["Tur, Carlo", "Eckstein, Markus", "others"], "Carlo Tur, Markus Eckstein et al. A title"),
    (["Tur, Carlo", "Eckstein, Markus"], "Carlo Tur and Markus Eckstein. A title"),
])
def test_reference_list_writes_others_as_et_al(authors, names):
    [formatted] = bib_style.Style().format_entries([entry(*authors)])
    assert formatted.text.render(Backend()).startswith(names)


def test_label_html_italicises_et_al_and_escapes():
    assert quiz_sources.label_html("Rajkumar et al., 2014") == "Rajkumar <em>et al.</em>, 2014"
    assert quiz_sources.label_html("O'Brien, 2014") == "O&#x27;Brien, 2014"


CITE_LINK = re.compile(r'<a class="reference internal" href="(?:bibliography\.html)?#(id\d+)"'
                       r'[^>]*>(.*?)</a>', re.S)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).replace("\xa0", " ")


@pytest.mark.book
def test_references_page_labels_entries_as_the_text_cites_them(built_site):
    labels = dict(ENTRY.findall((built_site / "book" / "bibliography.html").read_text()))
    assert len(labels) > 40  # every cited entry (58 on 2026-11-24), none missed by the pattern
    cited_as = defaultdict(set)
    for page in (built_site / "book").glob("*.html"):
        for anchor, text in CITE_LINK.findall(page.read_text()):
            cited_as[anchor].add(_text(text))
    assert {a: _text(label) for a, label in labels.items() if _text(label) not in cited_as[a]} == {}
    assert not [label for label in labels.values() if " and others" in label or "{" in label]


@pytest.mark.book
@pytest.mark.parametrize("slug", chapter_slugs())
def test_every_quiz_source_links_to_its_reference(built_site, slug):
    page = (built_site / "book" / f"{slug}.html").read_text()
    labels = dict(ENTRY.findall((built_site / "book" / "bibliography.html").read_text()))
    sources = SOURCE.findall(page)
    assert sources, f"{slug} has no quiz source lines"
    for source in sources:
        linked = LINKED.match(source)
        assert linked, f"not a linked citation: {source}"
        anchor, text = linked.groups()
        assert text == quiz_sources.label_html(labels[anchor])


TINY_QUIZ = """# Page

Cites one source of the bank {cite:p}`RuizEsquide2026` but not the others.

```{code-cell} ipython3
from casebook.book import Book
Book.at("..").quiz("page")
```

```{bibliography}
```
"""


@pytest.mark.book
def test_a_quiz_source_missing_from_the_bibliography_fails_the_build(tmp_path):
    root = _tiny_book(tmp_path, TINY_QUIZ)
    (root / "book" / "quizzes").mkdir()
    bank = (BOOK / "quizzes" / "myeloma-staging.yml").read_text()
    (root / "book" / "quizzes" / "page.yml").write_text(bank.replace("id: myeloma-staging-",
                                                                     "id: page-"))
    result = build_book(root)
    assert result.returncode != 0
    assert "quiz source 'Rajkumar2014' is not in the bibliography" in result.output
