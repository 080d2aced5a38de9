"""Checks for the coding exercises of chapter 08 (backpropagation, vectorized)."""
from __future__ import annotations

import numpy as np

from .. import activations
from ._core import answered, check_array

__all__ = ["ch08_delta_recursion", "ch08_weight_grad"]


def ch08_delta_recursion(delta, W, delta_next, Z, activation: str = "sigmoid",
                         name: str = "delta_l") -> None:
    """delta^(l) = g'(z^(l)) * (W^(l)T delta^(l+1)) for one example.

    W: (p_(l+1), p_l); delta_next: (p_(l+1),); Z: (p_l,); the answer ``delta``: (p_l,). A
    square W that is not symmetric, so that a missing transpose shows.
    """
    answered(name, delta, "compute it in the exercise cell above and run that cell")
    W, delta_next, Z = (np.asarray(v, dtype=np.float64) for v in (W, delta_next, Z))
    if W.ndim != 2 or delta_next.shape != (W.shape[0],) or Z.shape != (W.shape[1],):
        raise ValueError(f"expected W (p_(l+1), p_l), delta_next (p_(l+1),), z (p_l,); got "
                         f"{W.shape}, {delta_next.shape}, {Z.shape}")
    if W.shape[0] == W.shape[1] and np.allclose(W, W.T):
        raise ValueError("choose a W that is not symmetric, so that a missing transpose shows")
    g, dg = activations.get(activation)
    expected = dg(Z) * (W.T @ delta_next)
    mistakes = [(W.T @ delta_next, "a missing g'(z^(l)): multiply W^T delta^(l+1) elementwise by "
                                   "the activation's derivative at z^(l)"),
                (g(Z) * (W.T @ delta_next), "g(z^(l)) where g'(z^(l)) belongs"),
                (-expected, "the sign is flipped: delta^(l) = g'(z^(l)) * (W^(l)T delta^(l+1))")]
    if W.shape[0] == W.shape[1]:
        mistakes.append((dg(Z) * (W @ delta_next), "W is not transposed: delta^(l) needs "
                         "W^(l)T delta^(l+1), summing over the units j of layer l+1 (W[j, k])"))
    check_array(f"{name} = delta^(l)", delta, expected, mistakes=mistakes,
                otherwise="entry k is g'(z_k^(l)) times sum_j W[j, k] delta_j^(l+1)")


def ch08_weight_grad(dW, deltas, A, name: str = "dW_w") -> None:
    """dJ/dW^(l) = (1/m) sum_i delta_i^(l+1) a_i^(l)T for a batch: ``deltas`` (m, p_(l+1)) holds
    each example's delta^(l+1) as a row (no 1/m: it is m Delta^(l+1)), A (m, p_l) each
    example's a^(l); the answer (p_(l+1), p_l)."""
    answered(name, dW, "compute it in the exercise cell above and run that cell")
    Delta, A = np.asarray(deltas, dtype=np.float64), np.asarray(A, dtype=np.float64)
    if Delta.ndim != 2 or A.ndim != 2 or Delta.shape[0] != A.shape[0]:
        raise ValueError(f"expected deltas (m, p_(l+1)) and A (m, p_l) with the same m; got "
                         f"{Delta.shape} and {A.shape}")
    m = Delta.shape[0]
    expected = Delta.T @ A / m
    mistakes = [(Delta.T @ A, "a forgotten 1/m: J is the mean of the m losses, so its gradient "
                              "is the mean of the m outer products (divide by m)"),
                (Delta[0][:, None] * A[0][None, :], "only the first example: sum the outer "
                 "products of all m rows (that is what deltas^T A does), then divide by m"),
                (Delta.T @ A / Delta.shape[1], "divide by the number of examples m (the rows), "
                 "not by the number of units p_(l+1)"),
                (Delta.T @ A / A.shape[1], "divide by the number of examples m (the rows), "
                 "not by the number of units p_l"),
                (-expected, "the sign is flipped: dJ/dW = (1/m) deltas^T A")]
    if len({m, Delta.shape[1], A.shape[1]}) < 3:
        raise ValueError("choose m, p_(l+1) and p_l all different, so that each mistake shows")
    check_array(f"{name} = dJ/dW", dW, expected, mistakes=mistakes,
                otherwise="entry (j, k) is (1/m) sum_i deltas[i, j] A[i, k]")
