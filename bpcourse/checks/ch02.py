"""Checks for the coding exercises of chapter 2 (the batched forward pass)."""
from __future__ import annotations

import numpy as np

from ._core import CheckFailed, call_watched, compare, passed, refuse_package
from ._watch import Hidden
from .ch01 import without_mlp

__all__: list[str] = ["ch02_forward"]

#: (m, p0, p1, p2) of the problems: W0 square in the first (a missing .T runs), one example in
#: the second, W1 square in the third; none has the exercise cell's shapes
_SHAPES = ((4, 3, 3, 2), (1, 2, 4, 3), (5, 4, 2, 2))


def _problem(i: int) -> tuple[np.ndarray, ...]:
    """X (m, p0), W0 (p1, p0), b0 (p1,), W1 (p2, p1), b1 (p2,) of problem i."""
    m, p0, p1, p2 = _SHAPES[i]
    rng = np.random.default_rng(2100 + i)
    return tuple(rng.normal(size=s) for s in ((m, p0), (p1, p0), (p1,), (p2, p1), (p2,)))


def _mistakes(X, W0, b0, W1, b1) -> tuple[list, list]:
    """(wrong H, hint) and (wrong Y, hint) pairs of the usual mistakes on these arrays."""
    H = np.tanh(X @ W0.T + b0)
    mistakes_H = [(np.tanh(X @ W0.T), "the bias is missing: add 1 b0^T, i.e. + b0 (numpy "
                                      "broadcasts it to every row)"),
                  (X @ W0.T + b0, "the activation tanh is missing: apply it to "
                                  "Z = X W0^T + 1 b0^T"),
                  (-H, "the sign is flipped: H = tanh(X W0^T + 1 b0^T), no minus")]
    if W0.shape[0] == W0.shape[1]:
        mistakes_H.insert(0, (np.tanh(X @ W0 + b0), "W0 is used untransposed: rows of X are "
                              "examples, so the product is X @ W0.T (W0 has shape (p1, p0))"))
    mistakes_Y = [(H @ W1.T, "the output bias is missing: add + b1"),
                  (np.tanh(H @ W1.T + b1), "the output layer is the identity: Y = H W1^T + "
                                           "1 b1^T, no tanh")]
    if W1.shape[1] == X.shape[1]:
        mistakes_Y.append((X @ W1.T + b1, "Y must be computed from H, not from X"))
    if W1.shape[0] == W1.shape[1]:
        mistakes_Y.insert(0, (H @ W1 + b1, "W1 is used untransposed: use H @ W1.T"))
    return mistakes_H, mistakes_Y


def _shape_hint(name: str, got, expected: tuple) -> None:
    """Fail with a hint when an answer's shape is not ``expected`` (compare has no hint for
    a shape that comes from other arrays than the arguments)."""
    shape = np.shape(got)
    if shape == expected:
        return
    hint = ("the shape is transposed; check the order of the factors (or a missing .T)"
            if shape == expected[::-1] else
            "compute from the function's arguments X, W0, b0, W1, b1 (not from the arrays "
            "of the chapter): one row per example of X, one column per unit")
    raise CheckFailed(f"{name}: shape {shape}, expected {expected}\nHint: {hint}")


def _on_error(e: Exception) -> str | None:
    """The hint for a product of mismatched shapes."""
    if isinstance(e, ValueError) and "matmul" in str(e):
        return ("W0 is (p1, p0) and W1 is (p2, p1) (to, from) and the rows of X are examples: "
                "X @ W0.T, then H @ W1.T")
    return None


def ch02_forward(forward_batch) -> None:
    """Check ``forward_batch(X, W0, b0, W1, b1) -> (H, Y)``, H = tanh(X W0^T + 1 b0^T) (m, p1)
    and Y = H W1^T + 1 b1^T (m, p2), on the problems of ``_SHAPES`` (inputs the student never
    saw). Building an MLP (``MLP.forward``, the engines' forward passes) is refused."""
    right = []
    for i in range(len(_SHAPES)):
        X, W0, b0, W1, b1 = _problem(i)
        args = [a.copy() for a in (X, W0, b0, W1, b1)]
        with without_mlp("forward_batch", "it uses MLP or an engine's forward pass; the "
                                          "exercise asks for the numpy products"):
            out, called = call_watched("forward_batch", forward_batch, *args,
                                       allowed=("activations",), on_error=_on_error)
        refuse_package("forward_batch", called, "compute H and Y with the numpy products")
        if not (isinstance(out, tuple) and len(out) == 2):
            raise CheckFailed(f"forward_batch returned {type(out).__name__}, expected the "
                              f"pair (H, Y): end with `return H, Y`")
        H_ref = np.tanh(X @ W0.T + b0)
        Y_ref = H_ref @ W1.T + b1
        where = (f"forward_batch with X {X.shape}, W0 {W0.shape}, W1 {W1.shape} "
                 f"(problem {i + 1} of {len(_SHAPES)})")
        before = (f"right on the batch with X {right[-1]} but not on this one: "
                  if right else "")
        mistakes_H, mistakes_Y = _mistakes(X, W0, b0, W1, b1)
        for name, got, ref, mistakes, formula in (
                ("H", out[0], H_ref, mistakes_H, "H = tanh(X @ W0.T + b0) from the arguments "
                                                 "X, W0, b0"),
                ("Y", out[1], Y_ref, mistakes_Y, "Y = H @ W1.T + b1 from your H and the "
                                                 "arguments W1, b1 (no tanh at the output)")):
            _shape_hint(f"{where}: {name}", got, ref.shape)
            compare(f"{where}: {name}", got, ref, mistakes, otherwise=before + formula)
        right.append(X.shape)
    passed(f"forward_batch (H and Y on {len(_SHAPES)} batches of other sizes)")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_forward(rng) -> tuple:
    """(m, p0, p1, p2): W0 square in the first, one example in the second, W1 square in the
    third (as the visible problems, for the hints)."""
    m, p0, p1, p2 = (int(v) for v in rng.integers(2, 7, 4))
    return ((m, p0, p0, p2), (1, p0 + 1, p1, p2), (m + 1, p1, p2 + 1, p2 + 1))


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch02_forward": Hidden("_SHAPES", _draw_forward, ("activations",),
                           "3 batches and layers of other shapes"),
}
