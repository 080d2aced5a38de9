"""Tests of bpcourse.chapters.constructions (chapter 4) and the chapter's checks (bpcourse.checks.ch04)."""
import numpy as np
import pytest

from bpcourse import MLP, checks
from bpcourse.chapters import constructions as C
from bpcourse.checks import CheckFailed

DS = range(1, 11)


# ------------------------------------------------------------------ linear networks collapse

def test_deep_linear_network_equals_product_of_its_matrices():
    rng = np.random.default_rng(0)
    net = MLP([3, 5, 4, 2], hidden="identity", output="identity", seed=1)
    net.biases = [rng.normal(size=b.shape) for b in net.biases]
    one = C.collapse_linear(net)
    W0, W1, W2 = net.weights
    b0, b1, b2 = net.biases
    assert one.sizes == [3, 2]
    np.testing.assert_allclose(one.weights[0], W2 @ W1 @ W0, rtol=1e-12)
    np.testing.assert_allclose(one.biases[0], W2 @ (W1 @ b0 + b1) + b2, rtol=1e-12)
    X = rng.normal(size=(50, 3))
    np.testing.assert_allclose(one.forward(X), net.forward(X), rtol=1e-12, atol=1e-12)


def test_collapse_refuses_a_nonlinear_network():
    with pytest.raises(ValueError, match="identity activations"):
        C.collapse_linear(MLP([2, 3, 1], hidden="relu"))
    with pytest.raises(TypeError, match="bpcourse.MLP"):
        C.collapse_linear([np.eye(2)])


# ------------------------------------------------------------------ patterns and truth tables

def test_all_patterns_order_and_index():
    np.testing.assert_array_equal(C.all_patterns(2), [[-1, -1], [-1, 1], [1, -1], [1, 1]])
    for D in DS:
        P = C.all_patterns(D)
        assert P.shape == (2 ** D, D)
        assert len({tuple(p) for p in P}) == 2 ** D
        np.testing.assert_array_equal(C.pattern_index(P), np.arange(2 ** D))


def test_lecture_unit_recognises_only_its_pattern():
    """Weights (-1, 1, -1) and bias -2.5 (lecture 004): net input 1/2 - 2k, k = # flips."""
    P = C.all_patterns(3)
    z = P @ np.array([-1.0, 1.0, -1.0]) - 2.5
    k = (P != np.array([-1, 1, -1])).sum(axis=1)
    np.testing.assert_array_equal(z, 0.5 - 2 * k)
    assert list(np.flatnonzero(z > 0)) == [2]          # (-1, +1, -1) is row 2


@pytest.mark.parametrize("D", DS)
def test_truth_table_network_on_every_row_of_random_tables(D):
    rng = np.random.default_rng(D)
    P = C.all_patterns(D)
    for table in (rng.normal(size=2 ** D), rng.integers(0, 2, size=2 ** D).astype(float),
                  rng.normal(size=(2 ** D, 3))):
        net = C.truth_table_network(table)
        assert net.sizes == [D, 2 ** D, 1 if table.ndim == 1 else 3]
        assert net.activation_names == ["step", "identity"]
        assert C.hidden_units(net) == 2 ** D
        np.testing.assert_array_equal(net.forward(P), table.reshape(2 ** D, -1))
    # and in a shuffled order of the rows: the network looks up each pattern, not a row number
    order = rng.permutation(2 ** D)
    np.testing.assert_array_equal(net.forward(P[order]), table[order])


def test_truth_table_hidden_layer_is_one_hot():
    net = C.truth_table_network(np.arange(8.0))
    P = C.all_patterns(3)
    H = (P @ net.weights[0].T + net.biases[0] > 0).astype(float)
    np.testing.assert_array_equal(H, np.eye(8))
    np.testing.assert_array_equal(net.biases[0], -2.5)


def test_truth_table_from_a_dict():
    xor = {(-1, -1): 0, (-1, 1): 1, (1, -1): 1, (1, 1): 0}
    net = C.truth_table_network(xor)
    np.testing.assert_array_equal(net.forward(C.all_patterns(2))[:, 0], [0, 1, 1, 0])
    two = C.truth_table_network({(-1,): [1, 2], (1,): [3, 4]})
    np.testing.assert_array_equal(two.forward([[-1.0], [1.0]]), [[1, 2], [3, 4]])


@pytest.mark.parametrize("table, error, match", [
    (np.zeros(3), ValueError, "2\\^D rows"),
    (np.zeros(1), ValueError, "2\\^D rows"),
    (np.zeros((4, 2, 2)), ValueError, "shape"),
    (np.zeros((4, 0)), ValueError, "no output columns"),
    (np.array([0.0, np.nan, 1.0, 1.0]), ValueError, "NaN or inf \\(row 1\\)"),
    ("0110", TypeError, "array of 2\\^D outputs"),
    ({}, ValueError, "empty dict"),
    ({(-1, 0): 1}, ValueError, "tuple of -1/\\+1"),
    ({(-1, 1): 1, (1,): 0}, ValueError, "different lengths"),
    ({(-1, -1): 0, (-1, 1): 1, (1, -1): 1}, ValueError, "missing e.g. \\(1, 1\\)"),
    (np.zeros(2 ** 17), ValueError, "at most D = 16"),
])
def test_truth_table_bad_input(table, error, match):
    with pytest.raises(error, match=match):
        C.truth_table_network(table)


def test_all_patterns_and_parity_bad_input():
    with pytest.raises(ValueError, match="positive integer"):
        C.all_patterns(0)
    with pytest.raises(ValueError, match="-1 or \\+1"):
        C.parity([[0, 1]])
    with pytest.raises(ValueError, match="positive integer"):
        C.parity_network(-2)


# ------------------------------------------------------------------ parity: shallow vs deep

@pytest.mark.parametrize("D", DS)
def test_parity_network_on_every_input(D):
    P = C.all_patterns(D)
    deep = C.parity_network(D)
    t = C.parity(P)
    np.testing.assert_array_equal(deep.forward(P), t)
    assert set(deep.hidden) <= {"step"} and deep.output == "identity"
    shallow = C.truth_table_network(t)
    np.testing.assert_array_equal(shallow.forward(P), t)
    units = C.parity_units(D)
    assert C.hidden_units(shallow) == units["shallow"] == 2 ** D
    assert C.hidden_units(deep) == units["deep"]
    assert len(deep.sizes) - 2 == units["deep_layers"]
    assert units["deep"] <= 2 * D + np.log2(D)         # linear in D


def test_parity_values_and_unit_counts():
    np.testing.assert_array_equal(C.parity([[1, 1, -1], [1, -1, -1], [-1, -1, -1]])[:, 0], [0, 1, 0])
    assert [C.hidden_units(C.parity_network(D)) for D in DS] == [0, 2, 5, 6, 10, 11, 13, 14, 19, 20]
    assert C.parity_network(5).sizes == [5, 5, 3, 2, 1]


def test_parity_network_large_D_on_samples():
    D = 40
    rng = np.random.default_rng(0)
    X = rng.choice([-1.0, 1.0], size=(500, D))
    np.testing.assert_array_equal(C.parity_network(D).forward(X), C.parity(X))
    assert C.hidden_units(C.parity_network(D)) == C.parity_units(D)["deep"] == 80


# ------------------------------------------------------------------ bumps

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
        got = C.bump(0.0, -1.0, 1.0, 0.7, s)
        np.testing.assert_allclose(got, 0.7 * np.tanh(s * 2.0 / 4), rtol=1e-12)


def test_bump_network_is_the_sum_of_bumps():
    x = np.linspace(-3, 3, 101)
    L, R, H = [-2.0, 0.0], [-0.5, 1.5], [1.0, -2.0]
    net = C.bump_network(L, R, H, steepness=7.0)
    expected = sum(C.bump(x, l, r, h, 7.0) for l, r, h in zip(L, R, H))
    np.testing.assert_allclose(net.forward(x[:, None])[:, 0], expected, rtol=1e-12, atol=1e-12)


def test_fit_bumps_interpolates_at_centres_and_error_falls():
    e = C.bump_edges(8, (-np.pi, np.pi))
    c = (e[:-1] + e[1:]) / 2
    net = C.fit_bumps(np.sin, 8, steepness=10.0)
    assert net.sizes == [1, 16, 1]
    np.testing.assert_allclose(net.forward(c[:, None])[:, 0], np.sin(c), atol=1e-9)
    errs = [C.approximation_errors(C.fit_bumps(np.sin, n, steepness=1000.0), np.sin)
            for n in (2, 5, 10, 20, 50, 100)]
    maxes, rmses = np.array(errs).T
    assert np.all(np.diff(maxes) <= 0) and np.all(np.diff(rmses) < 0)
    # steep limit: a staircase, max error <= half a bin times max|f'| = pi / n, and close to it
    bound = np.pi / np.array([10, 20, 50, 100])
    assert np.all(maxes[2:] <= bound) and np.all(maxes[2:] > 0.98 * bound)
    # steep limit: heights are the target at the centres
    np.testing.assert_allclose(C.fit_bumps(np.sin, 8, steepness=1e4).weights[1][0, 0::2],
                               np.sin(c), atol=1e-9)


@pytest.mark.parametrize("call, error, match", [
    (lambda: C.bump(0.0, 1.0, -1.0), ValueError, "left < right"),
    (lambda: C.bump(0.0, -1.0, 1.0, steepness=0.0), ValueError, "steepness"),
    (lambda: C.bump_network([0.0, 1.0], [1.0], [1.0, 1.0]), ValueError, "same length"),
    (lambda: C.bump_network([0.0], [0.0], [1.0]), ValueError, "left < right"),
    (lambda: C.bump_network([0.0], [1.0], [np.inf]), ValueError, "finite"),
    (lambda: C.fit_bumps("sin", 3), TypeError, "function"),
    (lambda: C.fit_bumps(np.sin, 0), ValueError, "positive integer"),
    (lambda: C.fit_bumps(np.sin, 3, interval=(1, -1)), ValueError, "a < b"),
    (lambda: C.fit_bumps(lambda x: 1.0, 3), ValueError, "same shape"),
])
def test_bump_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


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
    with pytest.raises(ValueError, match="8x8"):
        C.plot_first_layer(axes, MLP([10, 3, 1]))
    plt.close(fig)


# ------------------------------------------------------------------ checks.ch04

def _expect_fail(call, *fragments):
    with pytest.raises(CheckFailed) as e:
        call()
    for f in fragments:
        assert f in str(e.value), str(e.value)


def test_check_pattern_detectors():
    for D in (1, 3, 5):
        P = C.all_patterns(D)
        checks.ch04_pattern_detectors(P, np.full(2 ** D, -(D - 0.5)), D)
    P = C.all_patterns(3)
    _expect_fail(lambda: checks.ch04_pattern_detectors(P, np.full(8, -3.0), 3),
                 "(-1, -1, -1)", "no unit fire", "step(0) = 0")
    _expect_fail(lambda: checks.ch04_pattern_detectors(P, np.zeros(8), 3),
                 "(-1, -1, -1)", "unit(s) [0, 1, 2, 4] fire", "bias 0")
    _expect_fail(lambda: checks.ch04_pattern_detectors(P, np.full(8, 2.5), 3), "wrong sign")
    _expect_fail(lambda: checks.ch04_pattern_detectors((P + 1) / 2, np.full(8, -2.5), 3), "0/1 bits")
    _expect_fail(lambda: checks.ch04_pattern_detectors(P[::-1], np.full(8, -2.5), 3),
                 "unit(s) [7] fire", "order")
    _expect_fail(lambda: checks.ch04_pattern_detectors(P[:4], np.full(4, -2.5), 3), "shape (8, 3)")
    _expect_fail(lambda: checks.ch04_pattern_detectors(None, None, 3), "not answered yet")


def _counting(D, bias_shift=0.5, signs=None):
    net = MLP([D, D, 1], hidden="step", output="identity", init="zeros")
    k = np.arange(1, D + 1)
    net.weights = [np.full((D, D), 0.5),
                   ((-1.0) ** (k + 1) if signs is None else signs)[None, :]]
    net.biases = [D / 2 - (k - bias_shift), np.zeros(1)]
    return net


def test_check_parity_counting():
    for D in (1, 2, 4, 6):
        checks.ch04_parity_counting(_counting(D), D)
    _expect_fail(lambda: checks.ch04_parity_counting(_counting(4, bias_shift=0.0), 4),
                 "(-1, -1, -1, +1)", "step(0) = 0")
    _expect_fail(lambda: checks.ch04_parity_counting(_counting(4, signs=np.ones(4)), 4),
                 "counts the +1 inputs")
    _expect_fail(lambda: checks.ch04_parity_counting(_counting(4, signs=-(-1.0) ** np.arange(2, 6)), 4),
                 "wrong signs")
    _expect_fail(lambda: checks.ch04_parity_counting(C.parity_network(4), 4), "one hidden layer")
    _expect_fail(lambda: checks.ch04_parity_counting(_counting(3), 4), "D = 4 inputs")
    _expect_fail(lambda: checks.ch04_parity_counting(..., 4), "not answered yet")


def test_and_terms_enumerate_every_and_of_literals():
    terms = C.and_terms(2)
    assert terms.shape == (9, 2)
    assert len({tuple(r) for r in terms}) == 9 and set(np.unique(terms)) == {-1.0, 0.0, 1.0}
    with pytest.raises(ValueError, match="at most D = 10"):
        C.and_terms(11)


@pytest.mark.parametrize("D", [1, 2, 3, 4, 5])
def test_an_and_that_implies_parity_covers_one_pattern(D):
    assert C.largest_parity_implicant(D) == 1

