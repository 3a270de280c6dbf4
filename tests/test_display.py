"""Month arithmetic (casebook.dates), values as text and templates (casebook.display), and the
book's handout content (book/handout.yml), which is filled with the same templates."""

import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import dates, display
from conftest import ROOT, THE_BOOK

case = THE_BOOK.case
months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1900, 2100), st.integers(1, 12))


@pytest.mark.parametrize(("value", "name"), [
    ("2023-03", "March 2023"), ("2025-12", "December 2025"), ("2024-01", "January 2024")])
def test_month_names(value, name):
    assert dates.month_name(value) == name == display.month_name(value)


@pytest.mark.parametrize("bad", ["2023-13", "2023-3", "March 2023", "", None, 202303])
def test_malformed_months_are_rejected(bad):
    with pytest.raises(ValueError, match="YYYY-MM"):
        dates.month_name(bad)
    with pytest.raises(ValueError, match="YYYY-MM"):
        dates.months_between("2023-01", bad)


@given(months, months)
def test_months_between_is_antisymmetric_and_matches_dates(a, b):
    assert dates.months_between(a, b) == -dates.months_between(b, a)
    da, db = dates.parse_month(a), dates.parse_month(b)
    assert dates.months_between(a, b) == (db.year - da.year) * 12 + db.month - da.month


def test_months_between_case_events():
    """The case's own numbers: nine months from the second transplant to seroconversion."""
    assert case.months_between("asct_2", "post_transplant_serology") == \
        case.value("seroconversion.months_after_hsct")
    with pytest.raises(ValueError, match="no month"):
        case.months_between("asct_1", next(e.id for e in case.timeline() if not e.approx_date))


@pytest.mark.parametrize(("value", "unit", "text"), [
    (True, None, "yes"), (False, None, "no"), (["a", "b"], None, "a, b"),
    ({"low": 3, "high": 4}, "per year", "3-4"), ({"dose_mg": 10, "route": "oral"}, None,
                                                 "dose mg: 10; route: oral"),
    ("2024-06", None, "June 2024"), (59, "years", "59 years"),
    (160, "reciprocal dilution (1:160)", "1:160"), ("IgA", None, "IgA"),
])
def test_describe(value, unit, text):
    assert display.describe(value, unit) == text


def test_describe_reads_a_facts_unit():
    assert display.describe(case.fact("age")) == f"{case.value('age')} years"


@pytest.mark.parametrize(("template", "text"), [
    ("{age} years", "59 years"),
    ("{asct_dates|months|and}", "February 2024 and June 2024"),
    ("{antibodies|prefix:anti-|join: / }", "anti-Ro52 / anti-PL-12"),
    ("{examination|false_keys|and}", "joint swelling, skin involvement and muscle weakness"),
    ("{{literal}} {xray_erosions|yesno:erosions/no erosions}", "{literal} no erosions"),
    ("{induction_response.mrd_persisted|if:, MRD persisting}!", ", MRD persisting!"),
])
def test_fill(template, text):
    assert display.fill(template, case) == text


@pytest.mark.parametrize(("template", "message"), [
    ("{age", "unbalanced brace"), ("{}", "empty field"), ("{age|shout}", "unknown filter 'shout'"),
    ("{no_such_fact}", "no case fact 'no_such_fact'"), ("{age.years}", "has no field 'years'"),
])
def test_fill_errors_name_what_is_wrong(template, message):
    with pytest.raises(ValueError, match=message):
        display.fill(template, case)


def test_show_table_hides_the_index_and_escapes_text(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", shown.append)
    display.show_table(pd.DataFrame({"a": [1], "criterion": ["< 5% <b>plasma</b> cells"]},
                                    index=["index-label"]))
    html = shown[0].data
    assert "index-label" not in html and ">1<" in html
    assert "&lt; 5% &lt;b&gt;plasma&lt;/b&gt; cells" in html and "<b>" not in html
    assert 'border="1"' not in html and "<th>criterion</th>" in html


# ------------------------------------------------------------------------- the handout's content
sys.path.insert(0, str(ROOT / "scripts"))
import handout  # noqa: E402


def test_handout_content_fills_from_the_case():
    sections = handout.summary_sections(THE_BOOK)
    assert [title for title, _ in sections][0] == "Before referral"
    text = " ".join(v for _, rows in sections for _, v in rows)
    assert f"ISS {case.value('iss')}, R-ISS {case.value('r_iss')}" in text
    assert "{" not in text and "}" not in text
    assert len(handout.content(THE_BOOK)["questions"]) == 4


def test_handout_script_names_no_case_fact():
    from test_engine_case_split import case_ids, string_literals

    literals = {text for _, text in string_literals((ROOT / "scripts" / "handout.py").read_text())}
    assert not literals & case_ids()


def test_handout_content_errors_name_the_file_and_row(tmp_path):
    (tmp_path / "_toc.yml").write_text("root: book/intro\n")
    (tmp_path / "book").mkdir()
    good = (THE_BOOK.file("handout.yml")).read_text(encoding="utf-8")
    (tmp_path / "book" / "handout.yml").write_text(good.replace("{iss}", "{iss|loud}"))
    from casebook.book import Book

    with pytest.raises(ValueError, match=r"handout\.yml: boxes\[2\] \('A second diagnosis'\): "
                                         r"rows\[1\]: unknown filter 'loud'"):
        handout.content(Book(tmp_path))
