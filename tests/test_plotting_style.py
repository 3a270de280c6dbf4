"""The figures' shared plumbing: Unicode log labels (no mathtext) and one draw per shown figure."""

import base64
import gc
import io

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image

from casebook.notation import power_of_ten
from casebook.plotting import style
from casebook.plotting.kinetics import antibody_scenarios
from casebook.plotting.myeloma import mrd_log_scale


@pytest.mark.parametrize(("value", "text"), [
    (1e-5, "10⁻⁵"), (1.0, "10⁰"), (1e3, "10³"), (1e-12, "10⁻¹²"),
    (2e-6, "2e-06"), (0.5, "0.5"), (0, "0"), (-1, "-1"),  # not powers of ten: written as numbers
])
def test_power_of_ten(value, text):
    assert power_of_ten(value) == text


def test_log_scale_rejects_an_unknown_axis():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="axis='z' must be 'x' or 'y'"):
        style.log_scale(ax, "z")
    plt.close(fig)


def _all_texts(fig):
    fig.canvas.draw()  # tick labels exist only after a draw
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible()]


@pytest.mark.parametrize("draw", [
    lambda: mrd_log_scale("<0.00023%").figure,
    lambda: antibody_scenarios([{"scenario": "near-complete", "depleted_fraction": 0.99}],
                               cutoff_fraction=0.1, months=12).figure,
])
def test_log_figures_use_no_mathtext(draw):
    fig = draw()
    texts = _all_texts(fig)
    assert any(t.startswith("10⁻") for t in texts), texts  # decades are labelled ...
    assert not [t for t in texts if "$" in t]  # ... as plain text, not mathtext
    plt.close(fig)


@pytest.fixture
def inline_shell(monkeypatch):
    """An IPython shell with the inline backend, as a kernel has; Figure.draw calls counted."""
    from IPython.core.interactiveshell import InteractiveShell

    class Shell(InteractiveShell):
        def enable_gui(self, gui=None):  # no event loop: figures are inline
            pass

    backend = matplotlib.get_backend()
    InteractiveShell.clear_instance()  # IPython's format_display_data (casebook.glue) makes one
    shell = Shell.instance()
    # pyplot hooks its after-cell redraw into the first shell it meets, once a process.
    monkeypatch.setattr(plt, "_REPL_DISPLAYHOOK", plt._ReplDisplayHook.NONE)
    shell.enable_matplotlib("inline")
    shown, draws = [], []
    monkeypatch.setattr(shell.display_pub, "publish",
                        lambda data, *a, **k: shown.append((sorted(data), data)))
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, r: (draws.append(1), real_draw(self, r))[1])
    yield shell, shown, draws
    plt.close("all")
    Shell.clear_instance()
    plt.switch_backend(backend)


def _draws_per_cell(shell, shown, draws, layout='layout="constrained"'):
    shown.clear(), draws.clear()
    cell = f"fig, ax = plt.subplots({layout}); ax.plot([1, 2])"
    assert shell.run_cell(cell).success
    assert len(shown) == 1 and "image/png" in shown[0][0]  # the figure was shown, once
    return len(draws)


def test_a_shown_figure_is_drawn_once(inline_shell):
    shell, shown, draws = inline_shell
    shell.run_cell("import matplotlib.pyplot as plt")
    hooks = shell.events.callbacks["post_execute"]
    hooks.remove(style._show_inline_first) if style._show_inline_first in hooks else None
    # Stock: pyplot redraws after the cell, then the PNG lays out and trims, then renders.
    assert _draws_per_cell(shell, shown, draws) == 3
    style.tune_kernel()
    style.tune_kernel()  # registering twice keeps one hook
    assert shell.events.callbacks["post_execute"].count(style._show_inline_first) == 1
    assert _draws_per_cell(shell, shown, draws) == 1
    # A figure without a layout engine may spill over its canvas: still trimmed (two draws).
    assert _draws_per_cell(shell, shown, draws, layout="") == 2


@pytest.fixture
def gc_threshold():
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def _young_collections_while_a_figure_is_made() -> int:
    counted = []

    def count(phase, info):
        counted.append(phase == "start" and info["generation"] == 0)

    gc.callbacks.append(count)
    try:
        fig, axes = plt.subplots(2, 3, layout="constrained")
        for ax in axes.flat:
            ax.plot(range(20), label="a line")
            ax.legend()
        fig.canvas.draw()
        plt.close(fig)
    finally:
        gc.callbacks.remove(count)
    return sum(counted)


def test_in_a_shell_the_collector_runs_less_often_while_a_figure_is_made(inline_shell,
                                                                          gc_threshold):
    gc.set_threshold(700, 10, 10)  # CPython's default
    stock = _young_collections_while_a_figure_is_made()
    style.tune_kernel()
    assert gc.get_threshold() == (style.YOUNG_GENERATION, 10, 10)
    tuned = _young_collections_while_a_figure_is_made()
    assert stock >= 10 and tuned <= stock // 5, (stock, tuned)


def test_a_higher_collector_threshold_is_kept(inline_shell, gc_threshold):
    gc.set_threshold(50_000, 20, 20)
    style.tune_kernel()
    assert gc.get_threshold() == (50_000, 20, 20)


def test_outside_a_shell_the_collector_is_left_alone(gc_threshold):
    from IPython import get_ipython
    from IPython.core.interactiveshell import InteractiveShell

    InteractiveShell.clear_instance()
    assert get_ipython() is None
    gc.set_threshold(700, 10, 10)
    style.tune_kernel()
    assert gc.get_threshold() == (700, 10, 10)


def _pixels(b64: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))))


def test_the_one_draw_png_is_the_stock_untrimmed_image():
    from IPython.core.pylabtools import print_figure

    def draw():
        fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
        ax.plot([1, 10], [2, 3])
        ax.set_title("A title")
        return fig

    one, stock = draw(), draw()
    ours = _pixels(style.fitted_png(one))
    theirs = _pixels(print_figure(stock, "png", base64=True, bbox_inches=None))
    # Opaque, so saved without the alpha channel: the same colours in every pixel.
    assert (theirs[..., 3] == 255).all()
    assert np.array_equal(ours, theirs[..., :3])
    assert ours.shape == (300, 400, 3)  # the whole 4 x 3 in canvas at 100 dpi
    plt.close("all")


def test_a_see_through_figure_keeps_its_alpha_channel():
    from IPython.core.pylabtools import print_figure

    def draw():
        fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
        fig.patch.set_alpha(0.0)
        ax.plot([1, 10], [2, 3])
        return fig

    one, stock = draw(), draw()
    ours = _pixels(style.fitted_png(one))
    theirs = _pixels(print_figure(stock, "png", base64=True, bbox_inches=None))
    assert ours.shape == (300, 400, 4) and (ours[..., 3] < 255).any()
    assert np.array_equal(ours, theirs)
    plt.close("all")


@pytest.mark.filterwarnings("ignore:InlineBackend._figure_formats_changed:DeprecationWarning")
def test_a_readers_own_figure_format_is_kept(inline_shell):
    shell, shown, draws = inline_shell
    shell.run_cell("import matplotlib.pyplot as plt")
    shell.run_line_magic("config", "InlineBackend.figure_formats = ['retina']")
    style.tune_kernel()
    shown.clear()
    assert shell.run_cell('fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")\n'
                          'ax.plot([1, 2])').success
    image = _pixels(shown[0][1]["image/png"])
    assert image.shape[0] > 500  # retina: twice the 300 px of a 3 in high canvas at 100 dpi
