"""Chapter 5's data and the sweeps behind its figures: one neuron y = sigma(w x + b).

The cost is J(w, b) = (1/m) sum_i (sigma(w x_i + b) - y_d,i)^2. The chapter computes
its gradient and the descent loop in its own cells; here the engine (``vectorized``
on ``MLP([1, 1], output="sigmoid")``, loss "squared") gives J and grad J to the
widget, the figures and the checks. ``x`` and ``y_d`` are arrays of shape (m,).
"""
from __future__ import annotations

import numpy as np

from .. import MLP, activations, vectorized
from .._validate import as_batch, number, positive


def example_data(m: int = 12, w_true: float = 2.0, b_true: float = -1.0,
                 noise: float = 0.05, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """m inputs x in [-2, 2], targets sigma(w_true x + b_true) + noise in [0, 1]."""
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, m))
    y_d = activations.sigmoid(w_true * x + b_true) + noise * rng.normal(size=m)
    return x, np.clip(y_d, 0.0, 1.0)


def cost_and_gradient(w: float, b: float, x, y_d) -> tuple[float, np.ndarray]:
    r"""$J(w, b)$ and $\nabla J = (\partial J/\partial w, \partial J/\partial b)$ (2,),
    by the engine."""
    net = MLP([1, 1], output="sigmoid")
    net.weights[0][:] = number("w", w)
    net.biases[0][:] = number("b", b)
    X, T = as_batch("x", np.reshape(x, (-1, 1))), as_batch("y_d", np.reshape(y_d, (-1, 1)))
    J, grads = vectorized.loss_and_grads(net, X, T, loss="squared")
    return J, np.array([grads.weights[0][0, 0], grads.biases[0][0]])


def cost_grid(ws, bs, x, y_d) -> np.ndarray:
    """J at every (w, b) of a grid: ws (nw,), bs (nb,) -> (nb, nw), rows along b."""
    ws, bs = np.asarray(ws, dtype=float), np.asarray(bs, dtype=float)
    Z = ws[None, :, None] * np.asarray(x)[None, None, :] + bs[:, None, None]
    return np.mean((activations.sigmoid(Z) - y_d) ** 2, axis=2)


def descent_path(w0: float, b0: float, x, y_d, lr: float,
                 steps: int) -> tuple[np.ndarray, np.ndarray]:
    r"""$(w, b) \leftarrow (w, b) - \alpha \nabla J$ from (w0, b0), for the widget:
    the path (steps + 1, 2), row 0 the start, and J at each row (steps + 1,)."""
    positive("lr", lr)
    if steps != 0:
        positive("steps", steps, integer=True)
    p, path, J = np.array([w0, b0], dtype=float), [], []
    for _ in range(steps + 1):
        J_p, g = cost_and_gradient(p[0], p[1], x, y_d)
        path.append(p)
        J.append(J_p)
        p = p - lr * g
    return np.array(path), np.array(J)
