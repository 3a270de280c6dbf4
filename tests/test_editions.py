"""The student and instructor editions (``casebook.editions``).

- The fence scanner and notebook generator, on small texts (with a hypothesis property).
- The mechanism, on a tiny book built in both editions: answers and notes are absent from every
  file of the student site (pages, ``_sources/``, search index, downloadable notebook) and
  present in the instructor site; downloads and launch links point at generated notebooks.
- The real book: the student site (``built_site``, the strict build) holds no worked answer or
  instructor note anywhere; the instructor edition, built once here into
  ``_build/instructor`` after the student build (sharing its execution cache), holds them all.

Answer text is found in the chapter sources with this file's own pattern (``HIDDEN``), not with
the scanner under test, and looked for as runs of plain words ("probes") in normalised text.
"""

import html
import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import jupytext
import pytest
import snowballstemmer
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.editions import (chapter_notebook, edition_from_env, fences, glued_values,
                               launch_urls, plain_markdown, strip_blocks)
from conftest import BOOK, ROOT, leaves, THE_BOOK
from test_build import CHAPTER_HEADER, _tiny_book

HIDDEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>solution|instructor-note)\}[^\n]*\n"
                    r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.S | re.M)
# Six or more plain words, whole words only ("anti-Ro52" is not cut to "anti-Ro").
WORD_RUN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z'-]*[ ,;]+){5,}[A-Za-z][A-Za-z'-]*"
                      r"(?![A-Za-z0-9'-])")
STEMMER = snowballstemmer.stemmer("porter")


# --------------------------------------------------------------------------- helpers

def norm(text: str) -> str:
    """Lower case, entities decoded, every run of other characters one space."""
    return " " + re.sub(r"[^a-z0-9]+", " ", html.unescape(text).lower()) + " "


def hidden_blocks(text: str) -> list[tuple[str, str]]:
    """(directive name, body) of every ``{solution}`` and ``{instructor-note}`` block."""
    return [(m["name"], m["body"]) for m in HIDDEN.finditer(text)]


def probes(body: str) -> list[str]:
    """Runs of six or more plain words from the body's lines (options skipped), normalised."""
    found = []
    for line in body.splitlines():
        if not line.startswith(":"):
            found += [norm(run).strip() for run in WORD_RUN.findall(line)]
    return found


def book_pages() -> list[Path]:
    from test_structure import toc_files

    return [ROOT / f"{f}.md" for f in toc_files()]


def visible_corpus() -> str:
    """What the student edition may legitimately show: chapter text without hidden blocks, the
    quiz banks and the package (its data and code print into pages)."""
    parts = [HIDDEN.sub("", p.read_text()) for p in book_pages()]
    parts += [p.read_text() for p in (BOOK / "quizzes").glob("*.yml")]
    parts += [p.read_text(errors="ignore") for p in (ROOT / "src" / "casebook").rglob("*")
              if p.is_file() and p.suffix in (".py", ".csv", ".yml")]
    return norm("\n".join(parts))


def text_of(path: Path) -> str:
    """A file's text; a notebook's strings joined by newlines (JSON escapes would glue a
    line's first word to the escaped newline before it: "\\nTreat" -> "ntreat")."""
    if path.suffix == ".inv":  # Sphinx inventory: four header lines, then zlib
        data = path.read_bytes()
        return zlib.decompress(data.split(b"\n", 4)[4]).decode("utf-8", "replace")
    raw = path.read_text(errors="ignore")
    if path.suffix == ".ipynb":
        return "\n".join(x for x in leaves(json.loads(raw)) if isinstance(x, str))
    return raw


def site_files(site: Path) -> dict[Path, str]:
    return {p: norm(text_of(p)) for p in site.rglob("*") if p.is_file()
            and p.suffix in (".html", ".js", ".ipynb", ".txt", ".md", ".json", ".css", ".inv")}


def index_terms(site: Path) -> set[str]:
    raw = (site / "searchindex.js").read_text()
    index = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    return set(index["terms"]) | set(index["titleterms"])


def words(text: str, shortest: int = 1) -> set[str]:
    return set(re.findall(rf"[a-z]{{{shortest},}}", text.lower()))


def stems(ws) -> set[str]:
    return {STEMMER.stemWord(w) for w in ws} | set(ws)


# --------------------------------------------------------------------------- the switch

def test_edition_defaults_to_student_and_rejects_unknown_names():
    assert edition_from_env({}) == "student"
    assert edition_from_env({"CASEBOOK_EDITION": ""}) == "student"
    assert edition_from_env({"CASEBOOK_EDITION": "INSTRUCTOR"}) == "instructor"
    with pytest.raises(ValueError, match="CASEBOOK_EDITION='answers'"):
        edition_from_env({"CASEBOOK_EDITION": "answers"})


# --------------------------------------------------------------------------- the fence scanner

def test_strip_removes_both_fence_styles_and_keeps_the_rest():
    text = ("Intro.\n\n```{exercise} Q\n:label: ex-1\n\nAsk.\n```\n\n```{solution} ex-1\n"
            ":class: dropdown\n\nAnswer one.\n```\n\n:::{instructor-note} Pace\nNote two.\n:::\n"
            "\n:::{admonition} Kept\nBody.\n:::\n")
    out = strip_blocks(text)
    assert "Answer one" not in out and "Note two" not in out
    assert "Ask." in out and "Body." in out and out.startswith("Intro.")
    assert "\n\n\n" not in out


def test_a_longer_fence_keeps_its_nested_code_inside_the_stripped_block():
    text = "````{solution} ex-1\n```python\nsecret = 1\n```\nWords.\n````\nAfter.\n"
    assert strip_blocks(text) == "After.\n"


def test_a_solution_nested_in_another_directive_is_found():
    text = "`````{exercise} Q\nAsk.\n\n````{solution} ex-1\nHidden.\n````\n`````\n"
    out = strip_blocks(text)
    assert "Hidden" not in out and "Ask." in out and out.count("`````") == 2


def test_a_directive_shown_inside_a_code_block_is_kept():
    text = "````markdown\n```{solution} ex-1\nShown as an example.\n```\n````\n"
    assert strip_blocks(text) == text
    code_cell = "```{code-cell} ipython3\nprint('```{solution} x')\n```\n"
    assert strip_blocks(code_cell) == code_cell


def test_an_unclosed_solution_fails_instead_of_swallowing_the_chapter():
    with pytest.raises(ValueError, match=r"line 3: the fence ```\{solution\} is never closed"):
        strip_blocks("Intro.\n\n```{solution} ex-1\nAnswer.\n")


def test_fences_report_depth_and_names():
    lines = "::::{exercise} Q\n:::{solution} x\nA\n:::\n::::".split("\n")
    assert [(f.start, f.end, f.name, f.depth) for f in fences(lines)] == [
        (0, 4, "exercise", 0), (1, 3, "solution", 1)]


_PLAIN = st.text(alphabet="abcdefghij ", min_size=1, max_size=20).map(lambda s: "w" + s.strip())


@st.composite
def documents(draw):
    """Random MyST documents: paragraphs, exercises, solutions, notes and code blocks, with
    marker words that say whether a piece must survive for students."""
    parts, keep, drop = [], [], []
    for index in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["para", "exercise", "solution", "note", "code", "nested"]))
        word = f"{kind}{index}x{draw(_PLAIN).replace(' ', '')}"
        fence = draw(st.sampled_from(["```", "````", ":::", "::::"]))
        pieces = {
            "para": f"Text {word}.",
            "exercise": f"{fence}{{exercise}} Q\n:label: ex-{index}\n\nAsk {word}.\n{fence}",
            "solution": f"{fence}{{solution}} ex-{index}\n:class: dropdown\n\nAnswer {word}.\n"
                        f"{fence}",
            "note": f"{fence}{{instructor-note}}\nNote {word}.\n{fence}",
            "code": f"````python\n```{{solution}} shown\n{word}\n```\n````",
            "nested": f"`````{{exercise}} Q\nAsk.\n\n````{{solution}} ex-{index}\n"
                      f"Hidden {word}.\n````\n`````",
        }
        parts.append(pieces[kind])
        (drop if kind in ("solution", "note", "nested") else keep).append(word)
    return "\n\n".join(parts) + "\n", keep, drop


@settings(max_examples=150, deadline=None)
@given(documents())
def test_stripping_removes_exactly_the_hidden_blocks(doc):
    text, keep, drop = doc
    out = strip_blocks(text)
    assert all(w in out for w in keep)
    assert not any(w in out for w in drop)
    assert strip_blocks(out) == out


# --------------------------------------------------------------------------- plain Markdown

def test_plain_markdown_quotes_directives_with_their_titles():
    text = ("```{exercise} What next?\n:label: ex-1\n\nAsk {term}`ILD`.\n```\n\n"
            "```{solution} ex-1\n:class: dropdown\n\nAnswer {cite:p}`A2020`.\n```\n\n"
            "::::{instructor-note} Pace\n:::{tip}\nInner.\n:::\n::::\n")
    assert plain_markdown(text).split("\n") == [
        "> **Exercise: What next?**", ">", "> Ask ILD.", "",
        "> **Worked answer**", ">", "> Answer (A2020).", "",
        "> **Instructor note: Pace**", ">", "> > **Tip**", "> >", "> > Inner.", ""]


def test_plain_markdown_leaves_code_and_other_directives_alone():
    code = "```{code-cell} ipython3\nprint('{term}`x`')\n```"
    assert plain_markdown(code) == code
    figure = "```{figure} a.png\n:name: fig-a\nCaption {term}`x`.\n```"
    assert plain_markdown(figure) == figure


def test_plain_markdown_roles_and_targets():
    text = ("(sec-a)=\n## A\n{glue:text}`dose` mg; {numref}`Figure <fig-a>`; "
            "{doc}`the-case`; {math}`x^2`.")
    assert plain_markdown(text) == "## A\n`dose` mg; Figure; the-case; $x^2$."


# --------------------------------------------------------------------------- notebooks

CHAPTER = CHAPTER_HEADER + """
# Tiny

```{code-cell} ipython3
:tags: [hide-cell]
x = 6 * 7
```

```{exercise} What next?
:label: ex-tiny

Promptword ask.
```

```{solution} ex-tiny
:class: dropdown

Answerword reply.
```

:::{instructor-note}
Noteword pace.
:::

```{code-cell} ipython3
print(x)
```
"""


def test_student_notebook_has_no_answers_notes_or_outputs(tmp_path):
    path = tmp_path / "tiny.md"
    path.write_text(CHAPTER)
    nb = chapter_notebook(path, "student", repository_url="https://github.com/org/repo")
    text = json.dumps(nb)
    assert "Promptword" in text and "Answerword" not in text and "Noteword" not in text
    assert nb.metadata["casebook"] == {"edition": "student", "source": "tiny.md"}
    assert "jupytext" not in nb.metadata and nb.metadata["kernelspec"]["name"] == "python3"
    setup, *rest = nb.cells
    assert setup.metadata["tags"] == ["colab-setup"] and "google.colab" in setup.source
    assert '"--branch", "notebooks"' in setup.source
    assert '"https://github.com/org/repo"' in setup.source
    code = [c.source for c in rest if c.cell_type == "code"]
    assert code == [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells
               if c.cell_type == "code")
    assert [c.id for c in nb.cells] == [f"cell-{i}" for i in range(len(nb.cells))]


def test_instructor_notebook_keeps_answers_and_notes(tmp_path):
    path = tmp_path / "tiny.md"
    path.write_text(CHAPTER)
    text = json.dumps(chapter_notebook(path, "instructor"))
    assert "Answerword" in text and "Noteword" in text and "google.colab" not in text


def test_notebook_rejects_an_unknown_edition(tmp_path):
    path = tmp_path / "tiny.md"
    path.write_text(CHAPTER)
    with pytest.raises(ValueError, match="edition='teacher'"):
        chapter_notebook(path, "teacher")


def test_launch_urls_reject_what_they_cannot_link():
    with pytest.raises(ValueError, match="repository_url"):
        launch_urls("https://gitlab.com/org/repo", "book/x.ipynb", binderhub_url="https://b")
    with pytest.raises(ValueError, match="notebook_path"):
        launch_urls("https://github.com/org/repo", "book/x.md", binderhub_url="https://b")
    with pytest.raises(ValueError, match="interface"):
        launch_urls("https://github.com/org/repo", "book/x.ipynb", interface="nteract")
    assert launch_urls("https://github.com/org/repo.git", "book/x.ipynb") == {}


# --------------------------------------------------------------------------- a tiny book

TINY_PAGE = """# Page

:::{admonition} Learning objectives
1. Decide.
2. Explain.
:::

```{code-cell} ipython3
:tags: [hide-cell]
from casebook.book import Book
book = Book.at("..")
```

```{exercise} What would you do next?
:label: ex-page-next

Zebraprompt question.
```

```{solution} ex-page-next
:class: dropdown

Quokkaanswer with **bold** words.
```

```{instructor-note} Pacing
Wombatnote: five minutes.
```

```{code-cell} ipython3
:tags: [remove-input]
book.quiz("page")
```
"""
TINY_GUIDE = """# Guide

:::{instructor-note}
Numbatnote for the guide.
:::

## Quiz answer key

```{answer-key}
```

```{code-cell} ipython3
print(6 * 7)
```
"""
SECRETS = ("quokkaanswer", "wombatnote", "numbatnote")


def _build_edition(source: Path, edition: str) -> tuple[subprocess.CompletedProcess, Path]:
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(source), "-W", "-n", "--keep-going"]
    out = source / "_build" / "html"
    if edition == "instructor":
        cmd += ["--path-output", str(source / "_build" / "instructor")]
        out = source / "_build" / "instructor" / "_build" / "html"
    proc = subprocess.run(cmd, cwd=source, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "CASEBOOK_EDITION": edition})
    return proc, out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """One tiny book with an exercise, a solution, notes and an answer key, in both editions;
    launch buttons for Binder, JupyterHub and Colab."""
    root = _tiny_book(tmp_path_factory.mktemp("tiny"), TINY_PAGE)
    (root / "book" / "page.md").write_text(CHAPTER_HEADER + TINY_PAGE)
    (root / "book" / "guide.md").write_text(CHAPTER_HEADER + TINY_GUIDE)
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/page\nchapters:\n"
                                   "  - file: book/guide\n")
    (root / "book" / "quizzes").mkdir()
    bank = (BOOK / "quizzes" / "the-case.yml").read_text().replace("id: the-case-", "id: page-")
    (root / "book" / "quizzes" / "page.yml").write_text(bank)
    config = (root / "_config.yml").read_text()
    assert "  binderhub_url: https://mybinder.org\n" in config
    (root / "_config.yml").write_text(config.replace(
        "  binderhub_url: https://mybinder.org\n",
        "  binderhub_url: https://mybinder.org\n  jupyterhub_url: https://hub.example.edu\n"))
    student, student_html = _build_edition(root, "student")
    instructor, instructor_html = _build_edition(root, "instructor")
    assert student.returncode == 0, student.stdout[-4000:] + student.stderr[-2000:]
    assert instructor.returncode == 0, instructor.stdout[-4000:] + instructor.stderr[-2000:]
    return {"student": student_html, "instructor": instructor_html, "root": root}


@pytest.mark.book
def test_tiny_student_site_holds_no_answer_or_note_in_any_file(tiny):
    files = site_files(tiny["student"])
    assert any(p.name == "searchindex.js" for p in files)
    assert "ex-page-next" in files[tiny["student"] / "objects.inv"].replace(" ", "-")
    assert any(p.suffix == ".ipynb" for p in files)
    for secret in SECRETS:
        assert [p for p, text in files.items() if secret in text] == [], secret
    assert {STEMMER.stemWord(s) for s in SECRETS} & index_terms(tiny["student"]) == set()
    assert "zebraprompt" in files[tiny["student"] / "book" / "page.html"]
    assert STEMMER.stemWord("zebraprompt") in index_terms(tiny["student"])


@pytest.mark.book
def test_tiny_student_sources_hold_only_the_student_notebook(tiny):
    sources = tiny["student"] / "_sources"
    assert sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*") if p.is_file()) \
        == ["book/page.ipynb"]
    nb = json.loads((sources / "book" / "page.ipynb").read_text())
    assert nb["metadata"]["casebook"]["edition"] == "student"
    assert all(c.get("outputs", []) == [] for c in nb["cells"])


@pytest.mark.book
def test_tiny_downloads_offer_the_notebook_and_no_dead_source_link(tiny):
    page = (tiny["student"] / "book" / "page.html").read_text()
    guide = (tiny["student"] / "book" / "guide.html").read_text()
    assert 'href="../_sources/book/page.ipynb"' in page
    assert "download-source-button" not in page and "download-source-button" not in guide
    assert "download-notebook-button" not in guide and "launch-buttons" not in guide


@pytest.mark.book
def test_tiny_launch_links_open_the_generated_notebook(tiny):
    page = (tiny["student"] / "book" / "page.html").read_text()
    links = set(re.findall(r'href="(https://(?:mybinder|hub|colab)[^"]+)"', page))
    assert {html.unescape(link) for link in links} == {
        "https://mybinder.org/v2/gh/ass-casebook/ass-casebook/notebooks"
        "?urlpath=lab/tree/book/page.ipynb",
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https://github.com/"
        "ass-casebook/ass-casebook&branch=notebooks&urlpath=lab/tree/ass-casebook/book/page.ipynb",
        "https://colab.research.google.com/github/ass-casebook/ass-casebook/blob/notebooks/"
        "book/page.ipynb",
    }


@pytest.mark.book
def test_tiny_instructor_site_shows_answers_notes_key_and_banner(tiny):
    site = tiny["instructor"]
    page = norm((site / "book" / "page.html").read_text())
    guide = (site / "book" / "guide.html").read_text()
    assert "quokkaanswer" in page and "wombatnote" in page
    assert "instructor note pacing" in page and "numbatnote" in norm(guide)
    assert 'id="answer-key-page"' in guide and 'id="key-page-tandem-interval"' in guide
    assert "Instructor edition: worked answers" in guide
    nb = json.loads((site / "_sources" / "book" / "page.ipynb").read_text())
    assert nb["metadata"]["casebook"]["edition"] == "instructor"
    assert "Quokkaanswer" in json.dumps(nb)
    assert all(c.get("outputs", []) == [] for c in nb["cells"])


@pytest.mark.book
def test_tiny_student_guide_has_no_answer_key(tiny):
    guide = (tiny["student"] / "book" / "guide.html").read_text()
    assert "answer-key-page" not in guide and "key-page-" not in guide


# --------------------------------------------------------------------------- the real book

def _blocks_with_probes() -> list[tuple[str, str, list[str]]]:
    visible = visible_corpus()
    out = []
    for page in book_pages():
        for name, body in hidden_blocks(page.read_text()):
            own = [p for p in probes(body) if f" {p} " not in visible]
            out.append((page.stem, name, own))
    return out


def test_the_book_has_hidden_blocks_that_can_be_probed():
    blocks = _blocks_with_probes()
    assert sum(name == "solution" for _, name, _ in blocks) >= 6
    assert [(page, name) for page, name, found in blocks if not found] == []


@pytest.mark.book
def test_student_site_holds_no_worked_answer_or_note_anywhere(built_site):
    files = site_files(built_site)
    leaks = [(page, name, probe, str(p.relative_to(built_site)))
             for page, name, found in _blocks_with_probes() for probe in found
             for p, text in files.items() if f" {probe} " in text]
    assert leaks == []


@pytest.mark.book
def test_student_search_index_has_no_word_only_the_answers_use(built_site):
    shown = set()
    for p in built_site.rglob("*.html"):
        shown |= stems(words(html.unescape(p.read_text())))
    hidden = set()
    for page in book_pages():
        for _, body in hidden_blocks(page.read_text()):
            hidden |= words(body)
    only_hidden = {w for w in hidden if STEMMER.stemWord(w) not in shown and w not in shown}
    assert only_hidden, "no word is unique to the answers: the check would prove nothing"
    assert stems(only_hidden) & index_terms(built_site) == set()


@pytest.mark.book
def test_student_sources_hold_only_student_notebooks_of_the_chapters(built_site):
    from test_structure import chapter_slugs

    sources = built_site / "_sources"
    found = sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*") if p.is_file())
    assert found == sorted(f"book/{slug}.ipynb" for slug in chapter_slugs())
    for path in sources.rglob("*.ipynb"):
        nb = json.loads(path.read_text())
        assert nb["metadata"]["casebook"]["edition"] == "student", path
        assert all(c.get("outputs", []) == [] for c in nb["cells"]), path


@pytest.mark.book
def test_downloadable_notebooks_show_the_glued_values_the_pages_show(built_site):
    """A notebook opened where MyST is not rendered (Colab, a hub without jupyterlab-myst)
    reads "R-ISS stage 2", not "R-ISS stage `r_iss`": glued values are written in as text."""
    from myst_nb.core.variables import format_plain_text

    from test_structure import chapter_slugs

    glue = re.compile(r"\{glue:text\}`([\w-]+)(?::([^`]*))?`")
    for slug in chapter_slugs():
        values = glued_values(ROOT / "_build" / "jupyter_execute", f"book/{slug}")
        used = [use for cell in jupytext.read(BOOK / f"{slug}.md").cells  # students' prose
                if cell.cell_type == "markdown"
                for use in glue.findall(strip_blocks(cell.source))]
        assert used and values, slug
        nb = json.loads((built_site / "_sources" / "book" / f"{slug}.ipynb").read_text())
        prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        page = html.unescape(re.sub(r"<[^>]+>", "", (built_site / "book" / f"{slug}.html")
                                    .read_text()))
        for name, spec in used:
            shown = format_plain_text(values[name], spec or "")
            assert f"`{name}" not in prose, (slug, name)
            assert shown in prose and shown in page, (slug, name, shown)


def test_glued_values_come_from_myst_nb_s_record_of_the_build(tmp_path):
    (tmp_path / "book").mkdir()
    record = {"dose": {"data": {"text/plain": "139.99"}, "output_type": "display_data"},
              "plot": {"data": {"image/png": "iVBOR"}, "output_type": "display_data"}}
    (tmp_path / "book" / "ch.glue.json").write_text(json.dumps(record))
    assert glued_values(tmp_path, "book/ch") == {"dose": "139.99"}  # text only
    assert glued_values(tmp_path, "book/other") == {}  # not built: names stay
    (tmp_path / "book" / "bad.glue.json").write_text("{not json")
    assert glued_values(tmp_path, "book/bad") == {}


@pytest.fixture(scope="module")
def instructor_site(built_site):
    """The whole book's instructor edition, built after the student one (shared cache)."""
    out = ROOT / "_build" / "instructor"
    shutil.rmtree(out, ignore_errors=True)
    proc, html_dir = _build_edition(ROOT, "instructor")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "WARNING:" not in proc.stdout + proc.stderr
    return html_dir


@pytest.mark.book
def test_instructor_site_holds_every_worked_answer_and_note(instructor_site):
    pages = {p.stem: norm(p.read_text()) for p in (instructor_site / "book").glob("*.html")}
    missing = [(page, name, probe) for page, name, found in _blocks_with_probes()
               for probe in found if f" {probe} " not in pages[page]]
    assert missing == []


@pytest.mark.book
def test_instructor_guide_has_the_answer_key_of_every_question(instructor_site):
    from casebook.quiz import load_bank
    from test_structure import chapter_slugs

    guide = (instructor_site / "book" / "instructor-guide.html").read_text()
    for slug in chapter_slugs():
        assert f'id="answer-key-{slug}"' in guide, slug
        for q in load_bank(slug, book=THE_BOOK).questions:
            assert f'id="key-{q.id}"' in guide, q.id
    assert "instructor-note" in guide


@pytest.mark.book
@pytest.mark.browser
def test_tiny_pages_print_without_navigation_and_with_answers_open(tiny, browser):
    from conftest import serve

    url, server = serve(tiny["instructor"])
    try:
        page = browser.new_page()
        page.goto(f"{url}/book/page.html", wait_until="networkidle")
        assert page.locator(".solution.toggle-hidden").count() == 1  # collapsed on screen
        assert not page.get_by_text("Quokkaanswer").is_visible()
        page.emulate_media(media="print")
        assert page.get_by_text("Quokkaanswer").is_visible()
        for selector in (".bd-sidebar-primary", ".bd-header", ".header-article",
                         "button.toggle-button"):
            hidden = page.eval_on_selector_all(
                selector, "els => els.every(e => getComputedStyle(e).display === 'none')")
            assert hidden, selector
        assert page.locator(".bd-header-announcement").is_visible()
        page.close()
    finally:
        server.shutdown()
