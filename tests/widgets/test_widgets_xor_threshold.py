"""Widget logic: the XOR playground's truth tables and the threshold explorer's numbers."""
import matplotlib
matplotlib.use("Agg")
import numpy as np
import pytest

from bpcourse import activations
from bpcourse.draw.display import Interactive
from bpcourse.widgets import threshold, xor


def test_hard_truth_table_of_the_hand_designed_net():
    table = xor.truth_table(xor.xor_net())
    np.testing.assert_array_equal(table, [[0, 0, 0, 0, 0], [0, 1, 1, 0, 1],
                                          [1, 0, 1, 0, 1], [1, 1, 1, 1, 0]])
    assert xor.table_text(table) == "00→0  01→1  10→1  11→0"


def test_slider_values_change_the_table():
    # output slider set to h1 AND h2 -> the net computes AND
    table = xor.truth_table(xor.xor_net(W1=[[1.0, 1.0]], b1=[-1.5]))
    np.testing.assert_array_equal(table[:, 4], [0, 0, 0, 1])


@pytest.mark.parametrize("k", [1.0, 3.0, 5.0, 20.0])
def test_soft_net_error_matches_formula(k):
    net = xor.xor_net(hard=False, k=k)
    assert net.activation_names == ["sigmoid", "sigmoid"]
    np.testing.assert_allclose(net.weights[0], k * xor.W0_HAND)
    s = activations.sigmoid                         # E(k) = sigma(-k (1/2 - 2 sigma(-k/2)))
    assert xor.max_error(net) == pytest.approx(s(-k * (0.5 - 2 * s(-k / 2))), rel=1e-12)


def test_soft_values_at_k_5():
    table = xor.truth_table(xor.xor_net(hard=False, k=5.0))
    s = activations.sigmoid
    eps = s(-2.5)                                   # hidden units are 2.5 from their targets
    assert table[1, 2] == pytest.approx(1 - eps) and table[1, 3] == pytest.approx(eps)
    assert table[1, 4] == pytest.approx(s(5 * (0.5 - 2 * eps)))
    assert xor.max_error(xor.xor_net(hard=False, k=5.0)) == pytest.approx(0.149133, abs=1e-6)


def test_xor_net_refuses_bad_input():
    with pytest.raises(ValueError, match=r"b0 has shape \(3,\)"):
        xor.xor_net(b0=[0, 0, 0])
    with pytest.raises(ValueError, match="k must be"):
        xor.xor_net(hard=False, k=0.0)


def test_step_location_is_minus_b_over_w():
    assert threshold.step_location(4.0, -2.0) == 0.5
    assert threshold.step_location(-5.0, -5.0) == -1.0
    assert str(threshold.step_location(1.0, 0.0)) == "0.0"        # not "-0.0" in captions
    assert threshold.unit(0.5, 4.0, -2.0) == pytest.approx(0.5)


def test_bump_height_is_peak_and_tends_to_a():
    x = np.linspace(-1, 1, 20001)
    for w in (1.0, 5.0, 20.0):
        h = threshold.bump_height(w, -0.5, 0.5)
        assert h == pytest.approx(np.tanh(w / 4))
        assert threshold.bump(x, w, -0.5, 0.5).max() == pytest.approx(h, rel=1e-9)
    assert threshold.bump_height(50.0, 0.0, 0.5, a=2.0) == pytest.approx(2 * np.tanh(6.25))
    # the widget's bump is the difference of its two units
    np.testing.assert_allclose(threshold.bump(x, 5.0, -0.5, 0.5),
                               threshold.unit(x, 5.0, 2.5) - threshold.unit(x, 5.0, -2.5),
                               atol=1e-15)


def test_widgets_return_interactive_with_static_figures():
    for make, n in ((xor.xor_playground, len(xor.STATIC_SETTINGS)),
                    (threshold.threshold_explorer, len(threshold.STATIC_SETTINGS))):
        obj = make()
        assert isinstance(obj, Interactive)
        assert obj.static_html.count("<img") == n
        assert "alt=" in obj.static_html
    assert "00→0.42" in xor.xor_playground().static_html     # the k = 1 caption
