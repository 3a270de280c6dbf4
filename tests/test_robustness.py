"""Robustness across modules (issue 8): what the per-module tests do not already cover.

- Every public calculator, given any float (NaN, infinities, negatives, subnormals, huge) in any
  numeric parameter, returns a valid result or raises ``ValueError``: never another exception,
  never NaN in what it returns. The other arguments come from the function's own doctest
  example, so each function is exercised from a known-good call.
- Two clean builds of the whole book give byte-identical chapter HTML (``book`` marker: slow).

Malformed quiz banks are covered by tests/test_quiz_bank.py (file, line, question id, problem).
"""

import ast
import dataclasses
import doctest
import importlib
import inspect
import math
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, build_book
from test_structure import chapter_slugs

CALCULATOR_MODULES = ("units", "myeloma", "serology", "myositis", "transplant")
NUMERIC = {"float", "int"}  # a parameter annotated float, int or a union with either


def public_functions():
    for name in CALCULATOR_MODULES:
        module = importlib.import_module(f"casebook.{name}")
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not fname.startswith("_"):
                yield pytest.param(fn, id=f"{name}.{fname}")


def example_call(fn) -> tuple[list, dict] | None:
    """The first call of ``fn`` with literal arguments in its docstring's doctest examples."""
    for example in doctest.DocTestParser().get_examples(inspect.getdoc(fn) or ""):
        try:
            tree = ast.parse(example.source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            name = getattr(func, "attr", getattr(func, "id", None))
            if not isinstance(node, ast.Call) or name != fn.__name__:
                continue
            try:
                return ([ast.literal_eval(a) for a in node.args],
                        {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg})
            except ValueError:
                continue
    return None


def numeric_parameters(fn) -> list[inspect.Parameter]:
    return [p for p in inspect.signature(fn).parameters.values()
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
            and {t.strip() for t in str(p.annotation).split("|")} & NUMERIC]


def baseline(fn) -> tuple[list, dict]:
    """Known-good arguments: the doctest example, or nothing if every parameter is numeric."""
    found = example_call(fn)
    if found is not None:
        return found
    required = [p for p in inspect.signature(fn).parameters.values() if p.default is p.empty]
    numeric = {p.name for p in numeric_parameters(fn)}
    missing = [p.name for p in required if p.name not in numeric]
    assert not missing, f"{fn.__name__}: no doctest example to take {missing} from"
    return [], {}


def nan_free(value) -> bool:
    if isinstance(value, float):
        return not math.isnan(value)
    if dataclasses.is_dataclass(value):
        return all(nan_free(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return all(nan_free(v) for v in value)
    if isinstance(value, dict):
        return all(nan_free(v) for v in value.values())
    return True


def call_with(fn, args: list, kwargs: dict, param: inspect.Parameter, value: float):
    args, kwargs = list(args), dict(kwargs)
    if param.kind == param.POSITIONAL_ONLY or (param.kind == param.POSITIONAL_OR_KEYWORD
                                               and param.name not in kwargs):
        index = list(inspect.signature(fn).parameters).index(param.name)
        if index < len(args):
            args[index] = value
            return fn(*args, **kwargs)
        if param.kind == param.POSITIONAL_ONLY:
            args += [None] * (index - len(args)) + [value]
            return fn(*args, **kwargs)
    kwargs[param.name] = value
    return fn(*args, **kwargs)


def test_every_calculator_module_has_numeric_functions_to_test():
    covered = [p.values[0] for p in public_functions() if numeric_parameters(p.values[0])]
    assert len(covered) >= 40, [f.__name__ for f in covered]


@pytest.mark.parametrize("fn", public_functions())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_float_gives_a_valid_result_or_a_value_error(fn, data):
    params = numeric_parameters(fn)
    if not params:
        return  # no numeric input (e.g. a lookup by name): nothing for this property
    args, kwargs = baseline(fn)
    param = data.draw(st.sampled_from(params), label="parameter")
    value = data.draw(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
                      label=param.name)
    try:
        result = call_with(fn, args, kwargs, param, value)
    except ValueError:
        return
    assert nan_free(result), f"{fn.__name__}({param.name}={value!r}) returned NaN: {result!r}"


def test_baseline_calls_succeed():
    """The known-good calls the property starts from are valid (else it tests nothing)."""
    failures = {}
    for p in public_functions():
        fn = p.values[0]
        if not numeric_parameters(fn):
            continue
        args, kwargs = baseline(fn)
        if not args and not kwargs:
            continue
        try:
            fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - report any failure by function
            failures[fn.__name__] = repr(exc)
    assert failures == {}


def test_nan_detection_sees_inside_results():
    @dataclasses.dataclass(frozen=True)
    class Result:
        value: float
        parts: tuple

    assert nan_free(Result(1.0, (2.0, "x")))
    assert not nan_free(Result(1.0, (math.nan,)))
    assert not nan_free({"a": [math.nan]})


@pytest.mark.book
def test_two_clean_builds_give_identical_chapter_html(built_site, tmp_path):
    """A second clean build, in a copy of the project, writes the same chapter HTML bytes."""
    copy = tmp_path / "book-copy"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", ".pytest_cache", ".hypothesis", "__pycache__"))
    second = build_book(copy)
    assert second.returncode == 0, second.output[-4000:]
    differing = [slug for slug in chapter_slugs()
                 if (built_site / "book" / f"{slug}.html").read_bytes()
                 != (second.html / "book" / f"{slug}.html").read_bytes()]
    assert chapter_slugs() and differing == []


def test_styler_ids_are_renumbered_in_page_order():
    from casebook.sphinx.theme import stable_styler_ids

    html = ('<style>#T_9f0a1_row0_col0 {color: red}</style><table id="T_9f0a1">'
            '<td id="T_9f0a1_row0_col0"></td></table><table id="T_00029"></table>'
            '<p>T_abcdef and T_12 stay</p>')
    assert stable_styler_ids(html) == (
        '<style>#T_s1_row0_col0 {color: red}</style><table id="T_s1">'
        '<td id="T_s1_row0_col0"></td></table><table id="T_s2"></table>'
        '<p>T_abcdef and T_12 stay</p>')
