"""scalar = vectorized = autodiff = central finite differences, over random networks.

Property tests (hypothesis, the problems of tests/strategies.py): 1-4 weight layers, widths 1-8,
every activation in every hidden layer, every loss with every output activation it allows, in
float64.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from bpcourse import MLP, activations, autodiff, gradcheck, losses, scalar, vectorized
from strategies import problems, seeds


def assert_same(a, b, rtol, atol):
    for x, y in zip(a.weights + a.biases, b.weights + b.biases):
        assert x.shape == y.shape
        np.testing.assert_allclose(x, y, rtol=rtol, atol=atol)


@given(problems())
def test_three_backprops_agree_exactly(problem):
    net, X, T, loss = problem
    J_v, g_v = vectorized.loss_and_grads(net, X, T, loss)
    J_s, g_s = scalar.loss_and_grads(net, X, T, loss)
    J_a, g_a = autodiff.loss_and_grads(net, X, T, loss)
    assert np.isclose(J_s, J_v, rtol=1e-12, atol=1e-14)
    assert np.isclose(J_a, J_v, rtol=1e-12, atol=1e-14)
    assert_same(g_s, g_v, rtol=1e-10, atol=1e-13)
    assert_same(g_a, g_v, rtol=1e-10, atol=1e-13)


@given(problems(smooth=True))
def test_backprop_matches_finite_differences(problem):
    net, X, T, loss = problem
    J, g = vectorized.loss_and_grads(net, X, T, loss)
    fd = gradcheck.finite_difference_grads(net, X, T, loss)
    assert_same(g, fd, rtol=1e-6, atol=1e-8 * max(1.0, J))   # rounding in FD grows with |J|


@given(st.sampled_from(["cross_entropy", "bce"]).flatmap(problems), st.sampled_from([1e2, 1e3, 1e5]),
       seeds)
def test_large_logits_stay_finite_and_the_engines_agree(problem, scale, seed):
    """Output logits in the hundreds to 1e5: probabilities round to 0 or 1, the loss must not."""
    net, X, T, loss = problem
    net.biases[-1][:] = scale * np.random.default_rng(seed).normal(size=net.biases[-1].shape)
    results = [method.loss_and_grads(net, X, T, loss) for method in (vectorized, scalar, autodiff)]
    J_v, g_v = results[0]
    Z, A = vectorized.forward(net, X)
    assert np.isfinite(J_v) and all(np.all(np.isfinite(p)) for p in g_v.weights + g_v.biases)
    # J from the probabilities where they are not rounded to 0 or 1, else from the logits
    Y = A[-1]
    if loss == "cross_entropy" and np.all(Y[T > 0] > 1e-300):
        assert np.isclose(J_v, np.mean(-np.sum(np.where(T > 0, T * np.log(np.where(T > 0, Y, 1)), 0),
                                               axis=1)), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(g_v.biases[-1], (Y - T).mean(axis=0), rtol=1e-9, atol=1e-12)
    for J, g in results[1:]:
        assert np.isclose(J, J_v, rtol=1e-12, atol=1e-14)
        assert_same(g, g_v, rtol=1e-10, atol=1e-13)


def test_cross_entropy_known_values():
    # z = (1000, 0), t = (0, 1): -log softmax(z)_2 = logsumexp(z) - z_2 = 1000 (+ log(1 + e^-1000))
    net = MLP([1, 2], output="softmax", init="zeros")
    net.biases[0][:] = [1000.0, 0.0]
    X, T = np.zeros((1, 1)), np.array([[0.0, 1.0]])
    for method in (scalar, vectorized, autodiff):
        J, g = method.loss_and_grads(net, X, T, "cross_entropy")
        assert J == 1000.0
        np.testing.assert_allclose(g.biases[0], [1.0, -1.0])      # y - t, y = (1, e^-1000)
    # equal logits: y = 1/K, L = log K for any one-hot t
    net = MLP([3, 4], output="softmax", init="zeros")
    T = np.eye(4)[[0, 3]]
    J, g = vectorized.loss_and_grads(net, np.ones((2, 3)), T, "cross_entropy")
    assert np.isclose(J, np.log(4), rtol=1e-15)
    np.testing.assert_allclose(g.biases[0], (0.25 - T).mean(axis=0), rtol=1e-15)


def test_softmax_rows_are_distributions_and_shift_invariant():
    rng = np.random.default_rng(0)
    Z = rng.normal(size=(5, 4)) * 50
    Y = activations.softmax(Z)
    np.testing.assert_allclose(Y.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(activations.softmax(Z + 1e4), Y, rtol=1e-12)
    np.testing.assert_allclose(np.log(activations.softmax(Z[:1] / 50)),
                               Z[:1] / 50 - np.log(np.exp(Z[:1] / 50).sum()), rtol=1e-12)
    # backprop through softmax is the Jacobian y_k (delta_kj - y_j) applied to the bar
    z, bar = Z[:1] / 50, rng.normal(size=(1, 4))
    y = activations.softmax(z)
    jacobian = np.diag(y[0]) - np.outer(y[0], y[0])
    np.testing.assert_allclose(activations.backprop("softmax", z, y, bar), bar @ jacobian,
                               rtol=1e-12)


@given(st.sampled_from(["squared", "half_squared"]), seeds)
def test_softmax_output_with_squared_losses(loss, seed):
    """Softmax is not elementwise: its output delta goes through the whole Jacobian."""
    rng = np.random.default_rng(seed)
    net = MLP([3, 4, 3], hidden="tanh", output="softmax", seed=seed)
    X, T = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    J, g = vectorized.loss_and_grads(net, X, T, loss)
    for method in (scalar, autodiff):
        J_m, g_m = method.loss_and_grads(net, X, T, loss)
        assert np.isclose(J_m, J, rtol=1e-12)
        assert_same(g_m, g, rtol=1e-10, atol=1e-13)
    # central differences carry a rounding error of about |J| 2e-16 / 1e-6: atol scales with J
    assert_same(g, gradcheck.finite_difference_grads(net, X, T, loss), rtol=1e-6,
                atol=1e-8 * max(1.0, abs(J)))


def test_finite_differences_restore_parameters_exactly():
    net = MLP([3, 4, 2], hidden="tanh", seed=3)
    before = [p.copy() for p in net.weights + net.biases]
    X, T = np.ones((2, 3)), np.zeros((2, 2))
    gradcheck.finite_difference_grads(net, X, T)
    for p, q in zip(net.weights + net.biases, before):
        assert np.array_equal(p, q)


def test_relative_error_and_report():
    a = MLP([2, 2, 1], seed=0).params()
    b = MLP([2, 2, 1], seed=0).params()
    assert gradcheck.relative_error(a.flat(), b.flat()) == 0.0
    b.weights[1] = b.weights[1] * (1 + 1e-3)
    rows = gradcheck.compare(a, b)
    assert rows["W0"] == 0.0 and np.isclose(rows["W1"], 1e-3 / (2 + 1e-3))
    assert "max" in gradcheck.report(a, b)
    assert gradcheck.relative_error([0.0], [0.0]) == 0.0


def test_bce_is_finite_when_the_sigmoid_saturates():
    net = MLP([1, 1], output="sigmoid", init="constant", value=100.0)
    X, T = np.array([[10.0], [-10.0]]), np.array([[0.0], [1.0]])    # z = +-1000, both wrong
    for method in (scalar, vectorized, autodiff):
        J, g = method.loss_and_grads(net, X, T, "bce")
        assert np.isclose(J, 1000.0)                     # -log(sigmoid(-1000)) = 1000
        assert np.all(np.isfinite(g.weights[0]))
        assert np.isclose(g.weights[0][0, 0], 10.0)      # (1/2)[(1-0)*10 + (0-1)*(-10)]


def test_output_delta_of_bce_is_y_minus_t():
    net = MLP([2, 3, 2], hidden="tanh", output="sigmoid", seed=1)
    X = np.array([[0.5, -1.0]])
    T = np.array([[1.0, 0.0]])
    Z, A = vectorized.forward(net, X)
    _, g = vectorized.loss_and_grads(net, X, T, "bce")
    np.testing.assert_allclose(g.biases[-1], (A[-1] - T)[0], rtol=1e-12)


def test_derivative_from_the_output_equals_g_prime_of_z():
    z = np.linspace(-6, 6, 101)
    for name, (g, dg) in activations.ACTIVATIONS.items():
        np.testing.assert_allclose(activations.derivative(name, z, g(z)), dg(z), rtol=1e-12,
                                   atol=1e-15, err_msg=name)
