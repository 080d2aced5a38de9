"""The lectures' worked formulas, evaluated two ways: by the formula as the lecture writes it,
and by bpcourse (scalar, vectorized, autodiff). Expected values are computed, not typed in."""
from __future__ import annotations

import numpy as np
import pytest

from bpcourse import MLP, autodiff, gradcheck, scalar, vectorized
from bpcourse.activations import sigmoid, sigmoid_prime
from bpcourse.autodiff import Node

METHODS = [scalar, vectorized, autodiff]


@pytest.mark.parametrize("x", [-1.5, 0.3, 2.0])
def test_multivariable_chain_rule_example(x):
    # lecture 001/004: y = x^3, z = x^2, f = y z; df/dx = (dy/dx) z + y (dz/dx) = 3x^2 x^2 + x^3 2x
    X = Node(x)
    y, z = X ** 3, X ** 2
    f = y * z
    f.backward()
    calculus = 3 * x**2 * x**2 + x**3 * 2 * x
    assert np.isclose(X.bar, 5 * x**4) and np.isclose(calculus, 5 * x**4)
    assert np.isclose(y.bar, z.value) and np.isclose(z.bar, y.value)   # bars of the two paths
    assert np.isclose(X.bar, gradcheck.numerical_derivative(lambda v: (v**3) * (v**2), x))


@pytest.mark.parametrize("method", METHODS)
def test_one_neuron_formula(method):
    # lecture 002: y = sigma(w x + b), L = (y - y_d)^2, dL/dw = 2 (y - y_d) sigma'(wx + b) x
    w, b, x, y_d = 0.7, -0.2, 1.3, 0.9
    net = MLP([1, 1], output="sigmoid", init="constant", value=w)
    net.biases[0][:] = b
    _, g = method.loss_and_grads(net, [[x]], [[y_d]], "squared")
    z = w * x + b
    assert np.isclose(g.weights[0][0, 0], 2 * (sigmoid(z) - y_d) * sigmoid_prime(z) * x, rtol=1e-12)
    assert np.isclose(g.biases[0][0], 2 * (sigmoid(z) - y_d) * sigmoid_prime(z), rtol=1e-12)


def test_one_neuron_full_data_set_is_the_average():
    # lecture 002: dJ/dw = (1/m) sum_i 2 (sigma(w x_i + b) - y_i) sigma' x_i
    w, b = 0.5, 0.1
    x = np.array([-1.0, 0.0, 0.5, 2.0])
    y_d = np.array([0.0, 0.3, 0.6, 1.0])
    net = MLP([1, 1], output="sigmoid", init="constant", value=w)
    net.biases[0][:] = b
    _, g = vectorized.loss_and_grads(net, x[:, None], y_d[:, None], "squared")
    z = w * x + b
    assert np.isclose(g.weights[0][0, 0], np.mean(2 * (sigmoid(z) - y_d) * sigmoid_prime(z) * x))


@pytest.mark.parametrize("method", METHODS)
def test_two_neuron_chain(method):
    # lecture 002: y = sigma(w2 sigma(w1 x + b1) + b2)
    # dJ/dw2 = 2 (y - y_d) sigma'(z2) a1;  dJ/dw1 = 2 (y - y_d) sigma'(z2) w2 sigma'(z1) x
    w1, b1, w2, b2, x, y_d = 0.4, 0.1, -1.2, 0.3, 0.8, 1.0
    net = MLP([1, 1, 1], hidden="sigmoid", output="sigmoid")
    net.weights[0][:] = w1; net.biases[0][:] = b1
    net.weights[1][:] = w2; net.biases[1][:] = b2
    _, g = method.loss_and_grads(net, [[x]], [[y_d]], "squared")
    z1 = w1 * x + b1; a1 = sigmoid(z1)
    z2 = w2 * a1 + b2; y = sigmoid(z2)
    assert np.isclose(g.weights[1][0, 0], 2 * (y - y_d) * sigmoid_prime(z2) * a1, rtol=1e-12)
    assert np.isclose(g.weights[0][0, 0],
                      2 * (y - y_d) * sigmoid_prime(z2) * w2 * sigmoid_prime(z1) * x, rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_several_hidden_units_and_outputs(method):
    # lecture 002: y_j = sigma(sum_k w_jk^(2) sigma(w_k^(1) x + b_k^(1)) + b_j^(2)), 3 hidden, 2 outputs
    # dJ/dw_k^(1) = sum_j 2 (a_j - y_dj) sigma'(z_j^(2)) w_jk^(2) sigma'(z_k^(1)) x
    net = MLP([1, 3, 2], hidden="sigmoid", output="sigmoid", seed=7)
    net.biases[0][:] = [0.1, -0.3, 0.2]; net.biases[1][:] = [0.05, -0.1]
    x, y_d = 0.6, np.array([1.0, 0.0])
    _, g = method.loss_and_grads(net, [[x]], [y_d], "squared")
    W1, b1, W2, b2 = net.weights[0][:, 0], net.biases[0], net.weights[1], net.biases[1]
    z1 = W1 * x + b1; a1 = sigmoid(z1)
    z2 = W2 @ a1 + b2; a2 = sigmoid(z2)
    for k in range(3):
        expected = sum(2 * (a2[j] - y_d[j]) * sigmoid_prime(z2[j]) * W2[j, k] for j in range(2)) \
            * sigmoid_prime(z1[k]) * x
        assert np.isclose(g.weights[0][k, 0], expected, rtol=1e-12)
    for j in range(2):
        for k in range(3):      # dJ/dw_jk^(2) = 2 (a_j - y_dj) sigma'(z_j^(2)) a_k^(1)
            assert np.isclose(g.weights[1][j, k], 2 * (a2[j] - y_d[j]) * sigmoid_prime(z2[j]) * a1[k])


@pytest.mark.parametrize("method", METHODS)
def test_simplest_interesting_case_in_delta_notation(method):
    # lecture 003: (p1, p2, p3) = (1, 2, 1), hidden g = sigmoid, output identity, L = (y - f)^2
    net = MLP([1, 2, 1], hidden="sigmoid", output="identity", seed=11)
    net.biases[0][:] = [0.2, -0.4]; net.biases[1][:] = [0.3]
    x, y = 1.5, 0.25
    _, g = method.loss_and_grads(net, [[x]], [[y]], "squared")
    W1, b1, W2, b2 = net.weights[0][:, 0], net.biases[0], net.weights[1][0], net.biases[1][0]
    Z2 = b1 + W1 * x; a2 = sigmoid(Z2)
    f = b2 + W2 @ a2
    delta3 = -2 * (y - f) * 1.0                          # (g^L)'(Z^(3)) = 1 for the identity
    delta2 = delta3 * W2 * sigmoid_prime(Z2)             # delta_j^(2) = delta^(3) w_1j^(2) g'(Z_j^(2))
    np.testing.assert_allclose(g.weights[1][0], delta3 * a2, rtol=1e-12)    # dL/dw_1j^(2)
    assert np.isclose(g.biases[1][0], delta3)
    np.testing.assert_allclose(g.weights[0][:, 0], delta2 * x, rtol=1e-12)  # dL/dw_j1^(1)
    np.testing.assert_allclose(g.biases[0], delta2, rtol=1e-12)


def test_feature_discovery_recursion_three_layers():
    # lecture 000: 3-layer network, D = 3 inputs, H = 2 features per layer, one output pi;
    # d pi / d pi_j^(m) = a'(pi_j^(m)) sum_h w_hj^(m+1) d pi / d pi_h^(m+1)
    net = MLP([3, 2, 2, 1], hidden="sigmoid", output="identity", seed=5)
    x = np.array([[0.5, -1.0, 2.0]])
    Z, A = vectorized.forward(net, x)
    dpi = [None, None, None, np.ones(1)]                 # base case: d pi / d pi = 1
    for m in (2, 1):
        W_next = net.weights[m]
        dpi[m] = np.array([sigmoid_prime(Z[m][0, j]) * sum(W_next[h, j] * dpi[m + 1][h]
                                                           for h in range(W_next.shape[0]))
                           for j in range(2)])
    # with L = pi (half_squared with t = pi - 1 gives dL/dpi = 1), dL/dw_ij^(m) = x_i^(m-1) d pi/d pi_j^(m)
    t = A[-1] - 1.0
    _, g = vectorized.loss_and_grads(net, x, t, "half_squared")
    for m in (1, 2):
        np.testing.assert_allclose(g.weights[m - 1], np.outer(dpi[m], A[m - 1][0]), rtol=1e-12)


def test_regularized_example_bars():
    # lecture 004: z = w x + b, y = sigma(z), L = 1/2 (y - t)^2, R = 1/2 w^2, L_reg = L + lambda R
    w, b, x, t, lam = 1.5, -0.5, 2.0, 1.0, 0.1
    W, B = Node(w), Node(b)
    z = W * x + B
    y = autodiff.sigmoid(z)
    L = (y - t) ** 2 * 0.5
    R = W ** 2 * 0.5
    L_reg = L + R * lam
    L_reg.backward()
    zv = w * x + b
    y_bar = sigmoid(zv) - t                     # y_bar = y - t
    z_bar = y_bar * sigmoid_prime(zv)           # z_bar = y_bar sigma'(z)
    assert np.isclose(y.bar, y_bar) and np.isclose(z.bar, z_bar)
    assert np.isclose(W.bar, z_bar * x + lam * w)      # w_bar = z_bar x + R_bar dR/dw
    assert np.isclose(B.bar, z_bar)
    assert np.isclose(R.bar, lam)


def test_symmetric_weights_give_identical_gradient_rows():
    # lecture 002: W1 rows all equal, W2 entries all equal => the gradient rows are equal too
    net = MLP([2, 3, 1], hidden="sigmoid", output="sigmoid", init="constant", value=0.3)
    X = np.array([[0.0, 1.0], [1.0, 0.5], [-1.0, 2.0]])
    T = np.array([[1.0], [0.0], [1.0]])
    _, g = vectorized.loss_and_grads(net, X, T, "squared")
    assert np.ptp(g.weights[0], axis=0).max() == 0.0
    assert np.ptp(g.weights[1]) == 0.0
