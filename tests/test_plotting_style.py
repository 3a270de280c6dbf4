"""The figures' shared plumbing: Unicode log labels (no mathtext) and one draw per shown figure."""

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

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
    shell = Shell.instance()
    shell.enable_matplotlib("inline")
    shown, draws = [], []
    monkeypatch.setattr(shell.display_pub, "publish",
                        lambda data, *a, **k: shown.append(sorted(data)))
    real_draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, r: (draws.append(1), real_draw(self, r))[1])
    yield shell, shown, draws
    plt.close("all")
    Shell.clear_instance()
    plt.switch_backend(backend)


def _draws_per_cell(shell, shown, draws):
    shown.clear(), draws.clear()
    cell = 'fig, ax = plt.subplots(layout="constrained"); ax.plot([1, 2])'
    assert shell.run_cell(cell).success
    assert len(shown) == 1 and "image/png" in shown[0]  # the figure was shown, once
    return len(draws)


def test_a_shown_figure_is_not_redrawn_after_the_cell(inline_shell):
    shell, shown, draws = inline_shell
    shell.run_cell("import matplotlib.pyplot as plt")
    hooks = shell.events.callbacks["post_execute"]
    hooks.remove(style._show_inline_first) if style._show_inline_first in hooks else None
    before = _draws_per_cell(shell, shown, draws)  # pyplot redraws, then the backend renders
    style.draw_inline_figures_once()
    style.draw_inline_figures_once()  # registering twice keeps one hook
    assert shell.events.callbacks["post_execute"].count(style._show_inline_first) == 1
    after = _draws_per_cell(shell, shown, draws)
    assert after == before - 1, (before, after)
