"""Chapter 13: how the scale of the initial weights carries a signal through depth, or loses it.

For a layer $z_j = \\sum_{i=1}^{n} w_{ji} a_i + b_j$ with independent zero-mean weights of
variance $\\sigma_w^2$ (and $b = 0$), the variance argument gives

    forward:   Var(z^(l+1))   = n_in  sigma_w^2  E[(a^(l))^2]
    backward:  Var(delta^(l)) = n_out sigma_w^2  E[g'(z^(l))^2]  Var(delta^(l+1))

so the signal keeps its size through depth when $n\\,\\sigma_w^2\\,E[\\cdot]$ is 1 in each layer:
$\\sigma_w^2 = 2/(n_\\text{in} + n_\\text{out})$ for tanh (Xavier) and $2/n_\\text{in}$ for ReLU (He).

- ``INITS``: the four starts the chapter compares, as ``MLP`` keyword arguments;
- ``deep_net``: a network of ``depth`` equal hidden layers;
- ``layer_stats``: per layer, the spread of Z, of the deltas and of dJ/dW (one forward and
  one backward pass, by ``bpcourse.vectorized``), and the variance argument's predictions;
- ``train_deep``: train one deep network, reporting divergence instead of raising;
- ``plot_layer_norms``: one curve per start, over the layers.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import activations, train, vectorized
from ..draw import plotting
from ..mlp import MLP, check_batch

#: the starts compared in the chapter: label -> MLP keyword arguments
INITS: dict[str, dict] = {
    "small, N(0, 0.01²)": dict(init="normal", scale=0.01),
    "large, N(0, 1)": dict(init="normal", scale=1.0),
    "Xavier": dict(init="xavier"),
    "He": dict(init="he"),
}
INIT_COLOURS = (plotting.BLUE, plotting.VERMILION, plotting.GREEN, plotting.PURPLE)


def deep_net(n_in: int, width: int, depth: int, n_out: int, hidden: str, start: str,
             output: str = "identity", seed: int = 0) -> MLP:
    """``MLP([n_in] + [width] * depth + [n_out])`` started as ``INITS[start]``."""
    if start not in INITS:
        raise ValueError(f"unknown start {start!r}; expected one of {list(INITS)}")
    if isinstance(depth, bool) or not isinstance(depth, int) or depth < 1:
        raise ValueError(f"depth must be a positive whole number of hidden layers, got {depth!r}")
    return MLP([n_in] + [width] * depth + [n_out], hidden=hidden, output=output, seed=seed,
               **INITS[start])


@dataclass
class LayerStats:
    """One entry per weight layer l = 0 .. L-1 (or per hidden layer, where marked)."""

    z_var: np.ndarray           # Var of Z^(l+1), over the batch and the units
    z_var_predicted: np.ndarray  # n_in sigma_w^2 E[(A^(l))^2], with the sample variance of W^(l)
    delta_norm: np.ndarray      # ||dJ/dZ^(l+1)|| (Frobenius, over the batch)
    delta_var: np.ndarray       # Var of the rows of m dJ/dZ^(l+1) (per-example deltas)
    delta_var_predicted: np.ndarray  # hidden layers only: n_out sigma_w^2 E[g'(Z)^2] Var(delta^(l+2))
    grad_norm: np.ndarray       # ||dJ/dW^(l)|| (Frobenius)


def layer_stats(net: MLP, X, T, loss: str = "half_squared") -> LayerStats:
    """Measure the forward and backward signal of ``net`` on (X, T), layer by layer."""
    X, T = check_batch(net, X, T, loss)
    m = X.shape[0]
    Z, A = vectorized.forward(net, X)                  # Z[0] is None, A[0] = X
    _, grads = vectorized.loss_and_grads(net, X, T, loss)
    L = len(net.weights)
    # per-example deltas dL_i/dZ^(l), l = 1 .. L (no 1/m): chapter 8's recursion
    D = [None] + [m * Delta for Delta in vectorized.deltas(net, Z, A, T, loss)[1:]]
    z_var = np.array([Z[l + 1].var() for l in range(L)])
    z_pred = np.array([net.sizes[l] * net.weights[l].var() * np.mean(A[l] ** 2) for l in range(L)])
    delta_var = np.array([D[l + 1].var() for l in range(L)])
    delta_pred = np.array([net.sizes[l + 2] * net.weights[l + 1].var()
                           * np.mean(activations.derivative(net.activation_names[l], Z[l + 1], A[l + 1]) ** 2)
                           * D[l + 2].var() for l in range(L - 1)])
    return LayerStats(z_var=z_var, z_var_predicted=z_pred,
                      delta_norm=np.array([np.linalg.norm(D[l + 1]) / m for l in range(L)]),
                      delta_var=delta_var, delta_var_predicted=delta_pred,
                      grad_norm=np.array([np.linalg.norm(G) for G in grads.weights]))


def train_deep(net: MLP, X, T, **fit_kw) -> train.History | None:
    """``train.fit(net, X, T, **fit_kw)``, or None if the parameters overflowed (training diverged)."""
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            return train.fit(net, X, T, **fit_kw)
        except ValueError as err:
            if "NaN or inf" in str(err):
                return None
            raise


def plot_layer_norms(ax, values: dict[str, np.ndarray], title: str, ylabel: str) -> None:
    """One line per start: ``values[start][l]`` against the layer l + 1, on a log scale."""
    for (label, v), colour in zip(values.items(), INIT_COLOURS):
        v = np.asarray(v, dtype=np.float64)
        ax.semilogy(np.arange(1, len(v) + 1), v, marker="o", ms=3, color=colour, label=label)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
