"""Chapter 2: lecture 001's lines and diamond data, the width experiment, the check."""
import matplotlib
matplotlib.use("Agg")
import numpy as np
import pytest

from bpcourse import MLP, checks, datasets, train
from bpcourse.chapters import features
from bpcourse.checks import CheckFailed


def test_lecture_lines_give_the_lecture_sign_features():
    B = features.LECTURE_LINES
    U = np.sign(B[:, 0] + features.LECTURE_EXAMPLES @ B[:, 1:].T)
    np.testing.assert_array_equal(U, [[-1, -1, 1, -1], [-1, 1, 1, -1], [-1, -1, -1, -1]])
    # the second linear map W_O u > 3.5 gives the lecture's labels 0, 1, 0
    np.testing.assert_array_equal(U @ features.LECTURE_W_O[0] > 3.5, [False, True, False])


def test_diamond_labels_are_the_points_inside_the_four_lines():
    X, T = features.diamond(m=500, seed=3)
    assert X.shape == (500, 2) and T.shape == (500, 1)
    # inside: below the upper sides, above the lower sides (|x1 - x2| < 0.35,
    # 0.65 < x1 + x2 < 1.35)
    s, d = X.sum(axis=1), X[:, 0] - X[:, 1]
    inside = (np.abs(d) < 0.35) & (s > 0.65) & (s < 1.35)
    np.testing.assert_array_equal(T[:, 0], inside)
    assert 0.1 < T.mean() < 0.4          # the diamond (area 2 * 0.35^2 = 0.245) holds a quarter


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


def test_plots_return_figures():
    import matplotlib.pyplot as plt
    fig = features.plot_activations()
    assert len(fig.axes) == 4
    X, T = datasets.circles(m=50, noise=0.08, factor=0.5, seed=0)
    nets = [features.train_width(X, T, w, epochs=5) for w in (1, 2)]
    fig2 = features.plot_width_regions(X, T, nets)
    assert [ax.get_title()[:7] for ax in fig2.axes] == ["width 1", "width 2"]
    plt.close("all")


def _forward(which=""):
    """forward_batch(X, W0, b0, W1, b1) -> (H, Y), right or with one mistake."""
    def forward_batch(X, W0, b0, W1, b1):
        Z = X @ (W0 if which == "transposed" else W0.T) + (0 if which == "nobias" else b0)
        H = Z if which == "nophi" else np.tanh(Z)
        Y = H @ W1.T + (0 if which == "nob2" else b1)
        return H, (Y.T if which == "Yshape" else Y)
    return forward_batch


def test_ch02_forward_accepts_the_reference(capsys):
    checks.ch02_forward(_forward())
    assert "forward_batch (H and Y on 3 batches" in capsys.readouterr().out


@pytest.mark.parametrize("which, hint", [("transposed", "untransposed"), ("nobias", "bias is missing"),
                                         ("nophi", "activation tanh is missing"),
                                         ("nob2", "output bias is missing"),
                                         ("Yshape", "transposed")])
def test_ch02_forward_hints(which, hint):
    with pytest.raises(CheckFailed, match=hint):
        checks.ch02_forward(_forward(which))
