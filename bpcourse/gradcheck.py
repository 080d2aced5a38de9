"""Central finite differences, and how far two sets of gradients are from each other.

    dJ/dtheta  ~  (J(theta + eps) - J(theta - eps)) / (2 eps)      error O(eps^2)

Each parameter costs two forward passes: for P parameters, 2P passes, where backprop needs
about one forward and one backward pass for all of them (chapter 8 measures this).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import losses, vectorized
from .mlp import MLP, Params, check_batch


def numerical_derivative(f: Callable[[np.ndarray], float], x, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x`` (an array of any shape)."""
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        f_plus = float(f(x))
        x[i] = old - eps
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def finite_difference_grads(net: MLP, X, T, loss: str = "half_squared", eps: float = 1e-6) -> Params:
    """dJ/dW and dJ/db for every weight and bias by central differences (2P forward passes).

    Each parameter array is swapped for a nudged copy while its derivatives are taken (by
    ``numerical_derivative``, the one finite-difference loop), then put back untouched.
    """
    X, T = check_batch(net, X, T, loss)
    params = net.weights + net.biases                  # the lists are edited, the arrays never
    grads = []
    for i, P in enumerate(params):
        layers = net.weights if i < len(net.weights) else net.biases
        l = i % len(net.weights)

        def J(P_nudged) -> float:
            layers[l] = P_nudged
            Z, _ = vectorized.forward(net, X)
            return losses.cost(loss, Z[-1], T, net.output)
        try:
            grads.append(numerical_derivative(J, P, eps))
        finally:
            layers[l] = P                              # the original array, unchanged
    L = len(net.weights)
    return Params(grads[:L], grads[L:])


def relative_error(a, b) -> float:
    """max |a - b| / max(|a| + |b|), over all entries; 0 when both are zero."""
    a, b = np.ravel(np.asarray(a, dtype=np.float64)), np.ravel(np.asarray(b, dtype=np.float64))
    if a.shape != b.shape:
        raise ValueError(f"cannot compare arrays of {a.size} and {b.size} entries")
    scale = np.max(np.abs(a) + np.abs(b), initial=0.0)
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)


def compare(a: Params, b: Params) -> dict[str, float]:
    """Relative error layer by layer: {'W0': ..., 'b0': ..., 'W1': ...}."""
    if len(a.weights) != len(b.weights):
        raise ValueError(f"{len(a.weights)} layers against {len(b.weights)}")
    report = {}
    for l, (Wa, Wb, ba, bb) in enumerate(zip(a.weights, b.weights, a.biases, b.biases)):
        if np.shape(Wa) != np.shape(Wb) or np.shape(ba) != np.shape(bb):
            raise ValueError(f"layer {l}: shapes {np.shape(Wa)}/{np.shape(ba)} against "
                             f"{np.shape(Wb)}/{np.shape(bb)}")
        report[f"W{l}"] = relative_error(Wa, Wb)
        report[f"b{l}"] = relative_error(ba, bb)
    return report


def report(a: Params, b: Params, names: tuple[str, str] = ("backprop", "finite differences")) -> str:
    """A printable table of ``compare(a, b)``, with the largest error last."""
    rows = compare(a, b)
    lines = [f"relative error, {names[0]} vs {names[1]}:"]
    lines += [f"  {k:>4}: {v:.2e}" for k, v in rows.items()]
    lines.append(f"  max : {max(rows.values()):.2e}")
    return "\n".join(lines)


def jacobian(f: Callable[[np.ndarray], np.ndarray], x, eps: float = 1e-6) -> np.ndarray:
    """$\\partial f_k / \\partial x_i$ (outputs and inputs flattened), by central differences."""
    x = np.asarray(x, dtype=np.float64)
    n_out = np.asarray(f(x)).size
    rows = [numerical_derivative(lambda v, k=k: np.asarray(f(v)).ravel()[k], x, eps)
            for k in range(n_out)]
    return np.stack([r.ravel() for r in rows], axis=0)
