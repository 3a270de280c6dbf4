"""Every figure a chapter shows fits its canvas, so printing it untrimmed cuts nothing.

In a kernel, constrained-layout figures are printed as they stand, without the "tight" trim
(:func:`casebook.plotting.style.fitted_png`). Each chapter runs in a fresh kernel with that
function wrapped to measure every shown figure's artists against its canvas first.
"""

import json

import jupytext
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from conftest import BOOK, THE_BOOK

pytestmark = pytest.mark.book

# Ends the chapter's setup cell (after it the PNG printer is chosen); a last cell prints it all.
MEASURE = '''
import json as _json
from casebook.plotting import style as _style
_figures = []
def _measured(fig, _print=_style.fitted_png):
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    width, height = fig.get_size_inches()
    _figures.append({"constrained": isinstance(fig.get_layout_engine(),
                                               _style.ConstrainedLayoutEngine),
                     "overflow_in": max(-box.x0, -box.y0, box.x1 - width, box.y1 - height),
                     "name": next((t for t in (fig.axes[0].get_title(), fig.axes[0].get_ylabel(),
                                               fig.axes[0].get_xlabel()) if t), "untitled")})
    return _print(fig)
_style.fitted_png = _measured
'''


def shown_figures(slug: str) -> list[dict]:
    nb = jupytext.read(BOOK / f"{slug}.md")
    setup = next(c for c in nb.cells if c.cell_type == "code")
    setup.source += "\n" + MEASURE
    nb.cells.append(new_code_cell("print(_json.dumps(_figures))"))
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(BOOK)}}).execute()
    return json.loads(nb.cells[-1].outputs[0]["text"])


@pytest.mark.parametrize("slug", THE_BOOK.chapter_slugs())
def test_every_figure_fits_its_canvas(slug):
    figures = shown_figures(slug)
    assert any(f["constrained"] for f in figures), (
        f"{slug}: no constrained figure was measured (is fitted_png still the PNG printer?)")
    for fig in (f for f in figures if f["constrained"]):  # the others are still trimmed
        # 0.01 in: below one pixel at 100 dpi
        assert fig["overflow_in"] <= 0.01, (
            f"{slug}: {fig['name']!r} spills {fig['overflow_in']:.2f} in over its canvas and "
            "would be cut: shorten or wrap the figure-level text (legend, suptitle)")
