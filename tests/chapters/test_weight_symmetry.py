"""Chapter 10: symmetric units stay symmetric, collapse to one unit, and the ch10 checks."""
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse import MLP, datasets, gradcheck, vectorized
from bpcourse.chapters import weight_symmetry as symmetry  # noqa: E402
from bpcourse.checks import CheckFailed, ch10_collapse, ch10_gradient_rows  # noqa: E402

X, T = datasets.moons(m=40, seed=0)


def sigmoid_net(**kw):
    return MLP([2, 3, 1], hidden="sigmoid", output="sigmoid", **kw)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("value", [0.5, -1.3])
def test_constant_init_keeps_units_identical_at_every_step(hidden, value):
    net = MLP([2, 3, 1], hidden=hidden, output="sigmoid", init="constant", value=value)
    rec = symmetry.train_recording(net, X, T, loss="bce", lr=1.0, steps=150, momentum=0.9)
    assert rec.spread().shape == (151,)
    assert np.all(rec.spread() == 0.0)
    assert np.abs(rec.weights[0][-1] - value).max() > 0.05        # the weights did move


def test_lecture_symmetric_start_with_unequal_row_entries_stays_symmetric():
    net = sigmoid_net(init="zeros")
    net.weights = [np.tile([0.3, -0.7], (3, 1)), np.full((1, 3), 1.2)]
    rec = symmetry.train_recording(net, X, T, loss="half_squared", lr=0.5, steps=100)
    assert np.all(rec.spread() == 0.0)
    assert rec.weights[0][-1][0, 0] != rec.weights[0][-1][0, 1]


def test_deeper_network_both_hidden_layers_stay_symmetric():
    net = MLP([2, 3, 3, 1], hidden="tanh", output="sigmoid", init="constant", value=0.4)
    rec = symmetry.train_recording(net, X, T, loss="bce", lr=0.5, steps=80)
    assert np.all(rec.spread(0) == 0.0) and np.all(rec.spread(1) == 0.0)


def test_random_init_has_positive_spread_that_persists():
    net = sigmoid_net(init="normal", seed=0)
    rec = symmetry.train_recording(net, X, T, loss="bce", lr=1.0, steps=100, momentum=0.9)
    assert np.all(rec.spread() > 0.1)
    assert np.all(rec.biases[0][0] == 0.0) and np.ptp(rec.biases[0][-1]) > 0   # zero biases separate


def test_record_layout_and_network_at_a_step():
    net = sigmoid_net(init="normal", seed=3)
    start = net.copy()
    rec = symmetry.train_recording(net, X, T, loss="bce", lr=0.5, steps=5)
    assert rec.steps == 5 and rec.weights[0].shape == (6, 3, 2) and rec.weights[1].shape == (6, 1, 3)
    assert rec.biases[0].shape == (6, 3) and rec.loss.shape == (6,)
    np.testing.assert_array_equal(rec.network(0).weights[0], start.weights[0])
    np.testing.assert_array_equal(rec.network(5).weights[1], net.weights[1])
    J0 = vectorized.loss_and_grads(start, X, T, "bce")[0]
    assert rec.loss[0] == pytest.approx(J0, rel=1e-12)
    assert rec.loss[-1] < rec.loss[0]
    with pytest.raises(ValueError, match="step must be"):
        rec.network(6)


def test_symmetric_gradients_have_equal_rows_and_match_finite_differences():
    net = sigmoid_net(init="constant", value=0.5)
    _, g = vectorized.loss_and_grads(net, X, T, "bce")
    assert np.all(g.weights[0] == g.weights[0][0])
    assert np.all(g.weights[1] == g.weights[1][0, 0]) and np.abs(g.weights[0]).max() > 1e-3
    assert symmetry.gradient_spread(net, X, T, "bce") == 0.0
    fd = gradcheck.finite_difference_grads(net, X, T, "bce")
    assert max(gradcheck.compare(g, fd).values()) < 1e-7
    assert symmetry.gradient_spread(sigmoid_net(init="normal", seed=0), X, T, "bce") > 1e-3


def test_spread_numbers():
    net = sigmoid_net(init="constant", value=0.5)
    assert symmetry.spread(net) == 0.0
    net.weights[0][1, 0] = 0.8                     # unit 2's first incoming weight
    assert symmetry.spread(net) == pytest.approx(0.3)
    net.weights[0][1, 0] = 0.5
    net.weights[1][0, 2] = -1.5                    # unit 3's outgoing weight
    assert symmetry.spread(net) == pytest.approx(2.0)
    net.weights[1][0, 2] = 0.5
    net.biases[0][:] = [0.0, 0.1, -0.2]
    assert symmetry.spread(net) == pytest.approx(0.3)


def test_collapse_computes_the_same_function_and_matches_one_unit_loss():
    Xc, Tc = datasets.moons(m=100, seed=0)              # the chapter's setting
    net = sigmoid_net(init="constant", value=0.5)
    rec = symmetry.train_recording(net, Xc, Tc, loss="bce", lr=1.0, steps=2000, momentum=0.9)
    for s in (0, 10, 2000):
        three = rec.network(s)
        one = symmetry.collapse(three)
        assert one.sizes == [2, 1, 1]
        np.testing.assert_allclose(one.forward(Xc), three.forward(Xc), rtol=0, atol=1e-12)
    assert symmetry.collapse(net).weights[1][0, 0] == pytest.approx(3 * net.weights[1][0, 0])
    net1 = MLP([2, 1, 1], hidden="sigmoid", output="sigmoid", init="constant", value=0.5)
    rec1 = symmetry.train_recording(net1, Xc, Tc, loss="bce", lr=1.0, steps=2000, momentum=0.9)
    assert abs(rec.loss[-1] - rec1.loss[-1]) / rec1.loss[-1] < 0.01
    rnd = sigmoid_net(init="normal", seed=0)
    rec_r = symmetry.train_recording(rnd, Xc, Tc, loss="bce", lr=1.0, steps=2000, momentum=0.9)
    assert rec_r.loss[-1] < rec1.loss[-1] / 100


def test_zero_init_is_stationary_on_balanced_classes():
    assert T.mean() == 0.5
    net = sigmoid_net(init="zeros")
    _, g = vectorized.loss_and_grads(net, X, T, "bce")
    assert all(not np.any(G) for G in g.weights + g.biases)
    rec = symmetry.train_recording(net, X, T, loss="bce", lr=1.0, steps=50)
    assert np.all(rec.loss == pytest.approx(np.log(2)))


def test_zero_init_on_imbalanced_data_moves_output_layer_first():
    Xu, Tu = symmetry.imbalanced(X, T, 5)
    assert len(Xu) == 25 and Tu.sum() == 5
    net = sigmoid_net(init="zeros")
    rec = symmetry.train_recording(net, Xu, Tu, loss="bce", lr=1.0, steps=3)
    assert not np.any(rec.weights[0][1]) and np.all(rec.weights[1][1] != 0)
    assert np.all(rec.weights[0][2] != 0) and np.all(rec.spread() == 0)
    tanh = MLP([2, 3, 1], hidden="tanh", output="sigmoid", init="zeros")
    symmetry.train_recording(tanh, Xu, Tu, loss="bce", lr=1.0, steps=300, momentum=0.9)
    assert not any(np.any(W) for W in tanh.weights)
    np.testing.assert_allclose(tanh.forward(Xu), 0.2, atol=1e-6)


def test_bad_input():
    net = sigmoid_net(init="normal", seed=0)
    with pytest.raises(ValueError, match="not identical"):
        symmetry.collapse(net)
    with pytest.raises(ValueError, match="one hidden layer"):
        symmetry.collapse(MLP([2, 3, 3, 1], init="zeros"))
    with pytest.raises(TypeError, match="bpcourse.MLP"):
        symmetry.spread("net")
    with pytest.raises(ValueError, match="hidden layer"):
        symmetry.spread(net, layer=1)
    with pytest.raises(ValueError, match="n_positive"):
        symmetry.imbalanced(X, T, 1000)
    with pytest.raises(ValueError, match="shape"):
        symmetry.train_recording(net, X[:, :1], T)


def test_plots_draw_one_line_per_unit_and_weight():
    rec = symmetry.train_recording(sigmoid_net(init="normal", seed=0), X, T, steps=10)
    fig, ax = plt.subplots()
    symmetry.plot_unit_weights(ax, rec)
    drawn = [l for l in ax.lines if len(l.get_xdata()) == 11]
    assert len(drawn) == 6                       # 3 units x 2 incoming weights
    fig2, axes = plt.subplots(1, 2)
    symmetry.plot_spreads(axes[0], [rec], ["r"])
    symmetry.plot_losses(axes[1], [rec], ["r"])
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), rec.loss)
    plt.close("all")


# -- the chapter 10 checks --------------------------------------------------------------------
def _exercise_setup():
    rng = np.random.default_rng(7)
    Xe, Te = rng.normal(size=(8, 3)), rng.normal(size=(8, 2))
    net = MLP([3, 4, 2], hidden="tanh", output="identity", init="constant", value=-0.3)
    return net, Xe, Te


def test_ch10_gradient_rows_accepts_reference_and_hints_mistakes(capsys):
    net, Xe, Te = _exercise_setup()
    Z, A = vectorized.forward(net, Xe)
    m = len(Xe)
    D2 = (A[2] - Te) / m
    D1 = (1 - A[1] ** 2) * (D2 @ net.weights[1])
    ch10_gradient_rows(D1.T @ Xe, net, Xe, Te, loss="half_squared")
    assert "✓" in capsys.readouterr().out
    wrong = {"g'(Z^(1))": (D2 @ net.weights[1]).T @ Xe,
             "divide by m": (D1 * m).T @ Xe,
             "outgoing weights": ((1 - A[1] ** 2) * D2.sum(axis=1, keepdims=True)).T @ Xe,
             "transposed": Xe.T @ D1}
    for hint, answer in wrong.items():
        with pytest.raises(CheckFailed, match=re.escape(hint)):
            ch10_gradient_rows(answer, net, Xe, Te, loss="half_squared")


def test_ch10_collapse_accepts_reference_and_hints_mistakes():
    net = sigmoid_net(init="constant", value=0.5)
    symmetry.train_recording(net, X, T, loss="bce", lr=1.0, steps=50)
    ch10_collapse(symmetry.collapse(net), net, X)
    bad = symmetry.collapse(net)
    bad.weights[1] = net.weights[1][:, :1].copy()
    with pytest.raises(CheckFailed, match="sum of the p outgoing weights"):
        ch10_collapse(bad, net, X)
    with pytest.raises(CheckFailed, match="sizes"):
        ch10_collapse(net, net, X)
