"""The case data file against the letter, fact by fact, and the loader's validation.

The letter (Ruiz-Esquide et al., Clin Exp Rheumatol 2026; bib key RuizEsquide2026) is under
copyright and not in the repository: the tests that hold each quote against it run when
``CASEBOOK_LETTER`` names a plain-text copy, and are reported as skipped otherwise. Quotes are
compared after collapsing whitespace and rejoining words hyphenated across a line break
("skin in-\\n\\nvolvement" -> "skin involvement").
"""

import os
import re
from pathlib import Path

import pytest

from casebook import case as case_module
from casebook.book import Book
from conftest import ROOT, leaves

LETTER = os.environ.get("CASEBOOK_LETTER", "")
case = Book.at(ROOT).case
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
NUMBER_WORDS = {2: "two", 7: "seven", 9: "nine"}
# Book wording -> the letter's wording, where the two differ by more than case/hyphens/spaces.
SYNONYMS = {
    "female": "woman",
    "NSIP": "non-specific interstitial pneumonia",
    "line blot": "line-",
    "dot blot": "dot-blot",
}


def normalise(text: str) -> str:
    """Rejoin words hyphenated at a line break, then collapse runs of whitespace."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def squash(text: str) -> str:
    """Case-, hyphen- and space-insensitive form for comparing a value with its quote."""
    return re.sub(r"[\s\-]", "", text).casefold()


@pytest.fixture(scope="module")
def letter() -> str:
    if not LETTER:
        pytest.skip("CASEBOOK_LETTER is not set: the letter is copyrighted and not in the "
                    "repository; set it to a plain-text copy to check case.yml's quotes")
    path = Path(LETTER)
    if not path.is_file():
        pytest.fail(f"CASEBOOK_LETTER={LETTER} is not a file")
    return normalise(path.read_text(encoding="utf-8"))


def test_normalise_rejoins_line_break_hyphens_only():
    assert normalise("no skin in-\n\nvolvement") == "no skin involvement"
    assert normalise("ILD progression\n\nis the main") == "ILD progression is the main"
    assert normalise("line- and dot-blot") == "line- and dot-blot"



def assert_leaf_in_quote(leaf, quote: str, where: str) -> None:
    if isinstance(leaf, bool):
        # A negative finding must be stated as such in the quote.
        if leaf is False:
            assert re.search(r"\bno\b|\bnot\b", quote), f"{where}: False but no negation"
        return
    if isinstance(leaf, int):
        word = NUMBER_WORDS.get(leaf, "\0")
        assert re.search(rf"(?<![\d.]){leaf}(?![\d.])", quote) or word in quote.lower(), \
            f"{where}: {leaf} not in {quote!r}"
        return
    assert isinstance(leaf, str), f"{where}: unexpected value type {type(leaf).__name__}"
    month = re.fullmatch(r"(\d{4})-(\d{2})", leaf)
    if month:
        year, mon = month.groups()
        assert MONTHS[int(mon) - 1] in quote and year in quote, f"{where}: {leaf} vs {quote!r}"
        return
    wanted = SYNONYMS.get(leaf, leaf)
    assert squash(wanted) in squash(quote), f"{where}: {leaf!r} not in {quote!r}"


@pytest.mark.parametrize("f", case.facts(), ids=lambda f: f.id)
def test_fact_quote_is_in_letter(f, letter):
    assert normalise(f.quote) in letter


@pytest.mark.parametrize("f", case.facts(), ids=lambda f: f.id)
def test_fact_value_agrees_with_its_quote(f):
    for leaf in leaves(f.value):
        assert_leaf_in_quote(leaf, normalise(f.quote), f.id)


@pytest.mark.parametrize("e", case.timeline(), ids=lambda e: e.id)
def test_event_quote_is_in_letter_and_shows_its_month(e, letter):
    assert normalise(e.quote) in letter
    if e.relative_quote:
        assert normalise(e.relative_quote) in letter
    if e.date:
        assert_leaf_in_quote(e.date, e.quote, e.id)


# The key facts the chapters rely on, each with its expected value from the letter.
KEY_FACTS = {
    "age": 59,
    "sex": "female",
    "referral_date": "2023-03",
    "episodes_per_year": {"low": 3, "high": 4},
    "methotrexate": {"drug": "methotrexate", "route": "oral", "dose_mg": 10, "frequency": "weekly"},
    "iif_titre": 160,
    "iif_pattern": "AC-19",
    "antibodies": ["Ro52", "PL-12"],
    "myeloma_isotype": {"heavy_chain": "IgA", "light_chain": "kappa"},
    "myeloma_secretion": "oligosecretory",
    "iss": 1,
    "r_iss": 2,
    "cytogenetics": {"gene": "TP53", "abnormality": "deletion"},
    "induction_cycles": 7,
    "conditioning": {"drug": "melphalan", "dose_mg_per_m2": 200},
    "asct_dates": ["2024-02", "2024-06"],
    "mrd": "<0.00023%",
    "maintenance": {"drugs": ["lenalidomide", "dexamethasone"], "start": "2024-10"},
    "last_follow_up": {"date": "2025-07", "status": "asymptomatic"},
}


@pytest.mark.parametrize("fact_id, expected", KEY_FACTS.items(), ids=list(KEY_FACTS))
def test_key_fact_values(fact_id, expected):
    assert case.fact(fact_id).value == expected


KEY_EVENTS = {
    "referral": "2023-03",
    "pre_transplant_iif": "2023-05",
    "induction_start": "2023-06",
    "asct_1": "2024-02",
    "asct_2": "2024-06",
    "maintenance_start": "2024-10",
    "post_transplant_serology": "2025-03",
    "last_follow_up": "2025-07",
}


@pytest.mark.parametrize("event_id, month", KEY_EVENTS.items(), ids=list(KEY_EVENTS))
def test_key_event_dates(event_id, month):
    assert case.event(event_id).date == month


def test_facts_and_timeline_agree():
    assert case.fact("asct_dates").value == [case.event("asct_1").date, case.event("asct_2").date]
    assert case.fact("referral_date").value == case.event("referral").date
    assert case.fact("maintenance").value["start"] == case.event("maintenance_start").date
    assert case.fact("induction").value["start"] == case.event("induction_start").date
    assert case.fact("last_follow_up").value["date"] == case.event("last_follow_up").date


def test_nine_months_after_hsct_is_march_2025_only_from_second_transplant():
    # Letter: "Nine months after HSCT" (text) and "post-transplant in March 2025" (Fig. 1 legend).
    serology = case.event("post_transplant_serology")
    assert serology.relative_to == "asct_2" and serology.offset_months == 9
    assert case_module._shift(case.event("asct_2").date, 9) == serology.date == "2025-03"
    assert case_module._shift(case.event("asct_1").date, 9) == "2024-11"
    assert case.fact("seroconversion").value["months_after_hsct"] == 9
    assert "nine_months_after_which_hsct" in {n.id for n in case.notes()}


def test_relative_events_get_approximate_months():
    assert case.event("last_flare").approx_date == "2023-01"  # two months before March 2023
    assert case.event("myeloma_diagnosis").approx_date == "2023-03"
    assert case.event("induction_cr").approx_date is None  # cycle length not in the letter
    assert case.event("recurrent_episodes").date is None


def test_timeline_dated_events_are_in_order():
    months = [e.approx_date for e in case.timeline() if e.approx_date]
    assert months == sorted(months)
    assert case.timeline()[0].id == "recurrent_episodes"
    assert case.event("asct_2").as_date().isoformat() == "2024-06-01"


def test_event_kinds_and_ids():
    assert {e.kind for e in case.timeline()} <= set(case_module.EVENT_KINDS)
    assert {e.kind for e in case.timeline()} >= {"rheumatology", "haematology", "serology"}
    ids = [f.id for f in case.facts()]
    assert len(ids) == len(set(ids))


def test_source_key():
    assert case.source_key() == "RuizEsquide2026"


def test_facts_returns_copies():
    case.fact("antibodies").value.append("Jo-1")
    assert case.fact("antibodies").value == ["Ro52", "PL-12"]


def test_unknown_ids_raise_listing_known_ones():
    with pytest.raises(ValueError, match="no case fact 'ldh'.*iss"):
        case.fact("ldh")
    with pytest.raises(ValueError, match="no timeline event 'asct_3'.*asct_2"):
        case.event("asct_3")


# --- Validation on load ----------------------------------------------------------------------
GOOD_FACT = "  - {id: age, label: Age, value: 59, quote: A 59-year-old woman}\n"
GOOD_EVENT = "  - {id: referral, label: Referral, date: '2023-03', kind: rheumatology, quote: x}\n"


def doc(facts=GOOD_FACT, events=GOOD_EVENT, extra=""):
    return f"source: RuizEsquide2026\nfacts:\n{facts}timeline:\n{events}{extra}"


def test_minimal_document_parses():
    parsed = case_module._parse(doc())
    assert parsed["facts"][0].value == 59 and parsed["timeline"][0].date == "2023-03"


@pytest.mark.parametrize("bad, message", [
    (doc(facts=GOOD_FACT * 2), "duplicate id 'age'"),
    (doc(facts="  - {id: age, label: Age, value: 59}\n"), r"missing field\(s\) \['quote'\]"),
    (doc(facts="  - {id: age, label: Age, value: 59, quote: q, colour: red}\n"), "unknown field"),
    (doc(facts="  - {id: Age, label: Age, value: 59, quote: q}\n"), "snake_case"),
    (doc(facts="  - {id: age, label: Age, value: 59, quote: ''}\n"), "'quote' must be a non-empty"),
    (doc(facts="  - {id: age, label: A, value: 1, quote: q, domain: lungs}\n"), "domain 'lungs'"),
    (doc(events=GOOD_EVENT.replace("2023-03", "March 2023")), "date must be 'YYYY-MM'"),
    (doc(events=GOOD_EVENT.replace("2023-03", "2023-13")), "date must be 'YYYY-MM'"),
    (doc(events=GOOD_EVENT.replace("rheumatology", "cardiology")), "kind 'cardiology'"),
    (doc(events=GOOD_EVENT.replace("}", ", relative_to: nowhere}")), "not an event id"),
    (doc(events=GOOD_EVENT.replace("}", ", offset_months: 2}")), "needs relative_to"),
    (doc(events=GOOD_EVENT.replace("}", ", relative_to: referral, offset_months: 1.5}")),
     "offset_months must be an integer"),
    (doc(facts=""), "facts: must be a non-empty list"),
    (doc(extra="notes:\n  - {id: a}\n"), "notes\\[0\\]"),
    (doc(extra="patient: x\n"), "unknown section"),
    ("- just a list\n", "top level"),
])
def test_malformed_files_raise_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        case_module._parse(bad)


def test_relative_chain_loop_is_caught():
    events = (
        "  - {id: a, label: A, date: null, kind: serology, quote: q, relative_to: b,"
        " offset_months: 1}\n"
        "  - {id: b, label: B, date: null, kind: serology, quote: q, relative_to: a,"
        " offset_months: 1}\n"
    )
    with pytest.raises(ValueError, match="loops"):
        case_module._parse(doc(events=events))


@pytest.mark.parametrize("leaf, quote", [
    (161, "(titre 1:160)"),
    (16, "(titre 1:160)"),
    ("2024-03", "performed in February and June 2024"),
    ("2023-06", "In June 2024"),
    ("IgG", "IgA kappa oligosecretory"),
    (False, "revealed erosions"),
    (8, "After seven cycles"),
])
def test_value_checker_rejects_mismatches(leaf, quote):
    # The fact-by-fact check above must be able to fail.
    with pytest.raises(AssertionError):
        assert_leaf_in_quote(leaf, quote, "probe")
