"""Checks for the coding exercises of chapter 2 (the batched forward pass)."""
from __future__ import annotations

import numpy as np

from .. import activations
from ..mlp import MLP
from ._core import answered, check_array

__all__: list[str] = ["ch02_forward"]


def _net(X, W1, b1, W2, b2, hidden: str, output: str) -> MLP:
    X, W1, b1, W2, b2 = (np.asarray(v, dtype=np.float64) for v in (X, W1, b1, W2, b2))
    if X.ndim != 2 or W1.ndim != 2 or W2.ndim != 2:
        raise ValueError("X, W1 and W2 must be 2-D arrays (X rows are examples, "
                         f"W^(l) is (p_(l+1), p_l)); got shapes {X.shape}, {W1.shape}, {W2.shape}")
    net = MLP([X.shape[1], W1.shape[0], W2.shape[0]], hidden=hidden, output=output, init="zeros")
    net.weights, net.biases = [W1, W2], [b1, b2]
    net.check_params()
    return net


def ch02_forward(H, Y, X, W1, b1, W2, b2, hidden: str = "tanh", output: str = "identity",
                 names: tuple[str, str] = ("H_ex", "Y_ex")) -> None:
    """Check H = phi(X W1^T + 1 b1^T) and Y = g(H W2^T + 1 b2^T) against ``MLP.forward``.

    X (m, p0), W1 (p1, p0), b1 (p1,), W2 (p2, p1), b2 (p2,); H (m, p1), Y (m, p2). ``names`` are
    the variables the exercise asks for, used in the messages.
    """
    for name, value in zip(names, (H, Y)):
        answered(name, value, "compute it in the exercise cell above and run that cell")
    net = _net(X, W1, b1, W2, b2, hidden, output)
    X = np.asarray(X, dtype=np.float64)
    W1, b1, W2, b2 = net.weights[0], net.biases[0], net.weights[1], net.biases[1]
    phi, _ = activations.get(hidden)
    g, _ = activations.get(output)
    H_ref = phi(X @ W1.T + b1)
    mistakes_H = [(phi(X @ W1.T), "the bias is missing: add 1 b1^T, i.e. + b1 (numpy broadcasts "
                                  "it to every row)"),
                  (X @ W1.T + b1, "the activation phi is missing: apply it to Z = X W1^T + 1 b1^T"),
                  (-H_ref, "the sign is flipped: H = phi(X W1^T + 1 b1^T), no minus")]
    if W1.shape[0] == W1.shape[1]:
        mistakes_H.insert(0, (phi(X @ W1 + b1), "W1 is used untransposed: rows of X are examples, "
                                                "so the product is X @ W1.T (W1 has shape (p1, p0))"))
    check_array(names[0], H, H_ref, mistakes_H)
    Y_ref = net.forward(X)
    mistakes_Y = [(g(H_ref @ W2.T), "the output bias is missing: add + b2"),
                  (phi(H_ref @ W2.T + b2), f"the output layer uses its own activation "
                                           f"({output!r}), not the hidden one ({hidden!r})")]
    if W2.shape[1] == X.shape[1]:
        mistakes_Y.append((g(X @ W2.T + b2), "Y must be computed from H, not from X"))
    if W2.shape[0] == W2.shape[1]:
        mistakes_Y.insert(0, (g(H_ref @ W2 + b2), "W2 is used untransposed: use H @ W2.T"))
    check_array(names[1], Y, Y_ref, mistakes_Y)
