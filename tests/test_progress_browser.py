"""The My progress page and the exports in the site (issue 15), on a tiny book, in Chromium.

The tiny book has the project's configuration and extensions, one chapter with a quiz (the
fixture bank: a single, a multiple and a numeric question, two learning objectives) and the
progress page. Other hosts are blocked and recorded (conftest ``page``). The full site's pages,
the progress page among them, also go through the axe and keyboard gates of
test_accessibility.py.
"""

import json
import shutil
from pathlib import Path

import pytest

from casebook.walk import STORAGE_PREFIX, load_walk, revision
from conftest import BOOK, ROOT, THE_BOOK, build_book, serve
from test_accessibility import axe_violations, open_page
from test_build import CHAPTER_HEADER

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHAPTER = """# Fixture chapter

:::{admonition} Learning objectives
1. Stage a myeloma with the ISS.
2. Name the anti-synthetase antibodies and dose melphalan.
:::

Some text.

```{code-cell} ipython3
from casebook.book import Book
Book.at("..").quiz("fixture-basics")
```
"""
SINGLE, MULTIPLE, NUMERIC = ("fixture-basics-iss", "fixture-basics-ass-antibodies",
                             "fixture-basics-melphalan")
WALK_FIXTURE = ROOT / "tests" / "fixtures" / "walks" / "fixture-walk.yml"
WALK = load_walk(WALK_FIXTURE, book=THE_BOOK)
WALK_REV, WALK_KEY = revision(WALK), STORAGE_PREFIX + "fixture-walk"


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("progress-book")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    (root / "book").mkdir()
    for name in ("references.bib", "_static"):  # the extension and its assets: the package
        src = BOOK / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / "book" / name)
    (root / "book" / "quizzes").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "quizzes" / "fixture-basics.yml",
                root / "book" / "quizzes")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/fixture-basics\n"
                                   "chapters:\n  - file: book/progress\n")
    (root / "book" / "fixture-basics.md").write_text(CHAPTER_HEADER + CHAPTER)
    shutil.copy(BOOK / "progress.md", root / "book" / "progress.md")
    shutil.copy(BOOK / "case.yml", root / "book" / "case.yml")  # the walk reveals case facts
    (root / "book" / "walks").mkdir()
    shutil.copy(WALK_FIXTURE, root / "book" / "walks" / "fixture-walk.yml")
    result = build_book(root)
    assert result.returncode == 0, result.output[-5000:]
    url, server = serve(result.html)
    yield url, result.html
    server.shutdown()


def answer_quiz(page, url):
    page.goto(f"{url}/book/fixture-basics.html", wait_until="load")
    form = page.locator(f"#quiz-fixture-basics-{SINGLE}")
    form.get_by_label("A. Stage I", exact=True).check()
    form.get_by_role("button", name="Check").click()
    form = page.locator(f"#quiz-fixture-basics-{MULTIPLE}")
    form.get_by_label("Anti-PL-12").check()  # one of two: incomplete
    form.get_by_role("button", name="Check").click()
    form = page.locator(f"#quiz-fixture-basics-{NUMERIC}")
    form.get_by_label("Your answer").fill("300")
    form.get_by_role("button", name="Check").click()


def status(page, qid):
    item = page.locator(f'[data-question="{qid}"]')
    return item.locator("[data-status]").inner_text(), item.locator("[data-answer]")


def test_progress_shows_each_answer_per_chapter_and_objective(tiny_site, page):
    url, _ = tiny_site
    answer_quiz(page, url)
    page.goto(f"{url}/book/progress.html", wait_until="load")
    text, answer = status(page, SINGLE)
    assert "Correct." in text and answer.inner_text() == "Your answer: A. Stage I"
    text, answer = status(page, MULTIPLE)
    assert "at least one correct answer is missing" in text
    assert answer.inner_text() == "Your answer: A. Anti-PL-12"
    text, answer = status(page, NUMERIC)
    assert "too low" in text and answer.inner_text() == "Your answer: 300 mg"
    assert page.locator("h3", has_text="Objective 1: Stage a myeloma with the ISS.").count() == 1
    summaries = page.locator("[data-objective-summary]")
    assert summaries.nth(0).inner_text() == "1 of 1 checked, 1 correct."
    assert summaries.nth(1).inner_text() == "2 of 2 checked, 0 correct."
    assert page.locator("[data-summary]").inner_text() == (
        "In the whole book: 3 of 3 questions checked, 1 correct.")
    assert page.locator('[data-notice="blocked"]').is_hidden()
    assert page.log.external_requests == [] and page.log.page_errors == []


def test_a_chosen_but_unchecked_answer_and_an_older_version_are_told_apart(tiny_site, page):
    url, _ = tiny_site
    page.goto(f"{url}/book/fixture-basics.html", wait_until="load")
    page.locator(f"#quiz-fixture-basics-{SINGLE}").get_by_label("B. Stage II", exact=True).check()
    page.evaluate("""([key]) => localStorage.setItem(key,
        JSON.stringify({rev: 'oldrevision0', answer: '340', checked: true}))""",
                  [f"casebook-quiz:fixture-basics:{NUMERIC}"])
    page.goto(f"{url}/book/progress.html", wait_until="load")
    text, answer = status(page, SINGLE)
    assert "not checked yet" in text and answer.inner_text() == "Your answer: B. Stage II"
    assert "earlier version" in status(page, NUMERIC)[0]
    assert "Not answered yet." in status(page, MULTIPLE)[0]


def walk_state(stages: dict, *, rev: str | None = None) -> str:
    """A walk.js state for the fixture walk (the shape casebook.walk documents), as JSON."""
    return json.dumps({"version": 1, "slug": "fixture-walk", "rev": rev or WALK_REV,
                       "updated": "2026-12-01T17:00:00.000Z", "stages": stages})


def test_case_walk_stages_show_when_present_as_text_only(tiny_site, page):
    url, _ = tiny_site
    page.goto(f"{url}/book/progress.html", wait_until="load")
    assert page.locator("[data-walks]").is_hidden()
    state = walk_state({"first": {"committed": True, "score": 0.75, "tasks": {}},
                        "second": {"committed": False, "tasks": {}}})
    page.evaluate("""([key, state]) => { localStorage.setItem(key, state);
      localStorage.setItem('unrelated-key', 'kept'); }""", [WALK_KEY, state])
    page.reload(wait_until="load")
    walks = page.locator("[data-walks]")
    assert walks.is_visible() and walks.locator("h3").inner_text() == "Fixture walk"
    stages = walks.locator("li").all_inner_texts()
    titles = [s.title for s in WALK.stages]
    assert stages[0].startswith(f"{titles[0]}: Committed, score 75%")
    assert stages[1].startswith(f"{titles[1]}: Opened, not committed yet")


def test_a_walk_saved_against_another_revision_is_not_shown(tiny_site, page):
    url, _ = tiny_site
    page.goto(f"{url}/book/progress.html", wait_until="load")
    state = walk_state({"first": {"committed": True, "score": 1, "tasks": {}}}, rev="0ld0ld0ld0ld")
    page.evaluate("([key, state]) => localStorage.setItem(key, state)", [WALK_KEY, state])
    page.reload(wait_until="load")
    assert page.locator("[data-walks]").is_hidden()


def test_download_print_and_clear(tiny_site, page):
    url, _ = tiny_site
    answer_quiz(page, url)
    page.evaluate("([key, state]) => localStorage.setItem(key, state)",
                  [WALK_KEY, walk_state({"first": {"committed": False, "tasks": {}}})])
    page.evaluate("() => localStorage.setItem('unrelated-key', 'kept')")
    page.goto(f"{url}/book/progress.html", wait_until="load")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the report (text)").click()
    report = Path(info.value.path()).read_text()
    assert info.value.suggested_filename.startswith("casebook-progress-")
    assert "1. Fixture chapter: 3 of 3 checked, 1 correct." in report
    assert "Objective 2: Name the anti-synthetase antibodies and dose melphalan." in report
    assert "Your answer: 300 mg" in report
    assert f"{WALK.stages[0].title}: Opened, not committed yet" in report
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the data (JSON)").click()
    data = json.loads(Path(info.value.path()).read_text())
    states = {q["id"]: (q["state"], q["verdict"]) for q in data["chapters"][0]["questions"]}
    assert states == {SINGLE: ("correct", "correct"), MULTIPLE: ("wrong", "incomplete"),
                      NUMERIC: ("wrong", "low")}
    # Print: the buttons are not on paper, the answers are.
    page.emulate_media(media="print")
    assert page.locator(".cb-progress__actions").is_hidden()
    assert "Correct." in status(page, SINGLE)[0]
    page.emulate_media(media="screen")
    # Clear, by keyboard: confirm first, "No" keeps everything, "Yes" clears ours only.
    clear = page.get_by_role("button", name="Clear my progress")
    clear.focus()
    page.keyboard.press("Enter")
    assert clear.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.dataset.action") == "clear-no"
    page.keyboard.press("Enter")
    assert "Correct." in status(page, SINGLE)[0]
    clear.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "clear-yes"
    page.keyboard.press("Enter")
    assert "Not answered yet." in status(page, SINGLE)[0]
    assert page.locator("[data-walks]").is_hidden()
    page.wait_for_function("document.querySelector('.cb-progress__announce').textContent !== ''")
    assert "cleared" in page.locator(".cb-progress__announce").inner_text()
    keys = page.evaluate("Object.keys(localStorage)")
    assert [k for k in keys if k.startswith(("casebook-quiz:", "casebook-walk:"))] == []
    assert "unrelated-key" in keys  # not ours: kept (the theme's own keys too)
    page.goto(f"{url}/book/fixture-basics.html", wait_until="load")
    assert page.locator(".cb-quiz__score-value").inner_text() == "0"


def test_blocked_storage_opens_with_a_notice(tiny_site, browser):
    url, _ = tiny_site
    context = browser.new_context()
    context.add_init_script("""Object.defineProperty(window, 'localStorage', {
        configurable: true, get() {
          // An Error (not a DOMException) so that an uncaught one names the script in its stack
          throw Object.assign(new Error('storage blocked'), {name: 'SecurityError'}); }});""")
    page = context.new_page()
    errors = []
    # No script may throw when storage is blocked (casebook.sphinx's layout stands in for it).
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    try:
        page.goto(f"{url}/book/fixture-basics.html", wait_until="load")
        form = page.locator(f"#quiz-fixture-basics-{SINGLE}")
        form.get_by_label("A. Stage I", exact=True).check()
        form.get_by_role("button", name="Check").click()  # the quiz still works
        assert "Correct." in form.locator(".cb-quiz__status").inner_text()
        page.goto(f"{url}/book/progress.html", wait_until="load")
        assert page.locator('[data-notice="blocked"]').is_visible()
        assert "not letting the book use its storage" in page.locator(
            '[data-notice="blocked"]').inner_text()
        assert "Not answered yet." in status(page, SINGLE)[0]
        assert page.get_by_role("button", name="Clear my progress").is_hidden()
        assert page.get_by_role("button", name="Print the report").is_visible()
        # Storage really was refused: the page stood its marked in-memory storage in for it,
        # and nothing on the page (ours or the theme's) threw.
        assert page.evaluate("window.localStorage.casebookMemory") is True
        assert errors == []
    finally:
        context.close()


def test_progress_page_passes_axe_at_phone_width_and_by_keyboard(tiny_site, page):
    url, _ = tiny_site
    answer_quiz(page, url)
    for mode in ("light-phone", "dark-desktop"):
        open_page(page, f"{url}/book/progress.html", mode)
        assert axe_violations(page, mode) == []
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{url}/book/progress.html", wait_until="load")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # Every action button is reachable by Tab.
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.dataset.action || ''"))
    assert {"print", "download", "download-json", "clear"} <= reached


def test_chapter_landing_and_guide_links_point_at_built_files(tiny_site, page):
    url, html = tiny_site
    chapter = (html / "book" / "fixture-basics.html").read_text()
    assert 'href="../_exports/anki/fixture-basics.apkg" download' in chapter
    assert 'href="progress.html">My progress</a>' in chapter
    for name in ("casebook.apkg", "anki/fixture-basics.apkg", "casebook-qti.zip",
                 "casebook-moodle.xml"):
        assert (html / "_exports" / name).stat().st_size > 0
    page.goto(f"{url}/book/fixture-basics.html", wait_until="load")
    with page.expect_download() as info:
        page.get_by_role("link", name="this chapter’s Anki deck").click()
    assert info.value.suggested_filename == "fixture-basics.apkg"
    assert page.log.external_requests == []


def test_the_quiz_stores_answers_under_the_documented_keys(tiny_site, page):
    url, _ = tiny_site
    answer_quiz(page, url)
    read = """() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('casebook-quiz:')).map(k => [k, JSON.parse(localStorage[k])]))"""
    stored = page.evaluate(read)
    assert set(stored) == {f"casebook-quiz:fixture-basics:{q}" for q in (SINGLE, MULTIPLE, NUMERIC)}
    single = stored[f"casebook-quiz:fixture-basics:{SINGLE}"]
    assert set(single) == {"rev", "answer", "checked", "verdict", "at"}
    assert (single["answer"], single["checked"], single["verdict"]) == ([0], True, "correct")
    assert stored[f"casebook-quiz:fixture-basics:{NUMERIC}"]["answer"] == "300"
    assert stored[f"casebook-quiz:fixture-basics:{MULTIPLE}"]["verdict"] == "incomplete"
    page.wait_for_timeout(20)
    page.reload(wait_until="load")  # restoring an answer does not restamp it
    assert page.evaluate(read) == stored
