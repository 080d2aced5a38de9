"""One neuron, y = sigma(w x + b), fitted by gradient descent (chapter 5, lecture 002).

With m examples (x_i, y_d,i) the cost is the mean squared error

    J(w, b) = (1/m) sum_i (sigma(w x_i + b) - y_d,i)^2

and, by the chain rule, with z_i = w x_i + b,

    dL_i/dw = 2 (y_i - y_d,i) sigma'(z_i) x_i        dL_i/db = 2 (y_i - y_d,i) sigma'(z_i)
    dJ/dw   = (1/m) sum_i dL_i/dw                     dJ/db   = (1/m) sum_i dL_i/db

Gradient descent repeats (w, b) <- (w, b) - lr * grad J(w, b). The linear model y = w x
(no sigma, no b) is the simplest case: dJ/dw = (1/m) sum_i 2 (w x_i - y_d,i) x_i.

Inputs ``x`` and targets ``y_d`` are 1-D arrays of the same length m (one number per example).
"""
from __future__ import annotations

import numbers

import numpy as np

from .. import activations
from .._validate import number as _number
from .._validate import positive


def _vector(name: str, a) -> np.ndarray:
    """``a`` as a float64 array of shape (m,), m >= 1, finite."""
    if isinstance(a, (str, bytes)) or a is None:
        raise TypeError(f"{name} must be a 1-D array of numbers, got {type(a).__name__}")
    try:
        a = np.asarray(a, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be a 1-D array of numbers ({e})") from None
    if a.ndim == 0:
        a = a.reshape(1)
    if a.ndim != 1:
        raise ValueError(f"{name} must be 1-D with shape (m,), one number per example; "
                         f"got shape {a.shape}")
    if a.size == 0:
        raise ValueError(f"{name} is empty; expected at least one example")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains NaN or inf; expected finite numbers")
    return a


def _data(x, y_d) -> tuple[np.ndarray, np.ndarray]:
    x, y_d = _vector("x", x), _vector("y_d", y_d)
    if x.shape != y_d.shape:
        raise ValueError(f"x has {x.size} examples but y_d has {y_d.size}; they must match")
    return x, y_d




def example_data(m: int = 12, w_true: float = 2.0, b_true: float = -1.0, noise: float = 0.05,
                 seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """m inputs x in [-2, 2] and targets y_d = sigma(w_true x + b_true) + noise, clipped to [0, 1]."""
    positive("m", m, integer=True)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, m))
    y_d = activations.sigmoid(w_true * x + b_true) + noise * rng.normal(size=m)
    return x, np.clip(y_d, 0.0, 1.0)


def predict(w: float, b: float, x) -> np.ndarray:
    r"$y = \sigma(w x + b)$ for each example: x (m,) -> y (m,)"
    return activations.sigmoid(_number("w", w) * _vector("x", x) + _number("b", b))


def cost(w: float, b: float, x, y_d) -> float:
    r"$J(w, b) = \frac1m \sum_i (\sigma(w x_i + b) - y_{d,i})^2$"
    x, y_d = _data(x, y_d)
    return float(np.mean((predict(w, b, x) - y_d) ** 2))


def example_gradients(w: float, b: float, x, y_d) -> np.ndarray:
    r"Per-example $(\partial L_i/\partial w, \partial L_i/\partial b) = 2(y_i - y_{d,i})\sigma'(z_i)\,(x_i, 1)$: shape (m, 2)"
    x, y_d = _data(x, y_d)
    z = _number("w", w) * x + _number("b", b)
    delta = 2.0 * (activations.sigmoid(z) - y_d) * activations.sigmoid_prime(z)   # dL_i/dz_i
    return np.stack([delta * x, delta], axis=1)


def gradient(w: float, b: float, x, y_d) -> np.ndarray:
    r"$\nabla J = (\partial J/\partial w, \partial J/\partial b)$, the mean of the per-example gradients: shape (2,)"
    return example_gradients(w, b, x, y_d).mean(axis=0)


def cost_grid(ws, bs, x, y_d) -> np.ndarray:
    """J at every (w, b) of a grid: ws (nw,), bs (nb,) -> J of shape (nb, nw), rows along b."""
    x, y_d = _data(x, y_d)
    ws, bs = _vector("ws", ws), _vector("bs", bs)
    Z = ws[None, :, None] * x[None, None, :] + bs[:, None, None]          # (nb, nw, m)
    return np.mean((activations.sigmoid(Z) - y_d) ** 2, axis=2)


def descent_path(w0: float, b0: float, x, y_d, lr: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    r"""Gradient descent $(w, b) \leftarrow (w, b) - \mathrm{lr}\,\nabla J(w, b)$ from (w0, b0).

    Returns the path, shape (steps + 1, 2) (row 0 is the start), and J at each row, shape (steps + 1,).
    """
    x, y_d = _data(x, y_d)
    positive("lr", lr)
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    p = np.array([_number("w0", w0), _number("b0", b0)])
    path = [p]
    for _ in range(int(steps)):
        p = p - lr * gradient(p[0], p[1], x, y_d)
        path.append(p)
    path = np.array(path)
    return path, np.array([cost(w, b, x, y_d) for w, b in path])


# -- the linear model y = w x: the simplest case -----------------------------------------------
def linear_cost(w: float, x, y_d) -> float:
    r"$J(w) = \frac1m \sum_i (w x_i - y_{d,i})^2$ for the linear model $y = w x$"
    x, y_d = _data(x, y_d)
    return float(np.mean((_number("w", w) * x - y_d) ** 2))


def linear_gradient(w: float, x, y_d) -> float:
    r"$\partial J/\partial w = \frac1m \sum_i 2 (w x_i - y_{d,i})\, x_i$"
    x, y_d = _data(x, y_d)
    return float(np.mean(2.0 * (_number("w", w) * x - y_d) * x))


def linear_descent(w0: float, x, y_d, lr: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    r"Gradient descent on the linear model: the w's, shape (steps + 1,), and J at each, shape (steps + 1,)."
    x, y_d = _data(x, y_d)
    positive("lr", lr)
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    ws = [_number("w0", w0)]
    for _ in range(int(steps)):
        ws.append(ws[-1] - lr * linear_gradient(ws[-1], x, y_d))
    ws = np.array(ws)
    return ws, np.array([linear_cost(w, x, y_d) for w in ws])
