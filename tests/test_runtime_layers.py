"""What each layer loads at run time: a fresh interpreter imports it and reads ``sys.modules``.

The static layering test (test_layering.py) reads import statements; this one catches what they
hide, such as a package ``__init__`` that pulls a renderer in. Quiz data (``quiz.bank``,
``quiz.grading``) must load no HTML renderer and no latex2mathml; calculators load only the
standard library and ``casebook.units``; the case and the book entry load no pandas or plotting.
"""

import json
import subprocess
import sys

import pytest

STDLIB = frozenset(sys.stdlib_module_names)
RENDERERS = ("casebook.quiz.html", "casebook.quiz.markup", "casebook.quiz.widget",
             "casebook.mathml", "latex2mathml", "ipywidgets", "IPython", "markdown_it")
HEAVY = ("pandas", "numpy", "matplotlib", "sphinx", "docutils")


def loaded_by(module: str) -> set[str]:
    """Modules that ``import <module>`` adds to a fresh interpreter's ``sys.modules``."""
    code = ("import json, sys; before = set(sys.modules); import " + module +
            "; print(json.dumps(sorted(set(sys.modules) - before)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return set(json.loads(out))


def top(name: str) -> str:
    return name.split(".")[0]


def third_party(names: set[str]) -> set[str]:
    return {n for n in names if top(n) not in STDLIB and top(n) != "casebook"}


@pytest.mark.parametrize("module", ["casebook.myeloma", "casebook.serology",
                                    "casebook.myositis", "casebook.transplant",
                                    "casebook.units"])
def test_calculators_load_only_the_standard_library_and_units(module):
    loaded = loaded_by(module)
    assert third_party(loaded) == set()
    ours = {n for n in loaded if top(n) == "casebook"}
    assert ours <= {"casebook", "casebook.units", module}


@pytest.mark.parametrize("module", ["casebook.quiz.bank", "casebook.quiz.grading"])
def test_quiz_data_loads_no_renderer(module):
    loaded = loaded_by(module)
    assert {n for n in loaded if n.startswith(RENDERERS)} == set()
    # PyYAML's C loader brings Cython's runtime modules.
    extra = {top(n) for n in third_party(loaded) if "cython" not in n}
    assert extra <= {"yaml", "_yaml"}


@pytest.mark.parametrize("module", ["casebook.case", "casebook.book"])
def test_the_case_and_the_book_entry_load_no_tables_or_plots(module):
    loaded = loaded_by(module)
    assert {n for n in loaded if n.startswith(HEAVY + RENDERERS)} == set()


def test_the_probe_sees_what_a_renderer_loads():
    """The check can fail: the quiz's HTML renderer does load the MathML filter."""
    assert "casebook.mathml" in loaded_by("casebook.quiz.html")


def test_latex2mathml_is_loaded_by_the_first_math_only():
    # Its import compiles thousands of regular expressions (about 50 ms of a chapter's
    # run-all), and only the myeloma quiz bank has math.
    assert "latex2mathml" not in {top(n) for n in loaded_by(
        "casebook.quiz.widget, casebook.walk.widget, casebook.quiz.html")}
    code = ("import sys; from casebook.quiz.markup import inline; html = inline('a $x^2$'); "
            "print('latex2mathml' in sys.modules, '<msup>' in html)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == ["True", "True"]


def test_the_live_quiz_and_walk_load_pybtex_only_to_show_a_source():
    # pybtex and the parse of references.bib take about 0.2 s: not part of a chapter's run-all.
    loaded = loaded_by("casebook.quiz.widget, casebook.walk.widget, casebook.citations")
    assert "pybtex" not in {top(n) for n in loaded}
