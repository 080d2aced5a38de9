"""Checks for the coding exercises of chapter 7 (backpropagation unit by unit)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations, gradcheck, scalar
from ..chapters import worked_examples
from ._core import call_watched, changed_argument, compare, _fail, passed, refuse_package, returned
from ._watch import Hidden

__all__ = ["ch07_simplest_deltas", "ch07_finite_difference"]

#: what an answer computing deltas may call: the sigmoid and its derivative (the chapters'
#: sigma and sigma_prime), and activations.get, which hands them out
SIGMOID_ONLY = ("activations.sigmoid", "activations.sigmoid_prime", "activations.get")


def _exercise_case() -> tuple:
    """The exercise's example: x = -1, t = 0.3 on section 7.4's (1,2,1) network."""
    net = worked_examples.simplest_case_net()
    return (-1.0, 0.3, tuple(float(v) for v in net.weights[0][:, 0]),
            tuple(float(v) for v in net.biases[0]),
            tuple(float(v) for v in net.weights[1][0]), float(net.biases[1][0]))


#: (x, t, w0, b0, w1, b1) of the (1,H,1) networks the deltas check tries: the exercise's own
#: example, then one argument changed at a time, then H = 3 and H = 1 hidden units
SIMPLEST_CASES = [
    _exercise_case(),
    (0.6, 0.3, (0.8, -1.2), (0.1, 0.4), (1.5, 0.7), -0.2),
    (0.6, -0.5, (0.8, -1.2), (0.1, 0.4), (1.5, 0.7), -0.2),
    (0.6, -0.5, (1.3, 0.5), (0.1, 0.4), (1.5, 0.7), -0.2),
    (0.6, -0.5, (1.3, 0.5), (-0.3, 0.2), (1.5, 0.7), -0.2),
    (0.6, -0.5, (1.3, 0.5), (-0.3, 0.2), (-0.9, 1.1), -0.2),
    (0.6, -0.5, (1.3, 0.5), (-0.3, 0.2), (-0.9, 1.1), 0.4),
    (0.8, 1.2, (0.5, -0.7, 1.1), (0.2, 0.0, -0.4), (0.9, -1.3, 0.6), 0.1),
    (-0.4, -0.2, (1.7,), (-0.5,), (-1.1,), 0.3),
]


def simplest_problem(x, t, w0, b0, w1, b1) -> dict:
    """The arguments of one problem, as the answer gets them: w0, b0, w1 as arrays."""
    return dict(x=float(x), t=float(t), w0=np.array(w0, dtype=float),
                b0=np.array(b0, dtype=float), w1=np.array(w1, dtype=float), b1=float(b1))


def _deltas(x: float, t: float, w0, b0, w1, b1) -> tuple[float, np.ndarray, np.ndarray]:
    """delta_1^(2), delta^(1) and z^(1) of the (1,H,1) network at (x, t), L = (t - y)^2."""
    net = worked_examples.make_net([w0[:, None], w1[None, :]], [b0, [b1]])
    _, z, _, delta = scalar.example_trace(net, [x], [t], "squared")
    return delta[2][0], np.array(delta[1]), np.array(z[1])


def _delta2_mistakes(t: float, z1: np.ndarray, w1, b1, d2: float) -> list:
    g = activations.sigmoid
    z2 = b1 + w1 @ g(z1)                                # y = z^(2)_1: identity output
    return [(-d2, "the sign: dL/dy for L = (t - y)^2 is -2 (t - y), i.e. 2 (y - t)"),
            (d2 / 2, "the factor 2: L = (t - y)^2, not (1/2)(t - y)^2, so dL/dy = -2 (t - y)"),
            (-2 * (t - g(z2)), "the output is the identity: y = z^(2)_1, with no sigmoid"),
            (-2 * (t - g(z2)) * activations.sigmoid_prime(z2),
             "the output is the identity: y = z^(2)_1, with no sigmoid (and no sigma')")]


def _delta1_mistakes(d2: float, z1: np.ndarray, w0, w1) -> list:
    g, dg = activations.get("sigmoid")
    return [
        (d2 * w1, "a missing g'(z^(1)): delta_i^(1) = delta_1^(2) w_1i^(1) g'(z_i^(1))"),
        (d2 * w1 * g(z1), "g(z^(1)) where g'(z^(1)) belongs: the derivative of the sigmoid is "
                          "g(z)(1 - g(z))"),
        (d2 * w1 * z1 * (1 - z1), "g'(z) = a (1 - a) with a = g(z), not z (1 - z)"),
        (-d2 * w1 * dg(z1), "the sign of delta_1^(2): dL/dy = -2 (t - y)"),
        (d2 / 2 * w1 * dg(z1), "the factor 2 of delta_1^(2): dL/dy = -2 (t - y)"),
        (d2 * w0 * dg(z1), "the weights of the wrong layer: the recursion uses the outgoing "
                           "weights w_1i^(1) (w1), not w0")]


def _pair(name: str, got) -> tuple:
    """The answer's (delta_1^(2), delta^(1)), or a failure saying what to return."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        _fail(f"{name} must return two values, delta_1^(2) and delta^(1): end it with "
              f"`return delta2, delta1`")
    d2, d1 = got
    if isinstance(d2, np.ndarray) and d2.size == 1:
        d2 = d2.reshape(())                  # a one-entry array counts as the number
    return d2, d1


def ch07_simplest_deltas(simplest_deltas: Callable) -> None:
    """``simplest_deltas(x, t, w0, b0, w1, b1)`` must return delta_1^(2) (a number) and
    delta^(1) (one entry per hidden unit) of lecture 003's (1,H,1) network (sigmoid hidden
    units, identity output, L = (t - y)^2) at input ``x``, target ``t``, in the book's layer
    numbering; w0 = (w^(0)_i1), b0 = (b^(0)_i), w1 = (w^(1)_1i), b1 = b^(1)_1.

    Tried on ``SIMPLEST_CASES`` (the exercise's example first; every argument varied; H = 1,
    2, 3); the answer may use the sigmoid of ``activations``, not the engines. An answer that
    gives section 7.4's deltas (x = 0.5, t = 1, which that section prints) gets its own hint.
    """
    name, right = "simplest_deltas", None
    x0, t0 = worked_examples.SIMPLEST_X, worked_examples.SIMPLEST_Y
    for case in SIMPLEST_CASES:
        args = simplest_problem(*case)
        x, t, w0, b0, w1, b1 = args.values()
        given = [v.copy() if isinstance(v, np.ndarray) else v for v in args.values()]
        got, called = call_watched(name, simplest_deltas, *given, allowed=SIGMOID_ONLY)
        refuse_package(name, called, "compute the deltas with numpy")
        d2_got, d1_got = _pair(name, returned(name, got))
        d2, d1, z1 = _deltas(x, t, w0, b0, w1, b1)
        what = f"{name}(x = {x}, t = {t}, w0, b0, w1, b1) with {len(w0)} hidden unit(s)"
        for part, value, printed in zip(("delta2", "delta1"), (d2_got, d1_got),
                                        _deltas(x0, t0, w0, b0, w1, b1)[:2]):
            if (np.shape(value) == np.shape(printed) and (x, t) != (x0, t0)
                    and np.allclose(value, printed, rtol=5e-3)):
                _fail(f"{what}: {part} is the delta of section 7.4's example (x = 0.5, t = 1), "
                      f"printed there.\nHint: compute it from the arguments x and t")
        otherwise = changed_argument(right, args, name) if right else None
        compare(f"{what}: delta2 = delta_1^(2)", d2_got, d2,
                _delta2_mistakes(t, z1, w1, b1, d2),
                otherwise=otherwise or "delta_1^(2) = dL/dy times 1 (identity output) = "
                                       "-2 (t - y); compute y = b1 + w1 . g(b0 + w0 x) first, "
                                       "summed over every hidden unit")
        compare(f"{what}: delta1 = delta^(1)", d1_got, d1, _delta1_mistakes(d2, z1, w0, w1),
                otherwise=otherwise or "delta_i^(1) = delta_1^(2) w_1i^(1) g'(z_i^(1)), with "
                                       "z^(1) = b0 + w0 x")
        right = args
    passed(f"{name} on {len(SIMPLEST_CASES)} problems (x, t, every weight and H varied)")


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
        got, called = call_watched(name, numerical_gradient, f, theta, eps)
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


def _draw_simplest(rng) -> list:
    """4 problems: H = 1 to 5 hidden units (4 different), every number new; |t - y| >= 0.2."""
    cases = []
    for H in rng.choice(np.arange(1, 6), 4, replace=False):
        x, b1 = (float(v) for v in np.round(rng.uniform(-2, 2, 2), 2))
        w0, b0, w1 = (np.round(rng.uniform(-1.5, 1.5, int(H)), 2) for _ in range(3))
        y = b1 + w1 @ activations.sigmoid(b0 + w0 * x)
        t = float(np.round(y + rng.choice([-1, 1]) * rng.uniform(0.2, 1.5), 2))
        cases.append((x, t, *(tuple(float(v) for v in a) for a in (w0, b0, w1)), b1))
    return cases


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch07_simplest_deltas": Hidden("SIMPLEST_CASES", _draw_simplest, SIGMOID_ONLY,
                                   "4 other examples (x, t) and networks (1, H, 1), H = 1 to 5"),
    "ch07_finite_difference": Hidden("FD_PROBLEMS", _draw_fd, (),
                                     "3 other functions, points theta (2 to 9 entries) and "
                                     "steps eps"),
}
