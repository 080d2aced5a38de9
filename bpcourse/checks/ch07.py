"""Checks for the coding exercises of chapter 7 (backpropagation unit by unit)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations, gradcheck, scalar
from ..chapters import worked_examples
from ._core import _fail, answered, call, check_array, check_scalar, returned

__all__ = ["ch07_simplest_deltas", "ch07_finite_difference"]


def ch07_simplest_deltas(delta2_1, delta1, names=("delta2_s", "delta1_s")) -> None:
    """The (1,2,1) case of lecture 003 with ``worked_examples.simplest_case_net()``, x = 0.5,
    t = 1, L = (t - y)^2, in the book's layer numbering: delta_1^(2) (the output unit's, a
    number) and delta^(1) = (delta_1^(1), delta_2^(1))."""
    for name, value in zip(names, (delta2_1, delta1)):
        answered(name, value, "compute it in the exercise cell above and run that cell")
    net = worked_examples.simplest_case_net()
    x, t = worked_examples.SIMPLEST_X, worked_examples.SIMPLEST_Y
    _, z, _, delta = scalar.example_trace(net, [x], [t], "squared")
    d2 = delta[2][0]
    check_scalar(f"{names[0]} = delta_1^(2)", delta2_1, d2, mistakes=[
        (-d2, "the sign: dL/dy for L = (t - y)^2 is -2 (t - y), i.e. 2 (y - t)"),
        (d2 / 2, "the factor 2: L = (t - y)^2, not (1/2)(t - y)^2, so dL/dy = -2 (t - y)")])
    w = net.weights[1][0]                               # w_11^(1), w_12^(1)
    z1 = np.array(z[1])
    g, dg = activations.get("sigmoid")
    check_array(f"{names[1]} = delta^(1)", delta1, delta[1], mistakes=[
        (d2 * w, "a missing g'(z^(1)): delta_i^(1) = delta_1^(2) w_1i^(1) g'(z_i^(1))"),
        (d2 * w * g(z1), "g(z^(1)) where g'(z^(1)) belongs: the derivative of the sigmoid is "
                         "g(z)(1 - g(z))"),
        (-d2 * w * dg(z1), "the sign of delta_1^(2): dL/dy = -2 (t - y)"),
        (d2 / 2 * w * dg(z1), "the factor 2 of delta_1^(2): dL/dy = -2 (t - y)"),
        (d2 * net.weights[0][:, 0] * dg(z1), "the weights of the wrong layer: the recursion "
                                             "uses the outgoing weights w_1i^(1)")])


#: the test function, the point and the step of ch07_finite_difference (eps large on purpose:
#: an answer that ignores eps then differs visibly from the central difference with this eps)
FD_THETA = np.array([0.3, -1.2, 2.0, 0.7])
FD_EPS = 0.1


def _test_function(theta: np.ndarray) -> float:
    """f(theta) = sum sin(theta_i) theta_(i+1) + theta . theta / 2: a smooth test function."""
    return float(np.sum(np.sin(theta[:-1]) * theta[1:]) + 0.5 * theta @ theta)


def _test_gradient(theta: np.ndarray) -> np.ndarray:
    """The exact gradient of ``_test_function``."""
    g = theta.copy()
    g[:-1] += np.cos(theta[:-1]) * theta[1:]
    g[1:] += np.sin(theta[:-1])
    return g


def ch07_finite_difference(numerical_gradient: Callable) -> None:
    """``numerical_gradient(f, theta, eps)`` must return the central-difference gradient
    (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps) for every i, and leave theta unchanged."""
    theta, eps = FD_THETA.copy(), FD_EPS
    got = returned("numerical_gradient", call("numerical_gradient", numerical_gradient,
                                              _test_function, theta, eps))
    if not np.array_equal(theta, FD_THETA):
        _fail("numerical_gradient changed theta: put each entry back after nudging it (or "
              "work on a copy)")
    expected = gradcheck.numerical_derivative(_test_function, FD_THETA, eps)
    I = np.eye(len(theta))
    forward = np.array([(_test_function(theta + eps * e) - _test_function(theta)) / eps for e in I])
    exact = _test_gradient(theta)
    name = f"numerical_gradient(f, theta, eps={eps})"
    got_arr = np.asarray(got, dtype=np.float64) if not isinstance(got, str) else got
    if (np.shape(got_arr) == exact.shape and not np.allclose(got_arr, expected, rtol=1e-7)
            and np.allclose(got_arr, exact, rtol=1e-5, atol=1e-7)):
        _fail(f"{name}: your values are the exact gradient (to 5 digits), not the central "
              f"difference with eps = {eps}.\nHint: use the eps argument; a fixed small step "
              f"ignores what the caller asked for")
    check_array(name, got, expected, rtol=1e-7, atol=1e-10, mistakes=[
        (2 * expected, "divide by 2 eps: the two points theta + eps and theta - eps are 2 eps apart"),
        (expected / 2, "divide by 2 eps, not 4 eps"),
        (-expected, "the sign is flipped: f(theta + eps e_i) comes first in the numerator"),
        (forward, "this is the one-sided difference (f(theta + eps) - f(theta)) / eps, whose "
                  "error is O(eps); use the central one, (f(theta + eps) - f(theta - eps)) / (2 eps)")])
