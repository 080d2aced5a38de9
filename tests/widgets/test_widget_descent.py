"""The gradient-descent explorer: its numbers for given control values, and its static form."""
import matplotlib
matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse.draw import display
from bpcourse.chapters import neuron  # noqa: E402
from bpcourse.widgets import descent  # noqa: E402


def test_first_step_is_start_minus_lr_times_gradient():
    s = descent.explore(lr=10.0, w0=2.5, b0=0.5, steps=3)
    assert s["path"].shape == (4, 2) and s["J"].shape == (4,)
    assert np.allclose(s["path"][0], [2.5, 0.5])
    assert np.allclose(s["path"][1], np.array([2.5, 0.5]) - 10.0 * s["grad0"])


def test_good_and_small_rates_decrease_J_monotonically():
    for name in ("too small", "good"):
        s = descent.explore(descent.LEARNING_RATES[name], *descent.START, descent.STEPS)
        assert np.all(np.diff(s["J"]) < 0), name
    small = descent.explore(descent.LEARNING_RATES["too small"], *descent.START, descent.STEPS)
    good = descent.explore(descent.LEARNING_RATES["good"], *descent.START, descent.STEPS)
    assert good["J"][-1] < 0.05 * good["J"][0] < small["J"][-1]   # good gets 20x lower, small does not


def test_too_large_rate_increases_J():
    s = descent.explore(descent.LEARNING_RATES["too large"], *descent.START, descent.STEPS)
    assert s["J"][1] > s["J"][0] and s["J"][-1] > 2 * s["J"][0]
    assert np.abs(s["path"][-1] - s["path"][0]).max() > 3       # thrown far out of the valley


def test_steps_control_sets_path_length_and_zero_steps_is_the_start():
    assert descent.explore(1.0, 0.0, 0.0, 7)["path"].shape == (8, 2)
    s = descent.explore(1.0, 0.0, 0.0, 0)
    x, yd = neuron.example_data()
    assert s["J"][0] == pytest.approx(np.mean((1 / (1 + np.exp(0.0 * x)) - yd) ** 2))


def test_surface_grid_matches_cost():
    x, yd = neuron.example_data()
    ws, bs, J = descent.surface(x, yd, resolution=5)
    assert J.shape == (5, 5)
    assert J[0, -1] == pytest.approx(neuron.cost_and_gradient(ws[-1], bs[0], x, yd)[0])


def test_bad_control_values_raise():
    with pytest.raises(ValueError, match="lr"):
        descent.explore(0.0, 0.0, 0.0, 5)
    with pytest.raises(ValueError, match="steps"):
        descent.explore(1.0, 0.0, 0.0, -2)


def test_animation_has_at_most_25_frames():
    html = display.animation_html(descent.animation(descent.explore(10.0, 2.5, 0.5, 40)), alt="a")
    n = int(html.split("var frames = new Array(")[1].split(")")[0])
    assert n == 13 <= 25


def test_explorer_returns_interactive_with_animation_and_grid():
    r = descent.descent_explorer()
    assert isinstance(r, display.Interactive)
    assert "bpcourse-animation" in r.static_html
    assert r.static_html.count("<figure") == 1 and r.static_html.count('alt="Three') == 1
    assert "good (α = 10)" in r.summary and "too large (α = 80)" in r.summary
    bundle = r._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and bundle["text/plain"] == r.summary


def test_figures_are_named_plot_and_draw_what_they_are_given():
    import matplotlib.pyplot as plt
    x, yd = neuron.example_data()
    G = np.array([[0.1, -0.2], [0.3, 0.1]])
    fig = descent.plot_example_gradients(-1.0, 1.0, x, yd, G)
    assert len(fig.axes[0].texts) == len(G) + 1           # one arrow per row, one for the mean
    runs = {"a": (0.1, np.array([0.0, 1.0]), np.array([4.0, 1.0]))}
    fig2 = descent.plot_linear(np.array([1.0, 2.0]), np.array([2.0, 4.0]), runs)
    assert fig2.axes[0].get_legend_handles_labels()[1] == ["a: α = 0.1"]
    fig3 = descent.plot_fits(x, yd, {"w = 2, b = -1": (2.0, -1.0)})
    J = neuron.cost_and_gradient(2.0, -1.0, x, yd)[0]
    assert fig3.axes[0].get_legend_handles_labels()[1][1] == f"w = 2, b = -1: J = {J:.4f}"
    assert not [n for n in dir(descent) if n.startswith("draw_") or n.endswith("_figure")]
    for f in (fig, fig2, fig3):
        plt.close(f)
