"""Walk files: the four walks of the book load; malformed walks fail with messages that name
the file, the line, the stage (and task) and the field."""

import re
from pathlib import Path

import pytest

from casebook.walk import WalkError, load_walk
from conftest import ROOT, THE_BOOK

FIXTURES = ROOT / "tests" / "fixtures" / "walks"
WALKS = ("the-case", "anti-synthetase-syndrome", "transplant-rationale", "synthesis")


@pytest.mark.parametrize("slug", WALKS)
def test_the_book_walks_load_and_cite_only_bib_keys(slug):
    walk = THE_BOOK.walk(slug).spec
    keys = THE_BOOK.bib_keys()
    assert walk.stages
    for stage in walk.stages:
        for task in stage.tasks:
            assert set(task.source) <= keys
            assert all(set(o.source) <= keys for o in task.options)


def test_the_case_walk_is_the_disclosure_plan():
    """Six stages in the clinicians' order, revealing every case fact exactly once."""
    walk = THE_BOOK.walk("the-case").spec
    assert [s.id for s in walk.stages] == ["presentation", "findings", "antibodies",
                                           "second-diagnosis", "treatment", "outcome"]
    revealed = [f for s in walk.stages for f in s.reveals]
    assert sorted(revealed) == sorted(f.id for f in THE_BOOK.case.facts())


def test_the_chapter_reads_its_steps_from_the_walk():
    text = (ROOT / "book" / "the-case.md").read_text(encoding="utf-8")
    assert 'book.walk("the-case")' in text
    assert '"1 Presentation": [' not in text  # the old STEPS literal is gone


def test_a_missing_walk_lists_the_walks():
    with pytest.raises(FileNotFoundError, match=r"no walk 'nope'.*walks: anti-synthetase"):
        load_walk("nope", book=THE_BOOK)


def test_the_fixture_walk_loads():
    walk = load_walk(FIXTURES / "fixture-walk.yml", book=THE_BOOK)
    assert [s.id for s in walk.stages] == ["first", "second"]
    assert walk.stage("first").tasks[1].must_not_miss == ("y",)
    with pytest.raises(KeyError, match="no stage 'third'"):
        walk.stage("third")


MALFORMED = {
    "unknown-fact": [r"line \d+: stage 'second': field 'reveals': 'no_such_fact' is not a fact "
                     r"id of case\.yml"],
    "unknown-source": [r"line \d+: stage 'second' task 'next': source 'Nobody1999' is not in "
                       r"references\.bib"],
    "bad-kind": [r"line \d+: stage 'second' task 1: field 'kind' must be one of problem, "
                 r"differential, next-step, got 'next-test'"],
    "missing-field": [r"line \d+: stage 'first' task 2: field 'prompt' is missing"],
    "unknown-field": [r"line \d+: stage 1: unknown field 'teaching_notes'"],
    "expert-not-option": [r"stage 'second' task 'next': field 'expert' must be one option id, "
                          r"got 'great'"],
    "ranking-not-option": [r"stage 'first' task 'ddx': field 'expert': 'q' is not an option id"],
    "too-many-ranked": [r"stage 'first' task 'ddx': field 'expert' must rank 1 to 5 options"],
    "duplicate-stage": [r"stage 2: duplicate id 'first'"],
    "bad-scoring": [r"walk scoring: field 'right_at' must be in \(0, 1\]"],
    "duplicate-key": [r"line 3, column 1: malformed YAML: .*duplicate key 'title'"],
}


def test_every_malformed_fixture_is_checked():
    assert {p.stem for p in (FIXTURES / "malformed").glob("*.yml")} == set(MALFORMED)


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_walks_name_file_stage_and_field(name):
    path = FIXTURES / "malformed" / f"{name}.yml"
    with pytest.raises(WalkError) as caught:
        load_walk(path, book=THE_BOOK)
    message = str(caught.value)
    assert str(path) in message
    for pattern in MALFORMED[name]:
        assert any(re.search(pattern, p) for p in caught.value.problems), \
            (pattern, caught.value.problems)


def test_a_problem_with_no_features_and_a_lone_option_are_refused(tmp_path):
    text = (FIXTURES / "fixture-walk.yml").read_text()
    text = text.replace("          - {id: bad, text: \"The bad step\", consequence: \"Harms.\", "
                        "source: [RuizEsquide2026]}\n", "")
    path = Path(tmp_path) / "lone.yml"
    path.write_text(text)
    with pytest.raises(WalkError, match=r"stage 'second' task 'next': field 'options' must be a "
                                        r"list of at least 2"):
        load_walk(path, book=THE_BOOK)


def test_every_walk_is_shown_in_its_chapter():
    """walks/<slug>.yml is shown by book.walk("<slug>") in <slug>.md, in a remove-input cell."""
    for path in sorted(THE_BOOK.walks.glob("*.yml")):
        chapter = (ROOT / "book" / f"{path.stem}.md").read_text(encoding="utf-8")
        call = f'book.walk("{path.stem}")'
        assert call in chapter, path.name
        cell = chapter[:chapter.index(call)].rsplit("```{code-cell}", 1)[1]
        assert ":tags: [remove-input]" in cell, path.name
