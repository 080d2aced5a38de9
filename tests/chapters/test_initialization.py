"""Chapter 13: deep networks' signal by layer, the variance argument, training deep networks."""
import matplotlib
import numpy as np
import pytest

from bpcourse import activations, vectorized
from bpcourse.chapters import initialization as I

matplotlib.use("Agg")

rng = np.random.default_rng(42)
X, T = rng.normal(size=(200, 60)), rng.normal(size=(200, 1))


def test_deep_net_has_the_asked_layers_and_start():
    net = I.deep_net(60, 60, 5, 1, "tanh", "He", seed=3)
    assert net.sizes == [60] * 6 + [1] and net.activation_names == ["tanh"] * 5 + ["identity"]
    assert np.std(np.concatenate([W.ravel() for W in net.weights[1:5]])) == pytest.approx(
        np.sqrt(2 / 60), rel=0.05)
    small = I.deep_net(60, 60, 5, 1, "tanh", "small, N(0, 0.01²)")
    assert np.std(small.weights[2]) == pytest.approx(0.01, rel=0.05)
    with pytest.raises(ValueError, match="unknown start"):
        I.deep_net(2, 3, 2, 1, "tanh", "Glorot")


def test_layer_stats_are_the_engines_numbers():
    net = I.deep_net(60, 30, 4, 1, "sigmoid", "Xavier")
    S = I.layer_stats(net, X, T)
    _, g = vectorized.loss_and_grads(net, X, T, "half_squared")
    assert np.allclose(S["grad_norm"], [np.linalg.norm(G) for G in g.weights], rtol=1e-12)
    Z, A = vectorized.forward(net, X)
    assert np.allclose(S["z_var"], [z.var() for z in Z[1:]], rtol=1e-12)
    D = vectorized.deltas(net, Z, A, T, "half_squared")     # dJ/dZ, with the 1/m
    assert np.allclose(S["delta_var"], [(200 * d).var() for d in D[1:]], rtol=1e-12)
    # the output layer's per-example delta is y - t for the identity output
    assert S["delta_var"][-1] == pytest.approx((net.forward(X) - T).var(), rel=1e-12)
    assert len(S["z_var"]) == len(S["delta_var"]) == 5


@pytest.mark.parametrize("hidden,start", [("tanh", "Xavier"), ("relu", "He"), ("sigmoid", "Xavier"),
                                          ("tanh", "large, N(0, 1)")])
def test_the_variance_argument_predicts_the_measured_variances(hidden, start):
    net = I.deep_net(60, 200, 6, 1, hidden, start, seed=1)
    S = I.layer_stats(net, X, T)
    Z, A = vectorized.forward(net, X)
    for l in range(len(net.weights) - 1):                   # hidden layers: n sigma^2 E[a^2]
        predicted = net.sizes[l] * net.weights[l].var() * np.mean(A[l] ** 2)
        assert S["z_var"][l] / predicted == pytest.approx(1, abs=0.3)
    for l in range(len(net.weights) - 2):                   # n_out sigma^2 E[g'^2] Var delta
        g_prime = activations.derivative(hidden, Z[l + 1], A[l + 1])
        predicted = (net.sizes[l + 2] * net.weights[l + 1].var() * np.mean(g_prime ** 2)
                     * S["delta_var"][l + 1])
        assert S["delta_var"][l] / predicted == pytest.approx(1, abs=0.3)


def test_he_keeps_relu_variance_and_xavier_halves_it():
    he = I.layer_stats(I.deep_net(60, 200, 8, 1, "relu", "He", seed=1), X, T)["z_var"]
    xavier = I.layer_stats(I.deep_net(60, 200, 8, 1, "relu", "Xavier", seed=1), X, T)["z_var"]
    assert 0.5 < he[-2] / he[1] < 2
    ratios = xavier[2:-1] / xavier[1:-2]                    # hidden to hidden: 200 -> 200
    assert np.all(np.abs(ratios - 0.5) < 0.15)


def test_small_and_large_starts_vanish_and_explode_in_deep_relu_nets():
    small = I.layer_stats(I.deep_net(60, 60, 10, 1, "relu", "small, N(0, 0.01²)"), X, T)
    large = I.layer_stats(I.deep_net(60, 60, 10, 1, "relu", "large, N(0, 1)"), X, T)
    assert small["z_var"][-2] < 1e-12 and large["z_var"][-2] > 1e12
    assert small["grad_norm"].max() < 1e-6 and large["grad_norm"].min() > 1e10


def test_plot_layer_norms_draws_one_line_per_start():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    I.plot_layer_norms(ax, {"a": [1.0, 0.1], "b": [1.0, 10.0]}, "t", "norm")
    assert [list(l.get_ydata()) for l in ax.get_lines()] == [[1.0, 0.1], [1.0, 10.0]]
    assert ax.get_yscale() == "log"
    plt.close(fig)
