"""Chapter 10: symmetric units stay symmetric (weight_symmetry's spread over recorded runs),
collapse to one unit, its figures, and the ch10 checks."""
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse import MLP, datasets, train, vectorized  # noqa: E402
from bpcourse.chapters import snapshots  # noqa: E402
from bpcourse.chapters import weight_symmetry as symmetry  # noqa: E402
from bpcourse.checks import CheckFailed, ch10, ch10_collapse, ch10_gradient_rows  # noqa: E402

X, T = datasets.moons(m=40, seed=0)


def sigmoid_net(**kw):
    return MLP([2, 3, 1], hidden="sigmoid", output="sigmoid", **kw)


def run(net, X=X, T=T, steps=100, **kw):
    """Every step of full-batch descent, as the chapter records it."""
    return snapshots.fit_with_snapshots(net, X, T, every=1, epochs=steps,
                                        **{"loss": "bce", "lr": 1.0, **kw})[1]


def collapse(net):
    """The one-unit network of the corollary: any unit's row and bias, the summed outgoing weights."""
    one = MLP([net.sizes[0], 1, net.sizes[2]], hidden=net.hidden, output=net.output, init="zeros")
    one.weights = [net.weights[0][:1].copy(), net.weights[1].sum(axis=1, keepdims=True)]
    one.biases = [net.biases[0][:1].copy(), net.biases[1].copy()]
    return one


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("value", [0.5, -1.3])
def test_constant_init_keeps_units_identical_at_every_step(hidden, value):
    net = MLP([2, 3, 1], hidden=hidden, output="sigmoid", init="constant", value=value)
    snaps = run(net, steps=150, momentum=0.9)
    assert symmetry.spreads(snaps).shape == (151,)
    assert np.all(symmetry.spreads(snaps) == 0.0)
    assert np.abs(snaps[-1].net.weights[0] - value).max() > 0.05      # the weights did move


def test_lecture_symmetric_start_with_unequal_row_entries_stays_symmetric():
    net = sigmoid_net(init="zeros")
    net.weights = [np.tile([0.3, -0.7], (3, 1)), np.full((1, 3), 1.2)]
    snaps = run(net, loss="half_squared", lr=0.5)
    assert np.all(symmetry.spreads(snaps) == 0.0)
    assert net.weights[0][0, 0] != net.weights[0][0, 1]


def test_deeper_network_both_hidden_layers_stay_symmetric():
    net = MLP([2, 3, 3, 1], hidden="tanh", output="sigmoid", init="constant", value=0.4)
    snaps = run(net, lr=0.5, steps=80)
    assert np.all(symmetry.spreads(snaps, 0) == 0.0) and np.all(symmetry.spreads(snaps, 1) == 0.0)
    assert np.ptp(net.weights[1]) == 0 and net.weights[1][0, 0] != 0.4


def test_random_init_has_positive_spread_that_persists():
    net = sigmoid_net(init="normal", seed=0)
    snaps = run(net, momentum=0.9)
    assert np.all(symmetry.spreads(snaps) > 0.1)
    assert np.all(snaps[0].net.biases[0] == 0.0) and np.ptp(net.biases[0]) > 0   # zero biases separate


def test_a_run_has_one_snapshot_per_step_with_its_loss():
    net = sigmoid_net(init="normal", seed=3)
    start = net.copy()
    snaps = run(net, lr=0.5, steps=5)
    assert [s.epoch for s in snaps] == list(range(6))
    np.testing.assert_array_equal(snaps[0].net.weights[0], start.weights[0])
    np.testing.assert_array_equal(snaps[5].net.weights[1], net.weights[1])
    assert snaps[0].loss == pytest.approx(vectorized.loss_and_grads(start, X, T, "bce")[0], rel=1e-12)
    assert snaps[-1].loss < snaps[0].loss


def test_symmetric_gradients_have_equal_rows_random_ones_do_not():
    _, g = vectorized.loss_and_grads(sigmoid_net(init="constant", value=0.5), X, T, "bce")
    assert np.all(g.weights[0] == g.weights[0][0]) and np.abs(g.weights[0]).max() > 1e-3
    assert np.all(g.weights[1] == g.weights[1][0, 0]) and np.all(g.biases[0] == g.biases[0][0])
    _, g = vectorized.loss_and_grads(sigmoid_net(init="normal", seed=0), X, T, "bce")
    assert np.ptp(g.weights[0], axis=0).min() > 1e-3


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


def test_symmetric_net_computes_what_one_unit_computes_and_matches_its_loss():
    Xc, Tc = datasets.moons(m=100, seed=0)              # the chapter's setting
    kw = dict(loss="bce", lr=1.0, epochs=2000, momentum=0.9)
    net = sigmoid_net(init="constant", value=0.5)
    _, snaps = snapshots.fit_with_snapshots(net, Xc, Tc, every=1000, **kw)
    for s in snaps:
        np.testing.assert_allclose(collapse(s.net).forward(Xc), s.net.forward(Xc), rtol=0, atol=1e-12)
    J_one = train.fit(MLP([2, 1, 1], hidden="sigmoid", output="sigmoid", init="constant",
                          value=0.5), Xc, Tc, **kw).loss[-1]
    assert abs(snaps[-1].loss - J_one) / J_one < 0.01
    J_rnd = train.fit(sigmoid_net(init="normal", seed=0), Xc, Tc, **kw).loss[-1]
    assert J_rnd < J_one / 100


def test_zero_init_is_stationary_on_balanced_classes():
    assert T.mean() == 0.5
    net = sigmoid_net(init="zeros")
    _, g = vectorized.loss_and_grads(net, X, T, "bce")
    assert all(not np.any(G) for G in g.weights + g.biases)
    snaps = run(net, steps=50)
    assert [s.loss for s in snaps] == pytest.approx([np.log(2)] * 51)


def test_zero_init_on_imbalanced_data_moves_output_layer_first():
    keep = (T[:, 0] == 0) | (np.cumsum(T[:, 0]) <= 5)    # the chapter's selection, 5 of class 1
    Xu, Tu = X[keep], T[keep]
    assert len(Xu) == 25 and Tu.sum() == 5
    snaps = run(sigmoid_net(init="zeros"), Xu, Tu, steps=3)
    W0 = [s.net.weights[0] for s in snaps]
    assert not np.any(W0[1]) and np.all(snaps[1].net.weights[1] != 0)
    assert np.all(W0[2] != 0) and np.all(symmetry.spreads(snaps) == 0)
    tanh = MLP([2, 3, 1], hidden="tanh", output="sigmoid", init="zeros")
    train.fit(tanh, Xu, Tu, loss="bce", lr=1.0, epochs=300, momentum=0.9)
    assert not any(np.any(W) for W in tanh.weights)
    np.testing.assert_allclose(tanh.forward(Xu), 0.2, atol=1e-6)


def test_plots_draw_one_line_per_unit_and_weight_and_one_per_run():
    snaps = run(sigmoid_net(init="normal", seed=0), steps=10)
    fig, ax = plt.subplots()
    symmetry.plot_unit_weights(ax, snaps)
    drawn = [l for l in ax.lines if len(l.get_xdata()) == 11]
    assert len(drawn) == 6                       # 3 units x 2 incoming weights
    np.testing.assert_array_equal(drawn[0].get_ydata(), [s.net.weights[0][0, 0] for s in snaps])
    assert ax.get_ylabel() == "incoming weights $w_{jk}^{(0)}$"    # the book's numbering
    fig2, axes = plt.subplots(1, 2)
    symmetry.plot_runs(axes[0], {"r": snaps, "s": snaps[:5]})
    symmetry.plot_runs(axes[1], {"r": snaps}, spread_of=None)
    np.testing.assert_allclose(axes[0].lines[0].get_ydata(), symmetry.spreads(snaps))
    assert len(axes[0].lines[1].get_xdata()) == 5
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), [s.loss for s in snaps])
    plt.close(fig)
    plt.close(fig2)


# -- the chapter 10 checks --------------------------------------------------------------------
def first_layer_grad(net, X, T, prime=lambda A: 1 - A ** 2, m=None, outgoing=True):
    """dJ/dW^(0) by the delta recursion (tanh hidden units, identity outputs), or a slip."""
    Z, A = vectorized.forward(net, X)
    D2 = (A[2] - T) / (m or len(X))
    back = D2 @ net.weights[1] if outgoing else D2.sum(axis=1, keepdims=True)
    return (prime(A[1]) * back).T @ X


def test_ch10_gradient_rows_accepts_reference_and_hints_mistakes(capsys):
    ch10_gradient_rows(first_layer_grad)
    out = capsys.readouterr().out
    assert "✓ first_layer_grad on 4 networks" in out
    assert "rows of dJ/dW^(0) are identical" in out     # the book's numbering: first layer W^(0)
    wrong = {"g'(Z^(1))": lambda n, X, T: first_layer_grad(n, X, T, prime=lambda A: 1.0),
             "divide by m": lambda n, X, T: first_layer_grad(n, X, T, m=1),
             "outgoing weights": lambda n, X, T: first_layer_grad(n, X, T, outgoing=False),
             "transposed": lambda n, X, T: first_layer_grad(n, X, T).T}
    for hint, answer in wrong.items():
        with pytest.raises(CheckFailed, match=re.escape(hint)):
            ch10_gradient_rows(answer)


def test_ch10_gradient_rows_problems_are_symmetric_where_the_rows_are_checked():
    for case in ch10.GRAD_CASES:
        net, X, T = ch10.grad_problem(*case)
        assert (symmetry.spread(net) == 0) == (case[4] is not None)
        assert X.shape == (case[3], case[0]) and T.shape == (case[3], case[2])


def test_ch10_collapse_accepts_reference_and_hints_mistakes(capsys):
    ch10_collapse(collapse)
    assert "✓ collapse on 4 symmetric networks" in capsys.readouterr().out

    def one_weight(net):
        one = collapse(net)
        one.weights[1] = net.weights[1][:, :1].copy()
        return one
    with pytest.raises(CheckFailed, match="sum of the p outgoing weights"):
        ch10_collapse(one_weight)
    with pytest.raises(CheckFailed, match="sizes"):
        ch10_collapse(lambda net: net)


def test_ch10_collapse_problems_are_symmetric_and_the_twin_of_a_trained_one_agrees():
    for case in ch10.COLLAPSE_CASES:
        assert symmetry.spread(ch10.symmetric_network(case)) == 0
    net = sigmoid_net(init="constant", value=0.5)
    train.fit(net, X, T, loss="bce", lr=1.0, epochs=50)
    np.testing.assert_allclose(collapse(net).forward(X), net.forward(X), rtol=1e-12)
