"""Checks for the coding exercises of chapter 10 (weight symmetry).

Both answers are functions of a network: ``first_layer_grad(net, X, T)`` (dJ/dW^(0) of a
tanh/identity network, half-squared loss) and ``collapse(net)`` (the one-unit twin of a network
whose hidden units are identical). Each check calls the function on several networks (sizes,
constants, activations) and names the problem and the entry that differ.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import vectorized
from ..mlp import MLP
from ._core import call, compare, _fail, passed, returned
from ._watch import Hidden, new_seed

__all__ = ["ch10_gradient_rows", "ch10_collapse"]


def _one_hidden_layer(name: str, net) -> None:
    if not isinstance(net, MLP):
        _fail(f"{name}: expected a bpcourse.MLP, got {type(net).__name__}")
    if len(net.sizes) != 3:
        _fail(f"{name}: expected a network with one hidden layer, got sizes {net.sizes}")


# ---- dJ/dW^(0), and its identical rows --------------------------------------------------------

#: (p_0, p_1, p_2, m, the constant weight or None for random weights, the biases, seed of X, T
#: and of the random weights); the first is the exercise's network; m, p_1, p_2 all differ
GRAD_CASES = [(3, 4, 2, 8, -0.3, 0.0, 7), (2, 5, 1, 3, 0.6, 0.2, 1),
              (4, 2, 3, 6, -0.8, -0.5, 2), (3, 6, 2, 5, None, 0.0, 3)]


def grad_problem(p0: int, p1: int, p2: int, m: int, value, bias: float, seed: int):
    """The tanh/identity network of a case (every weight ``value``, every bias ``bias``; random
    weights if ``value`` is None) and its batch X (m, p_0), T (m, p_2)."""
    rng = np.random.default_rng(seed)
    X, T = rng.normal(size=(m, p0)), rng.normal(size=(m, p2))
    if value is None:
        net = MLP([p0, p1, p2], hidden="tanh", output="identity", seed=seed)
    else:
        net = MLP([p0, p1, p2], hidden="tanh", output="identity", init="constant", value=value)
    net.biases = [np.full(p1, float(bias)), np.full(p2, float(bias))]
    return net, X, T


def _grad_mistakes(net: MLP, X, T) -> list[tuple[np.ndarray, str]]:
    """dJ/dW^(0) after each usual slip, computed from the same inputs."""
    Z, A = vectorized.forward(net, X)
    m, W1 = X.shape[0], net.weights[1]
    D2 = (A[2] - T) / m
    D1 = (1 - A[1] ** 2) * (D2 @ W1)
    right = D1.T @ X
    return [
        ((D2 @ W1).T @ X, "this is the gradient without the factor g'(Z^(1)) of the delta "
                          "recursion"),
        (right * m, "this is the sum over the examples; the cost J averages, so divide by m"),
        (((1 - A[1] ** 2) * D2.sum(axis=1, keepdims=True)).T @ X,
         "the hidden deltas need the outgoing weights: delta^(1) = g'(Z^(1)) * "
         "(delta^(2) W^(1)), with W^(1) = net.weights[1]"),
        (right * m / net.sizes[1], f"divide by the number of examples m = {m}, not by the "
                                   f"number of hidden units {net.sizes[1]}"),
        (right * m / net.sizes[2], f"divide by the number of examples m = {m}, not by the "
                                   f"number of outputs {net.sizes[2]}"),
        (-right, "the sign is flipped: the output delta is (Y - T) / m"),
        ((A[1] * (1 - A[1]) * (D2 @ W1)).T @ X, "a(1 - a) is the sigmoid's derivative; "
                                                "tanh'(z) = 1 - tanh(z)^2 = 1 - A^(1)**2"),
        (((1 - Z[1] ** 2) * (D2 @ W1)).T @ X, "tanh'(z) = 1 - tanh(z)^2: square the "
                                              "activations A^(1), not Z^(1)"),
        (((1 - A[1] ** 2) * ((1 - A[2] ** 2) * D2 @ W1)).T @ X,
         "the outputs are identity units: Delta^(2) = (Y - T) / m, with no derivative factor"),
    ]


def ch10_gradient_rows(first_layer_grad: Callable) -> None:
    """Check ``first_layer_grad(net, X, T)`` = dJ/dW^(0) (p_1, p_0) on each of ``GRAD_CASES``;
    for each symmetric network, that its rows are identical.

    The reference is ``vectorized.loss_and_grads`` (half-squared loss); the hints name g'(Z^(1))
    left out or taken as the sigmoid's or from Z, the 1/m of the cost, the outgoing weights,
    dividing by a layer width, the sign, and a derivative at the identity outputs.
    """
    name, right_on = "first_layer_grad", None
    for k, case in enumerate(GRAD_CASES):
        p0, p1, p2, m, value, bias, _ = case
        if len({m, p1, p2}) < 3:
            raise ValueError("choose m and the layer widths all different, so each mistake shows")
        net, X, T = grad_problem(*case)
        got = returned(name, call(name, first_layer_grad, net.copy(), X.copy(), T.copy()))
        expected = vectorized.loss_and_grads(net, X, T, "half_squared")[1].weights[0]
        kind = (f"every weight {value}, every bias {bias}" if value is not None
                else "random weights")
        what = f"{name} for a {p0}-{p1}-{p2} network ({kind}), m = {m}"
        otherwise = ("entry (j, k) is sum_i Delta^(1)[i, j] X[i, k], with Delta^(1) = "
                     "g'(Z^(1)) * (Delta^(2) W^(1)) and Delta^(2) = (Y - T) / m")
        if right_on:
            otherwise += (f" (right for the {right_on}: take every size from the arguments, "
                          f"m = X.shape[0], W^(1) = net.weights[1])")
        compare(what, got, expected, _grad_mistakes(net, X, T), otherwise=otherwise)
        rows = np.asarray(got, dtype=np.float64)
        if value is not None and not np.allclose(rows, rows[0], rtol=1e-12, atol=1e-15):
            _fail(f"{what}: right to 6 digits, but its rows are not identical; compute it with "
                  f"the delta recursion (the same operations for every unit)")
        right_on = right_on or f"{p0}-{p1}-{p2} network"
    symmetric = sum(c[4] is not None for c in GRAD_CASES)
    passed(f"{name} on {len(GRAD_CASES)} networks (sizes, constants, random weights)")
    print(f"✓ the rows of dJ/dW^(0) are identical for the {symmetric} symmetric networks.")


# ---- the one-unit twin ------------------------------------------------------------------------

#: symmetric networks: each hidden unit's row of W^(0) and bias, p units, each output's weight
#: from every unit, the output biases, activations, and the seed of the inputs X (6 examples);
#: the first is the exercise's 2-3-1 network
COLLAPSE_CASES = [
    dict(row=[0.8, -1.3], b0=0.2, p=3, v=[0.6], b1=[-0.4], hidden="sigmoid",
         output="sigmoid", seed=4),
    dict(row=[0.5, -0.7, 1.1], b0=-0.3, p=4, v=[0.9, -0.4], b1=[0.1, 0.3], hidden="tanh",
         output="identity", seed=5),
    dict(row=[-1.2], b0=0.5, p=2, v=[1.5], b1=[0.2], hidden="relu", output="identity", seed=6),
    dict(row=[0.3, 0.8], b0=-0.1, p=5, v=[0.7, -0.2, 0.5], b1=[0.0, 0.1, -0.1],
         hidden="sigmoid", output="softmax", seed=8),
]


def symmetric_network(c: dict) -> MLP:
    """The network of case ``c``: p identical hidden units."""
    p0, p, p2 = len(c["row"]), c["p"], len(c["v"])
    net = MLP([p0, p, p2], hidden=c["hidden"], output=c["output"], init="zeros")
    net.weights = [np.tile(np.asarray(c["row"], float), (p, 1)),
                   np.tile(np.asarray(c["v"], float)[:, None], (1, p))]
    net.biases = [np.full(p, float(c["b0"])), np.asarray(c["b1"], float)]
    return net


def _twin(net: MLP, W0, b0, W1, b1) -> MLP:
    one = MLP([net.sizes[0], 1, net.sizes[2]], hidden=net.hidden, output=net.output,
              init="zeros")
    one.weights, one.biases = [W0, W1], [b0, b1]
    return one


def _collapse_mistakes(net: MLP, X) -> list[tuple[np.ndarray, str]]:
    """The twin's outputs after each usual slip."""
    W0, b0, b1 = net.weights[0][:1], net.biases[0][:1], net.biases[1]
    W1, p = net.weights[1].sum(axis=1, keepdims=True), net.sizes[1]
    wrong = [(_twin(net, W0, b0, net.weights[1][:, :1], b1), "the one unit carries the work of "
              "all p units: its outgoing weight is the sum of the p outgoing weights, not one "
              "of them (nor their mean, the same for identical units)"),
             (_twin(net, p * W0, b0, W1, b1), "only the outgoing weights add up: the one unit's "
              "incoming weights are those of any one unit (a row of W^(0))"),
             (_twin(net, W0, b0, W1, p * b1), "the output bias stays as it is: only the "
              "outgoing weights of the p units add up"),
             (_twin(net, W0, p * b0, W1, b1), "the hidden bias is that of any one unit: only "
              "the outgoing weights add up")]
    return [(one.forward(X), hint) for one, hint in wrong]


def _inputs(net: MLP, seed: int) -> np.ndarray:
    """6 inputs drawn from ``seed``, then 20 more (the twin must agree everywhere)."""
    return np.vstack([np.random.default_rng(seed).normal(size=(6, net.sizes[0])),
                      np.random.default_rng(10).normal(0.0, 2.0, size=(20, net.sizes[0]))])


def ch10_collapse(collapse: Callable) -> None:
    """Check ``collapse(net)``: the one-unit twin (an MLP [p_0, 1, p_2], the same activations)
    of each symmetric network of ``COLLAPSE_CASES``, computing the same outputs on 26 inputs."""
    name = "collapse"
    for c in COLLAPSE_CASES:
        net = symmetric_network(c)
        p0, p, p2 = net.sizes
        what = (f"collapse of a {p0}-{p}-{p2} network ({net.hidden[0]} hidden units, "
                f"{net.output} outputs)")
        one = returned(name, call(name, collapse, net.copy()))
        _one_hidden_layer(f"{what}: the twin", one)
        if one.sizes != [p0, 1, p2]:
            _fail(f"{what}: the twin has sizes {one.sizes}, expected [{p0}, 1, {p2}]: one "
                  f"hidden unit")
        if one.activation_names != net.activation_names:
            _fail(f"{what}: the twin's activations are {one.activation_names}, expected "
                  f"{net.activation_names}\nHint: build it with hidden=net.hidden, "
                  f"output=net.output")
        X = _inputs(net, c["seed"])
        try:
            Y = one.forward(X)
        except ValueError as e:
            _fail(f"{what}: the twin's parameters do not fit its sizes: {e}")
        compare(f"{what}: the twin's outputs (on 6 inputs and 20 more)", Y, net.forward(X),
                _collapse_mistakes(net, X), rtol=1e-9,
                otherwise="the twin keeps one row of W^(0) and one bias of b^(0), sums the "
                          "outgoing weights of the p units, and keeps the output bias")
    passed(f"collapse on {len(COLLAPSE_CASES)} symmetric networks (sizes, activations)")


# ---- the hidden tests (bpcourse.checks.hidden): the problems above, redrawn --------------------

def _draw_grad(rng) -> list:
    """2 symmetric networks and 1 with random weights: other sizes (m, p_1, p_2 all
    different), constants, biases, data."""
    cases = []
    for value in (*np.round(rng.choice([-1, 1], 2) * rng.uniform(0.2, 0.9, 2), 2), None):
        p0, p2 = int(rng.integers(2, 6)), int(rng.integers(1, 4))
        p1 = int(rng.choice([w for w in range(2, 7) if w != p2]))
        m = int(rng.choice([n for n in range(3, 11) if n not in (p1, p2)]))
        bias = float(np.round(rng.normal(0, 0.5), 2))
        cases.append((p0, p1, p2, m, None if value is None else float(value), bias,
                      new_seed(rng)))
    return cases


def _draw_collapse(rng) -> list:
    """3 symmetric networks: other sizes, activations, outputs, weights, biases and inputs."""
    cases = []
    for _ in range(3):
        output = str(rng.choice(["sigmoid", "identity", "softmax"]))
        p0, p2 = int(rng.integers(1, 5)), int(rng.integers(2 if output == "softmax" else 1, 4))

        def numbers(n: int) -> list[float]:
            return [float(x) for x in np.round(rng.uniform(0.2, 1.5, n)
                                               * rng.choice([-1, 1], n), 2)]
        cases.append(dict(row=numbers(p0), b0=numbers(1)[0], p=int(rng.integers(2, 7)),
                          v=numbers(p2), b1=numbers(p2),
                          hidden=str(rng.choice(["sigmoid", "tanh", "relu"])), output=output,
                          seed=new_seed(rng)))
    return cases


#: what a first_layer_grad may call: the forward pass, the network's own methods, g and g'
#: (not a backward pass, nor mlp.checked_loss_and_grads handed an engine)
_FORWARD = ("vectorized.forward", "mlp.forward_pass", "activations", "mlp.Params.flat",
            *(f"mlp.MLP.{m}" for m in ("__init__", "forward", "hidden", "output", "copy",
                                        "params", "n_params")))

#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch10_gradient_rows": Hidden("GRAD_CASES", _draw_grad, _FORWARD,
                                 "2 other symmetric networks (sizes, constants, biases, data) "
                                 "and 1 with random weights"),
    "ch10_collapse": Hidden("COLLAPSE_CASES", _draw_collapse, ("mlp",),
                            "3 other symmetric networks (sizes, activations, outputs, weights, "
                            "biases, inputs)"),
}
