"""``casebook.teaching``: the instructor guide's data agrees with the book, and its tables.

``guide_problems`` is the drift check: a heading renamed in a chapter, a chapter objective added,
a session whose minutes stop adding up, all fail here with a message that says what to fix in
``book/instructor-guide.yml``.
"""

import re
import shutil

import pytest
import yaml

from casebook.quiz import load_bank
from casebook.book import Book
from casebook.teaching import (answer_key_html, chapter_info, chapters, guide_problems,
                               load_guide, objective_map_html, section_anchor,
                               session_plan_html, skill_mix_text)
from conftest import BOOK, ROOT, THE_BOOK
from test_structure import chapter_slugs


def test_the_guide_agrees_with_the_book():
    assert guide_problems(THE_BOOK) == []


def test_chapters_are_the_toc_pages_with_a_quiz():
    assert [c.slug for c in chapters(THE_BOOK)] == chapter_slugs()


def test_the_sessions_last_45_and_90_minutes():
    guide = load_guide(THE_BOOK)
    assert [s.minutes for s in guide.sessions] == [45, 90]
    for session in guide.sessions:
        assert any(step.quiz for step in session.steps), session.title


def test_chapter_info_reads_title_objectives_and_headings_outside_code(tmp_path):
    path = tmp_path / "demo.md"
    path.write_text("---\njupytext: {}\n---\n\n# Demo: a title\n\n"
                    ":::{admonition} Learning objectives\n:class: tip\nIntro line:\n"
                    "1. Stage the *myeloma*.\n2. Explain it.\n:::\n\n"
                    "```{code-cell} ipython3\n# not a heading\n## nor this\n```\n\n"
                    "## Step 1: the start\n\n### Why `del(17p)` matters\n\n#### Too deep\n")
    info = chapter_info(path)
    assert info.title == "Demo: a title"
    assert info.objectives == ("Stage the *myeloma*.", "Explain it.")
    assert [(s.level, s.title, s.anchor) for s in info.sections] == [
        (2, "Step 1: the start", "step-1-the-start"),
        (3, "Why `del(17p)` matters", "why-del-17p-matters")]
    with pytest.raises(KeyError, match="demo.md has no heading 'Nope'"):
        info.section("Nope")


@pytest.mark.book
def test_section_anchors_are_the_ids_sphinx_writes(built_site):
    for chapter in chapters(THE_BOOK):
        page = (built_site / "book" / f"{chapter.slug}.html").read_text()
        ids = set(re.findall(r'<section[^>]* id="([^"]+)"', page))
        assert {s.anchor for s in chapter.sections} <= ids, chapter.slug


def _broken_copy(tmp_path, change):
    """A copy of the book's guide data and chapters with one change applied to the guide."""
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "_toc.yml", tmp_path / "_toc.yml")
    shutil.copytree(BOOK / "quizzes", tmp_path / "book" / "quizzes")
    shutil.copy(BOOK / "references.bib", tmp_path / "book" / "references.bib")
    for path in BOOK.glob("*.md"):
        shutil.copy(path, tmp_path / "book" / path.name)
    data = yaml.safe_load((BOOK / "instructor-guide.yml").read_text())
    change(data)
    (tmp_path / "book" / "instructor-guide.yml").write_text(yaml.safe_dump(data))
    return guide_problems(Book(tmp_path))


def _first_chapter():
    return chapter_slugs()[0]


@pytest.mark.parametrize("change, problem", [
    (lambda d: d["objectives"][_first_chapter()].pop(1), "objective 1 of"),
    (lambda d: d["objectives"][_first_chapter()][1].append("No such heading"),
     "has no heading 'No such heading'"),
    (lambda d: d["objectives"][_first_chapter()].update({9: ["x"]}), "has no objective 9"),
    (lambda d: d["objectives"].update({"nowhere": {1: ["x"]}}), "'nowhere', which is not"),
    (lambda d: d["sessions"][0]["steps"].pop(), "add up to"),
    (lambda d: d["sessions"][1]["steps"][0].update(chapter="ghost"), "'ghost' is not a chapter"),
    (lambda d: d["sessions"][1]["steps"][1].update(sections=["Step 9"]), "no heading 'Step 9'"),
])
def test_guide_problems_catch_drift(tmp_path, change, problem):
    problems = _broken_copy(tmp_path, change)
    assert any(problem in p for p in problems), problems


def test_objective_map_lists_every_question_and_links_every_section():
    table = objective_map_html(THE_BOOK)
    guide = load_guide(THE_BOOK)
    for chapter in chapters(THE_BOOK):
        bank = load_bank(chapter.slug, book=THE_BOOK)
        for q in bank.questions:
            assert f'title="{q.id}"' in table, q.id
        for titles in guide.objectives[chapter.slug].values():
            for title in titles:
                assert f'href="{chapter.slug}.html#{section_anchor(title)}"' in table
    assert "(not mapped)" not in table and "(none)" not in table and "(missing)" not in table


def test_objective_map_shows_each_chapters_skill_mix_and_each_questions_skill():
    table = objective_map_html(THE_BOOK)
    for chapter in chapters(THE_BOOK):
        bank = load_bank(chapter.slug, book=THE_BOOK)
        assert f"Quiz skill mix: {skill_mix_text(bank)}" in table
        for q in bank.questions:
            assert f'title="{q.id}">{q.id.removeprefix(bank.slug + "-")}</code> ' \
                   f'<span class="cb-skill">({q.skill})</span>' in table


def test_skill_mix_text_counts_and_shares():
    # fixture-basics.yml: recall, recall, calculation
    bank = load_bank(ROOT / "tests" / "fixtures" / "quizzes" / "fixture-basics.yml", book=THE_BOOK)
    assert skill_mix_text(bank) == ("3 items: 2 recall, 1 calculation, 0 interpretation, "
                                    "0 decision (0% interpretation or decision)")


def test_session_plan_shows_clock_minutes_and_the_quiz():
    session = load_guide(THE_BOOK).sessions[0]
    table = session_plan_html(session, THE_BOOK)
    ends = [sum(s.minutes for s in session.steps[:i + 1]) for i in range(len(session.steps))]
    assert f"&ndash;{ends[-1]}</td>" in table and "<td>0&ndash;" in table
    assert table.count("<tr>") == len(session.steps) + 1
    quiz = next(s.quiz for s in session.steps if s.quiz)
    assert f'Quiz of <a href="{quiz}.html">' in table


def test_answer_key_gives_each_kind_of_answer():
    # tests/fixtures/quizzes/fixture-basics.yml: one single, one multiple, one numeric question.
    bank = load_bank(ROOT / "tests" / "fixtures" / "quizzes" / "fixture-basics.yml", book=THE_BOOK)
    key = answer_key_html(bank, heading="Fixture")
    assert key.startswith('<div class="cb-key"><h3>Fixture</h3><ol>')
    assert key.count("<li ") == len(bank.questions) == 3
    assert "<strong>Answer:</strong> A. Stage I <span" in key
    assert "<strong>Answer:</strong> A. Anti-PL-12; B. Anti-Jo-1 <span" in key
    assert "<strong>Answer:</strong> 340 mg (accepted: 335 to 345 mg) <span" in key
    assert "(objective 2; <code>fixture-basics-melphalan</code>)" in key
    assert key.count('class="cb-key__slips"') == 1  # only the numeric question has slips
    assert ("<strong>Likely wrong answers:</strong></p><ul><li>200 mg: That is the dose per m²; "
            "multiply it by the body surface area.</li><li>680 mg: That is both") in key
