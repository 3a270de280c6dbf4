"""Teaching notes and the expert's full reasoning reach the instructor edition only.

One tiny book with the fixture walk, built in both editions (the execution cache is shared, so
the cut is made by casebook.editions on the rendered output, not by the cell)."""

import shutil

import pytest

from casebook.walk.html import INSTRUCTOR_OPEN, instructor, strip_instructor
from conftest import BOOK, ROOT
from test_build import _tiny_book
from test_editions import _build_edition

pytestmark = pytest.mark.book

PAGE = """# A walk

```{code-cell} ipython3
:tags: [remove-input]
from casebook.book import Book
Book.at("..").walk("page")
```
"""
SECRETS = ("TEACHING-NOTE-FIRST", "FULL-REASONING-DDX")


def test_strip_instructor_removes_every_segment_and_nothing_else():
    text = "a" + instructor("<p>one</p>") + "b" + instructor("<p>two\nlines</p>") + "c"
    assert strip_instructor(text) == "abc"
    assert instructor("") == ""


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    root = _tiny_book(tmp_path_factory.mktemp("walk-tiny"), PAGE)
    shutil.copy(BOOK / "case.yml", root / "book" / "case.yml")
    (root / "book" / "walks").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "walks" / "fixture-walk.yml",
                root / "book" / "walks" / "page.yml")
    out = {}
    for edition in ("student", "instructor"):
        proc, html = _build_edition(root, edition)
        assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
        out[edition] = html
    return out


def test_the_student_edition_has_no_teaching_note_in_any_file(editions):
    site = editions["student"]
    page = (site / "book" / "page.html").read_text(encoding="utf-8")
    assert 'data-walk-stage="first"' in page
    files = [p for p in site.rglob("*") if p.is_file()]
    for secret in (*SECRETS, INSTRUCTOR_OPEN):
        assert [p for p in files if secret.encode() in p.read_bytes()] == [], secret


def test_the_instructor_edition_shows_notes_and_full_reasoning(editions):
    page = (editions["instructor"] / "book" / "page.html").read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret in page
    assert "Instructor: teaching note" in page
