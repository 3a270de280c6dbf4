"""A second case needs no code: the fictional mini case builds with the engine as it is.

``tests/fixtures/mini-case`` is a whole book of its own (``_config.yml``, ``_toc.yml``, a
``case.yml`` of five facts, one chapter, one bank of three questions). It is copied to a temporary
folder and built strictly in both editions, and its notebooks are written with the same script
the real book uses. It is also what ``make new-case`` copies.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from casebook import myeloma
from casebook.book import Book
from conftest import ROOT, build_book

MINI = ROOT / "tests" / "fixtures" / "mini-case"


def test_the_mini_case_is_a_book_the_engine_reads():
    book = Book.at(MINI)
    assert book.chapter_slugs() == ["staging"]
    assert [f.id for f in book.case.facts()] == [
        "age", "haemoglobin", "beta2m", "albumin", "marrow_plasma_cells"]
    bank = book.bank("staging")
    assert [q.type for q in bank.questions] == ["numeric", "single", "multiple"]
    # The bank's keyed stage is the calculator's (Greipp 2005: 3.5 <= b2m < 5.5 -> II).
    stage = myeloma.iss_stage(beta2m_mg_per_l=book.case.value("beta2m"),
                              albumin_g_per_dl=book.case.value("albumin"))
    assert stage == bank.questions[0].answer == 2


def test_every_mini_case_quote_is_in_its_vignette():
    book = Book.at(MINI)
    vignette = re.sub(r"\s+", " ", (book.content / "intro.md").read_text(encoding="utf-8"))
    for record in [*book.case.facts(), *book.case.timeline()]:
        assert record.quote in vignette, record.id


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    root = tmp_path_factory.mktemp("mini") / "mini-case"
    shutil.copytree(MINI, root)
    return root


@pytest.mark.book
def test_the_mini_case_builds_strictly_with_its_quiz(mini):
    result = build_book(mini)
    assert result.returncode == 0, result.output[-4000:]
    page = (result.html / "book" / "staging.html").read_text(encoding="utf-8")
    assert 'data-quiz="staging"' in page  # the static quiz, not the widget
    # Its _config.yml sets none of these: casebook.sphinx's ENGINE_CONFIG does. Without it the
    # page loaded require.js and the widget manager from two CDNs, cited "[GSMD+05]" and showed
    # pydata's empty top bar.
    assert not re.search(r'<script[^>]+src="(https?:)?//', page)
    assert "Greipp <em>et al.</em>, 2005</a>]" in page
    assert "navbar-persistent" not in page
    # The glued stage is the calculator's (Greipp 2005: 3.5 <= b2m < 5.5 mg/L -> II).
    assert re.search(r"ISS stage is <span[^>]*>2</span>", page)
    # Student edition: no worked answer, no facilitator note anywhere on the page.
    assert "at 5.5 mg/L or more the stage is III" not in page
    assert "ask one table to explain" not in page


@pytest.mark.book
def test_the_mini_case_instructor_edition_has_the_answers(mini, tmp_path):
    out = tmp_path / "instructor"
    jb = os.path.join(os.path.dirname(sys.executable), "jupyter-book")
    proc = subprocess.run(
        [jb, "build", str(mini), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True, text=True, timeout=900,
        env={**os.environ, "CASEBOOK_EDITION": "instructor"})
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    page = (out / "_build" / "html" / "book" / "staging.html").read_text(encoding="utf-8")
    assert "at 5.5 mg/L or more the stage is III" in page
    assert "ask one table to explain" in page


@pytest.mark.book
def test_the_mini_case_notebooks_are_written_by_the_books_script(mini, tmp_path):
    out = tmp_path / "notebooks"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "notebooks.py"), "--root", str(mini),
         "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    student = json.loads((out / "student" / "staging.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(student)
    assert 'book.quiz(\\"staging\\")' in text
    assert "at 5.5 mg/L or more" not in text
    instructor = (out / "instructor" / "staging.ipynb").read_text(encoding="utf-8")
    assert "at 5.5 mg/L or more" in instructor


@pytest.mark.book
def test_make_new_case_scaffolds_a_case_from_the_mini_case(tmp_path):
    target = tmp_path / "my-case"
    proc = subprocess.run(["make", "-s", "new-case", f"DIR={target}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert Book.at(target).chapter_slugs() == ["staging"]
    again = subprocess.run(["make", "-s", "new-case", f"DIR={target}"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode != 0
    assert "already exists" in again.stdout + again.stderr
