"""Quiz source lines as linked author-year citations (book/_ext/quiz_sources.py)."""

import re
import sys

import pytest
from pybtex.database import Entry, Person

from conftest import BOOK
from test_structure import chapter_slugs

sys.path.insert(0, str(BOOK / "_ext"))
import quiz_sources  # noqa: E402

SOURCE = re.compile(r'<p class="cb-quiz__source">(.*?)</p>', re.S)
LINKED = re.compile(r'^Source: <a href="bibliography\.html#([\w-]+)">(.+)</a>$')


def entry(*authors: str, year: str = "2014") -> Entry:
    return Entry("article", fields={"year": year},
                 persons={"author": [Person(a) for a in authors]})


@pytest.mark.parametrize("authors, expected", [
    (["Rajkumar, S Vincent"], "Rajkumar, 2014"),
    (["Rajkumar, S Vincent", "Dimopoulos, Meletios A"], "Rajkumar and Dimopoulos, 2014"),
    (["Rajkumar, S V", "Dimopoulos, M A", "Palumbo, A"], "Rajkumar <em>et al.</em>, 2014"),
    (["Zanframundo, G", "others"], "Zanframundo <em>et al.</em>, 2014"),
    (["O'Brien, Anne"], "O&#x27;Brien, 2014"),  # escaped: it goes into the page as HTML
])
def test_author_year_matches_the_bibliography_style(authors, expected):
    assert quiz_sources.author_year(entry(*authors)) == expected


@pytest.mark.book
@pytest.mark.parametrize("slug", chapter_slugs())
def test_every_quiz_source_links_to_its_reference(built_site, slug):
    page = (built_site / "book" / f"{slug}.html").read_text()
    anchors = set(re.findall(r'<div class="citation" id="([\w-]+)"',
                             (built_site / "book" / "bibliography.html").read_text()))
    sources = SOURCE.findall(page)
    assert sources, f"{slug} has no quiz source lines"
    for source in sources:
        linked = LINKED.match(source)
        assert linked, f"not a linked citation: {source}"
        assert linked.group(1) in anchors
        assert re.search(r", (19|20)\d\d$", linked.group(2)), linked.group(2)
