"""Structure rules every chapter must pass, and the table of contents kept in step with book/.

The rules read the chapter model (:mod:`casebook.chapters`, the MyST parser's view of a page).
"""

import re
from pathlib import Path

import pytest
import yaml

from casebook.chapters import read
from conftest import BOOK, ROOT

# Pages that are not chapters: no objectives, no code.
NON_CHAPTERS = {"intro", "glossary", "api", "bibliography", "instructor-guide", "performance",
                "progress"}
MYST_NB_IMPORT = re.compile(r"^\s*(from|import)\s+myst_nb\b", re.M)


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def chapter_slugs() -> list[str]:
    return [Path(f).name for f in toc_files() if Path(f).name not in NON_CHAPTERS]


def structure_problems(path: Path) -> list[str]:
    """Every way the chapter at ``path`` breaks the chapter rules (empty when it keeps them)."""
    text = path.read_text()
    problems = []
    if not text.startswith("---\njupytext:"):
        problems.append("no jupytext header")
    chapter = read(path)
    if (chapter.front_matter.get("kernelspec") or {}).get("name") != "python3":
        problems.append("no python3 kernelspec in the header")
    if len(chapter.h1) != 1:
        problems.append(f"{len(chapter.h1)} H1 headings (want exactly one)")
    objectives = chapter.objective_blocks
    if len(objectives) != 1:
        problems.append(f"{len(objectives)} 'Learning objectives' admonitions (want one)")
    else:
        items = [item for item in objectives[0] if item[:1].isupper()]
        if not 2 <= len(items) <= 4:
            problems.append(f"{len(items)} numbered learning objectives (want 2-4)")
    code = chapter.cells
    if not code or "hide-cell" not in code[0].tags:
        problems.append("the first code cell is not tagged hide-cell")
    if any(MYST_NB_IMPORT.search(c.source) for c in code):
        problems.append("imports myst_nb in the kernel (nbformat costs ~2 s; use casebook.glue)")
    if path.stem not in chapter.quiz_slugs:
        problems.append(f'no book.quiz("{path.stem}") cell')
    return problems


def test_toc_and_book_folder_agree():
    listed = {f"{f}.md" for f in toc_files()}
    on_disk = {str(p.relative_to(ROOT)) for p in BOOK.glob("*.md")}
    assert listed - on_disk == set(), "listed in _toc.yml but missing"
    assert on_disk - listed == set(), "in book/ but not in _toc.yml"


def test_no_notebooks_committed_under_book():
    assert sorted(BOOK.rglob("*.ipynb")) == []


@pytest.mark.parametrize("slug", chapter_slugs())
def test_chapter_structure(slug):
    assert structure_problems(BOOK / f"{slug}.md") == []


GOOD = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# Title

:::{admonition} Learning objectives
1. Stage the myeloma.
2. Explain the rule.
:::

```{code-cell} ipython3
:tags: [hide-cell]
import math
```

```{code-cell} ipython3
book.quiz("good")
```
"""


def _problems_of(tmp_path, text, name="good"):
    path = tmp_path / f"{name}.md"
    path.write_text(text)
    return structure_problems(path)


def test_rules_accept_a_good_chapter(tmp_path):
    assert _problems_of(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    "change, problem",
    [
        (lambda t: t.split("---\n", 2)[2], "no jupytext header"),
        (lambda t: t.replace("name: python3", "name: julia"), "kernelspec"),
        (lambda t: t.replace("# Title", "# Title\n\n# Second"), "2 H1 headings"),
        (lambda t: t.replace("# Title", "## Title"), "0 H1 headings"),
        (lambda t: t.replace("Learning objectives", "Goals"), "0 'Learning objectives'"),
        (lambda t: t.replace("2. Explain the rule.\n", ""), "1 numbered learning objectives"),
        (lambda t: t.replace(":tags: [hide-cell]\n", ""), "not tagged hide-cell"),
        (lambda t: t.replace('book.quiz("good")', "pass"), "no book.quiz"),
        (lambda t: t.replace("import math", "import math\nfrom myst_nb import glue"),
         "imports myst_nb"),
    ],
)
def test_rules_reject_a_broken_chapter(tmp_path, change, problem):
    problems = _problems_of(tmp_path, change(GOOD))
    assert any(problem in p for p in problems), problems
