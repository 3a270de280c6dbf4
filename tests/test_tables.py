"""casebook.tables: loading, the case builders, and every data table's sources.

The source checks glob ``src/casebook/data/*.csv`` (literature tables any case may use) and
``book/data/*.csv`` (the case's own tables), so tables added later are covered without editing
this file. Bibliography keys are read from ``book/references.bib`` with a regex.
"""

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from casebook import tables
from conftest import THE_BOOK

case = THE_BOOK.case

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "casebook" / "data"
BIB = ROOT / "book" / "references.bib"
CSV_FILES = sorted(DATA.glob("*.csv"))
CASE_CSV_FILES = sorted(THE_BOOK.data.glob("*.csv"))
NOT_ENTRIES = {"comment", "string", "preamble"}


def bib_keys(text: str) -> set[str]:
    """Keys of ``@type{Key,`` entries (not @comment/@string/@preamble)."""
    found = re.findall(r"^\s*@(\w+)\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE)
    return {key for kind, key in found if kind.lower() not in NOT_ENTRIES}


@pytest.fixture(scope="module")
def keys() -> set[str]:
    return bib_keys(BIB.read_text(encoding="utf-8"))


def split_sources(cell) -> list[str]:
    """A source cell may hold several keys separated by ';' (or ',')."""
    return [k.strip() for k in re.split(r"[;,]", str(cell)) if k.strip()]


def test_bib_key_parser():
    text = "@article{Greipp2005,\n title={x}}\n@comment{ignore,}\n  @Book{ DuBois1916 ,\n"
    assert bib_keys(text) == {"Greipp2005", "DuBois1916"}
    assert split_sources("Greipp2005; Palumbo2015") == ["Greipp2005", "Palumbo2015"]


def test_there_are_tables_to_check():
    assert len(CSV_FILES) >= 1
    assert sorted(p.stem for p in CSV_FILES) == tables.available_tables()


@pytest.mark.parametrize("path", CSV_FILES + CASE_CSV_FILES, ids=lambda p: p.name)
def test_every_table_has_a_source_column(path):
    # The convention: every data CSV carries a `source` column of bib keys.
    assert "source" in pd.read_csv(path).columns, f"{path.name} has no source column"


@pytest.mark.parametrize("path", CSV_FILES + CASE_CSV_FILES, ids=lambda p: p.name)
def test_sources_are_non_empty_bib_keys(path, keys):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "source" not in df.columns:
        pytest.fail(f"{path.name} has no source column")
    assert len(df) > 0, f"{path.name} has no rows"
    for line, cell in enumerate(df["source"], start=2):
        cited = split_sources(cell)
        assert cited, f"{path.name} line {line}: empty source"
        missing = [k for k in cited if k not in keys]
        assert not missing, f"{path.name} line {line}: {missing} not in book/references.bib"


def test_case_source_is_in_bibliography(keys):
    assert case.source_key() in keys


# --- load_table ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [p.stem for p in CSV_FILES])
def test_load_table_reads_each_csv(name):
    df = tables.load_table(name)
    assert isinstance(df, pd.DataFrame) and len(df) > 0
    assert df.equals(pd.read_csv(DATA / f"{name}.csv"))


@pytest.mark.parametrize("bad", ["nope", "synthetases.csv", "../pyproject", "", None, 3])
def test_load_table_unknown_name_lists_available(bad):
    with pytest.raises(ValueError, match=r"no table .*available: .*synthetases"):
        tables.load_table(bad)


# --- case builders -------------------------------------------------------------------------------


def test_case_facts_table_matches_case_facts():
    t = tables.case_facts_table(case)
    assert list(t.index) == [f.id for f in case.facts()]
    assert t.loc["iss", "value"] == "1"
    assert t.loc["r_iss", "value"] == "2"
    assert t.loc["episodes_per_year", "value"] == "3-4"
    assert t.loc["antibodies", "value"] == "Ro52, PL-12"
    assert t.loc["xray_erosions", "value"] == "no"
    assert t.loc["conditioning", "unit"] == "mg/m2"
    assert set(t["source"]) == {"RuizEsquide2026"}
    for fid, raw in t["value_json"].items():
        assert json.loads(raw) == case.fact(fid).value


def test_case_facts_table_by_domain():
    t = tables.case_facts_table(case, domain="haematology")
    assert "iss" in t.index and "age" not in t.index
    assert set(t["domain"]) == {"haematology"}
    with pytest.raises(ValueError, match="domain must be one of"):
        tables.case_facts_table(case, domain="cardiology")


def test_case_timeline_table():
    t = tables.case_timeline_table(case)
    assert list(t["id"]) == [e.id for e in case.timeline()]
    assert list(t.columns) == ["id", "month", "approx_month", "kind", "event", "quote", "source"]
    dated = tables.case_timeline_table(case, dated_only=True)
    assert "induction_cr" not in set(dated["id"]) and "last_flare" in set(dated["id"])
    assert (dated["approx_month"] != "").all()
    assert dated.set_index("id").loc["last_follow_up", "month"] == "2025-07"
    with pytest.raises(ValueError, match="dated_only"):
        tables.case_timeline_table(case, dated_only="yes")


def test_the_case_reads_its_own_tables_from_the_book():
    """Tables about this case (its line blot, its teaching model's scenarios, its row of the
    depletion comparison) live in book/data/; the package ships only literature tables."""
    assert {"case_line_blot", "autoantibody_model_scenarios", "case_depletion"} <= {
        p.stem for p in CASE_CSV_FILES}
    assert not {p.stem for p in CSV_FILES} & {p.stem for p in CASE_CSV_FILES}
    scenarios = THE_BOOK.table("autoantibody_model_scenarios")
    assert case.source_key() in set(scenarios["source"])
    for path in CSV_FILES:
        assert case.source_key() not in path.read_text(encoding="utf-8"), \
            f"{path.name} cites the case letter: move it to book/data/"


def test_every_bib_key_is_defined_once():
    """Two helpers adding the same paper twice is a build warning; catch it before the build."""
    keys = re.findall(r"^\s*@\s*\w+\s*[{(]\s*([^,\s]+)\s*,", BIB.read_text(encoding="utf-8"), re.M)
    assert sorted(k for k in set(keys) if keys.count(k) > 1) == []
