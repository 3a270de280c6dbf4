"""Every chapter runs top to bottom in a fresh kernel, quickly enough for a classroom."""

import time

import jupytext
import pytest
from nbclient import NotebookClient

from conftest import BOOK
from test_structure import chapter_slugs

pytestmark = pytest.mark.book
# Seconds for "run all" here; classroom laptops are slower (issue 8 benchmarks the real target).
BUDGET_SECONDS = 20


@pytest.mark.parametrize("slug", chapter_slugs())
def test_chapter_runs_in_a_fresh_kernel(slug):
    nb = jupytext.read(BOOK / f"{slug}.md")
    client = NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(BOOK)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert elapsed < BUDGET_SECONDS, f"{slug} took {elapsed:.1f} s"
