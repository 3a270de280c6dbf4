"""The package's import layering, checked by parsing with ``ast``.

The convention: a module imports only the layers below it, so a calculator can be used (and
tested) without plotting, widgets or a book build, and the quiz's data can be checked without
an HTML renderer.

- ``casebook`` (``__init__``), ``units`` and ``dates``: standard library only (importing any
  calculator runs ``__init__``, so it must stay as light as the calculators).
- Calculators (``myeloma``, ``serology``, ``myositis``, ``transplant``): + ``casebook.units``.
- ``filecache`` (results kept until their file changes, the fast YAML loader): + yaml; every
  layer that reads the book's files may use it.
- ``case``: + pandas, yaml, ``dates``. ``display`` (values as text, templates, chapter
  tables): + pandas, IPython, ``dates``. ``tables``: + pandas, yaml, the calculators and ``case``.
- ``plotting``: + matplotlib, numpy, and everything ``tables`` may use, plus ``tables`` and
  ``display``.
- ``quiz`` and ``mathml`` (rendering): + yaml, ipywidgets/IPython, latex2mathml, markdown-it;
  but the bank and its grading (``quiz.bank``, ``quiz.grading``) know nothing of HTML or
  widgets (they are data: a bank is validated and graded the same with or without a page to
  render it on): stdlib + yaml and each other only.
- ``walk`` (case walks, rendering): what ``quiz`` may use, + ``quiz`` and ``editions``; but the
  walk's schema and scoring (``walk.schema``, ``walk.grading``) are data only: stdlib + yaml,
  ``quiz.bank`` (its YAML loader) and each other.
- ``glue``: + IPython only (it exists to keep nbformat out of chapter kernels).
- ``chapters`` (the model of a chapter): + yaml, docutils, myst-parser and its markdown-it.
- ``editions``: + jupytext, nbformat, ``chapters``, and (the Sphinx side, imported in
  functions) Sphinx, myst-nb (its glue formatting), ``book`` and ``teaching``. ``teaching``:
  + yaml, docutils, ``quiz`` and ``chapters``.
- ``sphinx`` (the Sphinx extension): anything the book's build has, and any casebook module.
- ``exports`` (Anki, QTI, Moodle files): + genanki, pybtex and everything ``teaching`` may use.
- ``citations`` (references written out: exports, the live quiz and walk): + pybtex only.
  ``progress`` (the My progress page): + what ``teaching`` may use, and ``teaching``.
- Nothing imports from ``book/``. A module not listed here fails until it is given a layer.

"Standard library" is ``sys.stdlib_module_names``. Lazy imports inside functions, relative
imports and ``importlib.import_module("...")`` with a literal name all count.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "casebook"
BOOK = ROOT / "book"
STDLIB = frozenset(sys.stdlib_module_names)

CALCULATORS = ("casebook.myeloma", "casebook.serology", "casebook.myositis",
               "casebook.transplant")
MYST = {"yaml", "docutils", "myst_parser", "markdown_it", "mdit_py_plugins"}
RENDER_DEPS = {"yaml", "ipywidgets", "IPython", "traitlets", "latex2mathml", "markdown_it",
               "mdit_py_plugins"}

# layer -> (third-party top-level names allowed, casebook modules allowed (prefix match)).
# The bare package ``casebook`` is always allowed (its __init__ is itself stdlib-only).
READS = ("casebook.filecache",)  # any layer that reads the book's files may cache them
LAYERS = {
    "filecache": ({"yaml"}, ("casebook.filecache",)),
    "base": (set(), ("casebook.units", "casebook.dates", "casebook.notation")),
    "display": ({"pandas", "IPython"}, ("casebook.dates", "casebook.display")),
    # The entry to a book's files; what it opens (case, banks, tables) it imports lazily.
    "book": ({"yaml"}, (*READS, "casebook.book", "casebook.case", "casebook.quiz",
                        "casebook.tables", "casebook.walk")),
    "calculator": (set(), ("casebook.units",)),
    "case": ({"pandas", "yaml"}, (*READS, "casebook.units", "casebook.dates", "casebook.case")),
    "tables": ({"pandas", "yaml"},
               (*READS, "casebook.units", *CALCULATORS, "casebook.case", "casebook.tables")),
    # IPython and matplotlib_inline only inside a kernel (style: one draw per shown figure);
    # PIL (matplotlib's own dependency) writes the inline PNGs.
    "plotting": ({"pandas", "yaml", "matplotlib", "numpy", "IPython", "matplotlib_inline",
                  "PIL"},
                 (*READS, "casebook.units", "casebook.dates", *CALCULATORS, "casebook.case",
                  "casebook.tables", "casebook.display", "casebook.notation", "casebook.plotting")),
    "quiz": (RENDER_DEPS, (*READS, "casebook.units", "casebook.notation", "casebook.mathml",
                           "casebook.quiz", "casebook.citations",
                           "casebook.book", "casebook.rendering", "casebook.look",
                           "casebook.chapters")),  # audit reads chapters
    "mathml": (RENDER_DEPS, ("casebook.mathml",)),
    "quiz-data": ({"yaml"}, (*READS, "casebook.units", "casebook.quiz.bank",
                             "casebook.quiz.grading", "casebook.book")),
    "walk": (RENDER_DEPS, (*READS, "casebook.units", "casebook.mathml", "casebook.quiz",
                           "casebook.citations",
                           "casebook.rendering", "casebook.editions", "casebook.walk",
                           "casebook.look", "casebook.book")),
    "walk-data": ({"yaml"}, (*READS, "casebook.units", "casebook.quiz.bank", "casebook.walk.schema",
                             "casebook.walk.grading", "casebook.book")),
    "glue": ({"IPython"}, ("casebook.glue",)),
    # Layouts and styles the live quiz and walk share.
    "look": ({"ipywidgets"}, ("casebook.look",)),
    # References outside Sphinx (exports, live quiz and walk, JupyterLab): pybtex, on first use.
    "citations": ({"pybtex"}, (*READS, "casebook.citations")),
    "chapters": (MYST, (*READS, "casebook.chapters")),
    # Editions: MyST chapters to notebooks, and their Sphinx side (imported in functions).
    "editions": ({"jupytext", "nbformat", "sphinx", "myst_nb", *MYST},
                 (*READS, "casebook.editions", "casebook.chapters", "casebook.book",
                  "casebook.teaching", "casebook.walk.html")),  # cuts walk notes from pages
    # Teaching: guide tables and answer key.
    "teaching": ({"yaml", "docutils", *MYST},
                 (*READS, "casebook.units", "casebook.mathml", "casebook.quiz", "casebook.chapters",
                  "casebook.teaching", "casebook.book")),
    # The Sphinx extension: what the build has (Sphinx and its extensions), any casebook module.
    "sphinx": ({"sphinx", "docutils", "myst_nb", "pybtex", "sphinxcontrib", "fontTools",
                *MYST}, ("casebook",)),
    "exports": ({"yaml", "docutils", "genanki", "pybtex", *MYST} | RENDER_DEPS,
                (*READS, "casebook.units", "casebook.mathml", "casebook.quiz", "casebook.editions",
                 "casebook.chapters", "casebook.teaching", "casebook.book", "casebook.exports",
                 "casebook.citations")),
    "progress": ({"yaml", "docutils", *MYST} | RENDER_DEPS,
                 (*READS, "casebook.units", "casebook.mathml", "casebook.quiz", "casebook.editions",
                  "casebook.chapters", "casebook.teaching", "casebook.book",
                  "casebook.walk", "casebook.progress")),
}
QUIZ_DATA = ("casebook.quiz.bank", "casebook.quiz.grading")
WALK_DATA = ("casebook.walk.schema", "casebook.walk.grading")


def layer_of(module: str) -> str | None:
    """The layer a dotted module name belongs to, or None if unclassified."""
    if module in ("casebook", "casebook.units", "casebook.dates", "casebook.rendering",
                  "casebook.notation"):
        return "base"
    if module in CALCULATORS:
        return "calculator"
    if module == "casebook.look":
        return "look"
    if module in QUIZ_DATA:
        return "quiz-data"
    if module in WALK_DATA:
        return "walk-data"
    for layer in ("filecache", "book", "case", "display", "tables", "plotting", "quiz", "mathml",
                  "glue", "editions", "teaching", "walk", "chapters", "sphinx", "exports",
                  "progress", "citations"):
        if module == f"casebook.{layer}" or module.startswith(f"casebook.{layer}."):
            return layer
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve_from(node: ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module
    # `from casebook import case` imports the submodule casebook.case when it exists.
    names = []
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        as_path = SRC.joinpath(*sub.split("."))
        is_sub = as_path.with_suffix(".py").is_file() or (as_path / "__init__.py").is_file()
        names.append(sub if target.startswith("casebook") and is_sub else target)
    return names


def imports_of(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module a source file imports (absolute dotted names)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.update(_resolve_from(node, module, is_package))
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and (getattr(node.func, "attr", None) == "import_module"
                   or getattr(node.func, "id", None) in ("__import__", "import_module"))):
            found.add(node.args[0].value)
    return found


def book_module_names() -> set[str]:
    """Top-level names importable from book/ (its packages and .py files), plus 'book'."""
    names = {"book"}
    for py in BOOK.rglob("*.py"):
        names.update(py.relative_to(BOOK).with_suffix("").parts[:1])
        names.add(py.stem)
    return names - {"__init__"}


def violations(module: str, imported: set[str], book_names: set[str]) -> list[str]:
    layer = layer_of(module)
    if layer is None:
        return [f"{module} has no layer: add it to LAYERS/layer_of in tests/test_layering.py"]
    third_party, internal = LAYERS[layer]
    problems = []
    for name in sorted(imported):
        top = name.split(".")[0]
        if top in book_names:
            problems.append(f"{module} imports {name} from book/")
        elif top == "casebook":
            allowed = name == "casebook" or any(
                name == ok or name.startswith(ok + ".") for ok in internal)
            if not allowed:
                problems.append(f"{module} ({layer}) may not import {name}")
        elif top not in STDLIB and top not in third_party:
            problems.append(f"{module} ({layer}) may not import third-party {name}")
    return problems


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_package_has_modules():
    names = {module_name(p) for p in SOURCES}
    assert {"casebook.units", "casebook.transplant", "casebook.case", "casebook.tables"} <= names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_module_respects_layering(path):
    module = module_name(path)
    imported = imports_of(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
    assert violations(module, imported, book_module_names()) == []


# --- The checker itself must be able to fail ----------------------------------------------------


@pytest.mark.parametrize("module, source, expected", [
    ("casebook.transplant", "import pandas as pd", "may not import third-party pandas"),
    ("casebook.transplant", "def f():\n    import numpy\n", "third-party numpy"),
    ("casebook.transplant", "from casebook import case", "may not import casebook.case"),
    ("casebook.serology", "from casebook.transplant import bsa_dubois",
     "may not import casebook.transplant"),
    ("casebook.units", "from casebook import units, myeloma", "may not import casebook.myeloma"),
    ("casebook.case", "import matplotlib.pyplot", "third-party matplotlib"),
    ("casebook.tables", "from casebook.plotting import style", "may not import casebook.plotting"),
    ("casebook.plotting.case", "from ..quiz import show_quiz", "may not import casebook.quiz"),
    ("casebook.quiz", "import matplotlib", "third-party matplotlib"),
    ("casebook.quiz.bank", "import ipywidgets", "third-party ipywidgets"),
    ("casebook.quiz.grading", "from casebook.quiz.html import render_html",
     "may not import casebook.quiz.html"),
    ("casebook.case", "import importlib\nimportlib.import_module('scipy')", "third-party scipy"),
    ("casebook.tables", "from book._ext import thing", "from book/"),
    ("casebook.widgets", "import math", "has no layer"),
])
def test_checker_catches_violations(module, source, expected):
    found = violations(module, imports_of(source, module), {"book", "_ext"})
    assert any(expected in problem for problem in found), found


@pytest.mark.parametrize("module, source", [
    ("casebook.transplant", "from __future__ import annotations\nimport math\n"
                            "from casebook.units import require_finite"),
    ("casebook.case", "import yaml\nfrom importlib import resources"),
    ("casebook.tables", "import pandas as pd\nfrom casebook import case, transplant"),
    ("casebook.plotting.case",
     "import numpy as np\nfrom . import style\nfrom casebook import case"),
    ("casebook.quiz", "import ipywidgets\nfrom latex2mathml.converter import convert\nimport html"),
    ("casebook.quiz.grading", "import yaml\nfrom casebook.quiz.bank import Question"),
])
def test_checker_allows_the_layers(module, source):
    assert violations(module, imports_of(source, module), {"book", "_ext"}) == []


def test_relative_imports_resolve():
    assert imports_of("from . import style", "casebook.plotting.case") == {
        "casebook.plotting.style"}
    assert imports_of("from .style import X", "casebook.plotting", True) == {
        "casebook.plotting.style"}
    assert imports_of("from .. import units", "casebook.plotting.case") == {"casebook.units"}
