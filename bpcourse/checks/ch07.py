"""Checks for the coding exercises of chapter 7 (backpropagation unit by unit)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations, gradcheck, scalar
from ..chapters import worked_examples
from ._core import (_fail, answered, call, changed_argument, check_scalar, compare, passed,
                    returned)
from ._watch import Hidden
from .ch12 import package_calls, refuse_package

__all__ = ["ch07_simplest_deltas", "ch07_finite_difference"]


def _deltas(x: float, t: float) -> tuple[float, np.ndarray, np.ndarray]:
    """delta_1^(2), delta^(1) and z^(1) of the (1,2,1) network at (x, t), L = (t - y)^2."""
    net = worked_examples.simplest_case_net()
    _, z, _, delta = scalar.example_trace(net, [x], [t], "squared")
    return delta[2][0], np.array(delta[1]), np.array(z[1])


def ch07_simplest_deltas(delta2_1, delta1, x: float, t: float,
                         names=("delta2_s", "delta1_s")) -> None:
    """The (1,2,1) case of lecture 003 with ``worked_examples.simplest_case_net()`` at input
    ``x``, target ``t``, L = (t - y)^2, in the book's layer numbering: delta_1^(2) (the output
    unit's, a number) and delta^(1) = (delta_1^(1), delta_2^(1)).

    ``x`` and ``t`` must differ from section 7.4's worked example (x = 0.5, t = 1), whose
    deltas the chapter prints: an answer copied from there gets its own hint.
    """
    for name, value in zip(names, (delta2_1, delta1)):
        answered(name, value, "compute it in the exercise cell above and run that cell")
    x0, t0 = worked_examples.SIMPLEST_X, worked_examples.SIMPLEST_Y
    if np.isclose(x, x0) and np.isclose(t, t0):
        _fail("x_s, t_s: this exercise is at another example than section 7.4's (x = 0.5, "
              "t = 1), whose deltas that section prints.\nHint: keep the x_s and t_s that the "
              "exercise cell sets")
    net = worked_examples.simplest_case_net()
    d2, d1, z1 = _deltas(x, t)
    d24, d14 = _deltas(x0, t0)[:2]
    for name, value, printed in zip(names, (delta2_1, delta1), (d24, d14)):
        if np.shape(value) == np.shape(printed) and np.allclose(value, printed, rtol=5e-3):
            _fail(f"{name}: these are the deltas of section 7.4's example (x = 0.5, t = 1), "
                  f"printed there.\nHint: compute them for this exercise's x_s and t_s")
    check_scalar(f"{names[0]} = delta_1^(2)", delta2_1, d2, mistakes=[
        (-d2, "the sign: dL/dy for L = (t - y)^2 is -2 (t - y), i.e. 2 (y - t)"),
        (d2 / 2, "the factor 2: L = (t - y)^2, not (1/2)(t - y)^2, so dL/dy = -2 (t - y)")],
        otherwise="delta_1^(2) = dL/dy times 1 (identity output) = -2 (t - y); recompute y = "
                  "b^(1)_1 + w^(1)_11 a^(1)_1 + w^(1)_12 a^(1)_2 first")
    w = net.weights[1][0]                               # w_11^(1), w_12^(1)
    g, dg = activations.get("sigmoid")
    compare(f"{names[1]} = delta^(1)", delta1, d1, mistakes=[
        (d2 * w, "a missing g'(z^(1)): delta_i^(1) = delta_1^(2) w_1i^(1) g'(z_i^(1))"),
        (d2 * w * g(z1), "g(z^(1)) where g'(z^(1)) belongs: the derivative of the sigmoid is "
                         "g(z)(1 - g(z))"),
        (-d2 * w * dg(z1), "the sign of delta_1^(2): dL/dy = -2 (t - y)"),
        (d2 / 2 * w * dg(z1), "the factor 2 of delta_1^(2): dL/dy = -2 (t - y)"),
        (d2 * net.weights[0][:, 0] * dg(z1), "the weights of the wrong layer: the recursion "
                                             "uses the outgoing weights w_1i^(1)")],
        otherwise="delta_i^(1) = delta_1^(2) w_1i^(1) g'(z_i^(1)), with z^(1) = b^(0) + "
                  "w^(0) x for this exercise's x_s")
    passed(f"{names[1]} = delta^(1)")


def _test_function(theta: np.ndarray) -> float:
    """f(theta) = sum sin(theta_i) theta_(i+1) + theta . theta / 2"""
    return float(np.sum(np.sin(theta[:-1]) * theta[1:]) + 0.5 * theta @ theta)


def _other_function(theta: np.ndarray) -> float:
    """f(theta) = log(1 + theta . theta) + theta_0 theta_last^2"""
    return float(np.log1p(theta @ theta) + theta[0] * theta[-1] ** 2)


def _third_function(theta: np.ndarray) -> float:
    """f(theta) = exp(theta_0 / 2) sum cos(theta_i) + sum theta_i^3 / 6"""
    return float(np.exp(theta[0] / 2) * np.sum(np.cos(theta)) + np.sum(theta ** 3) / 6)


#: the problems of ch07_finite_difference: the first, then each argument changed alone (eps
#: large on purpose: an answer that ignores eps then differs visibly from the central
#: difference); theta as a tuple, handed to the answer as a new array each time
FD_PROBLEMS = [dict(f=_test_function, theta=(0.3, -1.2, 2.0, 0.7), eps=0.1),
               dict(f=_test_function, theta=(0.3, -1.2, 2.0, 0.7), eps=0.02),
               dict(f=_other_function, theta=(0.3, -1.2, 2.0, 0.7), eps=0.1),
               dict(f=_test_function, theta=(1.1, 0.4, -0.6, 0.9, -2.3, 0.2), eps=0.1)]


def _restored(after: np.ndarray, before: np.ndarray, eps: float) -> bool:
    """theta after the call equals theta before it, up to the rounding of nudging it by eps and
    back (x + eps - 2 eps + eps may differ from x in the last bits)."""
    return np.shape(after) == np.shape(before) and np.allclose(
        after, before, rtol=0, atol=8 * np.finfo(float).eps * (np.abs(before) + eps))


def ch07_finite_difference(numerical_gradient: Callable) -> None:
    """``numerical_gradient(f, theta, eps)`` must return the central-difference gradient
    (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps) for every i, and leave theta as it was
    (to within rounding), on several problems: each argument (f, theta, eps) varied. Letting
    ``bpcourse.gradcheck`` take the differences is refused."""
    name = "numerical_gradient"
    for k, problem in enumerate(FD_PROBLEMS):
        f, eps = problem["f"], problem["eps"]
        theta0 = np.array(problem["theta"], dtype=float)
        theta = theta0.copy()
        got, called = package_calls(name, numerical_gradient, f, theta, eps)
        refuse_package(name, called, "take the differences")
        got = returned(name, got)
        if not _restored(theta, theta0, eps):
            i = int(np.argmax(np.abs(theta - theta0)))
            _fail(f"numerical_gradient changed theta: entry {i} is {theta[i]:.6g} after the call, "
                  f"{theta0[i]:.6g} before it. Hint: put each entry back after nudging it (or "
                  f"work on a copy)")
        expected = gradcheck.numerical_derivative(f, theta0, eps)
        forward = np.array([(f(theta0 + eps * e) - f(theta0)) / eps for e in np.eye(len(theta0))])
        what = (f"numerical_gradient(f, theta, eps={eps}) for {f.__doc__}, theta of "
                f"{len(theta0)} entries")
        mistakes = [
            (2 * expected, "divide by 2 eps: the two points theta + eps and theta - eps are 2 eps "
                           "apart"),
            (expected / 2, "divide by 2 eps, not 4 eps"),
            (-expected, "the sign is flipped: f(theta + eps e_i) comes first in the numerator"),
            (forward, "this is the one-sided difference (f(theta + eps) - f(theta)) / eps, whose "
                      "error is O(eps); use the central one, (f(theta + eps) - f(theta - eps)) / "
                      "(2 eps)"),
        ]
        small_step = gradcheck.numerical_derivative(f, theta0, 1e-6)     # close to the exact one
        if np.shape(got) == small_step.shape and np.allclose(got, small_step, rtol=1e-5, atol=1e-7):
            mistakes.append((got, f"your values are the gradient for a tiny step (or the exact "
                                  f"one), not the central difference with eps = {eps}: use the "
                                  f"eps argument"))
        otherwise = changed_argument(FD_PROBLEMS[0], problem, name) if k else None
        compare(what, got, expected, mistakes, rtol=1e-7, atol=1e-10,
                otherwise=otherwise or "entry i is (f(theta + eps e_i) - f(theta - eps e_i)) / "
                                       "(2 eps), with e_i the i-th unit vector")
    passed(f"numerical_gradient on {len(FD_PROBLEMS)} problems (f, theta and eps each varied)")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_fd(rng) -> list:
    """3 problems: another test function each, theta of 2 to 9 entries, eps in [0.03, 0.3]."""
    functions = rng.permutation([_test_function, _other_function, _third_function])
    return [dict(f=f, theta=tuple(float(v) for v in np.round(rng.uniform(-2, 2, n), 2)),
                 eps=float(np.round(rng.uniform(0.03, 0.3), 3)))
            for f, n in zip(functions, rng.choice(np.arange(2, 10), 3, replace=False))]


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch07_finite_difference": Hidden("FD_PROBLEMS", _draw_fd, (),
                                     "3 other functions, points theta (2 to 9 entries) and "
                                     "steps eps"),
}
