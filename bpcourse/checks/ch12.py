"""Checks for the coding exercises of chapter 12 (softmax, cross-entropy, Adam)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations, losses
from ._core import CheckFailed, call_watched, check_array, _fail, passed, refuse_package, returned
from ._watch import Hidden, new_seed

__all__ = ["ch12_softmax_delta"]


#: (m, K, scale of the logits, seed) of the batches the softmax check tries
SOFTMAX_CASES = [(5, 4, 2.0, 12), (1, 3, 1.0, 1), (6, 2, 3.0, 2), (3, 3, 1.0, 3),
                 (4, 10, 400.0, 4)]     # the last: logits in the hundreds (no overflow)


def softmax_batch(m: int, K: int, scale: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Logits Z (m, K) and one-hot targets T (m, K), drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, K)) * scale, np.eye(K)[rng.integers(0, K, size=m)]


def _softmax_mistakes(Z: np.ndarray, T: np.ndarray) -> list[tuple[np.ndarray, str]]:
    """The usual slips, computed from (Z, T)."""
    m, K = Z.shape
    Y = activations.softmax(Z)
    Z_shift = Z - Z.max(axis=0, keepdims=True)
    columns = np.exp(Z_shift) / np.exp(Z_shift).sum(axis=0, keepdims=True)
    return [
        (Y - T, "this is the sum over the examples; J is their mean, so divide by m"),
        ((T - Y) / m, "the sign is reversed: dJ/dz = y - t (the output is too large where "
                      "y > t)"),
        ((activations.sigmoid(Z) - T) / m, "y is the softmax of each row of Z, not the "
                                           "sigmoid of each entry"),
        ((columns - T) / m, "the softmax normalizes each row (one example's K outputs): sum "
                            "over axis=1, not axis=0"),
        ((Y - T) / K, "divide by m, the number of examples (rows of Z), not by K"),
        (((Y - T) / m).T, "the result is transposed: dJ/dZ has the shape of Z, (m, K)"),
    ]


def ch12_softmax_delta(softmax_delta: Callable) -> None:
    """Check ``softmax_delta(Z, T) -> dJ/dZ`` (softmax output, cross-entropy, J the batch mean).

    Tried on several batches (m and K varied, one of them m = 1, one with large logits); the
    reference is ``losses.output_delta`` divided by m. The answer may use ``activations``
    (the softmax), not the engines that compute the delta.
    """
    name = "softmax_delta"
    for k, (m, K, scale, seed) in enumerate(SOFTMAX_CASES):
        Z, T = softmax_batch(m, K, scale, seed)
        got, called = call_watched(name, softmax_delta, Z.copy(), T.copy(),
                                    allowed=("activations",))
        refuse_package(name, called, "compute dJ/dZ from activations.softmax")
        expected = losses.output_delta("cross_entropy", Z, T, "softmax") / m
        what = f"{name}(Z, T) for m = {m} examples, K = {K} classes"
        returned(name, got)
        try:
            array = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            array = None
        if array is not None and array.shape == Z.shape:
            if not np.all(np.isfinite(array)):
                _fail(f"{what}: the result has nan or inf entries (logits up to "
                      f"{np.abs(Z).max():.0f})\nHint: e^z overflows; subtract each row's max "
                      f"first, as activations.softmax does")
            if np.allclose(array, expected, rtol=1e-6, atol=1e-9):
                continue
        right = [f"m = {c[0]}, K = {c[1]}" for c in SOFTMAX_CASES[:k]]
        fallback = ("row i of dJ/dZ is (y_i - t_i)/m, y_i the softmax of row i of Z"
                    + (f" (right for {'; '.join(right)})" if right else ""))
        try:
            check_array(what, got, expected, _softmax_mistakes(Z, T))
        except CheckFailed as e:
            if "Hint" in str(e):
                raise
            raise CheckFailed(f"{e}\nHint: {fallback}") from None
    passed(name)


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_softmax(rng) -> list:
    cases = [(int(m), int(K), float(rng.uniform(0.5, 3.0)), new_seed(rng))
             for m, K in zip(rng.integers(2, 9, 3), rng.integers(2, 11, 3))]
    return cases + [(1, int(rng.integers(2, 6)), 1.5, new_seed(rng)),
                    (int(rng.integers(2, 6)), int(rng.integers(5, 12)), 400.0, new_seed(rng))]


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch12_softmax_delta": Hidden("SOFTMAX_CASES", _draw_softmax, ("activations",),
                                 "5 batches of other sizes and logits (one m = 1, one with "
                                 "logits in the hundreds)"),
}
