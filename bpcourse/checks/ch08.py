"""Checks for the coding exercises of chapter 08 (backpropagation, vectorized).

Both answers are functions, called on several problems of other shapes (a non-square W, so a
missing transpose cannot go unnoticed; batches of other sizes); an answer that lets bpcourse
compute what the exercise asks is refused in one line.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ._core import call_watched, compare, passed, refuse_package, returned
from ._watch import Hidden, new_seed
from .ch07 import SIGMOID_ONLY

__all__ = ["ch08_delta_recursion", "ch08_weight_grad"]



#: (p_(l+1), p_l, seed) of the delta-recursion problems: the exercise's own (3 x 3, seed 8),
#: then W of other, non-square shapes
DELTA_CASES = [(3, 3, 8), (2, 3, 1), (4, 2, 2), (1, 5, 3), (5, 1, 4)]


def delta_problem(p_next: int, p_l: int, seed: int) -> dict:
    """W^(l) (p_(l+1), p_l), z^(l) (p_l,) and delta^(l+1) (p_(l+1),), drawn from ``seed``
    in the exercise cell's order."""
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(p_next, p_l))
    z = rng.normal(size=p_l)
    return dict(W=W, z=z, delta_next=rng.normal(size=p_next))


def _delta_mistakes(W: np.ndarray, z: np.ndarray, delta_next: np.ndarray) -> list:
    g, dg = activations.get("sigmoid")
    expected = dg(z) * (W.T @ delta_next)
    mistakes = [
        (W.T @ delta_next, "a missing sigma'(z^(l)): multiply W^(l)T delta^(l+1) elementwise "
                           "by the activation's derivative at z^(l)"),
        (g(z) * (W.T @ delta_next), "sigma(z^(l)) where sigma'(z^(l)) belongs"),
        (z * (1 - z) * (W.T @ delta_next), "sigma'(z) = a (1 - a) with a = sigma(z), not "
                                           "z (1 - z)"),
        (-expected, "the sign is flipped: delta^(l) = sigma'(z^(l)) * (W^(l)T delta^(l+1))")]
    if W.shape[0] == W.shape[1]:
        mistakes.append((dg(z) * (W @ delta_next), "W is not transposed (a missing .T): "
                         "delta^(l) needs W^(l)T delta^(l+1), a sum over the units j of layer "
                         "l+1 (down column k of W)"))
    return mistakes


def _shape_hint(W: np.ndarray) -> Callable:
    """The hint for a product of mismatched shapes: usually a missing .T."""
    def hint(e: Exception) -> str | None:
        if isinstance(e, ValueError) and any(w in str(e) for w in ("matmul", "align", "shape",
                                                                    "broadcast")):
            return (f"W^(l) has shape (p_(l+1), p_l) = {W.shape}: W^(l)T delta^(l+1) sums "
                    f"over the p_(l+1) units of layer l+1 (a missing .T?)")
        return None
    return hint


def ch08_delta_recursion(delta_recursion: Callable) -> None:
    """Check ``delta_recursion(W, z, delta_next)`` = sigma'(z) * (W^T delta_next), the delta
    of a sigmoid layer l for one example, on ``DELTA_CASES`` (W square, then non-square).

    The answer may call the sigmoid and its derivative, not the engines' backprop. The hints
    name a missing sigma', sigma for sigma', z(1 - z), the sign and a missing .T (a value on a
    square W, a shape error on the others).
    """
    name = "delta_recursion"
    for case in DELTA_CASES:
        W, z, delta_next = delta_problem(*case).values()
        got, called = call_watched(name, delta_recursion, W.copy(), z.copy(),
                                     delta_next.copy(), allowed=SIGMOID_ONLY,
                                     on_error=_shape_hint(W))
        refuse_package(name, called, "write the recursion with numpy")
        expected = activations.sigmoid_prime(z) * (W.T @ delta_next)
        compare(f"{name}(W, z, delta_next) with W of shape {W.shape}", returned(name, got),
                expected, _delta_mistakes(W, z, delta_next),
                otherwise="entry k is sigma'(z_k) times sum_j W[j, k] delta_next[j], with the "
                          "arguments W, z and delta_next")
    passed(f"{name} on {len(DELTA_CASES)} problems (W square and not)")


#: (m, p_(l+1), p_l, seed) of the weight-gradient problems: the exercise's own batch first;
#: m, p_(l+1) and p_l differ within each, so that each mistake shows; one of a single example
WEIGHT_CASES = [(4, 2, 3, 5), (6, 3, 2, 1), (5, 1, 4, 2), (2, 4, 1, 3), (1, 3, 2, 4)]


def weight_problem(m: int, p_next: int, p_l: int, seed: int) -> dict:
    """deltas (m, p_(l+1)) and A (m, p_l), drawn from ``seed`` in the exercise cell's order."""
    rng = np.random.default_rng(seed)
    deltas = rng.normal(size=(m, p_next))
    return dict(deltas=deltas, A=rng.random(size=(m, p_l)))


def _weight_mistakes(deltas: np.ndarray, A: np.ndarray) -> list:
    (m, p_next), p_l = deltas.shape, A.shape[1]
    total = deltas.T @ A
    mistakes = [
        (total, "a forgotten 1/m: J is the mean of the m losses, so its gradient is the mean "
                "of the m outer products (divide by m)"),
        (np.outer(deltas[0], A[0]), "only the first example: sum the outer products of all "
                                    "m rows (that is what deltas.T @ A does), then divide by m"),
        (np.outer(deltas[0], A[0]) / m, "only the first example: sum the outer products of "
                                        "all m rows (that is what deltas.T @ A does)"),
        (total / p_next, "divide by the number of examples m (the rows), not by the number "
                         "of units p_(l+1)"),
        (total / p_l, "divide by the number of examples m (the rows), not by the number of "
                      "units p_l"),
        (total / m ** 2, "divide by m once: the deltas here are each example's own, without "
                         "any 1/m"),
        (-total / m, "the sign is flipped: dJ/dW = (1/m) deltas.T @ A")]
    if m != 4:
        mistakes.append((total / 4, "divide by this batch's m = len(A), not by the "
                                    "exercise's 4"))
    return mistakes


def ch08_weight_grad(weight_grad: Callable) -> None:
    """Check ``weight_grad(deltas, A)`` = dJ/dW^(l) = (1/m) sum_i delta_i^(l+1) a_i^(l)T for a
    batch, on ``WEIGHT_CASES``: ``deltas`` (m, p_(l+1)) holds each example's delta^(l+1) as a
    row (no 1/m), A (m, p_l) each example's a^(l); the answer (p_(l+1), p_l)."""
    name = "weight_grad"
    for case in WEIGHT_CASES:
        deltas, A = weight_problem(*case).values()
        got, called = call_watched(name, weight_grad, deltas.copy(), A.copy())
        refuse_package(name, called, "compute the product with numpy")
        m, p_next, p_l = case[:3]
        compare(f"{name}(deltas, A) for m = {m} examples, p_(l+1) = {p_next}, p_l = {p_l}",
                returned(name, got), deltas.T @ A / m, _weight_mistakes(deltas, A),
                otherwise="entry (j, k) is (1/m) sum_i deltas[i, j] A[i, k], with m = len(A)")
    passed(f"{name} on {len(WEIGHT_CASES)} batches (m, p_(l+1) and p_l varied)")


# ---- the hidden tests (bpcourse.checks.hidden): the problems above, redrawn

def _draw_delta(rng) -> list:
    """One square W (2 to 6 units), two non-square ones (1 to 7 units)."""
    p = int(rng.integers(2, 7))
    shapes = [(p, p)] + [tuple(int(v) for v in rng.choice(np.arange(1, 8), 2, replace=False))
                         for _ in range(2)]
    return [(p_next, p_l, new_seed(rng)) for p_next, p_l in shapes]


def _draw_weight(rng) -> list:
    """3 batches: m of 2 to 12 examples (not 4), p_(l+1) and p_l of 1 to 7, all different."""
    cases = []
    for m in rng.choice([2, 3, 5, 6, 7, 8, 9, 10, 11, 12], 3, replace=False):
        p_next, p_l = (int(v) for v in rng.choice(np.setdiff1d(np.arange(1, 8), [m]), 2,
                                                  replace=False))
        cases.append((int(m), p_next, p_l, new_seed(rng)))
    return cases


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch08_delta_recursion": Hidden("DELTA_CASES", _draw_delta, SIGMOID_ONLY,
                                   "3 other W (one square, two not), z and delta^(l+1)"),
    "ch08_weight_grad": Hidden("WEIGHT_CASES", _draw_weight, (),
                               "3 other batches (m, p_(l+1), p_l and the entries)"),
}
