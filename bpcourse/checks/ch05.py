"""Checks for the coding exercises of chapter 5 (gradient descent on one neuron).

Both answers are functions, called on several problems (every argument varied, one problem of
a single example); an answer that lets bpcourse compute the gradient (``neuron``,
``vectorized``, ...) is refused in one line. The reference gradient is the chapter helper's.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..chapters import neuron
from ._core import call_watched, changed_argument, compare, passed, refuse_package, returned
from ._watch import Hidden, new_seed

__all__: list[str] = ["ch05_neuron_gradient", "ch05_descent_step"]

#: (m, w, b, x seed, t seed): consecutive problems differ in one argument, then one example
#: and a larger batch
GRADIENT_CASES = [(6, 0.5, -0.5, 1, 2), (6, -1.3, -0.5, 1, 2), (6, -1.3, 0.8, 1, 2),
                  (6, -1.3, 0.8, 1, 3), (6, -1.3, 0.8, 4, 3), (1, 0.7, 0.2, 5, 6),
                  (40, 2.0, -1.0, 7, 8)]

#: (w, b, (dJ/dw, dJ/db), alpha): consecutive problems differ in one argument
STEP_CASES = [(0.5, -0.5, (0.12, -0.04), 10.0), (0.5, -0.5, (0.12, -0.04), 0.3),
              (0.5, -0.5, (-0.7, 0.25), 0.3), (-1.2, -0.5, (-0.7, 0.25), 0.3),
              (-1.2, 2.0, (-0.7, 0.25), 0.3)]


def gradient_problem(m: int, w: float, b: float, x_seed: int, t_seed: int) -> dict:
    """The arguments of one gradient problem: x (m,) spread over [-3, 3], t (m,) in [0, 1]."""
    x = np.random.default_rng(x_seed).uniform(-3, 3, size=m)
    t = np.random.default_rng(t_seed).uniform(0, 1, size=m)
    return dict(w=w, b=b, x=x, t=t)


def _gradient_mistakes(w: float, b: float, x: np.ndarray, t: np.ndarray, expected) -> list:
    z = w * x + b
    r = activations.sigmoid(z) - t
    s = activations.sigmoid_prime(z)
    per_x = np.stack([x, np.ones_like(x)])                # dz/dw, dz/db for each example
    return [
        ((2 * r * per_x).mean(axis=1), "the factor sigma'(z) = sigma(z)(1 - sigma(z)) is missing: "
         "y = sigma(z) depends on z, and dy/dz is part of the chain"),
        ((2 * r * s * per_x).sum(axis=1), "this is the sum over the examples; J is their mean, "
         "so divide by m (the 1/m of J)"),
        ((r * s * per_x).mean(axis=1), "a factor 2 is missing: d/dy (y - t)^2 = 2 (y - t)"),
        (-expected, "the sign is flipped: d/dy (y - t)^2 = 2 (y - t), not 2 (t - y)"),
        (expected[::-1], "the two entries are swapped: give (dJ/dw, dJ/db)"),
        ((2 * r * s).mean() * np.ones(2), "dz/dw = x: the w-entry needs the factor x_i inside "
                                          "the mean"),
        ((2 * r * activations.sigmoid(z) * per_x).mean(axis=1), "sigma(z) where sigma'(z) "
         "belongs: sigma'(z) = sigma(z)(1 - sigma(z))"),
        (neuron.cost_and_gradient(w, b, *neuron.example_data())[1], "this is the gradient on "
         "the chapter's data: use the arguments x and t"),
    ]


def _size_hint(e: Exception) -> str | None:
    if isinstance(e, ValueError) and "shape" in str(e):
        return ("the problems have different numbers of examples: use the arguments x and t, "
                "not the chapter's data")
    return None


def ch05_neuron_gradient(neuron_gradient: Callable) -> None:
    r"""Check ``neuron_gradient(w, b, x, t)`` = (dJ/dw, dJ/db) of
    $J = \frac1m \sum_i (\sigma(w x_i + b) - t_i)^2$ on every problem of ``GRADIENT_CASES``;
    it may use ``activations`` (the sigmoid), not the helpers that compute the gradient."""
    name, right = "neuron_gradient", None
    for case in GRADIENT_CASES:
        args = gradient_problem(*case)
        given = [v.copy() if isinstance(v, np.ndarray) else v for v in args.values()]
        got, called = call_watched(name, neuron_gradient, *given, allowed=("activations",),
                                   on_error=_size_hint)
        refuse_package(name, called, "compute the gradient with numpy")
        returned(name, got)
        w, b, x, t = args.values()
        expected = neuron.cost_and_gradient(w, b, x, t)[1]
        otherwise = ((changed_argument(right, args, name) if right else None)
                     or "dJ/dw = mean of 2 (y_i - t_i) sigma'(z_i) x_i and dJ/db the same "
                        "without x_i, with y_i = sigma(w x_i + b) from the arguments")
        compare(f"{name}(w = {w}, b = {b}, x, t) with m = {len(x)} examples", got, expected,
                _gradient_mistakes(w, b, x, t, expected), otherwise=otherwise)
        right = args
    passed(f"{name} on {len(GRADIENT_CASES)} problems (w, b, x, t and m varied)")


def ch05_descent_step(descent_step: Callable) -> None:
    r"""Check ``descent_step(w, b, grad, alpha)`` = $(w, b) - \alpha\,\nabla J$ on every problem
    of ``STEP_CASES``."""
    name, right = "descent_step", None
    for w, b, grad, alpha in STEP_CASES:
        args = dict(w=w, b=b, grad=np.array(grad), alpha=alpha)
        got, called = call_watched(name, descent_step, w, b, args["grad"].copy(), alpha)
        refuse_package(name, called, "take the step with numpy")
        returned(name, got)
        g, p = args["grad"], np.array([w, b])
        mistakes = [(p + alpha * g, "the step went uphill: subtract alpha * grad J (the "
                     "steepest *descent* direction is -grad J)"),
                    (p - g, "the learning rate is missing: the step is alpha * grad J"),
                    (-alpha * g, "this is only the step; add it to the old (w, b)"),
                    (p - alpha * g[::-1], "the gradient's entries are swapped: w moves by "
                                          "alpha * dJ/dw, b by alpha * dJ/db")]
        otherwise = ((changed_argument(right, args, name) if right else None)
                     or "the new (w, b) is np.array([w, b]) - alpha * grad")
        compare(f"{name}(w = {w}, b = {b}, grad = {grad}, alpha = {alpha})", got, p - alpha * g,
                mistakes, otherwise=otherwise)
        right = args
    passed(f"{name} on {len(STEP_CASES)} problems (w, b, grad and alpha varied)")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_neuron(rng) -> list:
    """(m, w, b, x seed, t seed): 5 problems of 2 to 30 examples, one of a single example."""
    cases = [(int(m), round(float(rng.uniform(-3, 3)), 2), round(float(rng.uniform(-2, 2)), 2),
              new_seed(rng), new_seed(rng)) for m in rng.integers(2, 31, 4)]
    return cases + [(1, round(float(rng.uniform(-3, 3)), 2), 0.0, new_seed(rng), new_seed(rng))]


def _draw_step(rng) -> list:
    """(w, b, (dJ/dw, dJ/db), alpha): 5 problems, alpha from 0.01 to 50, never 1; w, b and
    the gradient's entries nonzero and unequal, so that every named mistake is seen."""
    cases: list = []
    while len(cases) < 5:
        w, b, dw, db = (round(float(v), 2) for v in rng.uniform(-3, 3, 4))
        alpha = float(rng.choice([0.01, 0.05, 0.2, 0.5, 2.0, 5.0, 20.0, 50.0]))
        case = (w, b, (dw, db), alpha)
        if min(abs(w), abs(b), abs(dw), abs(db), abs(dw - db)) > 0.05 \
                and case not in STEP_CASES + cases:
            cases.append(case)
    return cases


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch05_neuron_gradient": Hidden("GRADIENT_CASES", _draw_neuron, ("activations",),
                                   "5 other problems (w, b, x, t and m, one of a single "
                                   "example)"),
    "ch05_descent_step": Hidden("STEP_CASES", _draw_step, (),
                                "5 other problems (w, b, grad and alpha)"),
}
