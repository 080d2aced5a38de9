"""Checks for the coding exercises of chapter 10 (weight symmetry)."""
from __future__ import annotations

import numpy as np

from .. import activations, losses, vectorized
from ..mlp import MLP, check_batch
from ._core import _fail, check_array, check_scalar, check_true  # noqa: F401

__all__ = ["ch10_gradient_rows", "ch10_collapse"]


def _one_hidden_layer(name: str, net) -> None:
    if not isinstance(net, MLP):
        _fail(f"{name}: expected a bpcourse.MLP, got {type(net).__name__}")
    if len(net.sizes) != 3:
        _fail(f"{name}: expected a network with one hidden layer, got sizes {net.sizes}")


def ch10_gradient_rows(dW1, net: MLP, X, T, loss: str = "bce") -> None:
    """Check dJ/dW^(1) (shape (p_1, p_0)) for ``net`` on (X, T), then that its rows are identical.

    The reference is ``vectorized.loss_and_grads``; the hints are the gradient with g'(Z^(1))
    left out, without the 1/m of the cost, and with the outgoing weights left out.
    """
    _one_hidden_layer("the network", net)
    X, T = check_batch(net, X, T, loss)
    _, g = vectorized.loss_and_grads(net, X, T, loss)
    Z, A = vectorized.forward(net, X)
    m = X.shape[0]
    delta_out = losses.output_delta(loss, Z[2], T, net.output)            # (m, p_2), no 1/m
    _, dg = activations.get(net.hidden[0])
    no_prime = (delta_out @ net.weights[1]).T @ X / m
    no_weights = (dg(Z[1]) * delta_out.sum(axis=1, keepdims=True)).T @ X / m
    mistakes = [(no_prime, "this is the gradient without the factor g'(Z^(1)) of the delta recursion"),
                (g.weights[0] * m, "this is the sum over the examples; the cost J averages, so divide by m"),
                (no_weights, "the hidden deltas need the outgoing weights: delta^(1) = g'(Z^(1)) * "
                             "(delta^(2) W^(2)), with W^(2) = net.weights[1]")]
    check_array("dJ/dW^(1)", dW1, g.weights[0], mistakes)
    rows = np.asarray(dW1, dtype=np.float64)
    check_true("identical rows", bool(np.all(rows == rows[0])),
               "the rows of your gradient are not all exactly equal")


def ch10_collapse(one: MLP, net: MLP, X) -> None:
    """Check that the one-hidden-unit network ``one`` computes the same outputs as ``net`` on X."""
    _one_hidden_layer("your network", one)
    _one_hidden_layer("the symmetric network", net)
    if one.sizes != [net.sizes[0], 1, net.sizes[2]]:
        _fail(f"your network has sizes {one.sizes}; expected [{net.sizes[0]}, 1, {net.sizes[2]}]: "
              f"one hidden unit")
    if one.activation_names != net.activation_names:
        _fail(f"your network's activations are {one.activation_names}, expected {net.activation_names}")
    expected = net.forward(X)
    wrong = []
    for W2, hint in [(net.weights[1][:, :1], "the one unit carries the work of all p units: its "
                      "outgoing weight is the sum of the p outgoing weights, not one of them"),
                     (net.weights[1].mean(axis=1, keepdims=True), "the outgoing weight is the sum "
                      "of the p outgoing weights, not their mean")]:
        bad = MLP(one.sizes, hidden=net.hidden, output=net.output, init="zeros")
        bad.weights = [net.weights[0][:1].copy(), W2.copy()]
        bad.biases = [net.biases[0][:1].copy(), net.biases[1].copy()]
        wrong.append((bad.forward(X), hint))
    check_array("outputs of the one-unit network", one.forward(X), expected, wrong, rtol=1e-9)
