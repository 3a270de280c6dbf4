"""``make handout`` (``scripts/handout.py``): the session handout printed to PDF by Chromium.

The student handout is exactly one A4 page (case summary and timeline); the instructor's adds
the quiz answer key from page 2. Pages are counted in the PDF two independent ways (page
objects, and the page tree's ``/Count``), which must agree.
"""

import re
import subprocess
import sys

import pytest


from casebook.quiz import load_bank
from conftest import CHROMIUM, ROOT, THE_BOOK
from test_structure import chapter_slugs

sys.path.insert(0, str(ROOT / "scripts"))
import handout  # noqa: E402

case = THE_BOOK.case

pytestmark = pytest.mark.browser


def pdf_pages(data: bytes) -> int:
    """Pages of a PDF as written by Chromium (no object streams): page objects, checked
    against the ``/Count`` of the root page tree."""
    if b"/ObjStm" in data:
        raise ValueError("compressed object streams: this counter cannot read them")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    trees = [m.group(0) for m in re.finditer(rb"<<(?:(?!<<|>>).)*?/Type\s*/Pages\b.*?>>",
                                               data, re.S)]
    roots = [t for t in trees if b"/Parent" not in t]
    if len(roots) != 1:
        raise ValueError(f"{len(roots)} root page trees")
    count = int(re.search(rb"/Count\s+(\d+)", roots[0])[1])
    if count != pages:
        raise ValueError(f"/Count {count} but {pages} page objects")
    return pages


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    assert CHROMIUM.exists(), f"no browser at {CHROMIUM}: run `make browser`"
    out = tmp_path_factory.mktemp("handout")
    made = {}
    for edition in ("student", "instructor"):
        pdf = out / f"{edition}.pdf"
        proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "handout.py"),
                               "--edition", edition, "--out", str(pdf)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
        made[edition] = (pdf.read_bytes(), pdf.with_suffix(".html").read_text())
    return made


def test_the_page_counter_reads_chromium_pdfs(pdfs):
    data, _ = pdfs["student"]
    assert data.startswith(b"%PDF-")
    with pytest.raises(ValueError, match="/Count 3 but 1 page objects"):
        pdf_pages(data.replace(b"/Count 1", b"/Count 3"))


def test_student_handout_is_one_page(pdfs):
    assert pdf_pages(pdfs["student"][0]) == 1


def test_instructor_handout_adds_the_answer_key_after_page_one(pdfs):
    student, instructor = pdf_pages(pdfs["student"][0]), pdf_pages(pdfs["instructor"][0])
    assert instructor >= student + 1
    page = pdfs["instructor"][1]
    assert page.index('class="key"') > page.index("</figure>")
    for slug in chapter_slugs():
        for q in load_bank(slug, book=THE_BOOK).questions:
            assert f'id="key-{q.id}"' in page, q.id


def test_student_handout_has_no_answer_key(pdfs):
    page = pdfs["student"][1]
    assert 'class="key"' not in page and "key-" not in page and "Answer:" not in page
    assert "Student edition" in page


def test_handout_facts_are_read_from_the_case_file(pdfs):
    page = pdfs["student"][1]
    for needle in (f"1:{case.fact('iif_titre').value}", f"ISS {case.fact('iss').value}, "
                   f"R-ISS {case.fact('r_iss').value}", case.fact("iif_pattern").value,
                   case.fact("mrd").value.replace("<", "&lt;"),
                   f"{case.fact('conditioning').value['dose_mg_per_m2']} mg/m²"):
        assert needle in page, needle
    assert "RuizEsquide2026" not in page and "Ruiz-Esquide et al." in page


def test_handout_is_self_contained_and_its_figure_has_alt_text(pdfs):
    page = pdfs["instructor"][1]
    assert re.findall(r'(?:src|href)="(?!data:)[^"]*"', page) == []
    dated = [e for e in case.timeline() if e.approx_date]
    first, last = handout.month(dated[0].approx_date), handout.month(dated[-1].approx_date)
    assert re.search(r'<img src="data:image/png;base64,[^"]+" alt="Timeline of the case from '
                     f'{first} to {last}: ', page)


def test_month_names():
    assert handout.month("2023-03") == "March 2023"
    assert handout.month("2025-12") == "December 2025"
