"""Exports (issue 15): the banks as an Anki deck, a QTI 1.2 zip (Canvas) and Moodle XML.

Each file is read back by a real consumer where one installs here: the deck is imported into a
fresh collection with Anki's own library (``anki``, pinned in pyproject.toml); the QTI zip and the
Moodle XML are parsed and compared with the banks question by question. Bad input fails
``python -m casebook.exports`` naming the bank, the question and the reason, and leaves no file
changed or half-written.
"""

import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest

from casebook.exports import FILES, ExportError, book_banks, book_title, write_exports
from casebook.exports import moodle as moodle_export
from casebook.exports.text import mathjax, rich
from casebook.quiz.html import LETTERS, number_text
from conftest import ROOT

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"


@pytest.fixture(scope="module")
def items():
    return book_banks(ROOT)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return write_exports(ROOT, tmp_path_factory.mktemp("exports"))


def import_deck(collection_path: Path, package: Path):
    col = Collection(str(collection_path))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(package), options=ImportAnkiPackageOptions()))
        notes = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            cards = note.cards()
            notes[note["Id"]] = {
                "guid": note.guid, "fields": dict(note.items()), "tags": set(note.tags),
                "decks": {col.decks.name(card.did) for card in cards}, "cards": len(cards),
                "question": [card.question() for card in cards],
            }
        return notes
    finally:
        col.close()


def all_questions(items):
    return [(item, q) for item in items for q in item.bank.questions]


def has_math(text: str) -> bool:
    return bool(re.search(r"(?<!\\)\$", text))


# --------------------------------------------------------------------------- Anki

def test_book_deck_imports_into_a_fresh_anki_collection_one_note_per_question(
        tmp_path, items, exported):
    notes = import_deck(tmp_path / "c.anki2", exported["book_deck"])
    questions = all_questions(items)
    assert len(questions) >= 60  # the banks of the book (62 when issue 15 was filed)
    assert set(notes) == {q.id for _, q in questions}
    title = book_title(ROOT)
    for item, q in questions:
        note = notes[q.id]
        assert note["guid"] == genanki.guid_for("casebook", q.id)
        assert note["cards"] == 1
        assert note["decks"] == {f"{title}::{item.number}. {item.chapter.title}"}
        assert f"casebook::{item.slug}" in note["tags"]
        front, back = note["fields"]["Question"], note["fields"]["Answer"]
        assert rich(q.prompt) in front
        assert rich(q.explanation) in back
        assert "Source: " in back
        if q.type == "numeric":
            assert f"Answer: {number_text(q.answer)}" in back
            if q.tolerance:
                assert f"{number_text(q.answer - q.tolerance)} to " in back
            for slip in q.slips:  # Anki does not grade: the back says what each slip means
                assert f"If your answer was {number_text(slip.answer)}" in back
                assert rich(slip.feedback) in back
        else:
            keyed = [f"{LETTERS[i]}." for i, c in enumerate(q.choices) if c.correct]
            answer_line = re.search(r'<p class="casebook-answer">(.*?)</p>', back).group(1)
            assert re.findall(r"\b([A-Z])\. ", answer_line) == [k[0] for k in keyed]
            for index in range(len(q.choices)):
                assert f"<li>{LETTERS[index]}. " in front
            assert ("Choose all that apply." in front) == (q.type == "multiple")
        # The card Anki renders shows the chapter and the prompt.
        assert item.chapter.title in note["question"][0]


def test_math_leaves_the_banks_as_mathjax_which_anki_renders(tmp_path, items, exported):
    notes = import_deck(tmp_path / "c.anki2", exported["book_deck"])
    with_math = [(q, f) for _, q in all_questions(items)
                 for f in (q.prompt, q.explanation, *(c.text for c in q.choices)) if has_math(f)]
    assert with_math, "the banks have math: this test must see some"
    for q, text in with_math:
        for latex in re.findall(r"(?<!\\)\$((?:\\.|[^$\\\n])+?)\$", text):
            shown = mathjax(latex)
            fields = notes[q.id]["fields"]
            assert shown in fields["Question"] + fields["Answer"], (q.id, latex)
    every_field = "".join(v for n in notes.values() for v in n["fields"].values())
    assert "<math" not in every_field and not has_math(every_field.replace("\\$", ""))


def test_a_newer_deck_updates_the_notes_instead_of_adding_copies(tmp_path, exported):
    collection = tmp_path / "c.anki2"
    first = import_deck(collection, exported["book_deck"])
    root = copy_book(tmp_path / "book-v2")
    bank = root / "book" / "quizzes" / "the-case.yml"
    bank.write_text(bank.read_text().replace(
        "How many months\n      apart were they?", "How many months apart were they (v2)?"))
    time.sleep(1.1)  # Anki keeps the newer note; genanki stamps notes to the second
    newer = write_exports(root, tmp_path / "out-v2")
    second = import_deck(collection, newer["book_deck"])
    assert set(second) == set(first) and len(second) == len(first)
    assert "(v2)?" in second["the-case-tandem-interval"]["fields"]["Question"]
    assert "(v2)?" not in first["the-case-tandem-interval"]["fields"]["Question"]


def test_each_chapter_deck_holds_its_chapter_in_the_same_subdeck_as_the_book_deck(
        tmp_path, items, exported):
    collection = tmp_path / "c.anki2"
    for item in items:
        notes = import_deck(collection, exported[f"chapter_deck:{item.slug}"])
        mine = {q.id for q in item.bank.questions}
        assert mine <= set(notes)
        assert {d for qid in mine for d in notes[qid]["decks"]} == {
            f"{book_title(ROOT)}::{item.number}. {item.chapter.title}"}
    # Chapter decks one after another, then the whole book: still one note per question.
    assert len(import_deck(collection, exported["book_deck"])) == len(all_questions(items))


# --------------------------------------------------------------------------- QTI (Canvas)

def qti_items(path: Path) -> dict[str, list[ET.Element]]:
    with zipfile.ZipFile(path) as archive:
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        out = {}
        for resource in manifest.iter(f"{CP}resource"):
            assert resource.get("type") == "imsqti_xmlv1p2"
            href = resource.find(f"{CP}file").get("href")
            doc = ET.fromstring(archive.read(href))
            assessment = doc.find(f"{QTI}assessment")
            out[assessment.get("title")] = list(assessment.iter(f"{QTI}item"))
        return out


def meta(item, label):
    for field in item.iter(f"{QTI}qtimetadatafield"):
        if field.findtext(f"{QTI}fieldlabel") == label:
            return field.findtext(f"{QTI}fieldentry")
    return None


def scoring_condition(item):
    conds = [c for c in item.iter(f"{QTI}respcondition") if c.find(f"{QTI}setvar") is not None]
    assert len(conds) == 1
    assert conds[0].findtext(f"{QTI}setvar") == "100" and conds[0].get("continue") == "No"
    return conds[0].find(f"{QTI}conditionvar")


def test_qti_package_parses_back_to_the_banks_question_by_question(items, exported):
    assert any(q.slips for item in items for q in item.bank.questions)  # slips are checked
    found = qti_items(exported["qti"])
    assert list(found) == [item.label() for item in items]  # one quiz per chapter, in order
    idents = []
    for item in items:
        elements = found[item.label()]
        assert [e.get("ident") for e in elements] == [q.id for q in item.bank.questions]
        for element, q in zip(elements, item.bank.questions):
            kind = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
                    "numeric": "numerical_question"}[q.type]
            assert meta(element, "question_type") == kind
            text = element.find(f"{QTI}presentation/{QTI}material/{QTI}mattext")
            assert text.get("texttype") == "text/html" and rich(q.prompt) in text.text
            feedback = {f.get("ident"): f.findtext(f".//{QTI}mattext")
                        for f in element.iter(f"{QTI}itemfeedback")}
            assert rich(q.explanation) in feedback["general_fb"]
            cond = scoring_condition(element)
            if q.type == "numeric":
                assert element.find(f".//{QTI}render_fib").get("fibtype") == "Decimal"
                equal = cond.find(f"{QTI}or/{QTI}varequal")
                assert float(equal.text) == q.answer and equal.get("margintype") == "absolute"
                assert float(equal.get("margin")) == q.tolerance
                assert float(cond.findtext(f"{QTI}or/{QTI}and/{QTI}vargte")) == pytest.approx(
                    q.answer - q.tolerance)
                assert float(cond.findtext(f"{QTI}or/{QTI}and/{QTI}varlte")) == pytest.approx(
                    q.answer + q.tolerance)
                assert rich(q.feedback.correct) in feedback["correct_fb"]
                assert rich(q.feedback.low) in feedback["general_incorrect_fb"]
                assert rich(q.feedback.high) in feedback["general_incorrect_fb"]
                for slip in q.slips:  # QTI 1.2 in Canvas has one text for every wrong answer
                    assert (f"If your answer was {number_text(slip.answer)}"
                            in feedback["general_incorrect_fb"])
                    assert rich(slip.feedback) in feedback["general_incorrect_fb"]
                continue
            lid = element.find(f".//{QTI}response_lid")
            assert lid.get("rcardinality") == ("Single" if q.type == "single" else "Multiple")
            labels = [r.get("ident") for r in lid.iter(f"{QTI}response_label")]
            idents += labels
            assert len(labels) == len(q.choices)
            for label, choice in zip(labels, q.choices):
                mattext = lid.find(f".//{QTI}response_label[@ident='{label}']//{QTI}mattext")
                assert mattext.text == rich(choice.text).removeprefix("<p>").removesuffix("</p>")
                assert rich(choice.feedback) in feedback[f"{label}_fb"]
            keyed = {labels[i] for i, c in enumerate(q.choices) if c.correct}
            if q.type == "single":
                assert {v.text for v in cond.iter(f"{QTI}varequal")} == keyed
            else:
                positive = {v.text for v in cond.findall(f"{QTI}and/{QTI}varequal")}
                negative = {v.text for v in cond.findall(f"{QTI}and/{QTI}not/{QTI}varequal")}
                assert positive == keyed and negative == set(labels) - keyed
    assert len(idents) == len(set(idents))  # Canvas wants identifiers unique in a package


# --------------------------------------------------------------------------- Moodle XML

def test_moodle_xml_parses_back_to_the_banks_question_by_question(items, exported):
    assert any(q.slips for item in items for q in item.bank.questions)  # slips are checked
    quiz = ET.parse(exported["moodle"]).getroot()
    assert quiz.tag == "quiz"
    chapters, current = {}, None
    for question in quiz.findall("question"):
        if question.get("type") == "category":
            current = question.findtext("category/text")
            chapters[current] = []
        else:
            chapters[current].append(question)
    title = book_title(ROOT)
    assert list(chapters) == [f"$course$/top/{title}/{i.label()}" for i in items]
    for item, elements in zip(items, chapters.values()):
        assert [e.findtext("name/text") for e in elements] == [q.id for q in item.bank.questions]
        for element, q in zip(elements, item.bank.questions):
            assert element.findtext("idnumber") == q.id
            assert rich(q.prompt) in element.findtext("questiontext/text")
            assert rich(q.explanation) in element.findtext("generalfeedback/text")
            answers = element.findall("answer")
            if q.type == "numeric":
                assert element.get("type") == "numerical"
                right, *slips, rest = answers
                assert right.get("fraction") == "100"
                assert float(right.findtext("text")) == q.answer
                assert float(right.findtext("tolerance")) == q.tolerance
                assert rich(q.feedback.correct) in right.findtext("feedback/text")
                assert len(slips) == len(q.slips)  # Moodle takes the first answer that matches
                for answer, slip in zip(slips, q.slips):
                    assert answer.get("fraction") == "0"
                    assert float(answer.findtext("text")) == slip.answer
                    assert float(answer.findtext("tolerance")) == slip.tolerance
                    assert rich(slip.feedback) in answer.findtext("feedback/text")
                assert rest.findtext("text") == "*" and rest.get("fraction") == "0"
                assert rich(q.feedback.low) in rest.findtext("feedback/text")
                continue
            assert element.get("type") == "multichoice"
            assert element.findtext("single") == ("true" if q.type == "single" else "false")
            assert len(answers) == len(q.choices)
            fractions = [float(a.get("fraction")) for a in answers]
            for answer, choice, fraction in zip(answers, q.choices, fractions):
                assert answer.get("fraction") in moodle_export.GRADES + ("-100",)
                assert answer.findtext("text") == rich(choice.text)[3:-4]
                assert rich(choice.feedback) in answer.findtext("feedback/text")
                assert (fraction > 0) == choice.correct
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=1e-3)


# --------------------------------------------------------------------------- bad input

def copy_book(root: Path) -> Path:
    """The book's sources that exports read (toc, config, chapters, banks, bibliography)."""
    (root / "book").mkdir(parents=True)
    for name in ("_toc.yml", "_config.yml"):
        shutil.copy(ROOT / name, root / name)
    for md in (ROOT / "book").glob("*.md"):
        shutil.copy(md, root / "book" / md.name)
    shutil.copy(ROOT / "book" / "references.bib", root / "book" / "references.bib")
    shutil.copytree(ROOT / "book" / "quizzes", root / "book" / "quizzes")
    return root


ELEVEN = "\n".join(f"""      - text: Option {n}
        correct: true
        feedback: Yes, {n}.""" for n in range(1, 12))
ELEVEN_CORRECT = f"""
  - id: synthesis-eleven
    type: multiple
    objective: 1
    skill: recall
    prompt: Pick all eleven.
    choices:
{ELEVEN}
      - text: Not this one
        correct: false
        feedback: No.
    explanation: All eleven are right.
    source: RuizEsquide2026
"""


def run_exports(root: Path, out: Path):
    return subprocess.run([sys.executable, "-m", "casebook.exports", "--root", str(root),
                           "--out", str(out)], capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("case", ["eleven-correct", "bad-math"])
def test_an_unmappable_question_fails_naming_it_and_changes_no_file(tmp_path, case):
    root = copy_book(tmp_path / "book")
    out = tmp_path / "out"
    assert run_exports(root, out).returncode == 0
    before = snapshot(out)
    assert set(before) >= {FILES["book_deck"], FILES["qti"], FILES["moodle"]}
    bank = root / "book" / "quizzes" / "synthesis.yml"
    if case == "eleven-correct":
        bank.write_text(bank.read_text().rstrip("\n") + "\n" + ELEVEN_CORRECT)
        qid, reason = "synthesis-eleven", "cannot export to Moodle XML: 11 correct choices"
    else:
        text = bank.read_text()
        qid = re.findall(r"id: (synthesis-[a-z0-9-]+)", text[:text.index("prompt: >-")])[-1]
        bank.write_text(text.replace("prompt: >-", "prompt: >-\n      Broken $\\frac{1}{$ math.",
                                     1))
        reason = "cannot export to Anki: cannot render the math $\\frac{1}{$"
    proc = run_exports(root, out)
    assert proc.returncode == 1
    assert f"{bank}: question '{qid}': {reason}" in proc.stderr
    assert snapshot(out) == before  # nothing half-written, nothing replaced, no temp files
    with pytest.raises(ExportError) as caught:
        write_exports(root, tmp_path / "fresh")
    assert caught.value.question.id == qid
    assert not [p for p in (tmp_path / "fresh").rglob("*") if p.is_file()]


def test_unchanged_inputs_leave_the_files_alone_and_a_changed_bank_rewrites_them(tmp_path):
    root = copy_book(tmp_path / "book")
    out = tmp_path / "out"
    write_exports(root, out)
    deck = out / FILES["book_deck"]
    first = deck.stat().st_mtime_ns
    time.sleep(0.05)
    write_exports(root, out)  # nothing changed: a rebuild does not pay for the exports again
    assert deck.stat().st_mtime_ns == first
    bank = root / "book" / "quizzes" / "synthesis.yml"
    bank.write_text(bank.read_text().replace("prompt: >-", "prompt: >-\n      Reworded.", 1))
    write_exports(root, out)
    assert deck.stat().st_mtime_ns > first
    deck.unlink()  # a missing file is written again even when nothing changed
    write_exports(root, out)
    assert deck.is_file()


def test_a_prose_edit_leaves_the_files_alone_and_a_new_title_rewrites_them(tmp_path):
    """The exports hold each chapter's title and objectives, not its prose: editing a paragraph
    (the author's loop) must not cost a rewrite; retitling the chapter must."""
    root = copy_book(tmp_path / "book")
    out = tmp_path / "out"
    write_exports(root, out)
    deck = out / FILES["book_deck"]
    first = deck.stat().st_mtime_ns
    chapter = root / "book" / "synthesis.md"
    text = chapter.read_text()
    chapter.write_text(text.replace("\n## ", "\nA new sentence of prose.\n\n## ", 1))
    time.sleep(0.05)
    write_exports(root, out)
    assert deck.stat().st_mtime_ns == first
    title = next(line for line in text.splitlines() if line.startswith("# "))
    chapter.write_text(chapter.read_text().replace(title, title + " (revised)", 1))
    write_exports(root, out)
    assert deck.stat().st_mtime_ns > first
    assert "(revised)" in {i.chapter.title[-9:] for i in book_banks(root)}


def test_exported_files_are_readable_by_a_web_server(exported):
    for path in exported.values():
        assert os.stat(path).st_mode & 0o044 == 0o044, path


PAGE_BANK = "questions:" + ELEVEN_CORRECT.replace("synthesis-eleven", "page-eleven")


@pytest.mark.book
def test_the_book_build_fails_on_an_unmappable_question_naming_it(tmp_path):
    from conftest import build_book
    from test_build import _tiny_book

    root = _tiny_book(tmp_path, "# Page\n\n```{code-cell} ipython3\nfrom casebook.book import Book"
                                "\nBook.at('..').quiz('page')\n```\n")
    (root / "book" / "quizzes").mkdir()
    (root / "book" / "quizzes" / "page.yml").write_text(PAGE_BANK)
    result = build_book(root)
    assert result.returncode != 0
    assert "question 'page-eleven': cannot export to Moodle XML: 11 correct choices" in (
        result.output)
    assert not (result.html / "_exports").exists() or not any(
        p.is_file() for p in (result.html / "_exports").rglob("*"))
