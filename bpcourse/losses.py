"""Losses L(y, t) for one example, by name, and the cost J = (1/m) sum_i L_i.

Every function here takes the output layer's pre-activations ``Z`` (shape (m, k)) and the
output activation's name, rather than the outputs ``Y = g(Z)``: that lets ``"bce"`` with a
sigmoid output be computed from the logits, so it stays finite when the sigmoid saturates.

- ``"squared"``:      $L = \\sum_k (y_k - t_k)^2$
- ``"half_squared"``: $L = \\frac12 \\sum_k (y_k - t_k)^2$
- ``"bce"``:          $L = -\\sum_k [t_k \\log y_k + (1 - t_k) \\log(1 - y_k)]$,
  with $y = \\sigma(z)$; equal to $\\sum_k [\\log(1 + e^{z_k}) - t_k z_k]$.
- ``"cross_entropy"``: $L = -\\sum_k t_k \\log y_k$ with $y = \\mathrm{softmax}(z)$ and each
  row of T a distribution; equal to $\\sum_k t_k [\\mathrm{logsumexp}(z) - z_k]$.
"""
from __future__ import annotations

import numpy as np

from . import activations
from ._validate import choice

LOSSES = ("squared", "half_squared", "bce", "cross_entropy")


def check(loss: str, output: str, T: np.ndarray | None = None) -> None:
    """Refuse an unknown loss name, or a loss that does not fit the output activation or T.

    ``bce`` needs a sigmoid output and T in [0, 1]; ``cross_entropy`` needs a softmax output
    and rows of T that are distributions (entries >= 0 summing to 1).
    """
    choice("loss", loss, LOSSES)
    if loss == "bce":
        if output != "sigmoid":
            hint = "; for a softmax output use loss='cross_entropy'" if output == "softmax" else ""
            raise ValueError(f"loss 'bce' needs outputs in (0, 1): use output='sigmoid' "
                             f"(the network's output activation is {output!r}){hint}")
        if T is not None and (np.any(T < 0) or np.any(T > 1)):
            raise ValueError("loss 'bce' needs targets T in [0, 1]; "
                             f"got values from {T.min():g} to {T.max():g}")
    if loss == "cross_entropy":
        if output != "softmax":
            raise ValueError(f"loss 'cross_entropy' needs a softmax output: use output='softmax' "
                             f"(the network's output activation is {output!r})")
        if T is not None:
            if np.any(T < 0):
                raise ValueError(f"loss 'cross_entropy' needs targets T >= 0 (each row a "
                                 f"distribution); got a minimum of {T.min():g}")
            sums = T.sum(axis=1)
            bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-8)
            if bad.size:
                raise ValueError(f"loss 'cross_entropy' needs each row of T to sum to 1 (one-hot "
                                 f"or a probability vector); row {bad[0]} sums to {sums[bad[0]]:g}")


def softplus(z):
    r"$\log(1 + e^{z})$, computed without overflow"
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def logsumexp(Z):
    r"$\log \sum_k e^{z_k}$ for each row, shape (m, 1), computed without overflow"
    Z = np.asarray(Z, dtype=np.float64)
    M = Z.max(axis=-1, keepdims=True)
    return M + np.log(np.exp(Z - M).sum(axis=-1, keepdims=True))


def per_example(loss: str, Z: np.ndarray, T: np.ndarray, output: str) -> np.ndarray:
    """$L_i$ for each example: shape (m,) from Z, T of shape (m, k)."""
    if loss == "bce":                                   # from the logits: finite everywhere
        return sum_over_units(softplus(Z) - T * Z)
    if loss == "cross_entropy":                         # -log y_k = logsumexp(z) - z_k: finite
        return sum_over_units(T * (logsumexp(Z) - Z))
    r = activations.apply(output, Z) - T                # residuals y - t
    scale = 1.0 if loss == "squared" else 0.5
    return scale * sum_over_units(r * r)


def sum_over_units(L: np.ndarray) -> np.ndarray:
    r"""$\sum_k L_{ik}$ for each row i; one output unit is its own sum (no reduction to run)."""
    return L[:, 0] if L.shape[1] == 1 else np.add.reduce(L, axis=1)


def cost(loss: str, Z: np.ndarray, T: np.ndarray, output: str) -> float:
    """$J = \\frac1m \\sum_i L_i$."""
    return float(per_example(loss, Z, T, output).sum()) / Z.shape[0]


def output_delta(loss: str, Z: np.ndarray, T: np.ndarray, output: str,
                 Y: np.ndarray | None = None) -> np.ndarray:
    """$\\partial L_i / \\partial z_k$ for each example and output unit, shape (m, k) (no 1/m).

    - squared:       $2 (y - t) \\, g'(z)$
    - half_squared:  $(y - t) \\, g'(z)$
    - bce (sigmoid): $\\sigma(z) - t$, since $\\sigma'(z)$ cancels the $1/(y(1-y))$ of the log.
    - cross_entropy (softmax): $y - t$, since the rows of T sum to 1.

    ``Y``, the outputs $g(Z)$ if the caller has them, saves computing them again.
    """
    if Y is None:
        Y = activations.apply(output, Z)
    if loss in ("bce", "cross_entropy"):
        return Y - T
    scale = 2.0 if loss == "squared" else 1.0
    if output == "identity":                            # g' = 1
        return scale * (Y - T)
    if output in activations.OUTPUT_ONLY:               # softmax: through its Jacobian
        return activations.backprop(output, Z, Y, scale * (Y - T))
    return scale * (Y - T) * activations.get(output)[1](Z)
