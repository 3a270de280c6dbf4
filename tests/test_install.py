"""``pip install .`` gives a working engine: dependencies declared, data and assets shipped.

The static check (fast) maps every third-party module the package imports to a distribution and
finds it among ``pyproject.toml``'s dependencies. The install test (slow, marked ``install``)
builds the package into a fresh virtual environment with nothing else in it, then opens the
fictional mini case from there and renders its quiz.
"""

import ast
import importlib.metadata as md
import os
import re
import subprocess
import sys
import tomllib
import venv

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "casebook"
MINI = ROOT / "tests" / "fixtures" / "mini-case"
STDLIB = frozenset(sys.stdlib_module_names)


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].lower().replace("_", "-")
            for dep in project["dependencies"]}


def imported_top_levels() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in STDLIB and n != "casebook"}


def test_every_third_party_import_is_a_declared_dependency():
    dists = md.packages_distributions()
    want = declared()
    missing = {}
    for module in sorted(imported_top_levels()):
        owners = {d.lower().replace("_", "-") for d in dists.get(module, [])}
        assert owners, f"casebook imports {module}, which no installed distribution provides"
        # A module another declared dependency brings (docutils with Sphinx) counts if named.
        if not owners & want and not any(_requires(dep) & owners for dep in want):
            missing[module] = sorted(owners)
    assert missing == {}, f"imported but not declared in pyproject.toml: {missing}"


def _requires(dist: str) -> set[str]:
    try:
        reqs = md.requires(dist) or []
    except md.PackageNotFoundError:
        return set()
    return {re.split(r"[<>=!~\[; (]", r, maxsplit=1)[0].lower().replace("_", "-")
            for r in reqs if "extra ==" not in r}


def package_data() -> set[str]:
    """Every file under src/casebook that is not Python source, relative to the package."""
    files = subprocess.run(["git", "ls-files", "src/casebook"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split()
    return {str(os.path.relpath(ROOT / f, PACKAGE)) for f in files if not f.endswith(".py")}


@pytest.mark.install
def test_pip_install_into_a_clean_venv_gives_a_working_engine(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    pip = subprocess.run([str(py), "-m", "pip", "install", "-q", str(ROOT)],
                         capture_output=True, text=True, timeout=1500)
    assert pip.returncode == 0, pip.stdout[-3000:] + pip.stderr[-3000:]
    code = f"""
import importlib.resources as res, json, pathlib
import casebook
from casebook.book import Book
where = pathlib.Path(casebook.__file__).parent
assert "site-packages" in str(where), where
book = Book.at({str(MINI)!r})
quiz = book.quiz("staging")
shipped = sorted(str(p.relative_to(where)) for p in where.rglob("*")
                 if p.is_file() and p.suffix not in (".py", ".pyc"))
print(json.dumps({{"html": "staging-iss" in quiz.html, "files": shipped,
                  "age": book.case.value("age")}}))
"""
    run = subprocess.run([str(py), "-c", code], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    import json

    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["html"] and result["age"] == 67
    assert package_data() <= set(result["files"]), package_data() - set(result["files"])
