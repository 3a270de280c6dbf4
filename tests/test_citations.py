"""One author-year form for citations: the text, the references page (book/_ext/bib_style.py)
and quiz source lines linked to it (book/_ext/quiz_sources.py)."""

import html
import re
import sys
from collections import defaultdict

import pytest
from pybtex.backends.plaintext import Backend
from pybtex.database import Entry, Person

from conftest import BOOK, build_book
from test_build import _tiny_book
from test_structure import chapter_slugs

sys.path.insert(0, str(BOOK / "_ext"))
import bib_style  # noqa: E402
import quiz_sources  # noqa: E402

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


def test_equal_labels_get_letters():
    entries = [entry("Müller, F", "others", key="A"), entry("Müller, F", "others", key="B"),
               entry("Tur, C", key="C")]
    assert list(bib_style.AuthorYearLabels().format_labels(entries)) == [
        "Müller et al., 2014a", "Müller et al., 2014b", "Tur, 2014"]


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
