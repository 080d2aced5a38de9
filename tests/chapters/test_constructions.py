"""Tests of bpcourse.chapters.constructions (chapter 4) and of bpcourse.checks.ch04."""
import numpy as np
import pytest

from bpcourse import MLP, activations, checks
from bpcourse.chapters import constructions as C
from bpcourse.checks import CheckFailed

DS = range(1, 11)


# ------------------------------------------------------------------ patterns and truth tables

def test_all_patterns_order():
    np.testing.assert_array_equal(C.all_patterns(2), [[-1, -1], [-1, 1], [1, -1], [1, 1]])
    for D in DS:
        P = C.all_patterns(D)
        assert P.shape == (2 ** D, D)
        bits = (P > 0) @ (2 ** np.arange(D - 1, -1, -1))   # binary counting, first bit MSB
        np.testing.assert_array_equal(bits, np.arange(2 ** D))


def test_lecture_unit_recognises_only_its_pattern():
    """Weights (-1, 1, -1) and bias -2.5 (lecture 004): net input 1/2 - 2k, k = # flips."""
    P = C.all_patterns(3)
    z = P @ np.array([-1.0, 1.0, -1.0]) - 2.5
    k = (P != np.array([-1, 1, -1])).sum(axis=1)
    np.testing.assert_array_equal(z, 0.5 - 2 * k)
    assert list(np.flatnonzero(z > 0)) == [2]          # (-1, +1, -1) is row 2


# ------------------------------------------------------------------ parity: shallow vs deep

def _units(net):
    return sum(net.sizes[1:-1])


@pytest.mark.parametrize("D", DS)
def test_parity_network_on_every_input(D):
    P = C.all_patterns(D)
    deep = C.parity_network(D)
    np.testing.assert_array_equal(deep.forward(P), C.parity(P))
    assert set(deep.hidden) <= {"step"} and deep.output == "identity"
    depth = (D - 1).bit_length()                          # ceil(log2 D) hidden layers
    assert len(deep.sizes) - 2 == depth
    assert _units(deep) == 2 * (D - 1) + depth - bin(D - 1).count("1") <= 2 * D + np.log2(D)


def test_parity_values_and_unit_counts():
    np.testing.assert_array_equal(C.parity([[1, 1, -1], [1, -1, -1], [-1, -1, -1]])[:, 0],
                                  [0, 1, 0])
    assert [_units(C.parity_network(D)) for D in DS] == [0, 2, 5, 6, 10, 11, 13, 14, 19, 20]
    assert C.parity_network(5).sizes == [5, 5, 3, 2, 1]


def test_parity_network_large_D_on_samples():
    D = 40
    rng = np.random.default_rng(0)
    X = rng.choice([-1.0, 1.0], size=(500, D))
    np.testing.assert_array_equal(C.parity_network(D).forward(X), C.parity(X))
    assert _units(C.parity_network(D)) == 80


# ------------------------------------------------------------------ bumps

def _bump(x, left, right, height, s):
    """h [sigma(s (x - l)) - sigma(s (x - r))], written out."""
    sig = activations.sigmoid
    return height * (sig(s * (x - left)) - sig(s * (x - right)))


def test_bump_height_is_the_output_weight_in_the_steep_limit():
    net = C.bump_network([-1.0], [1.0], [0.7], steepness=1000.0)
    assert net.sizes == [1, 2, 1] and net.activation_names == ["sigmoid", "identity"]
    np.testing.assert_allclose(net.weights[1], [[0.7, -0.7]])
    y = net.forward(np.array([[-3.0], [-0.5], [0.0], [0.5], [3.0]]))[:, 0]
    np.testing.assert_allclose(y, [0, 0.7, 0.7, 0.7, 0], atol=1e-12)
    # at the edges: half height
    np.testing.assert_allclose(net.forward([[-1.0], [1.0]])[:, 0], [0.35, 0.35], atol=1e-12)
    # the height at the centre approaches h as the steepness grows: h tanh(s w / 4)
    for s in (1.0, 4.0, 10.0):
        got = C.bump_network([-1.0], [1.0], [0.7], s).forward([[0.0]])[0, 0]
        np.testing.assert_allclose(got, 0.7 * np.tanh(s * 2.0 / 4), rtol=1e-12)


def test_bump_network_is_the_sum_of_its_parts():
    x = np.linspace(-3, 3, 101)
    L, R, H = [-2.0, 0.0], [-0.5, 1.5], [1.0, -2.0]
    net = C.bump_network(L, R, H, steepness=7.0)
    parts = C.bump_parts(net, x)
    expected = np.stack([_bump(x, l, r, h, 7.0) for l, r, h in zip(L, R, H)], axis=1)
    np.testing.assert_allclose(parts, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(net.forward(x[:, None])[:, 0], expected.sum(axis=1),
                               rtol=1e-12, atol=1e-12)


def _errors(net, f, m=2001):
    x = np.linspace(-np.pi, np.pi, m)
    r = net.forward(x[:, None])[:, 0] - f(x)
    return np.abs(r).max(), np.sqrt(np.mean(r ** 2))


def test_fit_bumps_interpolates_at_centres_and_error_falls():
    e = np.linspace(-np.pi, np.pi, 9)
    c = (e[:-1] + e[1:]) / 2
    net = C.fit_bumps(np.sin, 8, steepness=10.0)
    assert net.sizes == [1, 16, 1]
    np.testing.assert_allclose(net.forward(c[:, None])[:, 0], np.sin(c), atol=1e-9)
    errs = [_errors(C.fit_bumps(np.sin, n, steepness=1000.0), np.sin)
            for n in (2, 5, 10, 20, 50, 100)]
    maxes, rmses = np.array(errs).T
    assert np.all(np.diff(maxes) <= 0) and np.all(np.diff(rmses) < 0)
    # steep limit: a staircase, max error <= half a bin times max|f'| = pi / n, and close to it
    bound = np.pi / np.array([10, 20, 50, 100])
    assert np.all(maxes[2:] <= bound) and np.all(maxes[2:] > 0.98 * bound)
    # steep limit: heights are the target at the centres
    np.testing.assert_allclose(C.fit_bumps(np.sin, 8, steepness=1e4).weights[1][0, 0::2],
                               np.sin(c), atol=1e-9)


# ------------------------------------------------------------------ learned features helpers

def test_plot_first_layer_draws_one_image_per_unit():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    net = MLP([64, 5, 10], seed=0)
    fig, axes = plt.subplots(2, 3)
    C.plot_first_layer(axes, net)
    imgs = [ax.images[0].get_array() for ax in axes.ravel()[:5]]
    np.testing.assert_allclose(imgs[3], net.weights[0][3].reshape(8, 8))
    assert not axes.ravel()[5].images
    plt.close(fig)


# ------------------------------------------------------------------ checks.ch04

def _expect_fail(call, *fragments):
    with pytest.raises(CheckFailed) as e:
        call()
    for f in fragments:
        assert f in str(e.value), str(e.value)


def test_check_pattern_detectors():
    checks.ch04_pattern_detectors(lambda D: (C.all_patterns(D), np.full(2 ** D, -(D - 0.5))))
    P = C.all_patterns(3)
    _expect_fail(lambda: checks.ch04_pattern_detectors(lambda D: (P, np.full(8, -3.0)), (3,)),
                 "(-1, -1, -1)", "no unit fire", "step(0) = 0")
    _expect_fail(lambda: checks.ch04_pattern_detectors(lambda D: (P, np.zeros(8)), (3,)),
                 "(-1, -1, -1)", "unit(s) [0, 1, 2, 4] fire", "bias 0")
    _expect_fail(lambda: checks.ch04_pattern_detectors(lambda D: (P, np.full(8, 2.5)), (3,)), "wrong sign")
    _expect_fail(lambda: checks.ch04_pattern_detectors(lambda D: ((P + 1) / 2, np.full(8, -2.5)), (3,)), "0/1 bits")
    _expect_fail(lambda: checks.ch04_pattern_detectors(lambda D: (P[::-1], np.full(8, -2.5)), (3,)),
                 "unit(s) [7] fire", "order")
    _expect_fail(lambda: checks.ch04_pattern_detectors(lambda D: (P[:4], np.full(4, -2.5)), (3,)), "shape (8, 3)")
    _expect_fail(lambda: checks.ch04_pattern_detectors(None), "not answered yet")


def _counting(D, bias_shift=0.5, signs=None):
    net = MLP([D, D, 1], hidden="step", output="identity", init="zeros")
    k = np.arange(1, D + 1)
    net.weights = [np.full((D, D), 0.5),
                   ((-1.0) ** (k + 1) if signs is None else signs)[None, :]]
    net.biases = [D / 2 - (k - bias_shift), np.zeros(1)]
    return net


def test_check_parity_counting():
    checks.ch04_parity_counting(_counting)
    _expect_fail(lambda: checks.ch04_parity_counting(lambda D: _counting(D, bias_shift=0.0), (4,)),
                 "(-1, -1, -1, +1)", "step(0) = 0")
    _expect_fail(lambda: checks.ch04_parity_counting(lambda D: _counting(D, signs=np.ones(D)), (4,)),
                 "counts the +1 inputs")
    _expect_fail(lambda: checks.ch04_parity_counting(lambda D: _counting(D, signs=-(-1.0) ** np.arange(2, 6)), (4,)),
                 "wrong signs")
    _expect_fail(lambda: checks.ch04_parity_counting(C.parity_network, (4,)), "one hidden layer")
    _expect_fail(lambda: checks.ch04_parity_counting(lambda D: _counting(3), (4,)), "D = 4 inputs")
    _expect_fail(lambda: checks.ch04_parity_counting(..., (4,)), "not answered yet")
