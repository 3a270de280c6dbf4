"""The static walk in headless Chromium (other hosts blocked): locking, scoring, persistence,
blocked storage, keyboard alone, 360 px, axe, and Python/JS agreement on the same answers.

Most tests use standalone pages (the fixture walk's and the-case walk's HTML with copies of
walk.css and walk.js); ``test_the_case_walk_on_the_built_site`` walks the built chapter.
"""

import itertools
import json
import random
import shutil
from pathlib import Path

import pytest

from casebook.walk import STORAGE_PREFIX, load_walk, render_html, revision, summarise
from casebook.walk.html import page_data as python_page_data
from conftest import ROOT, THE_BOOK, serve
from test_accessibility import axe_violations

pytestmark = pytest.mark.browser

STATIC = ROOT / "src" / "casebook" / "sphinx" / "static"  # the walk's assets (package data)
FIXTURE = load_walk(ROOT / "tests" / "fixtures" / "walks" / "fixture-walk.yml", book=THE_BOOK)
CASE = THE_BOOK.walk("the-case").spec
KEY = STORAGE_PREFIX + "fixture-walk"
FIRST, SECOND = '[data-walk-stage="first"]', '[data-walk-stage="second"]'
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Walk test page</title>
<link rel="stylesheet" href="_static/walk.css"><script src="_static/walk.js"></script>
<style>body {{ font-family: sans-serif; margin: 0; }} main {{ max-width: 46rem; margin: 0 auto;
padding: 0.5rem; }}</style></head>
<body><main><h1>Walk test page</h1>
{fragment}
</main></body></html>
"""
BLOCK_STORAGE = """Object.defineProperty(window, "localStorage", {get() {
  throw new DOMException("The operation is insecure.", "SecurityError"); }});"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("walk-site")
    (folder / "_static").mkdir()
    for name in ("walk.css", "walk.js"):
        shutil.copy(STATIC / name, folder / "_static" / name)
    for name, walk in (("index.html", FIXTURE), ("case.html", CASE)):
        (folder / name).write_text(PAGE.format(fragment=render_html(walk, THE_BOOK.case)),
                                   encoding="utf-8")
    url, server = serve(folder)
    yield url
    server.shutdown()


def open_walk(page, url):
    page.goto(url)
    page.wait_for_selector(".cb-walk.cb-walk--ready")
    return page


@pytest.fixture
def walk(page, site):
    """The fixture walk, loaded; afterwards: no external request, no console or page error."""
    yield open_walk(page, f"{site}/index.html")
    assert page.log.external_requests == []
    assert page.log.page_errors == [] and page.log.console_errors == []


def ids(*parts):
    return "#walk-fixture-walk-" + "-".join(parts)


def answer_first(page, ranked=("y", "x"), certainty="4"):
    page.fill(f"{FIRST} textarea", "An older woman with fevers")
    for option in ranked:
        page.check(ids("first", "ddx", "option", option))
    page.check(ids("first", "summary", f"certainty-{certainty}"))
    page.check(ids("first", "ddx", f"certainty-{certainty}"))


def commit(page, stage):
    page.click(f"{stage} .cb-walk__commit")


def ranking(page, stage=FIRST):
    return page.eval_on_selector_all(f"{stage} .cb-walk__ranked:not([hidden])",
                                     "els => els.map(e => e.dataset.option)")


def test_a_stage_stays_locked_until_the_current_one_is_committed(walk):
    assert walk.locator(SECOND).get_attribute("hidden") is not None
    assert walk.locator("[data-walk-summary]").get_attribute("hidden") is not None
    commit(walk, FIRST)
    assert walk.locator(f"{FIRST} .cb-walk__missing").is_visible()
    assert walk.locator(SECOND).get_attribute("hidden") is not None
    answer_first(walk)
    assert walk.locator(f"{FIRST} .cb-walk__feedback").first.is_hidden()
    commit(walk, FIRST)
    assert walk.locator(SECOND).get_attribute("hidden") is None
    assert walk.locator(f"{FIRST} .cb-walk__feedback").first.is_visible()
    assert walk.locator(f"{FIRST} textarea").is_disabled()
    assert walk.locator("[data-walk-summary]").get_attribute("hidden") is not None


def test_wrong_then_right_scores_and_summary(walk):
    answer_first(walk)  # problem 0 ticks; ddx y, x: 2 of 4
    commit(walk, FIRST)
    assert walk.inner_text(f"{FIRST} .cb-walk__stage-score") == "25%"
    walk.check(ids("first", "summary", "feature", "a"))  # ticks stay open after committing
    walk.check(ids("first", "summary", "feature", "b"))
    assert walk.inner_text(f"{FIRST} .cb-walk__stage-score") == "50%"
    walk.check(ids("second", "next", "option", "bad"))
    walk.check(ids("second", "next", "certainty-5"))
    commit(walk, SECOND)
    # every choice shows its consequence, the expert's marked
    consequences = walk.locator(f"{SECOND} .cb-walk__consequence")
    assert consequences.count() == 2 and consequences.nth(1).is_visible()
    assert "The expert" in walk.inner_text(f'{SECOND} .cb-walk__consequence[data-option="good"]')
    summary = walk.locator("[data-walk-summary]")
    assert summary.is_visible()
    assert walk.inner_text('[data-summary-score="first"]') == "50%"
    assert walk.inner_text('[data-summary-score="second"]') == "0%"
    assert walk.inner_text('[data-cal-answered="5"]') == "1"
    assert walk.inner_text('[data-cal-share="5"]') == "0%"
    assert walk.inner_text('[data-cal-share="4"]') == "100%"  # problem 0.5, ddx 0.5: both right
    assert "The bad step" in walk.inner_text('[data-summary-answer="second/next"]')
    assert "1. Diagnosis Y; 2. Diagnosis X" in walk.inner_text('[data-summary-answer="first/ddx"]')
    assert walk.evaluate("document.activeElement.id") == "walk-fixture-walk-summary"
    walk.click(".cb-walk__reset")  # start again
    assert walk.locator(SECOND).get_attribute("hidden") is not None
    assert walk.input_value(f"{FIRST} textarea") == ""
    assert not walk.locator(f"{FIRST} textarea").is_disabled()


def test_ranking_by_buttons_and_at_most_five(walk):
    for option in ("x", "y", "z"):
        walk.check(ids("first", "ddx", "option", option))
    assert ranking(walk) == ["x", "y", "z"]
    walk.click(f'{FIRST} [data-option="z"] .cb-walk__up')
    assert ranking(walk) == ["x", "z", "y"]
    walk.click(f'{FIRST} [data-option="x"] .cb-walk__down')
    assert ranking(walk) == ["z", "x", "y"]
    assert walk.locator(f'{FIRST} [data-option="z"] .cb-walk__up').is_disabled()
    walk.uncheck(ids("first", "ddx", "option", "x"))
    assert ranking(walk) == ["z", "y"]
    for option in ("x", "w", "v"):
        walk.check(ids("first", "ddx", "option", option))
    walk.locator(ids("first", "ddx", "option", "u")).click()
    assert not walk.is_checked(ids("first", "ddx", "option", "u"))
    assert walk.locator(f"{FIRST} .cb-walk__limit").is_visible()
    assert len(ranking(walk)) == 5


def test_answers_survive_a_reload_and_start_again_clears_them(walk):
    answer_first(walk)
    commit(walk, FIRST)
    walk.check(ids("second", "next", "option", "good"))  # a draft at the open stage
    stored = json.loads(walk.evaluate(f"localStorage.getItem({json.dumps(KEY)})"))
    assert stored["version"] == 1 and stored["slug"] == "fixture-walk"
    assert stored["stages"]["first"]["committed"] is True
    assert stored["stages"]["first"]["tasks"]["ddx"] == {
        "kind": "differential", "ranked": ["y", "x"], "certainty": 4, "score": 0.5}
    assert stored["stages"]["second"]["tasks"]["next"]["choice"] == "good"
    walk.reload()
    walk.wait_for_selector(".cb-walk--ready")
    assert walk.locator(f"{FIRST} textarea").is_disabled()
    assert walk.input_value(f"{FIRST} textarea") == "An older woman with fevers"
    assert ranking(walk) == ["y", "x"]
    assert walk.locator(SECOND).get_attribute("hidden") is None
    assert walk.is_checked(ids("second", "next", "option", "good"))
    walk.click(".cb-walk__reset")
    assert walk.evaluate(f"localStorage.getItem({json.dumps(KEY)})") is None


def test_answers_saved_against_another_version_are_dropped(walk):
    walk.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(
        {"version": 1, "rev": "old", "stages": {"first": {"committed": True, "tasks": {}}}})])
    walk.reload()
    walk.wait_for_selector(".cb-walk--ready")
    assert walk.locator(SECOND).get_attribute("hidden") is not None


def test_with_storage_blocked_the_walk_works_in_memory_and_says_so(browser, site):
    context = browser.new_context()
    context.add_init_script(BLOCK_STORAGE)
    errors = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_walk(page, f"{site}/index.html")
        assert page.locator("[data-walk-storage]").is_visible()
        assert page.locator(".cb-walk__note").is_hidden()
        answer_first(page)
        commit(page, FIRST)
        assert page.locator(SECOND).get_attribute("hidden") is None
        page.check(ids("second", "next", "option", "good"))
        page.check(ids("second", "next", "certainty-3"))
        commit(page, SECOND)
        assert page.locator("[data-walk-summary]").is_visible()
        assert page.inner_text('[data-summary-score="second"]') == "100%"
        assert errors == []
    finally:
        context.close()


def tab_to(page, selector, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone_from_first_stage_to_summary(walk):
    tab_to(walk, f"{FIRST} textarea")
    walk.keyboard.type("Fevers and arthritis")
    tab_to(walk, ids("first", "summary", "certainty-1"))
    for _ in range(2):
        walk.keyboard.press("ArrowRight")  # radio group: arrows move and choose
    tab_to(walk, ids("first", "ddx", "option", "x"))
    walk.keyboard.press("Space")
    walk.keyboard.press("Tab")
    walk.keyboard.press("Space")  # y
    assert ranking(walk) == ["x", "y"]
    tab_to(walk, f'{FIRST} [data-option="y"] .cb-walk__up')
    walk.keyboard.press("Enter")
    assert ranking(walk) == ["y", "x"]
    assert walk.evaluate("document.activeElement.closest('[data-option]').dataset.option") in "xy"
    walk.keyboard.press("Enter")  # focus stayed on a move button of the moved item
    tab_to(walk, ids("first", "ddx", "certainty-1"))
    walk.keyboard.press("ArrowRight")
    tab_to(walk, f"{FIRST} .cb-walk__commit")
    walk.keyboard.press("Enter")
    assert walk.locator(SECOND).get_attribute("hidden") is None
    outline = walk.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible where it lands
    tab_to(walk, ids("second", "next", "option", "good"))
    walk.keyboard.press("Space")
    tab_to(walk, ids("second", "next", "certainty-1"))
    walk.keyboard.press("Space")
    tab_to(walk, f"{SECOND} .cb-walk__commit")
    walk.keyboard.press("Enter")
    assert walk.locator("[data-walk-summary]").is_visible()
    assert walk.inner_text('[data-summary-score="second"]') == "100%"
    assert walk.evaluate("document.activeElement.id") == "walk-fixture-walk-summary"


def test_the_summary_downloads_as_a_file(walk):
    answer_first(walk)
    commit(walk, FIRST)
    with walk.expect_download() as info:
        walk.evaluate("document.querySelector('.cb-walk__download').hidden = false")
        walk.locator(".cb-walk__download").dispatch_event("click")
    path = info.value.path()
    text = Path(path).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "fixture-walk-walk-summary.txt"
    assert "Score per stage" in text and "First: 25%" in text and "Second: not committed" in text
    assert "An older woman with fevers" in text


def _random_state(data, rng):
    """A stored state with random answers to every task, every stage committed."""
    stages = {}
    for stage in data["stages"]:
        tasks = {}
        for task in stage["tasks"]:
            answer = {"kind": task["kind"], "certainty": rng.randint(1, 5)}
            if task["kind"] == "problem":
                features = task["features"]
                answer["ticked"] = rng.sample(features, rng.randint(0, len(features)))
            elif task["kind"] == "differential":
                pool = list(task["options"])
                answer["ranked"] = rng.sample(pool, rng.randint(0, min(5, len(pool))))
            else:
                answer["choice"] = rng.choice(list(task["options"]))
            tasks[task["id"]] = answer
        stages[stage["id"]] = {"committed": rng.random() < 0.9, "tasks": tasks}
    return {"stages": stages}


@pytest.mark.parametrize("walk_spec", [FIXTURE, CASE], ids=["fixture", "the-case"])
def test_javascript_scores_exactly_like_python(walk, walk_spec):
    page_data = json.loads(walk.eval_on_selector(".cb-walk__data", "e => e.textContent"))
    data = python_page_data(walk_spec)
    if walk_spec is FIXTURE:
        assert page_data == data  # the page carries exactly the Python grading data
    rng = random.Random(13)
    params = [data["params"], {**data["params"], "rank_bonus": 0.5, "right_at": 0.75},
              {**data["params"], "must_not_miss_penalty": 2.5, "present": 0.0}]
    for p, _ in itertools.product(params, range(40)):
        state = _random_state(data, rng)
        probe = {**data, "params": p}
        js = walk.evaluate("([d, s]) => window.casebookWalk.summarise(d, s)", [probe, state])
        py = summarise(probe, state)
        assert js == json.loads(json.dumps(py)), state


def finish_like_the_expert(page, data, certainty=4):
    """Answer every open stage of a walk page with the expert's answers, and commit each."""
    for stage in data["stages"]:
        sid, where = stage["id"], f'[data-walk-stage="{stage["id"]}"]'
        if page.locator(f"{where} .cb-walk__committed").is_visible():
            continue
        for task in stage["tasks"]:
            base = f"#walk-{data['slug']}-{sid}-{task['id']}"
            if task["kind"] == "problem":
                page.fill(f"{base} textarea", "A summary")
            elif task["kind"] == "differential":
                for option in task["expert"]:
                    page.check(f"{base}-option-{option}")
            else:
                page.check(f"{base}-option-{task['expert']}")
            page.check(f"{base}-certainty-{certainty}")
        page.click(f"{where} .cb-walk__commit")
        for task in stage["tasks"]:
            for feature in task.get("features", []):
                page.check(f"#walk-{data['slug']}-{sid}-{task['id']}-feature-{feature}")


def test_usable_at_360_px(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True)
    try:
        page = open_walk(context.new_page(), f"{site}/case.html")
        stage = '[data-walk-stage="presentation"]'
        page.fill(f"{stage} textarea", "Febrile seronegative polyarthritis")
        for option in ("ctd", "infection", "paraprotein"):
            page.check(f"#walk-the-case-presentation-differential-option-{option}")
        box = page.locator(f'{stage} [data-option="infection"] .cb-walk__up').bounding_box()
        assert box["height"] >= 40, "touch target"
        page.check("#walk-the-case-presentation-next-option-broad-work-up")
        for task in ("summary", "differential", "next"):
            page.check(f"#walk-the-case-presentation-{task}-certainty-3")
        page.click(f"{stage} .cb-walk__commit")
        data = json.loads(page.eval_on_selector(".cb-walk__data", "e => e.textContent"))
        finish_like_the_expert(page, data)
        assert page.locator("[data-walk-summary]").is_visible()
        assert page.inner_text('[data-summary-score="outcome"]') == "100%"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page, "the-case walk at 360 px") == []
    finally:
        context.close()


def test_axe_finds_nothing_on_a_finished_walk(walk):
    assert axe_violations(walk, "walk at start") == []
    answer_first(walk)
    commit(walk, FIRST)
    walk.check(ids("second", "next", "option", "good"))
    walk.check(ids("second", "next", "certainty-3"))
    commit(walk, SECOND)
    walk.emulate_media(color_scheme="dark")
    assert axe_violations(walk, "finished walk") == []


def test_injected_markup_is_text(walk):
    walk.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps({
        "version": 1, "rev": walk_rev(), "stages": {"first": {"committed": True, "tasks": {
            "summary": {"kind": "problem", "text": "<img src=x onerror=window.pwned=1>",
                        "ticked": [], "certainty": 1},
            "ddx": {"kind": "differential", "ranked": ["x"], "certainty": 1}}}}})])
    walk.reload()
    walk.wait_for_selector(".cb-walk--ready")
    assert walk.evaluate("window.pwned") is None
    assert "<img" in walk.inner_text('[data-summary-answer="first/summary"]')


def walk_rev():
    return revision(FIXTURE)


def test_the_case_walk_on_the_built_site(built_site, site_url, page):
    html = (built_site / "book" / "the-case.html").read_text(encoding="utf-8")
    assert html.count("data-walk-stage=") == 6
    assert "cb-instructor" not in html and "Instructor: teaching note" not in html
    for slug in ("anti-synthetase-syndrome", "transplant-rationale", "synthesis"):
        assert f'data-walk="{slug}"' in (built_site / "book" / f"{slug}.html").read_text()
    open_walk(page, f"{site_url}/book/the-case.html")
    first = '[data-walk-stage="presentation"]'
    page.fill(f"{first} textarea", "Febrile polyarthritis")
    page.check("#walk-the-case-presentation-differential-option-ra")
    page.check("#walk-the-case-presentation-next-option-reassure")
    for task in ("summary", "differential", "next"):
        page.check(f"#walk-the-case-presentation-{task}-certainty-5")
    page.click(f"{first} .cb-walk__commit")
    assert page.locator('[data-walk-stage="findings"]').get_attribute("hidden") is None
    assert page.inner_text(f"{first} .cb-walk__stage-score") == "0%"
    # sources are linked citations, as in the quizzes
    assert page.locator(f"{first} .cb-quiz__source a").count() > 0
    data = json.loads(page.eval_on_selector(".cb-walk__data", "e => e.textContent"))
    finish_like_the_expert(page, data)
    assert page.locator("[data-walk-summary]").is_visible()
    for scheme in ("light", "dark"):  # every expert answer and the summary open, both schemes
        page.emulate_media(color_scheme=scheme)
        page.evaluate("window.scrollTo(0, 0)")
        found = axe_violations(page, f"the-case walk finished [{scheme}]")
        # the theme's own back-to-top button (not the walk's) fades out after the scroll
        assert [f for f in found if "pst-back-to-top" not in f] == []
    assert page.log.external_requests == [] and page.log.page_errors == []


def test_print_shows_the_summary_alone(walk):
    data = json.loads(walk.eval_on_selector(".cb-walk__data", "e => e.textContent"))
    finish_like_the_expert(walk, data)
    walk.evaluate("window.print = () => { window.printed = true; }")
    walk.click(".cb-walk__print")
    assert walk.evaluate("window.printed") is True
    walk.emulate_media(media="print")
    visibility = "s => getComputedStyle(document.querySelector(s)).visibility"
    assert walk.evaluate(visibility, "[data-walk-summary] table") == "visible"
    assert walk.evaluate(visibility, FIRST) == "hidden"
    assert walk.evaluate(visibility, "h1") == "hidden"


@pytest.mark.parametrize("stored", [
    {"version": 1, "stages": {"first": {"committed": True}}},  # a committed stage, no answers
    {"version": 1, "stages": "nonsense"},
    {"version": 2, "stages": {}},
])
def test_odd_stored_answers_throw_no_error(walk, stored):
    walk.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [KEY, json.dumps({**stored, "rev": walk_rev()})])
    walk.reload()
    walk.wait_for_selector(".cb-walk--ready")
    assert walk.locator(FIRST).is_visible()
