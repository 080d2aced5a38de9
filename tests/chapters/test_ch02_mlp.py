"""Chapter 2: sign features of lecture 001, the sign network as an MLP, the width experiment, checks."""
import matplotlib
matplotlib.use("Agg")
import numpy as np
import pytest

from bpcourse import MLP, checks, datasets, train
from bpcourse.chapters import features
from bpcourse.checks import CheckFailed


def test_lecture_examples_get_the_lecture_sign_features():
    U = features.sign_features(features.LECTURE_EXAMPLES, features.LECTURE_LINES)
    np.testing.assert_array_equal(U, [[-1, -1, 1, -1], [-1, 1, 1, -1], [-1, -1, -1, -1]])


def test_second_linear_map_gives_the_lecture_labels():
    y = features.sign_network_predict(features.LECTURE_EXAMPLES)
    np.testing.assert_array_equal(y, features.LECTURE_LABELS)


def test_sign_network_equals_step_mlp_on_many_points():
    X, T = features.diamond(m=500, seed=3)
    net = features.sign_network_as_mlp()
    assert net.sizes == [2, 4, 1] and net.activation_names == ["step", "step"]
    np.testing.assert_array_equal(net.forward(X), T)
    assert 0.1 < T.mean() < 0.4          # the diamond (area 2 * 0.35^2 = 0.245) holds a quarter


def test_linear_scores_values_and_errors():
    Z = features.linear_scores([[0.5, 0.5]], features.LECTURE_LINES)
    np.testing.assert_allclose(Z, [[-0.35, 0.35, 0.35, -0.35]])
    with pytest.raises(ValueError, match=r"shape \(k, 3\)"):
        features.linear_scores([[0.5, 0.5]], np.ones((4, 2)))
    with pytest.raises(ValueError, match="2 were expected"):
        features.sign_features(np.ones((3, 3)), features.LECTURE_LINES)


def test_width_experiment_one_unit_fails_three_succeed_on_circles():
    X, T = datasets.circles(m=200, noise=0.08, factor=0.5, seed=0)
    acc = features.width_experiment(X, T, widths=(1, 3), seeds=(0,), epochs=300)
    assert acc.shape == (2, 1)
    assert acc[0, 0] < 0.8                # one line cannot enclose the inner ring
    assert acc[1, 0] > 0.97               # a triangle of three lines can


def test_accuracy_of_a_constant_network():
    X, T = datasets.xor()
    net = MLP([2, 1], output="sigmoid", init="zeros")      # outputs 0.5 -> "not > 0.5" -> 0
    assert train.accuracy(net, X, T) == 0.5


def test_line_grid_on_xor_never_beats_three_quarters():
    X, T = datasets.xor()
    th, c = np.linspace(0, 2 * np.pi, 181), np.linspace(-1.5, 1.5, 121)
    acc = features.line_accuracy_grid(X, T, th, c)
    assert acc.shape == (181, 121)
    assert acc.max() == 0.75
    # on AND (linearly separable) the same grid finds a perfect line
    T_and = np.array([[0.0], [0.0], [0.0], [1.0]])
    assert features.line_accuracy_grid(X, T_and, th, c).max() == 1.0


def test_plots_return_figures():
    fig = features.plot_activations()
    assert len(fig.axes) == 4
    import matplotlib.pyplot as plt
    plt.close(fig)


def _layer():
    rng = np.random.default_rng(0)
    X, W1, b1 = rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
    W2, b2 = rng.normal(size=(2, 3)), rng.normal(size=2)
    H = np.tanh(X @ W1.T + b1)
    return X, W1, b1, W2, b2, H, H @ W2.T + b2


def test_ch02_forward_accepts_the_reference(capsys):
    X, W1, b1, W2, b2, H, Y = _layer()
    checks.ch02_forward(H, Y, X, W1, b1, W2, b2)
    out = capsys.readouterr().out
    assert "H_ex: correct." in out and "Y_ex: correct." in out


@pytest.mark.parametrize("which, hint", [("transposed", "untransposed"), ("nobias", "bias is missing"),
                                         ("nophi", "activation phi is missing"),
                                         ("nob2", "output bias is missing"),
                                         ("Yshape", "transposed")])
def test_ch02_forward_hints(which, hint):
    X, W1, b1, W2, b2, H, Y = _layer()
    if which == "transposed":
        H = np.tanh(X @ W1 + b1)
    elif which == "nobias":
        H = np.tanh(X @ W1.T)
    elif which == "nophi":
        H = X @ W1.T + b1
    elif which == "nob2":
        Y = H @ W2.T
    else:
        Y = Y.T
    with pytest.raises(CheckFailed, match=hint):
        checks.ch02_forward(H, Y, X, W1, b1, W2, b2)
