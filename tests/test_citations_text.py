"""References written out where there is no references page: the live quiz and walk, exports."""

import pytest

from casebook import citations
from casebook.quiz import load_bank
from casebook.quiz.widget import QuizWidget
from conftest import ROOT, THE_BOOK

# book/references.bib, entry Greipp2005: Greipp PR, San Miguel J, ... et al. J Clin Oncol 2005;
# 23(15):3412-3420, doi:10.1200/JCO.2005.04.242.
GREIPP = ("Greipp et al., 2005. International staging system for multiple myeloma. "
          "Journal of Clinical Oncology. https://doi.org/10.1200/JCO.2005.04.242")


def test_a_reference_is_authors_year_title_journal_and_doi():
    assert citations.references(THE_BOOK.bib)["Greipp2005"] == GREIPP


def test_names_are_decoded_from_latex_and_others_is_et_al(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{A1, author = {M{\\\"u}ller, Anna and van Laar, Jacob}, "
                   "title = {One}, year = {2020}}\n"
                   "@article{B2, author = {Ng, Li and others}, title = {Two}, year = {2021}}\n",
                   encoding="utf-8")
    refs = citations.references(bib)
    assert refs["A1"] == "Müller and van Laar, 2020. One."
    assert refs["B2"].startswith("Ng et al., 2021.")


def test_reference_html_links_the_doi_and_falls_back_to_the_key(tmp_path):
    html = citations.reference_html(THE_BOOK.bib, "Greipp2005")
    assert html.endswith('<a href="https://doi.org/10.1200/JCO.2005.04.242">'
                         'https://doi.org/10.1200/JCO.2005.04.242</a>')
    assert citations.reference_html(THE_BOOK.bib, "NoSuchKey2000") == "NoSuchKey2000"
    assert citations.reference_html(tmp_path / "absent.bib", "Greipp2005") == "Greipp2005"
    assert citations.reference_html(None, "Greipp2005") == "Greipp2005"


@pytest.mark.parametrize("bib, shown", [(None, "Source: Greipp2005"),
                                        (THE_BOOK.bib, f"Source: {GREIPP[:60]}")])
def test_the_live_quiz_writes_its_source_out_from_the_bib(bib, shown):
    quiz = QuizWidget(load_bank(ROOT / "tests" / "fixtures" / "quizzes" / "fixture-basics.yml",
                                book=THE_BOOK), bib=bib)
    q = quiz.questions[0]
    q.input.value = 0  # A. Stage I: right, so the explanation and its source are shown
    q.check_button.click()
    assert shown in q.feedback.value


def test_the_books_quiz_and_walk_widgets_have_its_bib():
    assert THE_BOOK.quiz("the-case").widget.questions[0]._bib == THE_BOOK.bib
    assert THE_BOOK.walk("the-case").widget.bib == THE_BOOK.bib
