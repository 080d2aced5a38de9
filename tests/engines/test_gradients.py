"""scalar = vectorized = autodiff = central finite differences, over random networks.

Property tests (hypothesis, the problems of tests/strategies.py): 1-4 weight layers, widths 1-8,
every activation in every hidden layer, every loss with every output activation it allows, in
float64.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given

from bpcourse import MLP, activations, autodiff, gradcheck, scalar, vectorized
from strategies import problems


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
