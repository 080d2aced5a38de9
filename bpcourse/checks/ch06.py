"""Checks for the coding exercises of chapter 06 (the chain rule, bar notation).

Both answers are functions of the exercise's inputs, called on several problems (every
argument varied); an answer that lets bpcourse compute the bars (``autodiff``, the lectures'
graphs) is refused in one line. The references are the ``autodiff`` engine's bars on the
lectures' graphs (``chapters.lectures``); the usual mistakes are built from the graph's values.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..chapters import lectures
from ._core import (call_watched, changed_argument, compare, compare_parts, _fail, passed,
                    refuse_package, returned)
from ._watch import Hidden

__all__: list[str] = ["ch06_regularized_backward", "ch06_two_neuron_dw1"]

#: (w, b, x, t, lam): the exercise's example first, then consecutive problems differ in one
#: argument (t never 0, lam never 1, x never 1, w never 0 or 2: no mistake gives the answer)
REGULARIZED_CASES = [(-1.2, 0.4, -0.9, 0.3, 0.5), (0.7, 0.4, -0.9, 0.3, 0.5),
                     (0.7, -1.1, -0.9, 0.3, 0.5), (0.7, -1.1, 2.0, 0.3, 0.5),
                     (0.7, -1.1, 2.0, 0.9, 0.5), (0.7, -1.1, 2.0, 0.9, 0.05)]

#: (w1, b1, w2, b2, x, t): the exercise's example first, then consecutive problems differ in
#: one argument (w2 and x never 1)
TWO_NEURON_CASES = [(0.5, 0.15, -0.7, 0.2, -0.8, 0.25), (-1.3, 0.15, -0.7, 0.2, -0.8, 0.25),
                    (-1.3, 0.6, -0.7, 0.2, -0.8, 0.25), (-1.3, 0.6, 1.4, 0.2, -0.8, 0.25),
                    (-1.3, 0.6, 1.4, -0.5, -0.8, 0.25), (-1.3, 0.6, 1.4, -0.5, 1.7, 0.25),
                    (-1.3, 0.6, 1.4, -0.5, 1.7, 0.9)]

_REGULARIZED_ARGS = ("w", "b", "x", "t", "lam")
_TWO_NEURON_ARGS = ("w1", "b1", "w2", "b2", "x", "t")


def _regularized_mistakes(w: float, b: float, x: float, t: float, lam: float) -> list:
    """The usual slips, as (w_bar, b_bar) computed from the graph's values, with their hints."""
    g = lectures.regularized_graph(w, b, x, t, lam)
    g["L_reg"].backward()
    y, z_bar = float(g["y"].value), float(g["z"].bar)
    y_bar = y - t
    dsig = y * (1 - y)                                    # sigma'(z)
    return [
        ([y * dsig * x + lam * w, y * dsig], "the target is missing: y-bar = y - t "
         "(L = (y - t)^2 / 2)"),
        ([2 * z_bar * x + lam * w, 2 * z_bar], "a factor 2 too much: L = (y - t)^2 / 2, "
         "so y-bar = y - t"),
        ([-z_bar * x + lam * w, -z_bar], "the sign of y-bar is flipped: y-bar = y - t, "
         "not t - y"),
        ([z_bar * x, z_bar], "w-bar is missing the regularizer's share: w feeds both z "
         "and R, so w-bar = z-bar * x + R-bar * w with R-bar = lambda (the multivariable "
         "chain rule adds both paths)"),
        ([y_bar * x + lam * w, y_bar], "the factor sigma'(z) is missing: "
         "z-bar = y-bar * sigma'(z)"),
        ([y_bar * y * x + lam * w, y_bar * y], "sigma(z) where sigma'(z) belongs: "
         "sigma'(z) = sigma(z) (1 - sigma(z)) = y (1 - y)"),
        ([z_bar * x + w, z_bar], "R-bar = L_reg-bar * lambda: the regularizer's share of "
         "w-bar is lambda * w, not w"),
        ([z_bar * x + lam * w ** 2 / 2, z_bar], "dR/dw = w (R = w^2 / 2), so the share "
         "is lambda * w"),
        ([z_bar * x + lam * w, z_bar * x], "b-bar = z-bar: dz/db = 1, there is no factor x"),
        ([z_bar, z_bar * x + lam * w], "the two bars are swapped: return (w_bar, b_bar)"),
    ]


def _pair(what: str, got) -> list:
    """The two parts (w_bar, b_bar) of an answer, or a one-line failure."""
    try:
        parts = [np.asarray(v, dtype=np.float64) for v in got]
    except (TypeError, ValueError):
        parts = None
    if parts is None or len(parts) != 2:
        _fail(f"{what} returned {type(got).__name__} {got!r}; expected the pair "
              f"(w_bar, b_bar): end with `return w_bar, b_bar`")
    return [p.reshape(()) if p.size == 1 else p for p in parts]


def ch06_regularized_backward(regularized_backward: Callable) -> None:
    r"""Check ``regularized_backward(w, b, x, t, lam)`` = ($\bar w$, $\bar b$) of
    $L_{reg} = \frac12 (\sigma(wx + b) - t)^2 + \frac\lambda2 w^2$ on every problem of
    ``REGULARIZED_CASES``; it may use ``activations`` (sigma, sigma'), not ``autodiff``."""
    name, right = "regularized_backward", None
    for case in REGULARIZED_CASES:
        args = dict(zip(_REGULARIZED_ARGS, case))
        got, called = call_watched(name, regularized_backward, *case,
                                    allowed=("activations",))
        refuse_package(name, called, "write the backward pass with numpy")
        what = f"{name}(w = {case[0]}, b = {case[1]}, x = {case[2]}, t = {case[3]}, " \
               f"lam = {case[4]})"
        got = _pair(what, returned(name, got))
        g = lectures.regularized_graph(*case)
        g["L_reg"].backward()                             # the reference, by autodiff
        expected = [np.float64(g["w"].bar), np.float64(g["b"].bar)]
        otherwise = ((changed_argument(right, args, name) if right else None)
                     or "use the function's arguments, not the chapter's w, b, x, t, lam: "
                        "y-bar = y - t, z-bar = y-bar sigma'(z), w-bar = z-bar x + lambda w, "
                        "b-bar = z-bar")
        compare_parts(what, got, expected, ("w_bar", "b_bar"),
                      [(m, h) for m, h in _regularized_mistakes(*case)], otherwise=otherwise)
        right = args
    passed(f"{name} on {len(REGULARIZED_CASES)} problems (w, b, x, t and lam varied)")


def _two_neuron_mistakes(w1: float, b1: float, w2: float, b2: float, x: float, t: float,
                         expected: float) -> list:
    """The usual slips, computed from the graph's values, with their hints."""
    g = lectures.two_neuron_graph(w1, b1, w2, b2, x, t)
    a1, y = float(g["a1"].value), float(g["y"].value)
    s1, s2 = a1 * (1 - a1), y * (1 - y)                   # sigma'(z1), sigma'(z2)
    e = y - t                                             # dJ/dy
    return [
        (e * s2 * s1 * x, "the factor w2 is missing: dz2/da1 = w2"),
        (e * s2 * w2 * x, "the factor sigma'(z1) is missing: da1/dz1 = sigma'(z1)"),
        (e * w2 * s1 * x, "the factor sigma'(z2) is missing: dy/dz2 = sigma'(z2)"),
        (e * y * w2 * a1 * x, "sigma(z) where sigma'(z) belongs: sigma'(z) = "
         "sigma(z) (1 - sigma(z))"),
        (e * s2 * a1, "this is dJ/dw2; dJ/dw1 goes one step further back, through a1 "
         "and z1"),
        (2 * e * s2 * w2 * s1 * x, "a factor 2 too much: J = (y - t)^2 / 2, so "
         "dJ/dy = y - t (lecture 002's J has no 1/2)"),
        (e * s2 * w2 * s1, "dz1/dw1 = x: the factor x is missing"),
        (e * s2 * w2 * s1 * a1, "dz1/dw1 = x, the input of the first neuron, not a1"),
        (-expected, "the sign is flipped: dJ/dy = y - t, not t - y"),
    ]


def ch06_two_neuron_dw1(two_neuron_dw1: Callable) -> None:
    r"""Check ``two_neuron_dw1(w1, b1, w2, b2, x, t)`` = dJ/dw1 for
    $y = \sigma(w_2 \sigma(w_1 x + b_1) + b_2)$, $J = \frac12 (y - t)^2$ on every problem of
    ``TWO_NEURON_CASES``; it may use ``activations``, not ``autodiff``."""
    name, right = "two_neuron_dw1", None
    for case in TWO_NEURON_CASES:
        args = dict(zip(_TWO_NEURON_ARGS, case))
        got, called = call_watched(name, two_neuron_dw1, *case, allowed=("activations",))
        refuse_package(name, called, "multiply the local derivatives with numpy")
        got = returned(name, got)
        if isinstance(got, np.ndarray) and got.size == 1:
            got = got.reshape(())
        g = lectures.two_neuron_graph(*case)
        g["J"].backward()                                 # the reference, by autodiff
        expected = float(g["w1"].bar)
        otherwise = ((changed_argument(right, args, name) if right else None)
                     or "use the function's arguments, not the chapter's x, t, and multiply "
                        "the five local derivatives (y - t) sigma'(z2) w2 sigma'(z1) x")
        what = ", ".join(f"{k} = {v}" for k, v in args.items())
        compare(f"{name}({what})", got, expected,
                _two_neuron_mistakes(*case, expected), otherwise=otherwise)
        right = args
    passed(f"{name} on {len(TWO_NEURON_CASES)} problems (w1, b1, w2, b2, x and t varied)")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def _draw_regularized(rng) -> list:
    """(w, b, x, t, lam): 5 problems; t never 0, lam never 1, x never 1, w never 0 or 2, the
    share lambda w not tiny, y away from 0, 1 and t: every named mistake differs from the
    answer."""
    cases: list = []
    while len(cases) < 5:
        w, b, x = (round(float(v), 2) for v in rng.uniform([-2.5, -2, -3], [2.5, 2, 3]))
        t = round(float(rng.uniform(0.05, 0.95)), 2)
        lam = float(rng.choice([0.01, 0.05, 0.2, 0.5, 2.0, 5.0]))
        case = (w, b, x, t, lam)
        if (min(abs(w), abs(w - 2), abs(x), abs(x - 1)) > 0.1 and lam * abs(w) > 0.02
                and 0.05 < _sigmoid(w * x + b) < 0.95 and abs(_sigmoid(w * x + b) - t) > 0.05
                and case not in REGULARIZED_CASES + cases):
            cases.append(case)
    return cases


def _draw_two_neuron(rng) -> list:
    """(w1, b1, w2, b2, x, t): 5 problems; w2 and x away from 0 and 1, x away from a1, a1
    and y away from 0 and 1, y away from t, so that every named mistake differs from the
    answer."""
    cases: list = []
    while len(cases) < 5:
        high = np.array([2.5, 1.5, 2.5, 1.5, 2.5])         # w1, b1, w2, b2, x
        w1, b1, w2, b2, x = (round(float(v), 2) for v in rng.uniform(-high, high))
        t = round(float(rng.uniform(0.05, 0.95)), 2)
        a1 = _sigmoid(w1 * x + b1)
        y = _sigmoid(w2 * a1 + b2)
        case = (w1, b1, w2, b2, x, t)
        if (min(abs(w2), abs(w2 - 1), abs(x), abs(x - 1), abs(x - a1)) > 0.1
                and 0.05 < min(a1, y) and max(a1, y) < 0.95 and abs(y - t) > 0.05
                and abs(a1 - w2 * a1 * (1 - a1) * x) > 0.05     # dJ/dw2 is not dJ/dw1
                and case not in TWO_NEURON_CASES + cases):
            cases.append(case)
    return cases


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch06_two_neuron_dw1": Hidden("TWO_NEURON_CASES", _draw_two_neuron, ("activations",),
                                  "5 other problems (w1, b1, w2, b2, x and t)"),
    "ch06_regularized_backward": Hidden("REGULARIZED_CASES", _draw_regularized,
                                        ("activations",),
                                        "5 other problems (w, b, x, t and lambda)"),
}
