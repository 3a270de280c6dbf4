"""The strict build is a gate: warnings and failing cells fail it.

The whole book is built once per session from clean (``strict_build`` in conftest.py). The gate
itself is tested on a tiny book that uses the project's own ``_config.yml``.
"""

import json
import re
import shutil
import statistics

import pytest

from conftest import BOOK, ROOT, build_book

pytestmark = pytest.mark.book

CHAPTER_HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""


def test_book_builds_strictly_from_clean(strict_build):
    assert strict_build.returncode == 0, strict_build.output[-6000:]
    assert "build succeeded" in strict_build.output
    assert "WARNING:" not in strict_build.output  # Sphinx's form; kernels log "WARNING |"
    assert (strict_build.html / "book" / "intro.html").is_file()


def _tiny_book(tmp_path, chapter_body: str):
    """A one-page book with the project's configuration and the book's own static files (the
    extension, its templates and assets come with the installed package, casebook.sphinx)."""
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "book").mkdir()
    for name in ("references.bib", "_static"):
        src = BOOK / name
        copy = shutil.copytree if src.is_dir() else shutil.copy
        copy(src, tmp_path / "book" / name)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (tmp_path / "book" / "page.md").write_text(CHAPTER_HEADER + chapter_body)
    return tmp_path


def test_gate_passes_a_good_chapter_and_writes_math_as_mathml(tmp_path):
    body = "# Fine\n\nBSA is $\\sqrt{h w / 3600}$.\n\n```{code-cell} ipython3\nprint(6 * 7)\n```\n"
    result = build_book(_tiny_book(tmp_path, body))
    assert result.returncode == 0, result.output[-4000:]
    html = (result.html / "book" / "page.html").read_text()
    assert "42" in html
    assert "<msqrt>" in html
    assert not re.search(r"<script[^>]*mathjax", html, re.I)


def test_gate_fails_on_a_failing_cell(tmp_path):
    body = "# Broken\n\n```{code-cell} ipython3\nraise RuntimeError('deliberate')\n```\n"
    result = build_book(_tiny_book(tmp_path, body))
    assert result.returncode != 0
    assert "deliberate" in result.output


def test_gate_fails_on_a_warning(tmp_path):
    body = "# Dangling\n\nSee {ref}`no-such-label`.\n"
    result = build_book(_tiny_book(tmp_path, body))
    assert result.returncode != 0
    assert "no-such-label" in result.output


def test_api_page_documents_the_public_calculators(built_site):
    api = (built_site / "book" / "api.html").read_text()
    for name in ("casebook.myeloma.iss_stage", "casebook.myeloma.r_iss_stage",
                 "casebook.myeloma.r2_iss_stage", "casebook.serology.icap_pattern",
                 "casebook.myositis.eular_acr_2017", "casebook.transplant.melphalan_dose_mg",
                 "casebook.case.Case.timeline", "casebook.book.Book.at",
                 "casebook.tables.load_table"):
        assert f'id="{name}"' in api, name


def test_performance_page_shows_each_chapters_ratio_and_own_time(built_site):
    """The recorded bench (book/_static/benchmarks.json, written by make bench) per chapter:
    best-of ratio, median and range of the paired runs, own time."""
    lab = json.loads((BOOK / "_static" / "benchmarks.json").read_text())["lab"]
    page = (built_site / "book" / "performance.html").read_text(encoding="utf-8")
    table = page[page.index("Each chapter against its import floor"):]
    table = table[:table.index("</table>")]
    for slug, ratio in lab["ratio_by_chapter"].items():
        paired = lab["paired_ratios_by_chapter"][slug]
        spread = f"{statistics.median(paired):.2f} ({min(paired):.2f}-{max(paired):.2f})"
        assert re.search(rf"<td>{slug}</td><td>{ratio:.2f}</td><td>{re.escape(spread)}</td>"
                         rf"<td>{lab['own_s_by_chapter'][slug]:.2f}</td>", table), slug


def test_bench_table_gives_median_and_range_of_paired_ratios_or_a_dash():
    from casebook.sphinx.tables import _spread

    assert _spread([1.62, 1.41, 1.50, 1.58, 1.44]) == "1.50 (1.41-1.62)"
    assert _spread([1.3, 1.5]) == "1.40 (1.30-1.50)"  # even count: mean of the middle two
    assert _spread(None) == _spread([]) == "-"  # a recording from before paired ratios


def test_gate_fails_on_a_warning_printed_by_a_cell(tmp_path):
    body = ("# Noisy\n\n```{code-cell} ipython3\nimport warnings\n"
            "warnings.warn('deliberate noise')\n```\n")
    result = build_book(_tiny_book(tmp_path, body))
    assert result.returncode != 0
    assert "stderr was found in the cell outputs" in result.output
