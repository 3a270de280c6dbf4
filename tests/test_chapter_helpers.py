"""Chapters import their plumbing, they do not define it (issue 12).

A chapter's code cells are the lesson. Helpers that format values, show tables or count months
between case events live in the package (``casebook.display``, ``casebook.dates``), tested
once; a chapter defines only functions that are the lesson itself (a widget callback that
recomputes a score for the learner), and no function name is defined in two chapters.
"""

import ast
from collections import defaultdict

import jupytext
import pytest

from casebook import dates, display
from conftest import THE_BOOK

#: Plumbing the chapters used to define (and copy between them); the package holds it now.
PLUMBING = {"month_name", "months_between", "show_table", "describe", "show_value", "yn_list"}


def chapter_pages():
    return [THE_BOOK.page(f) for f in THE_BOOK.toc_files()]


def defined_functions(page) -> list[str]:
    """Names of the functions a page's code cells define (any depth), in order."""
    names = []
    for cell in jupytext.reads(page.read_text(encoding="utf-8"), fmt="md:myst").cells:
        if cell.cell_type != "code":
            continue
        source = "\n".join(line for line in cell.source.splitlines()
                           if not line.lstrip().startswith(("%", "!")))
        names += [node.name for node in ast.walk(ast.parse(source))
                  if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return names


@pytest.fixture(scope="module")
def definitions():
    return {page.stem: defined_functions(page) for page in chapter_pages()}


def test_the_scanner_finds_chapter_functions(definitions):
    assert "update_stages" in definitions["myeloma-staging"]
    assert sum(map(len, definitions.values())) >= 10


def test_no_function_name_is_defined_in_two_chapters(definitions):
    where = defaultdict(list)
    for slug, names in definitions.items():
        for name in set(names):
            where[name].append(slug)
    twice = {name: slugs for name, slugs in where.items() if len(slugs) > 1}
    assert not twice, f"move these to the package (or name them for their lesson): {twice}"


def test_no_chapter_defines_a_name_twice(definitions):
    for slug, names in definitions.items():
        assert len(names) == len(set(names)), (slug, names)


def test_chapters_define_no_plumbing_the_package_holds(definitions):
    package = PLUMBING | set(display.__all__) | set(dates.__all__)
    found = {slug: sorted(set(names) & package) for slug, names in definitions.items()}
    assert not any(found.values()), f"import these from casebook.display/dates: {found}"


def test_the_plumbing_lives_in_the_package():
    import casebook.case

    for name in PLUMBING - {"show_value", "yn_list"}:
        assert name in display.__all__ or name in dates.__all__, name
    assert hasattr(casebook.case.Case, "months_between")
