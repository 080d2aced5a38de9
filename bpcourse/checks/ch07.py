"""Checks for the coding exercises of chapter 07 (backpropagation unit by unit)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations, gradcheck
from ..chapters import worked_examples
from ._core import _fail, check_array, check_scalar, check_true  # noqa: F401

__all__ = ["ch07_simplest_deltas", "ch07_finite_difference"]


def ch07_simplest_deltas(delta3_1, delta2) -> None:
    """The (1,2,1) case of lecture 003 with ``worked_examples.simplest_case_net()``, x = 0.5,
    y = 1, L = (y - f)^2: delta_1^(3) (a number) and delta^(2) = (delta_1^(2), delta_2^(2))."""
    net = worked_examples.simplest_case_net()
    v = worked_examples.simplest_case(net, worked_examples.SIMPLEST_X, worked_examples.SIMPLEST_Y)
    d3 = v["delta3_1"]
    check_scalar("delta_1^(3)", delta3_1, d3, mistakes=[
        (-d3, "the sign: dL/df for L = (y - f)^2 is -2 (y - f), i.e. 2 (f - y)"),
        (d3 / 2, "the factor 2: L = (y - f)^2, not (1/2)(y - f)^2, so dL/df = -2 (y - f)")])
    w = net.weights[1][0]                               # w_11^(2), w_12^(2)
    Z2 = np.array([v["Z2_1"], v["Z2_2"]])
    _, dg = activations.get("sigmoid")
    g = activations.get("sigmoid")[0]
    check_array("delta^(2)", delta2, [v["delta2_1"], v["delta2_2"]], mistakes=[
        (d3 * w, "a missing g'(Z^(2)): delta_i^(2) = delta_1^(3) w_1i^(2) g'(Z_i^(2))"),
        (d3 * w * g(Z2), "g(Z^(2)) where g'(Z^(2)) belongs: the derivative of the sigmoid is "
                         "g(Z)(1 - g(Z))"),
        (-d3 * w * dg(Z2), "the sign of delta_1^(3): dL/df = -2 (y - f)")])


def _test_function(theta: np.ndarray) -> float:
    """f(theta) = sum sin(theta_i) theta_(i+1) + theta . theta / 2: a smooth test function."""
    return float(np.sum(np.sin(theta[:-1]) * theta[1:]) + 0.5 * theta @ theta)


def ch07_finite_difference(numerical_gradient: Callable) -> None:
    """``numerical_gradient(f, theta, eps)`` must return the central-difference gradient
    (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps) for every i, and leave theta unchanged."""
    if not callable(numerical_gradient):
        _fail(f"numerical_gradient: expected a function numerical_gradient(f, theta, eps), "
              f"got {numerical_gradient!r}")
    theta = np.array([0.3, -1.2, 2.0, 0.7])
    before = theta.copy()
    eps = 1e-3
    got = numerical_gradient(_test_function, theta, eps)
    if not np.array_equal(theta, before):
        _fail("numerical_gradient: theta was changed by your function: put each entry back "
              "after nudging it (or work on a copy)")
    expected = gradcheck.numerical_derivative(_test_function, theta, eps)
    forward = np.array([(_test_function(theta + eps * e) - _test_function(theta)) / eps
                        for e in np.eye(len(theta))])
    check_array("numerical_gradient(f, theta, 1e-3)", got, expected, rtol=1e-7, atol=1e-10, mistakes=[
        (2 * expected, "divide by 2 eps: the two points theta + eps and theta - eps are 2 eps apart"),
        (expected / 2, "divide by 2 eps, not 4 eps"),
        (forward, "this is the one-sided difference (f(theta + eps) - f(theta)) / eps, whose "
                  "error is O(eps); use the central one, (f(theta + eps) - f(theta - eps)) / (2 eps)")])
