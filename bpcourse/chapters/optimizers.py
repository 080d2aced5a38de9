"""Chapter 12: optimizers side by side on a problem small enough to draw.

A linear unit $y = w_1 x_1 + w_2 x_2 + b$ fitted by least squares (``MLP([2, 1])``, the
half-squared loss) has a quadratic cost over the weight plane $(w_1, w_2)$. When the two
inputs have very different scales, the cost is a long valley along the $w_2$ axis: gradient
descent must take steps small enough for the steep $w_1$ direction and then crawls along
$w_2$, while Adam, which scales each parameter's step by its own gradient history, does not.
Rotating the inputs turns the same valley diagonal, which Adam's per-parameter scaling no
longer fits; gradient descent does not notice the rotation at all.

- ``scaled_data``: such a data set (seeded), optionally rotated;
- ``least_squares``: the minimum, in closed form, to measure the paths against;
- ``record_path``: train with ``train.fit`` and keep $(w_1, w_2)$ after every epoch;
- ``path_costs``: $J$ along a path (the bias at its least-squares value);
- ``cost_grid`` and ``plot_paths``: the cost as contours, with the paths on top.
"""
from __future__ import annotations

import numpy as np

from .. import train
from ..draw import plotting
from ..mlp import MLP, check_batch

PATH_COLOURS = (plotting.BLUE, plotting.VERMILION, plotting.GREEN, plotting.PURPLE)
W_TRUE = (1.0, -2.0)


def rotation(angle: float) -> np.ndarray:
    """The 2 x 2 rotation matrix by ``angle`` radians."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def scaled_data(m: int = 100, scales=(3.0, 0.3), angle: float = 0.0, seed: int = 0):
    """Inputs with standard deviations ``scales``, targets $t = x \\cdot (1, -2) + $ noise (std 0.1): (X, T).

    With ``angle`` the inputs are then rotated, $x \\mapsto R x$, and the targets kept: the
    cost over the weights is the same function turned by the same angle,
    $J_R(\\mathbf w) = J(R^\\top \\mathbf w)$, with its minimum at $R\\,\\mathbf w^*$.
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 2)) * np.asarray(scales, dtype=np.float64)
    X = X - X.mean(axis=0)                              # centred: the bias plays no part
    T = X @ np.array(W_TRUE)[:, None] + 0.1 * rng.normal(size=(m, 1))
    return X @ rotation(angle).T, T


def least_squares(X, T) -> np.ndarray:
    """The $(w_1, w_2, b)$ minimizing $\\frac12\\,\\text{mean}\\,(w \\cdot x + b - t)^2$ (normal equations)."""
    X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
    A = np.hstack([X, np.ones((X.shape[0], 1))])
    return np.linalg.lstsq(A, T[:, 0], rcond=None)[0]


def linear_unit(w1: float = 0.0, w2: float = 0.0, b: float = 0.0) -> MLP:
    """``MLP([2, 1])`` with weights (w1, w2) and bias b."""
    net = MLP([2, 1], output="identity", init="zeros")
    net.weights[0][0] = (float(w1), float(w2))
    net.biases[0][0] = float(b)
    return net


def record_path(X, T, **fit_kw) -> np.ndarray:
    """Train ``linear_unit()`` (all zeros) full-batch with ``train.fit(..., loss="half_squared", **fit_kw)``.

    Returns the path of the weights, shape (epochs + 1, 2): at the start and after every epoch.
    """
    net = linear_unit()
    path = [net.weights[0][0].copy()]
    train.fit(net, X, T, loss="half_squared",
              callback=lambda epoch, net_, J: path.append(net_.weights[0][0].copy()), **fit_kw)
    return np.array(path)


def path_costs(X, T, path) -> np.ndarray:
    """$J(w_1, w_2, b^*)$ at every point of ``path`` minus the least-squares minimum $J^*$."""
    X, T = check_batch(linear_unit(), X, T, "half_squared")
    *w_star, b_star = least_squares(X, T)
    J_star = train.vectorized_cost(linear_unit(*w_star, b_star), X, T, "half_squared")
    return np.array([train.vectorized_cost(linear_unit(w1, w2, b_star), X, T, "half_squared")
                     for w1, w2 in path]) - J_star


def cost_grid(X, T, w1s, w2s) -> np.ndarray:
    """$J(w_1, w_2, b^*)$ on the grid ``w1s`` x ``w2s``: shape (len(w2s), len(w1s)), for ``contour``."""
    X, T = check_batch(linear_unit(), X, T, "half_squared")
    b_star = least_squares(X, T)[2]
    return np.array([[train.vectorized_cost(linear_unit(w1, w2, b_star), X, T, "half_squared")
                      for w1 in w1s] for w2 in w2s])


def plot_paths(ax, X, T, paths: dict[str, np.ndarray], w1s, w2s) -> None:
    """Contours of $J$ (log-spaced levels), the minimum as a star, and each path as a line."""
    J = cost_grid(X, T, w1s, w2s)
    ax.contour(w1s, w2s, J, levels=np.geomspace(J.min() * 1.5 + 1e-3, J.max(), 12),
               colors="grey", linewidths=0.6)
    for (label, path), colour in zip(paths.items(), PATH_COLOURS):
        ax.plot(path[:, 0], path[:, 1], ".-", color=colour, ms=2.5, lw=1, label=label)
    w1, w2, _ = least_squares(X, T)
    ax.plot([w1], [w2], "*", color="black", ms=12, label="minimum")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
