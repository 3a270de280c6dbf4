"""The engine and the case apart (issue 12): engine code names no case id, and no tracked file
names a path or a document outside the repository.

Case ids are read from the case file (``book/case.yml``: facts, timeline events, notes); a
string literal in ``src/casebook/**/*.py`` equal to one of them means the engine hard-wires
this case. Docstrings (module, class, function) are skipped: their examples may use the case.
"""

import ast
import re
import subprocess

import pytest

from conftest import ROOT, THE_BOOK

ENGINE = ROOT / "src" / "casebook"


def case_ids() -> set[str]:
    case = THE_BOOK.case
    return ({f.id for f in case.facts()} | {e.id for e in case.timeline()}
            | {n.id for n in case.notes()})


def _docstring_nodes(tree: ast.AST) -> set[int]:
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                skip.add(id(body[0].value))
    return skip


def string_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant in ``source`` that is not a docstring."""
    tree = ast.parse(source)
    skip = _docstring_nodes(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip]


def engine_case_ids() -> list[str]:
    ids = case_ids()
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        for line, text in string_literals(path.read_text(encoding="utf-8")):
            if text in ids:
                found.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    return found


def test_the_case_file_has_ids_to_look_for():
    assert len(case_ids()) > 40


def test_the_literal_scanner_skips_docstrings_only():
    source = ('"""Module doc: \'age\'."""\n'
              'def f():\n    """age"""\n    return "age"\n'
              'class C:\n    """age"""\n    x = "age"\n')
    assert [text for _, text in string_literals(source)] == ["age", "age"]


def test_engine_code_names_no_case_id():
    found = engine_case_ids()
    assert not found, ("engine code names ids of book/case.yml (move them to the book's "
                       "data files):\n" + "\n".join(found))


# --------------------------------------------------------------- nothing outside the repository
#: Paths and documents that live outside the repository (a sibling ``shared/`` folder, notes
#: not shipped with the project). A tracked file citing them leaves a fresh clone's reader
#: with a dangling reference.
OUTSIDE = re.compile(r"\.\./shared|shared/seed|shared/reference|clinical-rules|clinical-review"
                     r"|engineering-notes|CONVENTIONS")
#: ``.ci/run`` may point CASEBOOK_LETTER at the letter's copy beside a checkout.
ALLOWED = {".ci/run"}


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [p for p in out.stdout.decode().split("\0") if p]


def test_no_tracked_file_names_a_path_or_document_outside_the_repository():
    this = "tests/test_engine_case_split.py"
    hits = []
    for rel in tracked_files():
        if rel in ALLOWED or rel == this:
            continue
        try:
            text = (ROOT / rel).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                hits.append(f"{rel}:{number}: {line.strip()[:100]}")
    assert not hits, "cite the primary source instead:\n" + "\n".join(hits)


# Built from pieces, so this file does not itself name what it looks for.
@pytest.mark.parametrize("line", ["see ../" + "shared/seed/case-letter.txt",
                                  "VERIFIED (clinical-" + "rules.md section 3)",
                                  "CONVENTIONS.md: layering", "engineering-" + "notes.md s3"])
def test_the_outside_pattern_catches_the_old_citations(line):
    assert OUTSIDE.search(line)
