"""The authors' loop: what a rebuild reads again, and that what it keeps is still right.

casebook.sphinx keeps a rebuild short (issue 12, item 9): pages built from chapters depend on
each chapter's outline, not its prose (casebook.sphinx.outlines); figures are numbered again only
after a page was read, and doctrees and the environment hold no copies of other pages
(casebook.sphinx.doctrees). Each shortcut is checked against what a full build would give.
The book is the fictional mini case plus a figure page and a My progress page, built in the
instructor edition (it has the solutions, whose titles come from the exercises' kept nodes).
"""

import pickle
import re
import shutil

import pytest

from conftest import ROOT, build_book

pytestmark = pytest.mark.book

MINI = ROOT / "tests" / "fixtures" / "mini-case"
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       '<rect width="10" height="10"/></svg>')
FIGURE = "```{{figure}} {name}.svg\n:name: fig-{name}\n\n{caption}\n```\n"
FIG_NUMBER = re.compile(r'<span class="caption-number">Fig\. (\d+) </span>')
OBJECTIVE = "1. Stage the myeloma with the International Staging System."


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    root = tmp_path_factory.mktemp("rebuild") / "case"
    shutil.copytree(MINI, root)
    book = root / "book"
    (book / "plot.svg").write_text(SVG)
    (book / "first.svg").write_text(SVG)
    (book / "figures.md").write_text("# Figures\n\n" + FIGURE.format(name="plot", caption="A plot.")
                                     + "\nSee {numref}`fig-plot`.\n")
    (book / "progress.md").write_text("# My progress\n\n```{progress-report}\n```\n")
    toc = (root / "_toc.yml").read_text()
    (root / "_toc.yml").write_text(toc.replace("  - file: book/bibliography\n",
                                               "  - file: book/figures\n  - file: book/progress\n"
                                               "  - file: book/bibliography\n"))
    first = build_book(root, edition="instructor")
    assert first.returncode == 0, first.output[-4000:]
    return root, first


def read_pages(output: str) -> set[str]:
    """The pages a build read (Sphinx logs ``reading sources... [ 50%] book/x``)."""
    return set(re.findall(r"reading sources\.\.\. .*?\[[ \d]+%\]\s+(?:\x1b\[\d+m)?(book/[\w-]+)",
                          output))


def rebuild(root):
    result = build_book(root, clean=False, edition="instructor")
    assert result.returncode == 0, result.output[-4000:]
    return result


def test_the_environment_holds_no_page_but_its_own_records(case):
    root, _ = case
    env = pickle.loads((root / "_build" / ".doctrees" / "environment.pickle").read_bytes())
    kept = env.sphinx_exercise_registry["ex-staging-next"]["node"]
    assert kept.parent is None and kept.document is None  # not the whole page with it
    assert "5.5 mg/L" in kept.astext()
    html = (root / "_build" / "html" / "book" / "staging.html").read_text()
    assert ('Solution to<a class="reference internal" href="#ex-staging-next"> Exercise 1 '
            "(What would you do next?)</a>") in html


def test_a_rebuild_with_no_change_reads_nothing_and_keeps_the_numbers(case):
    root, first = case
    page = root / "_build" / "html" / "book" / "figures.html"
    before = page.read_text()
    assert FIG_NUMBER.findall(before) == ["1"]
    again = rebuild(root)
    assert "0 added, 0 changed, 0 removed" in again.output
    assert page.read_text() == before


def test_a_prose_edit_reads_only_its_page_and_an_outline_edit_the_pages_built_from_it(case):
    root, _ = case
    staging = root / "book" / "staging.md"
    text = staging.read_text()
    staging.write_text(text.replace("uses two blood tests", "uses just two blood tests"))
    prose = rebuild(root)
    assert read_pages(prose.output) == {"book/staging"}, prose.output[-3000:]
    progress = root / "_build" / "html" / "book" / "progress.html"
    assert "Stage the myeloma with the International Staging System" in progress.read_text()

    staging.write_text(staging.read_text().replace(
        OBJECTIVE, "1. Stage the myeloma with the ISS and the R-ISS."))
    outline = rebuild(root)
    assert read_pages(outline.output) == {"book/staging", "book/progress"}, outline.output[-3000:]
    assert "Stage the myeloma with the ISS and the R-ISS" in progress.read_text()


def test_a_figure_added_before_another_renumbers_it(case):
    root, _ = case
    staging = root / "book" / "staging.md"
    staging.write_text(staging.read_text().replace(
        "The International Staging System", FIGURE.format(name="first", caption="First.")
        + "\nThe International Staging System", 1))
    result = rebuild(root)
    assert "book/figures" not in read_pages(result.output)  # not read, but written again
    figures = (root / "_build" / "html" / "book" / "figures.html").read_text()
    assert FIG_NUMBER.findall(figures) == ["2"]
    assert "Fig. 2" in re.sub(r"<[^>]+>", "", figures.split("See", 1)[1])
