"""Chapter 13: deep networks under four starts (``INITS``), measured layer by layer."""
from __future__ import annotations

import numpy as np

from .. import vectorized
from .._validate import choice
from ..draw import plotting
from ..mlp import MLP

#: the starts compared in the chapter: label -> MLP keyword arguments
INITS: dict[str, dict] = {
    "small, N(0, 0.01²)": dict(init="normal", scale=0.01),
    "large, N(0, 1)": dict(init="normal", scale=1.0),
    "Xavier": dict(init="xavier"),
    "He": dict(init="he"),
}


def deep_net(n_in: int, width: int, depth: int, n_out: int, hidden: str, start: str,
             output: str = "identity", seed: int = 0) -> MLP:
    """``MLP([n_in] + [width] * depth + [n_out])`` started as ``INITS[start]``."""
    kw = INITS[choice("start", start, INITS)]
    return MLP([n_in] + [width] * depth + [n_out], hidden=hidden, output=output,
               seed=seed, **kw)


def layer_stats(net: MLP, X: np.ndarray, T: np.ndarray,
                loss: str = "half_squared") -> dict[str, np.ndarray]:
    """Per weight layer l: Var Z^(l+1), Var of the per-example deltas m dJ/dZ^(l+1)
    and ||dJ/dW^(l)||, as "z_var", "delta_var", "grad_norm" (each of shape (layers,))."""
    Z, A = vectorized.forward(net, X)                # Z[0] is None, A[0] = X
    D = vectorized.deltas(net, Z, A, T, loss)        # dJ/dZ[l], with the 1/m
    grads = vectorized.backward(net, Z, A, T, loss)
    return {"z_var": np.array([z.var() for z in Z[1:]]),
            "delta_var": np.array([(len(X) * d).var() for d in D[1:]]),
            "grad_norm": np.array([np.linalg.norm(G) for G in grads.weights])}


def plot_layer_norms(ax, values: dict[str, np.ndarray], title: str, ylabel: str) -> None:
    """One line per start: ``values[start][l]`` against the layer l + 1, log scale."""
    for (label, v), colour in zip(values.items(), plotting.RUN_COLOURS):
        ax.semilogy(np.arange(1, len(v) + 1), v, marker="o", ms=3, color=colour,
                    label=label)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=10)
