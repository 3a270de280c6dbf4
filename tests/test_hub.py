"""The classroom path on a real JupyterHub (``make hub``, ``scripts/hub.py``), on 127.0.0.1.

One hub for the module (jupyterhub from PyPI, configurable-http-proxy from hub/node_modules):
a student logs in with headless Chromium, follows the nbgitpuller launch link, the notebook
opens in JupyterLab, every cell runs without error and a quiz widget answers. Then a bounded
load test: ten simulated students launch and run the slowest chapter at once. Every process
the hub started is stopped when the module ends (the fixture's ``finally``), and checked.
"""

from __future__ import annotations

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT
from labdriver import answer_first_quiz_question, error_outputs, run_all, wait_for_notebook

sys.path.insert(0, str(ROOT / "scripts"))
import hub as hubscript  # noqa: E402

pytestmark = [pytest.mark.hub, pytest.mark.browser]
CHAPTER = "myeloma-staging"  # the slowest chapter (issue 16)
STUDENTS = 10
LOAD_TIMEOUT = 420  # seconds for all ten, on two shared cores
SHOTS = Path(os.environ.get("CASEBOOK_SCREENSHOTS", ROOT / "_build" / "screenshots"))


@pytest.fixture(scope="module")
def local_repo(tmp_path_factory):
    return hubscript.build_local_repo(ROOT, tmp_path_factory.mktemp("hubrepo"))


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    state = tmp_path_factory.mktemp("hubstate")
    try:
        with hubscript.running_hub(state, users=STUDENTS) as running:
            yield running
    finally:
        assert hubscript.leftover_servers(state) == []


def test_the_printed_link_is_the_chapter_pages_button_for_a_published_repository():
    from casebook.editions import launch_urls

    url = hubscript.book_config()["repository"]["url"]
    page = launch_urls(url, f"book/{CHAPTER}.ipynb", jupyterhub_url="http://127.0.0.1:8765",
                       binderhub_url="https://mybinder.org")["JupyterHub"]
    assert hubscript.launch_link("http://127.0.0.1:8765/", url, f"book/{CHAPTER}.ipynb") == page


def test_make_hub_prints_links_that_open_the_local_repository(hub, local_repo):
    link = hubscript.launch_link(hub.url, str(local_repo), f"book/{CHAPTER}.ipynb")
    assert link.startswith(f"{hub.url}/hub/user-redirect/git-pull?repo={local_repo}&")
    assert f"urlpath=lab/tree/{local_repo.name}/book/{CHAPTER}.ipynb" in link
    assert (local_repo / "book" / f"{CHAPTER}.ipynb").is_file()


def test_a_student_logs_in_follows_the_launch_link_and_runs_the_chapter(hub, local_repo,
                                                                         browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        link = hubscript.launch_link(hub.url, str(local_repo), f"book/{CHAPTER}.ipynb")
        page.goto(link)  # not logged in: the hub asks first, then comes back to the link
        page.fill("#username_input", "student1")
        page.fill("#password_input", hub.password)
        page.screenshot(path=str(SHOTS / "hub-login.png"))
        page.click("#login_submit")
        wait_for_notebook(page)
        assert page.url.endswith(f"/user/student1/lab/tree/{local_repo.name}/book/{CHAPTER}.ipynb")
        page.screenshot(path=str(SHOTS / "hub-notebook-open.png"))
        code = page.locator(".jp-Notebook .jp-CodeCell")
        assert code.nth(0).locator(".jp-InputPlaceholder").count() == 1  # the Colab cell
        assert code.nth(1).locator(".jp-InputPlaceholder").count() == 1  # the setup cell
        home = hub.state / "home" / "student1" / local_repo.name / "book" / f"{CHAPTER}.ipynb"
        assert home.is_file(), "nbgitpuller did not copy the notebooks into the home folder"
        seconds = run_all(page)
        assert error_outputs(page) == []
        feedback = answer_first_quiz_question(page, screenshot=SHOTS / "hub-quiz-answered.png")
        assert feedback.strip()
        print(f"run-all in the hub's JupyterLab: {seconds:.1f} s; quiz feedback: "
              f"{feedback.splitlines()[0]!r}")
    finally:
        context.close()
        hubscript.stop_server(hub, "student1")


def test_ten_students_launch_and_run_a_chapter_at_once(hub, local_repo):
    notebook = f"book/{CHAPTER}.ipynb"
    users = [f"student{i}" for i in range(1, STUDENTS + 1)]
    alone = hubscript.launch_and_run(hub, users[0], str(local_repo), notebook)
    assert alone["errors"] == [] and alone["pull"] == "finished"
    hubscript.stop_server(hub, users[0])
    started = time.monotonic()
    with ThreadPoolExecutor(STUDENTS) as pool:
        futures = [pool.submit(hubscript.launch_and_run, hub, u, str(local_repo), notebook,
                               LOAD_TIMEOUT) for u in users]
        results = [f.result(timeout=LOAD_TIMEOUT + 60) for f in futures]
    together = time.monotonic() - started
    try:
        assert [r["user"] for r in results] == users
        assert all(r["pull"] == "finished" for r in results)
        assert [r["errors"] for r in results] == [[]] * STUDENTS
        assert all(r["cells"] == alone["cells"] for r in results)
        assert hub.alive() and hub.process.poll() is None
        running = [u["name"] for u in hub.api("GET", "/users") if u["servers"]]
        assert sorted(running) == sorted(users)
    finally:
        for u in users:
            hubscript.stop_server(hub, u)
    report = {"students": STUDENTS, "chapter": CHAPTER, "one_alone_seconds": alone["total_seconds"],
              "all_done_seconds": together, "ratio": together / alone["total_seconds"],
              "slowest_student_seconds": max(r["total_seconds"] for r in results),
              "run_all_seconds": sorted(round(r["seconds"], 1) for r in results),
              "spawn_seconds": sorted(round(r["spawn_seconds"], 1) for r in results)}
    print("load test:", json.dumps(report))
    (SHOTS.parent / "hub-load.json").write_text(json.dumps(report, indent=1))
    assert together < LOAD_TIMEOUT
