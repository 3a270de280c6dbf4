"""Tests for casebook.serology and its data tables.

Expected values cite their source: ICAP (Chan 2015, doi:10.3389/fimmu.2015.00412; Damoiseaux
2019, doi:10.1136/annrheumdis-2018-214436; anapatterns.org), Mahler 2014
(doi:10.1016/j.autrev.2014.01.022), Pinal-Fernandez 2017 (doi:10.1093/rheumatology/kex021),
Marie 2012 (doi:10.1016/j.autrev.2012.01.006), To 2020 (doi:10.1186/s41927-020-00132-9).
"""

import csv
import math
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook import serology
from casebook.serology import (
    DEFAULT_LINE_BLOT_CUTOFFS,
    LINE_BLOT_CLASSES,
    dilution_steps,
    doubling_series,
    format_titre,
    icap_pattern,
    icap_patterns,
    likelihood_ratios,
    line_blot_class,
    parse_titre,
    post_test_probability,
    synthetase,
    synthetases,
)

probability = st.floats(0, 1, allow_nan=False)


def read_table(name):
    with resources.files("casebook").joinpath("data", f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- ICAP ------------------------------------------------------------------------------------


def test_ac19_worked_example():
    # anapatterns.org pattern 19 (Damoiseaux 2019).
    p = icap_pattern("AC-19")
    assert p.code == "AC-19"
    assert p.name == "cytoplasmic dense fine speckled"
    assert p.compartment == "cytoplasmic"
    assert p.antigens == ("PL-7", "PL-12", "ribosomal P proteins")
    assert p.verified and p.antigens_verified
    assert p.source == "Damoiseaux2019"


def test_ac20_is_jo1():
    # anapatterns.org pattern 20.
    p = icap_pattern("AC-20")
    assert p.name == "cytoplasmic fine speckled"
    assert any("Jo-1" in a for a in p.antigens)


@pytest.mark.parametrize("code", ["AC-19", "AC19", "ac-19", " ac 19 ", "Ac - 19", "AC-019"])
def test_icap_code_spellings(code):
    assert icap_pattern(code).code == "AC-19"


@pytest.mark.parametrize("code", ["AC-0", "AC-30", "AC-", "19", "AB-19", "AC-1.5", "", 19, None])
def test_icap_bad_code_names_range(code):
    with pytest.raises(ValueError, match=r"code=.*AC-1.*AC-29"):
        icap_pattern(code)


def test_icap_table_complete_and_ordered():
    patterns = icap_patterns()
    assert [p.code for p in patterns] == [f"AC-{n}" for n in range(1, 30)]
    assert all(p.antigens and p.name for p in patterns)


def test_icap_compartments():
    # Damoiseaux 2019: nuclear AC-1..14 and AC-29; cytoplasmic AC-15..23;
    # mitotic AC-24..28.
    by = {p.code: p.compartment for p in icap_patterns()}
    nuclear = {f"AC-{n}" for n in [*range(1, 15), 29]}
    cytoplasmic = {f"AC-{n}" for n in range(15, 24)}
    assert {c for c, v in by.items() if v == "nuclear"} == nuclear
    assert {c for c, v in by.items() if v == "cytoplasmic"} == cytoplasmic
    assert {c for c, v in by.items() if v == "mitotic"} == {f"AC-{n}" for n in range(24, 29)}


def test_icap_unverified_names_are_marked():
    # Damoiseaux 2019; AC-21, AC-22 and AC-24..28 names not re-checked on anapatterns.org.
    unverified = {p.code for p in icap_patterns() if not p.verified}
    assert unverified == {"AC-21", "AC-22", "AC-24", "AC-25", "AC-26", "AC-27", "AC-28"}
    assert {p.code for p in icap_patterns() if p.antigens_verified} == {"AC-14", "AC-19",
                                                                         "AC-20"}
    for p in icap_patterns():
        if not p.verified:
            assert "UNVERIFIED" in p.note


@pytest.mark.parametrize("code,name", [
    ("AC-1", "nuclear homogeneous"), ("AC-3", "centromere"), ("AC-23", "rods and rings"),
    ("AC-29", "Topo I-like"),
])
def test_icap_verified_names(code, name):
    # Biochemia Medica 2021 Table B (PMC8047791).
    assert icap_pattern(code).name == name


# --- Synthetases -----------------------------------------------------------------------------

MAHLER = {  # Mahler 2014, doi:10.1016/j.autrev.2014.01.022
    "Jo-1": ("histidyl-tRNA synthetase", "HARS"),
    "PL-7": ("threonyl-tRNA synthetase", "TARS"),
    "PL-12": ("alanyl-tRNA synthetase", "AARS"),
    "EJ": ("glycyl-tRNA synthetase", "GARS"),
    "OJ": ("isoleucyl-tRNA synthetase", "IARS"),
    "KS": ("asparaginyl-tRNA synthetase", "NARS"),
    "Zo": ("phenylalanyl-tRNA synthetase", "FARS"),
    "Ha": ("tyrosyl-tRNA synthetase", "YARS"),
}


@pytest.mark.parametrize("antibody", MAHLER)
def test_synthetase_targets(antibody):
    s = synthetase(antibody)
    assert (s.antibody, (s.enzyme, s.gene)) == (antibody, MAHLER[antibody])
    assert s.source == "Mahler2014" and s.verified


@pytest.mark.parametrize("name", ["PL12", "anti-PL-12", "pl-12", " Anti PL 12 ", "anti_pl_12"])
def test_synthetase_spellings(name):
    assert synthetase(name).antibody == "PL-12"


def test_synthetase_alias_and_order():
    assert synthetase("YRS").antibody == "Ha"
    assert synthetase("JO1").antibody == "Jo-1"
    assert [s.antibody for s in synthetases()] == list(MAHLER)


@pytest.mark.parametrize("name", ["Ro52", "SRP", "PL-13", "", 12, None])
def test_synthetase_unknown_lists_valid(name):
    with pytest.raises(ValueError, match=r"antibody=.*valid: Jo-1, PL-7, PL-12, EJ, OJ, KS, Zo"):
        synthetase(name)


# --- Titres ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("1:160", 160), ("1/160", 160), ("160", 160), (" 1 : 80 ", 80), (160, 160), ("1:1", 1),
])
def test_parse_titre(text, value):
    assert parse_titre(text) == value


@pytest.mark.parametrize("bad", [
    "0", "1:0", 0, -160, "-160", "1:-160", "abc", "1:160.5", 160.0, True, None, "2:160", "1:",
    "1:99999999",
])
def test_parse_titre_rejects(bad):
    with pytest.raises(ValueError, match="titre"):
        parse_titre(bad)


def test_parse_titre_accepts_numpy_integers():
    import numpy as np

    assert parse_titre(np.int64(160)) == 160 and type(parse_titre(np.int64(160))) is int


def test_format_titre():
    assert format_titre(160) == "1:160" and format_titre("1/80") == "1:80"


@pytest.mark.parametrize("a,b,steps", [
    ("1:80", "1:160", 1), ("1:160", "1:80", -1), ("1:160", "1:160", 0), ("1:80", "1:2560", 5),
    (40, "1/1280", 5), ("1:2560", "1:80", -5),
])
def test_dilution_steps(a, b, steps):
    assert dilution_steps(a, b) == steps


@pytest.mark.parametrize("a,b", [("1:80", "1:100"), ("1:80", "1:240"), ("1:160", "1:100")])
def test_dilution_steps_rejects_non_doubling(a, b):
    with pytest.raises(ValueError, match="not on one doubling series"):
        dilution_steps(a, b)


@given(st.integers(1, 1000), st.integers(0, 12), st.integers(0, 12))
def test_dilution_steps_property(base, i, j):
    assert dilution_steps(base * 2**i, base * 2**j) == j - i


def test_doubling_series():
    # Doubling dilutions: 1:80 -> 1:160 -> ... -> 1:2560.
    assert doubling_series() == (80, 160, 320, 640, 1280, 2560)
    assert doubling_series("1:160", "1:160") == (160,)
    with pytest.raises(ValueError, match="stop"):
        doubling_series(160, 80)
    with pytest.raises(ValueError, match="doubling"):
        doubling_series(80, 1000)


# --- Line blot -------------------------------------------------------------------------------


@pytest.mark.parametrize("intensity,label", [
    (0, "negative"), (4.9, "negative"), (5, "negative"), (5.01, "borderline"),
    (5.5, "borderline"), (6, "borderline"), (10, "borderline"), (10.5, "+"), (11, "+"),
    (25, "+"), (25.5, "++"), (26, "++"), (50, "++"), (50.5, "+++"), (51, "+++"), (255, "+++"),
])
def test_line_blot_default_boundaries(intensity, label):
    # EUROLineScan classes (UNVERIFIED defaults 0-5/6-10/11-25/26-50/>50); the rule
    # for non-integers is "first class whose upper bound is not exceeded".
    assert line_blot_class(intensity) == label


def test_line_blot_defaults_exposed():
    assert DEFAULT_LINE_BLOT_CUTOFFS == (5, 10, 25, 50)
    assert LINE_BLOT_CLASSES == ("negative", "borderline", "+", "++", "+++")
    assert "UNVERIFIED" in line_blot_class.__doc__


def test_line_blot_custom_cutoffs():
    cut = (10, 20, 40, 80)
    assert [line_blot_class(x, cutoffs=cut) for x in (10, 10.1, 20, 40, 80, 81)] == [
        "negative", "borderline", "borderline", "+", "++", "+++"]
    assert line_blot_class(0, cutoffs=[0, 1, 2, 3]) == "negative"


@pytest.mark.parametrize("cutoffs,match", [
    ((5, 10, 25), "4 numbers"), ((5, 10, 25, 50, 60), "4 numbers"), ("5,10,25,50", "4 numbers"),
    ((10, 5, 25, 50), "strictly increasing"), ((5, 5, 25, 50), "strictly increasing"),
    ((-1, 10, 25, 50), r"cutoffs\[0\]"), ((5, 10, math.nan, 50), r"cutoffs\[2\]"),
    ((5, 10, 25, True), r"cutoffs\[3\]"),
])
def test_line_blot_bad_cutoffs(cutoffs, match):
    with pytest.raises(ValueError, match=match):
        line_blot_class(20, cutoffs=cutoffs)


@pytest.mark.parametrize("bad", [-0.1, math.nan, math.inf, "12", True, None])
def test_line_blot_bad_intensity(bad):
    with pytest.raises(ValueError, match="intensity"):
        line_blot_class(bad)


@given(st.floats(0, 1000), st.floats(0, 1000))
def test_line_blot_monotonic(a, b):
    lo, hi = sorted((a, b))
    order = LINE_BLOT_CLASSES.index
    assert order(line_blot_class(lo)) <= order(line_blot_class(hi))


# --- Bayes -----------------------------------------------------------------------------------


def test_post_test_hand_computed():
    # pretest 0.5, sens 0.9, spec 0.95: LR+ 18 -> odds 18 -> 18/19; LR- 0.105 -> 0.1/1.05.
    assert post_test_probability(pretest=0.5, sensitivity=0.9, specificity=0.95) == \
        pytest.approx(18 / 19)
    assert post_test_probability(pretest=0.5, sensitivity=0.9, specificity=0.95,
                                 positive=False) == pytest.approx(0.1 / 1.05)


def test_post_test_low_pretest():
    # A line-blot MSA in a patient without CTD/IIM features: low pretest, good specificity,
    # still mostly false positives (To 2020, BMC Rheumatol, doi:10.1186/s41927-020-00132-9).
    p = post_test_probability(pretest=0.01, sensitivity=0.5, specificity=0.98)
    assert p == pytest.approx(0.005 / (0.005 + 0.02 * 0.99))
    assert p < 0.25


def test_post_test_edges():
    assert post_test_probability(pretest=0.3, sensitivity=0.6, specificity=1) == 1.0
    assert post_test_probability(pretest=0.3, sensitivity=1, specificity=0.6,
                                 positive=False) == 0.0
    assert post_test_probability(pretest=0, sensitivity=0.9, specificity=0.9) == 0.0
    assert post_test_probability(pretest=1, sensitivity=0.9, specificity=0.9,
                                 positive=False) == 1.0
    # An uninformative test (LR = 1) leaves the probability unchanged.
    assert post_test_probability(pretest=0.3, sensitivity=0.7, specificity=0.3) == \
        pytest.approx(0.3)


@pytest.mark.parametrize("kwargs", [
    dict(pretest=0, sensitivity=0.9, specificity=1),
    dict(pretest=0.5, sensitivity=0, specificity=1),
    dict(pretest=1, sensitivity=1, specificity=0.9, positive=False),
    dict(pretest=0.5, sensitivity=1, specificity=0, positive=False),
])
def test_post_test_impossible_result(kwargs):
    with pytest.raises(ValueError, match="impossible"):
        post_test_probability(**kwargs)


@pytest.mark.parametrize("name", ["pretest", "sensitivity", "specificity"])
def test_post_test_percentage_hint(name):
    kwargs = {**dict(pretest=0.2, sensitivity=0.9, specificity=0.9), name: 90}
    with pytest.raises(ValueError, match=rf"{name}=90 .*percentage: divide by 100"):
        post_test_probability(**kwargs)


@pytest.mark.parametrize("bad", [-0.1, 1.5e3, math.nan, "0.5", True, None])
def test_post_test_bad_pretest(bad):
    with pytest.raises(ValueError, match="pretest"):
        post_test_probability(pretest=bad, sensitivity=0.9, specificity=0.9)


def test_post_test_positive_must_be_bool():
    with pytest.raises(ValueError, match="positive"):
        post_test_probability(pretest=0.2, sensitivity=0.9, specificity=0.9, positive="yes")


@given(st.floats(0.001, 0.999), st.floats(0.001, 0.999), st.floats(0.001, 0.999))
def test_post_test_equals_odds_times_lr(p, sens, spec):
    lr = likelihood_ratios(sensitivity=sens, specificity=spec)
    odds = p / (1 - p)
    for positive, ratio in ((True, lr.positive), (False, lr.negative)):
        post_odds = odds * ratio
        expected = post_odds / (1 + post_odds)
        got = post_test_probability(pretest=p, sensitivity=sens, specificity=spec,
                                    positive=positive)
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


@given(probability, probability, probability, st.booleans())
def test_post_test_in_unit_interval_or_error(p, sens, spec, positive):
    try:
        got = post_test_probability(pretest=p, sensitivity=sens, specificity=spec,
                                    positive=positive)
    except ValueError as err:
        assert "impossible" in str(err)
    else:
        assert 0 <= got <= 1


@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99), st.floats(0.01, 0.99))
def test_informative_positive_raises_probability(p, sens, spec):
    # A test with LR+ > 1 (sens > 1 - spec) never lowers the probability when positive.
    post = post_test_probability(pretest=p, sensitivity=sens, specificity=spec)
    if sens > 1 - spec:
        assert post >= p - 1e-12
    else:
        assert post <= p + 1e-12


def test_likelihood_ratios():
    # Brazilian healthy-donor HEp-2 study at 1:160: sens 82%, spec 73.7% (RevBrasReumatol2014).
    lr = likelihood_ratios(sensitivity=0.82, specificity=0.737)
    assert lr.positive == pytest.approx(0.82 / 0.263)
    assert lr.negative == pytest.approx(0.18 / 0.737)
    assert likelihood_ratios(sensitivity=0.5, specificity=1).positive == math.inf
    assert likelihood_ratios(sensitivity=0.5, specificity=0).negative == math.inf
    with pytest.raises(ValueError, match="0/0"):
        likelihood_ratios(sensitivity=0, specificity=1)
    with pytest.raises(ValueError, match="sensitivity=82 .*percentage"):
        likelihood_ratios(sensitivity=82, specificity=0.737)


# --- Data tables -----------------------------------------------------------------------------


def test_ars_distribution_table():
    # Pinal-Fernandez 2017, n = 169 (doi:10.1093/rheumatology/kex021).
    rows = read_table("ars_distribution")
    counts = {r["antibody"]: int(r["n"]) for r in rows}
    assert counts == {"Jo-1": 124, "PL-12": 23, "PL-7": 16, "EJ": 3, "OJ": 3}
    assert sum(counts.values()) == 169
    for r in rows:
        assert int(r["cohort_n"]) == 169 and r["source"] == "PinalFernandez2017"
        assert float(r["percent"]) == round(100 * int(r["n"]) / 169, 1)


def test_ars_phenotypes_table():
    # Marie 2012 (doi:10.1016/j.autrev.2012.01.006).
    rows = read_table("ars_phenotypes")
    assert set(rows[0]) >= {"feature", "group", "percent", "source", "verified"}
    got = {(r["feature"], r["group"]): float(r["percent"]) for r in rows}
    assert got[("interstitial lung disease", "PL-7/PL-12")] == 90
    assert got[("interstitial lung disease", "Jo-1")] == 68
    assert got[("joint involvement", "PL-7/PL-12")] == 40
    assert got[("joint involvement", "Jo-1")] == 63.3
    assert got[("cancer", "PL-7/PL-12")] == 5
    assert got[("cancer", "Jo-1")] == 13.3
    assert got[("myositis recurrence", "PL-7/PL-12")] == 19.4
    assert got[("myositis recurrence", "Jo-1")] == 65.9
    assert {r["source"] for r in rows} == {"Marie2012"}
    # Group sizes: Jo-1 75; PL-7 15 + PL-12 5 = 20 (n = 95).
    sizes = {r["group"]: int(r["group_size"]) for r in rows}
    assert sizes == {"PL-7/PL-12": 20, "Jo-1": 75}


@pytest.mark.parametrize("name", ["icap_patterns", "synthetases", "ars_phenotypes",
                                  "ars_distribution"])
def test_tables_have_source_and_verified(name):
    rows = read_table(name)
    assert rows
    for r in rows:
        assert r["source"] and " " not in r["source"]
        assert r["verified"] in {"true", "false"}


def test_calculator_imports_only_stdlib_and_units():
    import ast
    import sys

    tree = ast.parse(resources.files("casebook").joinpath("serology.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            assert top in sys.stdlib_module_names or name == "casebook.units", name
    assert serology.__name__ == "casebook.serology"
