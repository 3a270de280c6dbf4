"""Quiz banks: loading, validation errors, the grading rule and the book-wide audit."""

import ast
import re
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from casebook.quiz import BankError, grade, load_bank
from casebook.quiz.audit import audit_book, count_objectives, quiz_calls
from casebook.quiz.grading import grading_data, parse_number
from casebook.book import Book
from conftest import BOOK, ROOT, THE_BOOK

FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"
GOOD_FIXTURES = sorted(FIXTURES.glob("*.yml"))
BOOK_BANKS = sorted((BOOK / "quizzes").glob("*.yml"))
BASICS = FIXTURES / "fixture-basics.yml"


# --------------------------------------------------------------------------- every bank loads

def test_the_bank_list_is_not_vacuous():
    # The fixtures guarantee the parametrised test below always checks something; chapter
    # banks join it as they arrive.
    assert {p.name for p in GOOD_FIXTURES} >= {"fixture-basics.yml", "fixture-injection.yml"}


@pytest.mark.parametrize("path", BOOK_BANKS + GOOD_FIXTURES, ids=lambda p: p.name)
def test_every_bank_loads(path):
    bank = load_bank(path, book=THE_BOOK)
    assert bank.slug == path.stem
    assert bank.questions
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))
    keys = THE_BOOK.bib_keys()
    for q in bank.questions:
        assert q.source in keys
        assert q.objective >= 1
        if q.type == "single":
            assert sum(c.correct for c in q.choices) == 1
        elif q.type == "multiple":
            assert sum(c.correct for c in q.choices) >= 1
        else:
            assert q.tolerance >= 0 and q.feedback.low and q.feedback.high and q.feedback.correct
        assert all(c.feedback.strip() for c in q.choices)


def test_fixture_basics_loads_as_dataclasses():
    bank = load_bank(BASICS, book=THE_BOOK)
    assert bank.title == "Check your understanding"
    single, multiple, numeric = bank.questions
    assert (single.id, single.type, single.objective, single.source) == (
        "fixture-basics-iss", "single", 1, "Greipp2005")
    assert [c.text for c in single.choices] == ["Stage I", "Stage II", "Stage III"]
    assert [c.correct for c in multiple.choices] == [True, True, False]
    assert (numeric.answer, numeric.tolerance, numeric.unit) == (340.0, 5.0, "mg")
    assert numeric.feedback.high == "Too high; did you use 2.0 m²?"
    assert bank.question("fixture-basics-melphalan") is numeric
    with pytest.raises(KeyError, match="no-such-id"):
        bank.question("no-such-id")
    with pytest.raises(FrozenInstanceError):
        single.prompt = "changed"


# --------------------------------------------------------------------------- malformed fixtures

MALFORMED = [
    # file, line, question id (None: YAML-level), problem
    ("bad-yaml.yml", 5, None, "malformed YAML"),
    ("duplicate-key.yml", 7, None, "duplicate key 'prompt' (first on line 6)"),
    ("duplicate-id.yml", 13, "duplicate-id-dose", "duplicate id (first used on line 2)"),
    ("single-two-correct.yml", 2, "single-two-correct-stage",
     "exactly one correct choice, found 2"),
    ("multiple-none-correct.yml", 2, "multiple-none-correct-antibodies",
     "at least one correct choice, found 0"),
    ("missing-feedback.yml", 11, "missing-feedback-stage",
     "missing required field 'feedback' in choice 2"),
    ("unknown-source.yml", 2, "unknown-source-stage",
     "source 'Nobody1999' is not a key in book/references.bib"),
    ("numeric-bad.yml", 2, "numeric-bad-dose", "tolerance must be a finite number >= 0, got -5"),
    ("numeric-bad.yml", 11, "numeric-bad-dose",
     "missing required field 'high' in numeric feedback"),
    ("unknown-field.yml", 2, "unknown-field-stage", "unknown field 'feedbak'"),
    ("bad-objective.yml", 2, "bad-objective-stage", "objective must be a positive whole number"),
    ("wrong-prefix.yml", 2, "the-case-stage", "id must start with the bank's slug: 'wrong-prefix-"),
    ("missing-skill.yml", 2, "missing-skill-stage",
     "missing required field 'skill' (one of recall, calculation, interpretation, decision)"),
    ("unknown-skill.yml", 12, "unknown-skill-dose",
     "skill must be one of recall, calculation, interpretation, decision, got 'application'"),
]


@pytest.mark.parametrize("name, line, qid, problem", MALFORMED)
def test_malformed_fixture_names_file_line_id_and_problem(name, line, qid, problem):
    path = FIXTURES / "malformed" / name
    with pytest.raises(BankError) as caught:
        load_bank(path, book=THE_BOOK)
    message = str(caught.value)
    assert str(path) in message
    assert caught.value.path == path
    matching = [p for p in caught.value.problems if problem in p]
    assert matching, f"{problem!r} not in {caught.value.problems}"
    assert matching[0].startswith(f"line {line}")
    if qid:
        assert f"question {qid!r}" in matching[0]
    assert isinstance(caught.value, ValueError)


def test_every_malformed_fixture_is_covered():
    assert {p.name for p in (FIXTURES / "malformed").glob("*.yml")} == {m[0] for m in MALFORMED}


def test_all_problems_are_reported_at_once():
    with pytest.raises(BankError) as caught:
        load_bank(FIXTURES / "malformed" / "numeric-bad.yml", book=THE_BOOK)
    assert len(caught.value.problems) == 2


# --------------------------------------------------------------------------- schema, table-driven

def good_bank() -> dict:
    return yaml.safe_load(BASICS.read_text())


def _write(tmp_path: Path, data, name="fixture-basics.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def _set(path: list, value):
    def change(bank):
        target = bank
        for key in path[:-1]:
            target = target[key]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
    return change


@pytest.mark.parametrize("change, problem", [
    (_set(["questions", 0, "choices", 0, "text"], 2), "choice 1 'text' must be text, got 2"),
    (_set(["questions", 0, "choices", 0, "correct"], "yes"), "'correct' must be true or false"),
    (_set(["questions", 0, "choices"], [{"text": "a", "correct": True, "feedback": "b"}]),
     "at least two"),
    (_set(["questions", 0, "choices", 1, "text"], "Stage I"), "repeats the text 'Stage I'"),
    (_set(["questions", 0, "type"], "essay"), "type must be one of single, multiple, numeric"),
    (_set(["questions", 0, "objective"], True), "objective must be a positive whole number"),
    (_set(["questions", 0, "objective"], 1.5), "objective must be a positive whole number"),
    (_set(["questions", 0, "explanation"], KeyError), "missing required field 'explanation'"),
    (_set(["questions", 0, "prompt"], "  "), "'prompt' is empty"),
    (_set(["questions", 0, "id"], "Fixture_Basics"), "id must be kebab-case"),
    (_set(["questions", 0, "id"], KeyError), "question 1 has no text 'id'"),
    (_set(["questions", 0, "answer"], 3), "unknown field 'answer' in a single question"),
    (_set(["questions", 2, "choices"], []), "unknown field 'choices' in a numeric question"),
    (_set(["questions", 2, "answer"], "340"), "answer must be a finite number"),
    (_set(["questions", 2, "answer"], float("nan")), "answer must be a finite number"),
    (_set(["questions", 2, "tolerance"], float("inf")), "tolerance must be a finite number >= 0"),
    (_set(["questions", 2, "unit"], KeyError), "missing required field 'unit'"),
    (_set(["questions", 2, "feedback"], "Well done"), "numeric feedback must be a mapping"),
    (_set(["questions", 2, "feedback", "extra"], "x"), "unknown field 'extra' in numeric feedback"),
    (_set(["questions", 2, "slips"], []), "slips must be a non-empty list"),
    (_set(["questions", 2, "slips"], "200"), "slips must be a non-empty list"),
    (_set(["questions", 2, "slips", 0], 200), "slip 1 must be a mapping"),
    (_set(["questions", 2, "slips", 0, "answer"], "200"),
     "slip 1 answer must be a finite number, got '200'"),
    (_set(["questions", 2, "slips", 1, "tolerance"], -1),
     "slip 2 tolerance must be a finite number >= 0, got -1"),
    (_set(["questions", 2, "slips", 0, "feedback"], KeyError),
     "missing required field 'feedback' in slip 1"),
    (_set(["questions", 2, "slips", 0, "feedback"], " "), "slip 1 'feedback' is empty"),
    (_set(["questions", 2, "slips", 0, "why"], "x"), "unknown field 'why' in slip 1"),
    (_set(["questions", 0, "skill"], "Recall"),
     "skill must be one of recall, calculation, interpretation, decision, got 'Recall'"),
    (_set(["questions", 0, "skill"], None), "skill must be one of recall, calculation"),
    (_set(["questions", 2, "skill"], KeyError), "missing required field 'skill' (one of recall"),
    (_set(["title"], 3), "'title' must be text"),
    (_set(["author"], "me"), "unknown field 'author' in the bank"),
    (_set(["questions"], []), "'questions' must be a non-empty list"),
    (_set(["questions"], KeyError), "missing required field 'questions' in the bank"),
])
def test_schema_violations_are_named(tmp_path, change, problem):
    data = good_bank()
    change(data)
    with pytest.raises(BankError) as caught:
        load_bank(_write(tmp_path, data), book=THE_BOOK)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_skill_is_kept_on_the_question():
    single, multiple, numeric = load_bank(BASICS, book=THE_BOOK).questions
    assert (single.skill, multiple.skill, numeric.skill) == ("recall", "recall", "calculation")


def test_a_unitless_numeric_answer_is_allowed(tmp_path):
    data = good_bank()
    data["questions"][2]["unit"] = ""
    assert load_bank(_write(tmp_path, data), book=THE_BOOK).questions[2].unit == ""


def test_title_is_optional(tmp_path):
    data = good_bank()
    del data["title"]
    assert load_bank(_write(tmp_path, data), book=THE_BOOK).title == "Check your understanding"


def test_a_bank_file_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "fixture-basics.yml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(BankError, match="the bank must be a mapping"):
        load_bank(path, book=THE_BOOK)


def test_an_empty_file(tmp_path):
    path = tmp_path / "fixture-basics.yml"
    path.write_text("")
    with pytest.raises(BankError, match="missing required field 'questions'"):
        load_bank(path, book=THE_BOOK)


def test_validation_never_uses_assert():
    for module in ("bank", "grading", "markup", "html", "widget", "audit"):
        tree = ast.parse((ROOT / "src" / "casebook" / "quiz" / f"{module}.py").read_text())
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Assert)], module


def _imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / "src" / "casebook" / "quiz" / f"{module}.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module)
    return names


def test_the_bank_and_the_rule_know_nothing_of_html_or_widgets():
    assert _imports("bank") <= {"__future__", "math", "os", "re", "dataclasses", "pathlib",
                                "typing",
                                "yaml", "casebook.book", "casebook.filecache"}
    assert _imports("grading") <= {"__future__", "math", "re", "collections.abc", "dataclasses",
                                   "casebook.quiz.bank"}


# --------------------------------------------------------------------------- finding banks

def make_book(tmp_path: Path, banks: dict[str, dict],
              chapters: dict[str, str] | None = None) -> Path:
    """A minimal repository: _toc.yml, book/references.bib, book/quizzes/*.yml, chapters."""
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n")
    (tmp_path / "book" / "quizzes").mkdir(parents=True)
    (tmp_path / "book" / "references.bib").write_text((BOOK / "references.bib").read_text())
    for slug, data in banks.items():
        _write(tmp_path / "book" / "quizzes", data, f"{slug}.yml")
    for slug, text in (chapters or {}).items():
        (tmp_path / "book" / f"{slug}.md").write_text(text)
    return tmp_path


def renamed(data: dict, slug: str) -> dict:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    return yaml.safe_load(text.replace("fixture-basics-", f"{slug}-"))


def test_slug_resolves_under_book_quizzes_of_the_root(tmp_path):
    root = make_book(tmp_path, {"my-chapter": renamed(good_bank(), "my-chapter")})
    bank = load_bank("my-chapter", book=Book(root))
    assert bank.path == root / "book" / "quizzes" / "my-chapter.yml"
    assert bank.questions[0].id == "my-chapter-iss"


def test_a_book_is_its_root_folder_not_a_guess(tmp_path):
    root = make_book(tmp_path, {"my-chapter": renamed(good_bank(), "my-chapter")})
    assert Book.at(root / "book" / "..").bank("my-chapter").slug == "my-chapter"
    with pytest.raises(FileNotFoundError, match=r"has no _toc.yml.*use '\.\.'"):
        Book(root / "book")  # the content folder is not the book: nothing walks up


def test_unknown_slug_lists_the_banks(tmp_path):
    root = make_book(tmp_path, {"my-chapter": renamed(good_bank(), "my-chapter")})
    with pytest.raises(FileNotFoundError, match=r"no quiz bank for 'other'.*banks: my-chapter"):
        load_bank("other", book=Book(root))


def test_a_slug_must_be_kebab_case():
    with pytest.raises(ValueError, match="not kebab-case"):
        THE_BOOK.bank_path("My Chapter")


def test_bib_keys_reads_entry_keys_only(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@comment{Ignored,}\n@string{ jan = {January} }\n"
                   "@article{Greipp2005,\n title={x}}\n  @Book{ DuBois1916 ,\n}\n@misc(Key-2, x)\n")
    (tmp_path / "_toc.yml").write_text("root: book/intro\n")
    (tmp_path / "book").mkdir()
    bib.rename(tmp_path / "book" / "references.bib")
    assert Book(tmp_path).bib_keys() == {"Greipp2005", "DuBois1916", "Key-2"}


def test_the_real_bibliography_has_the_conventional_keys():
    assert {"Greipp2005", "Bubalo2014", "Mahler2014", "RuizEsquide2026"} <= THE_BOOK.bib_keys()


# --------------------------------------------------------------------------- the grading rule

@pytest.fixture(scope="module")
def basics():
    return load_bank(BASICS, book=THE_BOOK)


def test_single(basics):
    q = basics.questions[0]
    assert grade(q, 0).verdict == "correct" and grade(q, 0).correct
    wrong = grade(q, 1)
    assert wrong.verdict == "incorrect" and not wrong.correct
    assert wrong.selected == (1,) and wrong.feedback == (q.choices[1].feedback,)


def test_multiple_is_all_or_nothing_with_per_choice_feedback(basics):
    q = basics.questions[1]
    assert grade(q, [1, 0]).verdict == "correct"
    assert grade(q, {0}).verdict == "incomplete"
    assert grade(q, [0, 1, 2]).verdict == "incorrect"
    assert grade(q, [2]).verdict == "incorrect"
    result = grade(q, [2, 0])
    assert result.selected == (0, 2)
    assert result.feedback == (q.choices[0].feedback, q.choices[2].feedback)


# MEL200 for a BSA of 1.70 m2: 200 mg/m2 x 1.70 m2 = 340 mg; tolerance 5 mg.
@pytest.mark.parametrize("value, verdict", [
    (334.99, "low"), (335, "correct"), (335.0001, "correct"), (340, "correct"),
    (344.9999, "correct"), (345, "correct"), (345.01, "high"), (-340, "low"), (1e9, "high"),
    ("345", "correct"), (" 335.0 ", "correct"), ("345.01", "high"),
])
def test_numeric_edges_are_inclusive(basics, value, verdict):
    q = basics.questions[2]
    result = grade(q, value)
    assert result.verdict == verdict
    assert result.feedback == (getattr(q.feedback, verdict),)


def test_slips_are_kept_on_the_question(basics):
    q = basics.questions[2]
    assert [(s.answer, s.tolerance) for s in q.slips] == [(200.0, 5.0), (680.0, 10.0)]
    assert q.slips[1].feedback == "That is both transplants together; the question asks for one."


# The fixture's slips: 200 mg (the dose per m2; the question's tolerance, 5 mg) and 680 mg (both
# transplants; its own tolerance, 10 mg). Inside one, at its edges and just outside.
@pytest.mark.parametrize("value, verdict, slip", [
    (194.99, "low", None), (195, "low", 0), (200, "low", 0), (205, "low", 0),
    (205.01, "low", None), (669.99, "high", None), (670, "high", 1), (690, "high", 1),
    (690.01, "high", None), (340, "correct", None),
])
def test_a_slip_shows_its_own_feedback(basics, value, verdict, slip):
    q = basics.questions[2]
    result = grade(q, value)
    assert result.verdict == verdict  # a slip is still too low or too high, and scores nothing
    expected = getattr(q.feedback, verdict) if slip is None else q.slips[slip].feedback
    assert result.feedback == (expected,)


# The accepted range is 340 +/- 5 mg; a slip of 340 +/- 5 touches it when its answer is 10 away.
@pytest.mark.parametrize("answer, overlaps", [
    (329.99, False), (330, True), (340, True), (350, True), (350.01, False),
])
def test_a_slip_may_not_overlap_the_accepted_range(tmp_path, answer, overlaps):
    data = good_bank()
    data["questions"][2]["slips"][0]["answer"] = answer
    path = _write(tmp_path, data)
    if not overlaps:
        assert load_bank(path, book=THE_BOOK).questions[2].slips[0].answer == answer
        return
    with pytest.raises(BankError) as caught:
        load_bank(path, book=THE_BOOK)
    assert [p.split(": ", 1)[1] for p in caught.value.problems] == [  # after "line N: "
        f"question 'fixture-basics-melphalan': slip 1 ({answer:g} ± 5 mg) overlaps "
        "the accepted range (340 ± 5 mg): an answer in both would get two verdicts"]


# Slip 1 is 200 +/- 5 mg; a second slip with tolerance 0 touches it at 205.
@pytest.mark.parametrize("answer, overlaps", [(205.01, False), (205, True), (194.99, False)])
def test_slips_may_not_overlap_each_other(tmp_path, answer, overlaps):
    data = good_bank()
    data["questions"][2]["slips"][1].update(answer=answer, tolerance=0)
    problems = []
    try:
        load_bank(_write(tmp_path, data), book=THE_BOOK)
    except BankError as exc:
        problems = exc.problems
    assert [p.endswith(f"slip 2 ({answer:g} ± 0 mg) overlaps slip 1 (200 ± 5 mg): an answer in "
                       "both would get two verdicts") for p in problems] == [True] * overlaps


def test_float_edges_are_not_lost_to_binary_rounding(tmp_path):
    data = good_bank()
    data["questions"][2].update(answer=1.1, tolerance=0.1)
    q = load_bank(_write(tmp_path, data), book=THE_BOOK).questions[2]
    assert 1.1 - 1.0 > 0.1  # why the slack exists
    assert [grade(q, x).verdict for x in (1.0, 1.2, 0.999, 1.201)] == [
        "correct", "correct", "low", "high"]


def test_zero_tolerance_means_exact(tmp_path):
    data = good_bank()
    data["questions"][2]["tolerance"] = 0
    q = load_bank(_write(tmp_path, data), book=THE_BOOK).questions[2]
    assert [grade(q, x).verdict for x in (339.99, 340, 340.01)] == ["low", "correct", "high"]


@pytest.mark.parametrize("index, answer, message", [
    (0, None, "one choice index"), (0, 3, "out of range"), (0, -1, "out of range"),
    (0, True, "one choice index"), (0, [0, 1], "one choice index"), (1, [], "no choice selected"),
    (1, [0, "1"], "choice indices"), (1, "01", "choice indices"), (1, [3], "out of range"),
    (2, float("nan"), "finite number"),
    (2, "1,5", "finite number"), (2, None, "finite number"), (2, True, "finite number"),
])
def test_bad_answers_raise(basics, index, answer, message):
    with pytest.raises(ValueError, match=message):
        grade(basics.questions[index], answer)


@given(st.sets(st.integers(0, 2), min_size=1))
def test_multiple_is_correct_exactly_when_the_sets_match(selected):
    q = load_bank(BASICS, book=THE_BOOK).questions[1]
    truth = {i for i, c in enumerate(q.choices) if c.correct}
    verdict = grade(q, selected).verdict
    assert (verdict == "correct") == (selected == truth)
    assert (verdict == "incorrect") == bool(selected - truth)


@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_numeric_agrees_with_the_distance_rule(value):
    q = load_bank(BASICS, book=THE_BOOK).questions[2]
    verdict = grade(q, value).verdict
    distance = abs(value - q.answer)
    if distance <= q.tolerance:
        assert verdict == "correct"
    elif distance > q.tolerance + 1e-6:
        assert verdict == ("low" if value < q.answer else "high")


def test_grading_data_is_what_the_page_carries(basics):
    single, multiple, numeric = basics.questions
    assert grading_data(single) == {"type": "single", "correct": [True, False, False]}
    assert grading_data(multiple) == {"type": "multiple", "correct": [True, True, False]}
    data = grading_data(numeric)
    assert data["type"] == "numeric"
    assert 334.9999 < data["low"] < 335 and 345 < data["high"] < 345.0001


@pytest.mark.parametrize("text, value", [
    ("340", 340.0), ("+1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("5.", 5.0), ("\t7\n", 7.0),
    ("1,5", None), ("1,000", None), ("340 mg", None), ("", None), ("  ", None), ("1e3", None),
    ("٣", None), ("0x10", None), ("1.2.3", None), ("Infinity", None), ("nan", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


# --------------------------------------------------------------------------- the book audit

CHAPTER = """# A chapter

:::{admonition} Learning objectives
:class: tip
1. Stage the myeloma.
2. Dose the melphalan.
:::

```{code-cell} ipython3
book.quiz("SLUG")
```
"""


def six_questions(slug: str) -> dict:
    """A bank that meets the conventions: six questions, all three types, objectives 1-2."""
    data = renamed(good_bank(), slug)
    extra = [dict(q, id=f"{q['id']}-again") for q in data["questions"]]
    data["questions"] += extra
    return data


def test_audit_of_the_real_book_is_clean():
    assert audit_book(THE_BOOK) == []


def test_audit_accepts_a_good_tmp_book(tmp_path):
    root = make_book(tmp_path, {"staging": six_questions("staging")},
                     {"staging": CHAPTER.replace("SLUG", "staging")})
    assert audit_book(Book(root)) == []


def test_quiz_calls_scans_chapters(tmp_path):
    def cell(code):  # calls count in code cells (casebook.chapters), not in prose
        return f"```{{code-cell}} ipython3\n{code}```\n"

    root = make_book(tmp_path, {}, {
        "a": cell('x = 1\nbook.quiz("a")\n'), "b": cell("book.quiz( 'b-c' )\n"),
        "c": 'no quiz here, only its name: book.quiz("c")\n'})
    assert quiz_calls(root / "book") == {"a.md": ["a"], "b.md": ["b-c"], "c.md": []}


@pytest.mark.parametrize("banks, chapters, problem", [
    ({}, {"staging": CHAPTER.replace("SLUG", "staging")},
     "staging.md calls book.quiz('staging') but quizzes/staging.yml does not exist"),
    ({"staging": "six"}, {}, "quizzes/staging.yml is not used"),
    ({"staging": "six"}, {"staging": CHAPTER.replace("SLUG", "staging"),
                          "other": CHAPTER.replace("SLUG", "staging")},
     "other.md shows the quiz 'staging'; a chapter shows its own bank ('other')"),
    ({"staging": "basics"}, {"staging": CHAPTER.replace("SLUG", "staging")},
     "staging.yml: 3 questions (want at least 6)"),
    ({"staging": "six"}, {"staging": CHAPTER.replace("2. Dose the melphalan.\n", "")},
     "objective 2 but staging.md has 1 objectives"),
    ({"staging": "six"}, {"staging": CHAPTER.replace("2. Dose the melphalan.\n",
                                                     "2. Dose.\n3. Explain.\n")},
     "no question for objective(s) [3] of staging.md"),
    ({"staging": "six"}, {"staging": CHAPTER.replace("Learning objectives", "Goals")},
     "no 'Learning objectives' admonition"),
    ({"staging": "broken"}, {"staging": CHAPTER.replace("SLUG", "staging")},
     "source 'Nobody1999' is not a key"),
])
def test_audit_finds_each_problem(tmp_path, banks, chapters, problem):
    made = {"six": six_questions("staging"), "basics": renamed(good_bank(), "staging")}
    broken = six_questions("staging")
    broken["questions"][0]["source"] = "Nobody1999"
    made["broken"] = broken
    root = make_book(tmp_path, {slug: made[kind] for slug, kind in banks.items()}, chapters)
    problems = audit_book(Book(root))
    assert any(problem in p for p in problems), problems


def test_audit_finds_a_bank_without_a_numeric_question(tmp_path):
    data = six_questions("staging")
    data["questions"] = [q for q in data["questions"] if q["type"] != "numeric"]
    data["questions"] += [dict(q, id=q["id"] + "-x") for q in data["questions"]]
    root = make_book(tmp_path, {"staging": data}, {"staging": CHAPTER.replace("SLUG", "staging")})
    assert "staging.yml: no numeric question" in audit_book(Book(root))


def test_count_objectives():
    assert count_objectives(CHAPTER) == 2
    assert count_objectives("# No objectives") is None
    backticks = re.sub(r":::", "```", CHAPTER, count=2)
    assert count_objectives(backticks) == 2
