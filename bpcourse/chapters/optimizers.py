"""Chapter 12's valley: the cost of a linear unit $w_1 x_1 + w_2 x_2 + b$ on inputs
of very different scales (turned if the inputs are rotated), and paths across it."""
from __future__ import annotations

import numpy as np

from .. import train
from ..draw import plotting
from ..mlp import MLP

W_TRUE = (1.0, -2.0)


def scaled_data(m: int = 100, scales=(3.0, 0.3), angle: float = 0.0,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X (m, 2) of column stds ``scales``, then x -> R(angle) x; T (m, 1) = x·(1, -2) + noise."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 2)) * np.asarray(scales, dtype=np.float64)
    X = X - X.mean(axis=0)                           # centred: the bias plays no part
    T = X @ np.array(W_TRUE)[:, None] + 0.1 * rng.normal(size=(m, 1))
    c, s = np.cos(angle), np.sin(angle)
    return X @ np.array([[c, s], [-s, c]]), T        # rows x^T R^T, R the rotation


def least_squares(X: np.ndarray, T: np.ndarray) -> np.ndarray:
    """$(w_1, w_2, b)$ minimizing $\\frac12\\,\\text{mean}(w \\cdot x + b - t)^2$: shape (3,)."""
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    return np.linalg.lstsq(A, T[:, 0], rcond=None)[0]


def linear_unit(w1: float = 0.0, w2: float = 0.0, b: float = 0.0) -> MLP:
    """``MLP([2, 1])`` with weights (w1, w2) and bias b."""
    net = MLP([2, 1], output="identity", init="zeros")
    net.weights[0][0], net.biases[0][0] = (w1, w2), b
    return net


def record_path(X: np.ndarray, T: np.ndarray, **fit_kw) -> np.ndarray:
    """$(w_1, w_2)$ from 0 and after each epoch of ``train.fit``: (epochs + 1, 2)."""
    net, path = linear_unit(), [np.zeros(2)]
    train.fit(net, X, T, loss="half_squared", **fit_kw,
              callback=lambda epoch, n, J: path.append(n.weights[0][0].copy()))
    return np.array(path)


def path_costs(X: np.ndarray, T: np.ndarray, path: np.ndarray) -> np.ndarray:
    """$J(w_1, w_2, b^*) - J^*$ at every point of ``path`` (n, 2): shape (n,)."""
    *w_star, b_star = least_squares(X, T)
    J = [train.vectorized_cost(linear_unit(*w, b_star), X, T, "half_squared")
         for w in [w_star, *path]]
    return np.array(J[1:]) - J[0]


def plot_paths(ax, X: np.ndarray, T: np.ndarray, paths: dict[str, np.ndarray],
               w1s: np.ndarray, w2s: np.ndarray) -> None:
    """Contours of $J - J^*$ over ``w1s`` x ``w2s``, the minimum, each path."""
    grid = np.array([[w1, w2] for w2 in w2s for w1 in w1s])
    gap = path_costs(X, T, grid).reshape(len(w2s), len(w1s))
    ax.contour(w1s, w2s, gap, levels=np.geomspace(1e-3, gap.max(), 12),
               colors="grey", linewidths=0.6)
    for (label, path), colour in zip(paths.items(), plotting.RUN_COLOURS):
        ax.plot(path[:, 0], path[:, 1], ".-", color=colour, ms=2.5, lw=1,
                label=label)
    w1, w2, _ = least_squares(X, T)
    ax.plot([w1], [w2], "*", color="black", ms=12, label="minimum")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
