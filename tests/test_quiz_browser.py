"""The static quiz in headless Chromium (other hosts blocked): feedback, score, keyboard, storage.

Most tests use a standalone page: the fixture bank's HTML fragment plus copies of quiz.css and
quiz.js, served from a temporary folder. ``test_quiz_on_built_site`` runs the same journey on a
chapter page of the strictly built book; it fails (never skips) while no chapter has a quiz.
"""

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from casebook.quiz import load_bank, render_html
from casebook.quiz.grading import grade_data, grading_data, parse_number, slip_index
from casebook.quiz.html import number_text
from conftest import BOOK, ROOT, serve, THE_BOOK

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"
STATIC = ROOT / "src" / "casebook" / "sphinx" / "static"  # the quiz's assets (package data)
BASICS = load_bank(FIXTURES / "fixture-basics.yml", book=THE_BOOK)
INJECTION = load_bank(FIXTURES / "fixture-injection.yml", book=THE_BOOK)
Q1, Q2, Q3 = (f"#quiz-fixture-basics-{q.id}" for q in BASICS.questions)
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quiz test page</title>
<link rel="stylesheet" href="_static/quiz.css">
<script src="_static/quiz.js"></script>
<style>
body {{ font-family: sans-serif; margin: 0; }}
main {{ max-width: 46rem; margin: 0 auto; padding: 0.5rem; }}
</style>
</head>
<body><main>
<h1>Quiz test page</h1>
{fragments}
</main></body>
</html>
"""


def write_page(folder: Path, *banks) -> Path:
    """A standalone page with the static fragment of each bank (what a chapter cell outputs)."""
    (folder / "_static").mkdir(parents=True, exist_ok=True)
    for name in ("quiz.css", "quiz.js"):
        shutil.copy(STATIC / name, folder / "_static" / name)
    page = folder / "index.html"
    fragments = "\n".join(render_html(b) for b in banks)
    page.write_text(PAGE.format(fragments=fragments), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quiz-site")
    write_page(folder, BASICS)
    write_page(folder / "injection", INJECTION)
    url, server = serve(folder)
    yield url
    server.shutdown()


@pytest.fixture
def quiz(page, site):
    """The fixture quiz, loaded; after the test: no external request, no console or page error."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site}/index.html")
    page.wait_for_selector(".cb-quiz.cb-quiz--ready")
    page.requests = requests
    yield page
    assert page.log.external_requests == []
    assert page.log.console_errors == []
    assert page.log.page_errors == []


def score(page, root=".cb-quiz") -> str:
    return page.locator(f"{root} .cb-quiz__score").inner_text()


def shown(page, selector) -> list[str]:
    """Texts of the visible messages inside ``selector`` (verdicts, feedback, explanation)."""
    return page.locator(f"{selector} .cb-quiz__status > :not([hidden])").all_inner_texts()


# --------------------------------------------------------------------------- the journeys

def test_wrong_then_right_single_choice(quiz):
    q = quiz.locator(Q1)
    assert score(quiz) == "Score: 0 of 3 correct"
    q.get_by_label("B. Stage II").check()
    q.get_by_role("button", name="Check").click()
    messages = shown(quiz, Q1)
    assert messages[0] == "\u2717 Not quite."
    assert "Stage II is neither I nor III" in messages[1]
    assert len(messages) == 2  # no explanation yet
    expect(q.locator('[data-mark="1"]')).to_have_text("\u2717 Not quite.")
    expect(q.locator(".cb-quiz__answer")).to_be_visible()  # "Show the answer" is offered
    expect(q.get_by_label("B. Stage II")).to_be_disabled()
    assert score(quiz) == "Score: 0 of 3 correct"

    q.get_by_role("button", name="Try again").click()
    expect(q.get_by_label("A. Stage I", exact=True)).to_be_focused()
    assert shown(quiz, Q1) == []
    q.get_by_label("A. Stage I", exact=True).check()
    q.get_by_role("button", name="Check").click()
    messages = shown(quiz, Q1)
    assert messages[0] == "\u2713 Correct."
    assert "Both criteria are met" in messages[1]
    assert "ISS uses two serum values only" in messages[2] and "Source: Greipp2005" in messages[2]
    expect(q.locator(".cb-quiz__explanation math")).to_have_count(0)
    expect(q.locator(".cb-quiz__feedback[data-feedback='0'] math")).to_have_count(1)
    expect(q.locator(".cb-quiz__answer")).to_be_hidden()
    assert score(quiz) == "Score: 1 of 3 correct"


def test_multiple_choice_is_all_or_nothing(quiz):
    q = quiz.locator(Q2)
    q.get_by_label("A. Anti-PL-12").check()
    q.get_by_role("button", name="Check").click()
    assert shown(quiz, Q2)[0] == "\u2717 Not quite: at least one correct answer is missing."
    q.get_by_role("button", name="Try again").click()
    for label in ("A. Anti-PL-12", "B. Anti-Jo-1", "C. Anti-Ro52"):
        q.get_by_label(label).check()
    q.get_by_role("button", name="Check").click()
    messages = shown(quiz, Q2)
    assert messages[0] == "\u2717 Not quite."
    assert [m.split("\n")[0] for m in messages[1:]] == [
        "A. \u2713 Correct.", "B. \u2713 Correct.", "C. \u2717 Not quite."]
    q.get_by_role("button", name="Try again").click()
    q.get_by_label("A. Anti-PL-12").check()
    q.get_by_label("B. Anti-Jo-1").check()
    q.get_by_role("button", name="Check").click()
    assert shown(quiz, Q2)[0] == "\u2713 Correct."
    assert score(quiz) == "Score: 1 of 3 correct"


@pytest.mark.parametrize("typed, verdict, feedback", [
    ("334.9", "\u2717 Not quite: too low.", "multiply the dose per m²"),
    ("335", "\u2713 Correct.", "200 × 1.70 = 340 mg."),  # edge, inclusive
    ("345", "\u2713 Correct.", "200 × 1.70 = 340 mg."),  # edge, inclusive
    ("345.1", "\u2717 Not quite: too high.", "did you use 2.0 m²?"),
    (" 340 ", "\u2713 Correct.", "200 × 1.70 = 340 mg."),
    # the fixture's slips: 200 +/- 5 mg (the dose per m2) and 680 +/- 10 mg (both transplants)
    ("205", "\u2717 Not quite: too low.", "That is the dose per m²"),  # edge, inclusive
    ("205.1", "\u2717 Not quite: too low.", "multiply the dose per m²"),
    ("670", "\u2717 Not quite: too high.", "That is both transplants together"),
])
def test_numeric_answers(quiz, typed, verdict, feedback):
    q = quiz.locator(Q3)
    q.get_by_label("Your answer").fill(typed)
    q.get_by_label("Your answer").press("Enter")
    messages = shown(quiz, Q3)
    assert messages[0] == verdict and feedback in messages[1]
    assert score(quiz) == f"Score: {int(verdict.endswith('Correct.'))} of 3 correct"


@pytest.mark.parametrize("typed, message", [
    ("", "! Type a number first."), ("3,40", "! Type a number only"),
    ("340 mg", "! Type a number only"),
])
def test_numeric_input_that_is_not_a_number(quiz, typed, message):
    q = quiz.locator(Q3)
    q.get_by_label("Your answer").fill(typed)
    q.get_by_role("button", name="Check").click()
    assert shown(quiz, Q3)[0].startswith(message)
    expect(q.get_by_label("Your answer")).to_be_enabled()


def test_check_with_nothing_chosen(quiz):
    quiz.locator(Q1).get_by_role("button", name="Check").click()
    assert shown(quiz, Q1) == ["! Choose an answer first."]
    expect(quiz.locator(Q1).get_by_label("A. Stage I", exact=True)).to_be_enabled()


def test_keyboard_alone(quiz):
    kb = quiz.keyboard

    def focused() -> str:
        return quiz.evaluate("document.activeElement.id || document.activeElement.className")

    kb.press("Tab")
    assert focused().endswith("iss-choice-1")
    kb.press("ArrowDown")  # moves to and selects B
    kb.press("Enter")  # checks from the radio group
    assert shown(quiz, Q1)[0] == "\u2717 Not quite."
    assert "cb-quiz__retry" in focused()
    kb.press("Enter")  # Try again
    assert focused().endswith("iss-choice-1")
    kb.press("Space")
    kb.press("Tab")
    assert "cb-quiz__check" in focused()
    outline = quiz.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "keyboard focus must be visible"
    kb.press("Enter")
    assert shown(quiz, Q1)[0] == "\u2713 Correct."
    kb.press("Tab")  # from Try again to the link in the explanation
    assert quiz.evaluate("document.activeElement.href") == "https://doi.org/10.1200/JCO.2005.04.242"
    kb.press("Tab")  # to the next question's first checkbox
    assert focused().endswith("antibodies-choice-1")
    kb.press("Space")
    kb.press("Tab")
    kb.press("Space")
    kb.press("Enter")
    assert shown(quiz, Q2)[0] == "\u2713 Correct."
    kb.press("Tab")
    assert focused().endswith("melphalan-answer")
    kb.type("340")
    kb.press("Enter")
    assert shown(quiz, Q3)[0] == "\u2713 Correct."
    assert score(quiz) == "Score: 3 of 3 correct"


def test_answers_survive_a_reload_and_reset_clears_them(quiz):
    quiz.locator(Q1).get_by_label("A. Stage I", exact=True).check()
    quiz.locator(Q1).get_by_role("button", name="Check").click()
    quiz.locator(Q2).get_by_label("B. Anti-Jo-1").check()  # chosen, not checked yet
    quiz.locator(Q3).get_by_label("Your answer").fill("400")
    quiz.locator(Q3).get_by_role("button", name="Check").click()
    keys = quiz.evaluate("Object.keys(localStorage).sort()")
    assert keys == [f"casebook-quiz:fixture-basics:{q.id}" for q in
                    sorted(BASICS.questions, key=lambda q: q.id)]

    quiz.reload()
    quiz.wait_for_selector(".cb-quiz--ready")
    assert shown(quiz, Q1)[0] == "\u2713 Correct."
    expect(quiz.locator(Q1).get_by_label("A. Stage I", exact=True)).to_be_checked()
    expect(quiz.locator(Q2).get_by_label("B. Anti-Jo-1")).to_be_checked()
    assert shown(quiz, Q2) == []
    expect(quiz.locator(Q3).get_by_label("Your answer")).to_have_value("400")
    assert shown(quiz, Q3)[0] == "\u2717 Not quite: too high."
    assert score(quiz) == "Score: 1 of 3 correct"

    quiz.get_by_role("button", name="Reset answers").click()
    assert score(quiz) == "Score: 0 of 3 correct"
    expect(quiz.locator(".cb-quiz__announce")).to_have_text("Your answers have been cleared.")
    assert quiz.evaluate("Object.keys(localStorage)") == []
    quiz.reload()
    quiz.wait_for_selector(".cb-quiz--ready")
    assert all(shown(quiz, q) == [] for q in (Q1, Q2, Q3))
    expect(quiz.locator(".cb-quiz input:checked")).to_have_count(0)
    expect(quiz.locator(Q3).get_by_label("Your answer")).to_have_value("")


def test_answers_saved_against_an_older_question_are_ignored(quiz):
    key = f"casebook-quiz:fixture-basics:{BASICS.questions[0].id}"
    quiz.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [key, json.dumps({"rev": "000000000000", "answer": [0], "checked": True})])
    quiz.evaluate("localStorage.setItem("
                  "'casebook-quiz:fixture-basics:fixture-basics-melphalan', '{bad')")
    quiz.reload()
    quiz.wait_for_selector(".cb-quiz--ready")
    expect(quiz.locator(".cb-quiz input:checked")).to_have_count(0)
    assert score(quiz) == "Score: 0 of 3 correct"


def test_nothing_leaves_the_browser(quiz):
    quiz.locator(Q1).get_by_label("A. Stage I", exact=True).check()
    quiz.locator(Q1).get_by_role("button", name="Check").click()
    quiz.get_by_role("button", name="Reset answers").click()
    local = [u for u in quiz.requests if not u.endswith(("/index.html", "/quiz.css", "/quiz.js"))]
    assert local == []
    # quiz.js has no network API at all.
    assert not re.search(r"fetch|XMLHttpRequest|sendBeacon|WebSocket|import\(",
                         (STATIC / "quiz.js").read_text())


# --------------------------------------------------------------------------- safety and fallbacks

def test_injected_markup_does_not_run(page, site):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{site}/injection/index.html")
    page.wait_for_selector(".cb-quiz--ready")
    q1 = "#quiz-fixture-injection-fixture-injection-choice"
    q2 = "#quiz-fixture-injection-fixture-injection-number"
    page.locator(q1).get_by_role("radio").nth(1).check()
    page.locator(q1).get_by_role("button", name="Check").click()
    page.locator(q1).locator("summary").click()
    page.locator(q1).get_by_role("button", name="Try again").click()
    page.locator(q1).get_by_role("radio").nth(0).check()
    page.locator(q1).get_by_role("button", name="Check").click()
    for typed in ("0", "2", "1"):
        page.locator(q2).get_by_label("Your answer").fill(typed)
        page.locator(q2).get_by_role("button", name="Check").click()
        page.locator(q2).get_by_role("button", name="Try again").click()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".cb-quiz img, .cb-quiz svg, .cb-quiz iframe, .cb-quiz style").count() == 0
    assert page.locator(".cb-quiz a").count() == 0
    assert "<script>window.__pwned" in page.locator(".cb-quiz__title").inner_text()
    assert [u for u in requests if not u.endswith(("/index.html", "/quiz.css", "/quiz.js"))] == []
    assert page.log.page_errors == [] and page.log.console_errors == []


def test_without_javascript_each_answer_is_behind_details(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}/index.html")
        q = page.locator(Q3)
        expect(q.get_by_text("Show the answer")).to_be_visible()
        expect(q.get_by_text("340 mg (accepted: 335 to 345 mg)")).to_be_hidden()
        q.get_by_text("Show the answer").click()
        expect(q.get_by_text("340 mg (accepted: 335 to 345 mg)")).to_be_visible()
        expect(page.get_by_role("button", name="Check")).to_have_count(0)
        assert page.locator(".cb-quiz__status > :not([hidden])").count() == 0
        expect(page.locator(".cb-quiz__nojs")).to_be_visible()
        expect(page.locator(".cb-quiz input").first).to_be_disabled()
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_readable_on_a_phone(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{site}/index.html")
        page.wait_for_selector(".cb-quiz--ready")
        page.locator(Q1).get_by_label("B. Stage II").check()
        page.locator(Q1).get_by_role("button", name="Check").click()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = page.locator(Q1).get_by_role("button", name="Try again").bounding_box()
        assert box["height"] >= 40, "touch target"
    finally:
        context.close()


def test_dark_mode_follows_the_theme_attribute(quiz):
    light = quiz.evaluate("getComputedStyle(document.querySelector('.cb-quiz')).backgroundColor")
    quiz.emulate_media(color_scheme="dark")
    dark = quiz.evaluate("getComputedStyle(document.querySelector('.cb-quiz')).backgroundColor")
    assert light == "rgb(255, 255, 255)" and dark == "rgb(20, 24, 30)"
    quiz.evaluate("document.documentElement.dataset.theme = 'light'")  # the book theme decides
    assert quiz.evaluate(
        "getComputedStyle(document.querySelector('.cb-quiz')).backgroundColor") == light


@pytest.mark.parametrize("path", sorted((BOOK / "quizzes").glob("*.yml"))
                         + [FIXTURES / "fixture-basics.yml"], ids=lambda p: p.name)
def test_every_bank_can_be_answered_right_in_the_browser(page, tmp_path, path):
    bank = load_bank(path, book=THE_BOOK)
    write_page(tmp_path, bank)
    url, server = serve(tmp_path)
    try:
        page.goto(f"{url}/index.html")
        page.wait_for_selector(".cb-quiz--ready")
        for q in bank.questions:
            form = page.locator(f"#quiz-{bank.slug}-{q.id}")
            if q.type == "numeric":
                form.locator("input").fill(number_text(q.answer))
            for i, choice in enumerate(q.choices):
                if choice.correct:
                    form.locator(f"#quiz-{bank.slug}-{q.id}-choice-{i + 1}").check()
            form.locator(".cb-quiz__check").click()
            expect(form.locator('.cb-quiz__status [data-verdict="correct"]')).to_be_visible()
            expect(form.locator(".cb-quiz__explanation")).to_be_visible()
        total = len(bank.questions)
        assert score(page) == f"Score: {total} of {total} correct"
        assert page.log.page_errors == [] and page.log.console_errors == []
        assert page.log.external_requests == []
    finally:
        server.shutdown()


# ------------------------------------------------------------------------ one rule, two languages

def test_javascript_grades_exactly_like_python(quiz):
    cases = []
    for question in BASICS.questions[:2]:
        data = grading_data(question)
        n = len(data["correct"])
        answers = range(n) if question.type == "single" else [
            list(c) for r in range(1, n + 1) for c in itertools.combinations(range(n), r)]
        cases += [(data, a) for a in answers]
    five = {"type": "multiple", "correct": [True, False, True, False, True]}
    cases += [(five, list(c)) for r in range(1, 6) for c in itertools.combinations(range(5), r)]
    numeric = grading_data(BASICS.questions[2])
    edges = [334.9999, 335, 335.0000001, 340, 345, 345.0000003, 345.0000004, 345.01, -1, 1e12]
    cases += [(numeric, x) for x in edges]
    tight = {**numeric, "low": 1.0 - 1e-9 * 1.1, "high": 1.2 + 1e-9 * 1.1}
    cases += [(tight, x) for x in (0.9999999, 1.0, 1.1, 1.2, 1.2000000001, 1.21)]
    js = quiz.evaluate("cases => cases.map(([d, a]) => window.casebookQuiz.grade(d, a))", cases)
    py = [grade_data(d, set(a) if isinstance(a, list) else a) for d, a in cases]
    assert js == py
    assert {"correct", "incorrect", "incomplete", "low", "high"} <= set(py)


def test_javascript_finds_slips_exactly_like_python(quiz):
    data = grading_data(BASICS.questions[2])  # slips 200 +/- 5 and 680 +/- 10
    assert len(data["slips"]) == 2
    values = [194.9999, 195, 195.0000001, 200, 205, 205.0000003, 205.01, 669.99, 670, 690,
              690.01, 340, -200, 1e12]
    js = quiz.evaluate("([d, xs]) => xs.map(x => window.casebookQuiz.slipIndex(d, x))",
                       [data, values])
    py = [slip_index(data, x) for x in values]
    assert js == py
    assert py[:3] == [None, 0, 0] and py[7:11] == [None, 1, 1, None]


def test_javascript_reads_numbers_exactly_like_python(quiz):
    texts = ["340", " 340 ", "\t-1.5\n", "+.5", "5.", "1,5", "1,000", "340 mg", "", " ", "1e3",
             "\u0663", "0x10", "1.2.3", "Infinity", "NaN", "\u00a07", "--1", "007", "-0"]
    js = quiz.evaluate("ts => ts.map(t => window.casebookQuiz.parseNumber(t))", texts)
    assert js == [parse_number(t) for t in texts]


def test_the_page_carries_the_grading_data(quiz):
    data = json.loads(quiz.locator("script.cb-quiz__data").text_content())
    assert [{k: v for k, v in q.items() if k not in ("id", "rev")} for q in data["questions"]] == [
        grading_data(q) for q in BASICS.questions]


# --------------------------------------------------------------------------- the built book

def pages_with_a_quiz(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html")
                  if '<section class="cb-quiz"' in p.read_text(encoding="utf-8"))


@pytest.mark.book
def test_quiz_on_built_site(built_site, site_url, page):
    """On a chapter page of the built book: wrong, right, score, keyboard, reload, offline."""
    pages = pages_with_a_quiz(built_site)
    assert pages, ("no page of the built book contains a quiz (<section class=\"cb-quiz\">): "
                   "add a chapter with a show_quiz(\"<slug>\") cell to _toc.yml")
    rel = pages[0].relative_to(built_site).as_posix()
    page.goto(f"{site_url}/{rel}")
    page.wait_for_selector(".cb-quiz.cb-quiz--ready")
    data = json.loads(page.locator(".cb-quiz script.cb-quiz__data").first.text_content())
    single = next(q for q in data["questions"] if q["type"] == "single")
    form = f"#quiz-{data['slug']}-{single['id']}"
    right, wrong = single["correct"].index(True), single["correct"].index(False)
    total = len(data["questions"])
    q = page.locator(form)

    q.locator(f"{form}-choice-{wrong + 1}").check()
    q.get_by_role("button", name="Check").click()
    expect(q.locator('.cb-quiz__status [data-verdict="incorrect"]')).to_be_visible()
    expect(q.locator(f'.cb-quiz__status [data-feedback="{wrong}"]')).to_be_visible()
    # Keyboard: Try again has the focus; Enter resets; choose the right one; Enter checks.
    expect(q.get_by_role("button", name="Try again")).to_be_focused()
    page.keyboard.press("Enter")
    q.locator(f"{form}-choice-{right + 1}").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(q.locator('.cb-quiz__status [data-verdict="correct"]')).to_be_visible()
    expect(q.locator(".cb-quiz__explanation")).to_be_visible()
    score_text = f"Score: 1 of {total} correct"
    expect(page.locator(".cb-quiz__score").first).to_have_text(score_text)

    page.reload()
    page.wait_for_selector(".cb-quiz.cb-quiz--ready")
    expect(q.locator(f"{form}-choice-{right + 1}")).to_be_checked()
    expect(q.locator('.cb-quiz__status [data-verdict="correct"]')).to_be_visible()
    expect(page.locator(".cb-quiz__score").first).to_have_text(score_text)
    assert page.evaluate("typeof window.casebookQuiz.grade") == "function"
    external = page.log.external_requests
    assert external == [], f"{rel} asked other hosts for {external}"
    assert page.log.page_errors == []
    assert [e for e in page.log.console_errors if "quiz" in e.lower()] == []


@pytest.mark.book
def test_built_quiz_pages_embed_no_widget_state(built_site):
    """myst-nb embeds the executed ipywidgets state (random model ids, ~25 KB per question) in
    any page whose notebook made widgets. The site has no widget manager to use it, and it makes
    two builds differ, so the book must drop it (casebook.sphinx.theme drops it)."""
    pages = pages_with_a_quiz(built_site)
    assert pages, "no page of the built book contains a quiz"
    embedding = [p.relative_to(built_site).as_posix() for p in pages
                 if "application/vnd.jupyter.widget-state+json" in p.read_text(encoding="utf-8")]
    assert embedding == [], f"pages embedding widget state: {embedding}"
