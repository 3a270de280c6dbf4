"""Write the chapters as notebooks for a teaching session (``make notebooks``).

    python scripts/notebooks.py [--out _build/notebooks] [--tree DIR]

- ``<out>/student/<slug>.ipynb``: no worked answers, no instructor notes, no outputs;
- ``<out>/instructor/<slug>.ipynb``: everything, no outputs;
- with ``--tree DIR``: the tree the pages workflow publishes as the ``notebooks`` branch, which
  the launch buttons open (Binder, JupyterHub through nbgitpuller, Colab): the package, its
  build files, the quiz banks and the student notebooks at ``book/<slug>.ipynb``, and none of the
  chapter sources (they hold the worked answers).

A chapter is a page of ``_toc.yml`` with a quiz bank. Each notebook starts with a cell that
installs the casebook on Google Colab and does nothing anywhere else. Prose shows the values the
chapter glued as the site shows them when the book has been built (``make book``), else their
names.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

from casebook.editions import (EDITIONS, NOTEBOOKS_BRANCH, chapter_notebook, glued_values,
                               write_notebook)
from casebook.book import Book
from casebook.teaching import chapters

ROOT = Path(__file__).resolve().parents[1]
# What a learner's server needs to install the package and find the quiz banks.
TREE_FILES = ("requirements.txt", "pyproject.toml", "README.md", "LICENSE", "CITATION.cff",
              "_toc.yml", "binder", "scripts/lab-settings.sh",
              "scripts/lab-overrides.json", "src", "book/quizzes", "book/references.bib",
              "book/case.yml", "book/data", "book/walks", "book/figures.yml")
TREE_README = """# Notebooks branch (generated: do not edit)

The student notebooks of the casebook, with what they need to run: the `casebook` package
(`src/`), its quiz banks (`book/quizzes/`) and the Binder configuration (`binder/`). The pages
workflow rebuilds this branch from `main` on every push; edit the chapters there.
"""


def repository_url(root: Path) -> str:
    return yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]


def write_notebooks(root: Path, out: Path, branch: str = NOTEBOOKS_BRANCH) -> list[Path]:
    """Both editions of every chapter under ``out/<edition>/``; returns the files written."""
    url = repository_url(root)
    written = []
    book = Book.at(root)
    executed = root / "_build" / "jupyter_execute"  # what `make book` computed, if it ran
    for chapter in chapters(book):
        source = book.content / f"{chapter.slug}.md"
        docname = source.relative_to(root).with_suffix("").as_posix()
        glued = glued_values(executed, docname)
        for edition in EDITIONS:
            nb = chapter_notebook(source, edition, repository_url=url, branch=branch,
                                  glued=glued)
            written.append(write_notebook(nb, out / edition / f"{chapter.slug}.ipynb"))
    return written


def write_tree(root: Path, out: Path, tree: Path) -> list[Path]:
    """The ``notebooks`` branch tree in ``tree`` (emptied first; its ``.git`` is kept)."""
    tree.mkdir(parents=True, exist_ok=True)
    for child in tree.iterdir():
        if child.name != ".git":
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc", ".ipynb_checkpoints")
    for name in TREE_FILES:
        src, dst = root / name, tree / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, dst)
    (tree / "NOTEBOOKS.md").write_text(TREE_README)
    notebooks = []
    for nb in sorted((out / "student").glob("*.ipynb")):
        notebooks.append(Path(shutil.copy2(nb, tree / "book" / nb.name)))
    return notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (with _toc.yml)")
    parser.add_argument("--out", type=Path, default=None, help="default: <root>/_build/notebooks")
    parser.add_argument("--tree", type=Path, help="also assemble the notebooks-branch tree here")
    parser.add_argument("--branch", default=NOTEBOOKS_BRANCH, help="branch the Colab cell clones")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    out = (args.out or root / "_build" / "notebooks").resolve()
    written = write_notebooks(root, out, args.branch)
    print(f"{len(written)} notebooks in {out}/{{{','.join(EDITIONS)}}}")
    if args.tree:
        copied = write_tree(root, out, args.tree.resolve())
        print(f"notebooks branch tree in {args.tree} ({len(copied)} student notebooks in book/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
