"""The symmetry explorer's logic (chapter 10), tested as plain functions."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse.chapters.weight_symmetry import spreads  # noqa: E402
from bpcourse.draw import display  # noqa: E402
from bpcourse.widgets import symmetry as sw  # noqa: E402


@pytest.mark.parametrize("value", [0.5, -1.0, 2.0])
def test_constant_init_spread_stays_exactly_zero(value):
    snaps = sw.explore("constant", value=value, steps=120)
    assert len(snaps) == 121 and snaps[-1].epoch == 120
    assert np.all(spreads(snaps) == 0.0)
    assert np.all(snaps[0].net.weights[0] == value) and snaps[-1].net.weights[0][0, 0] != value


def test_zeros_stay_zero_on_the_balanced_moons():
    snaps = sw.explore("zeros", steps=60)
    assert np.all(spreads(snaps) == 0.0)
    assert not any(np.any(W) for s in snaps for W in s.net.weights)
    np.testing.assert_allclose([s.loss for s in snaps], np.log(2))


def test_random_init_spread_positive_and_scale_respected():
    snaps = sw.explore("random", scale=1.0, seed=0, steps=120)
    assert np.all(spreads(snaps) > 0.0)
    assert snaps[-1].loss < 0.5 * snaps[0].loss
    small = sw.explore("random", scale=0.01, seed=0, steps=10)
    assert np.abs(small[0].net.weights[0]).max() < 0.05
    assert spreads(small)[0] > 0
    other = sw.explore("random", scale=1.0, seed=1, steps=5)
    assert not np.array_equal(other[0].net.weights[0], snaps[0].net.weights[0])


def test_make_network_and_describe():
    assert sw.make_network("constant", value=0.25).weights[1][0, 2] == 0.25
    assert not np.any(sw.make_network("zeros").weights[0])
    assert sw.describe("constant", 0.5) == "constant 0.5"
    assert sw.describe("random", scale=0.1, seed=2) == "random, scale 0.1 (seed 2)"
    with pytest.raises(ValueError, match="unknown init"):
        sw.make_network("uniform")
    with pytest.raises(ValueError, match="steps"):
        sw.explore("zeros", steps=0)


def test_plot_setting_and_static_form():
    fig = sw.plot_setting("constant", value=0.5, steps=20)
    assert len(fig.axes) == 2
    assert "spread 0" in fig.axes[0].get_title()
    html = sw.static_html(steps=20)
    assert html.count("<img") == 3
    assert "constant 0.5" in html and "zeros" in html and "random" in html


def test_widget_returns_interactive_and_responds():
    ipywidgets = pytest.importorskip("ipywidgets")
    obj = sw.symmetry_explorer(steps=20)
    assert isinstance(obj, display.Interactive)
    assert obj.static_html.count("<img") == 3
    box = obj.widget
    assert isinstance(box, ipywidgets.VBox)
    init = box.children[0].children[0]
    out = box.children[2]
    first = out.outputs[0]["data"]["image/png"]
    init.value = "random"
    assert out.outputs[1]["text"].startswith("random")
    assert out.outputs[0]["data"]["image/png"] != first
