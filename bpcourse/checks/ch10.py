"""Checks for the coding exercises of chapter 10 (weight symmetry)."""
from __future__ import annotations

import numpy as np

from .. import activations, losses, vectorized
from ..mlp import MLP, check_batch
from ._core import NotAnswered, _fail, answered, check_array

__all__ = ["ch10_gradient_rows", "ch10_collapse"]


def _one_hidden_layer(name: str, net) -> None:
    if not isinstance(net, MLP):
        _fail(f"{name}: expected a bpcourse.MLP, got {type(net).__name__}")
    if len(net.sizes) != 3:
        _fail(f"{name}: expected a network with one hidden layer, got sizes {net.sizes}")


def ch10_gradient_rows(dW0, net: MLP, X, T, loss: str = "bce", name: str = "dW0_r") -> None:
    """Check dJ/dW^(0) (shape (p_1, p_0)) for ``net`` on (X, T), then that its rows are identical.

    The reference is ``vectorized.loss_and_grads``; the hints are the gradient with g'(Z^(1))
    left out, without the 1/m of the cost, and with the outgoing weights left out.
    """
    answered(name, dW0, "compute it in the exercise cell above and run that cell")
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
                             "(delta^(2) W^(1)), with W^(1) = net.weights[1]"),
                (g.weights[0] * m / net.sizes[1], "divide by the number of examples m = "
                 f"{m}, not by the number of hidden units {net.sizes[1]}"),
                (g.weights[0] * m / net.sizes[2], "divide by the number of examples m = "
                 f"{m}, not by the number of outputs {net.sizes[2]}"),
                (-g.weights[0], "the sign is flipped: the output delta is (Y - T) / m")]
    if len({m, net.sizes[1], net.sizes[2]}) < 3:
        raise ValueError("choose m and the layer widths all different, so that each mistake shows")
    check_array(f"{name} = dJ/dW^(0)", dW0, g.weights[0], mistakes,
                otherwise="entry (j, k) is sum_i Delta^(1)[i, j] X[i, k], with Delta^(1) = "
                          "g'(Z^(1)) * (Delta^(2) W^(1)) and Delta^(2) = (Y - T) / m")
    rows = np.asarray(dW0, dtype=np.float64)
    if not np.all(rows == rows[0]):
        _fail(f"{name}: right to 6 digits, but its rows are not exactly equal; compute it with "
              f"the delta recursion (same operations for every unit)")
    print(f"✓ the {len(rows)} rows of {name} are identical, as the symmetry theorem says.")


def ch10_collapse(one: MLP, net: MLP, X, name: str = "one_c") -> None:
    """Check that the one-hidden-unit network ``one`` computes the same outputs as ``net`` on X
    and on 20 more inputs (the twin must agree everywhere, not on X alone)."""
    answered(name, one, "build it in the exercise cell above and run that cell")
    _one_hidden_layer("your network", one)
    _one_hidden_layer("the symmetric network", net)
    if one.sizes != [net.sizes[0], 1, net.sizes[2]]:
        _fail(f"your network has sizes {one.sizes}; expected [{net.sizes[0]}, 1, {net.sizes[2]}]: "
              f"one hidden unit")
    if not any(np.any(a) for a in one.weights + one.biases):
        raise NotAnswered(f"{name} is not answered yet: its weights and biases are still zero; "
                          f"set {name}.weights and {name}.biases in the exercise cell above and "
                          f"run that cell")
    if one.activation_names != net.activation_names:
        _fail(f"your network's activations are {one.activation_names}, expected {net.activation_names}")
    X = np.vstack([np.asarray(X, dtype=np.float64),
                   np.random.default_rng(10).normal(0.0, 2.0, size=(20, net.sizes[0]))])
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
    p = net.sizes[1]
    for W1, b1, b2, hint in [
            (p * net.weights[0][:1], net.biases[0][:1], net.biases[1], "only the outgoing weights "
             "add up: the one unit's incoming weights are those of any one unit (a row of W^(0))"),
            (net.weights[0][:1], net.biases[0][:1], p * net.biases[1], "the output bias stays as "
             "it is: only the outgoing weights of the p units add up"),
            (net.weights[0][:1], p * net.biases[0][:1], net.biases[1], "the hidden bias is that of "
             "any one unit: only the outgoing weights add up")]:
        bad = MLP(one.sizes, hidden=net.hidden, output=net.output, init="zeros")
        bad.weights = [W1.copy(), net.weights[1].sum(axis=1, keepdims=True)]
        bad.biases = [b1.copy(), b2.copy()]
        wrong.append((bad.forward(X), hint))
    check_array(f"the outputs of {name} (on the {len(X) - 20} inputs given and 20 more)",
                one.forward(X), expected, wrong, rtol=1e-9,
                otherwise="the twin keeps one row of W^(0) and one bias of b^(0), sums the "
                          "outgoing weights, and keeps the output bias")
