"""Checks for the coding exercises of chapter 2 (the batched forward pass)."""
from __future__ import annotations

import numpy as np

from .. import activations
from .._validate import array
from ..mlp import MLP
from ._core import answered, check_array

__all__: list[str] = ["ch02_forward"]


def _net(X, W0, b0, W1, b1, hidden: str, output: str) -> MLP:
    """The [p0, p1, p2] network with these parameters (X (m, p0) rows are examples)."""
    X, W0, W1 = (array(n, v, ndim=2, shape=s) for n, v, s in
                 (("X", X, "(m, p0)"), ("W0", W0, "(p1, p0)"), ("W1", W1, "(p2, p1)")))
    net = MLP([X.shape[1], W0.shape[0], W1.shape[0]], hidden=hidden, output=output, init="zeros")
    net.weights, net.biases = [W0, W1], [array("b0", b0), array("b1", b1)]
    net.check_params()
    return net


def ch02_forward(H, Y, X, W0, b0, W1, b1, hidden: str = "tanh", output: str = "identity",
                 names: tuple[str, str] = ("H_ex", "Y_ex")) -> None:
    """Check H = phi(X W0^T + 1 b0^T) and Y = g(H W1^T + 1 b1^T) against ``MLP.forward``.

    X (m, p0), W0 (p1, p0), b0 (p1,), W1 (p2, p1), b1 (p2,); H (m, p1), Y (m, p2). ``names`` are
    the variables the exercise asks for, used in the messages.
    """
    for name, value in zip(names, (H, Y)):
        answered(name, value, "compute it in the exercise cell above and run that cell")
    net = _net(X, W0, b0, W1, b1, hidden, output)
    X = np.asarray(X, dtype=np.float64)
    W0, b0, W1, b1 = net.weights[0], net.biases[0], net.weights[1], net.biases[1]
    phi, _ = activations.get(hidden)
    g, _ = activations.get(output)
    H_ref = phi(X @ W0.T + b0)
    mistakes_H = [(phi(X @ W0.T), "the bias is missing: add 1 b0^T, i.e. + b0 (numpy broadcasts "
                                  "it to every row)"),
                  (X @ W0.T + b0, "the activation phi is missing: apply it to Z = X W0^T + 1 b0^T"),
                  (-H_ref, "the sign is flipped: H = phi(X W0^T + 1 b0^T), no minus")]
    if W0.shape[0] == W0.shape[1]:
        mistakes_H.insert(0, (phi(X @ W0 + b0), "W0 is used untransposed: rows of X are examples, "
                                                "so the product is X @ W0.T (W0 has shape (p1, p0))"))
    check_array(names[0], H, H_ref, mistakes_H)
    Y_ref = net.forward(X)
    mistakes_Y = [(g(H_ref @ W1.T), "the output bias is missing: add + b1"),
                  (phi(H_ref @ W1.T + b1), f"the output layer uses its own activation "
                                           f"({output!r}), not the hidden one ({hidden!r})")]
    if W1.shape[1] == X.shape[1]:
        mistakes_Y.append((g(X @ W1.T + b1), "Y must be computed from H, not from X"))
    if W1.shape[0] == W1.shape[1]:
        mistakes_Y.insert(0, (g(H_ref @ W1 + b1), "W1 is used untransposed: use H @ W1.T"))
    check_array(names[1], Y, Y_ref, mistakes_Y)
