"""Small helpers for chapter 6 (the chain rule): limits as tables, and "the rest of the graph".

- ``difference_quotients``: the lecture 001 limit argument in numbers, for f(y(x)):
  (f(y(x+t)) - f(y(x))) / t  =  [(f(y + c) - f(y)) / c] * [(y(x+t) - y(x)) / t],  c = y(x+t) - y(x).
- ``regularized_downstream``: L_reg of lecture 004's example as a function of one of its
  nodes, everything upstream held at its value, for checking each bar by finite differences.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations

REGULARIZED_NODES = ("L_reg", "R", "L", "y", "z", "w", "b")


def difference_quotients(f: Callable, y: Callable, x: float, ts) -> np.ndarray:
    """Rows (t, quotient of f∘y, quotient of f over c, quotient of y over t) for each t: shape (len(ts), 4)."""
    rows = []
    for t in np.asarray(ts, dtype=np.float64):
        if t == 0:
            raise ValueError("every step t must be non-zero (the quotient divides by t)")
        c = y(x + t) - y(x)
        q_f = (f(y(x) + c) - f(y(x))) / c if c != 0 else np.nan
        rows.append((t, (f(y(x + t)) - f(y(x))) / t, q_f, c / t))
    return np.array(rows)


def regularized_downstream(name: str, w: float, b: float, x: float, t: float,
                           lam: float) -> Callable[[np.ndarray], float]:
    r"""$L_{reg}$ as a function of node ``name``'s value (a 1-element array), with its ancestors fixed.

    Nodes: z = wx + b, y = sigma(z), L = (y - t)^2 / 2, R = w^2 / 2, L_reg = L + lam R.
    Its numerical derivative is that node's bar, $\bar v = \partial L_{reg} / \partial v$.
    """
    if name not in REGULARIZED_NODES:
        raise ValueError(f"unknown node {name!r}; expected one of {REGULARIZED_NODES}")
    R0 = 0.5 * w ** 2
    L0 = 0.5 * (float(activations.sigmoid(w * x + b)) - t) ** 2

    def from_y(y):
        return 0.5 * (y - t) ** 2

    def E(v):
        v = float(np.ravel(v)[0])
        if name == "L_reg":
            return v
        if name == "R":
            return L0 + lam * v
        if name == "L":
            return v + lam * R0
        if name == "y":
            return from_y(v) + lam * R0
        if name == "z":
            return from_y(float(activations.sigmoid(v))) + lam * R0
        if name == "w":
            return from_y(float(activations.sigmoid(v * x + b))) + lam * 0.5 * v ** 2
        return from_y(float(activations.sigmoid(w * x + v))) + lam * R0      # b
    return E


def reverse_mode(order: list[str], local: dict[tuple[str, str], float]) -> dict[str, float]:
    r"""The backward pass of lecture 004 over named nodes: $\bar v_N = 1$, then for i = N-1, ..., 1
    $\bar v_i = \sum_{j \in Ch(v_i)} \bar v_j \, \partial v_j / \partial v_i$.

    ``order`` is a topological order (parents first, the output last); ``local[(j, i)]`` is the
    local derivative $\partial v_j / \partial v_i$ of child j with respect to its parent i.
    """
    if not order:
        raise ValueError("order is empty; expected the graph's nodes, output last")
    unknown = {n for edge in local for n in edge} - set(order)
    if unknown:
        raise ValueError(f"local derivatives name nodes not in order: {sorted(unknown)}")
    position = {v: k for k, v in enumerate(order)}
    for j, i in local:
        if position[j] <= position[i]:
            raise ValueError(f"order is not topological: child {j!r} comes before its parent {i!r}")
    bars = {order[-1]: 1.0}
    for v in reversed(order[:-1]):
        bars[v] = sum(bars[j] * d for (j, i), d in local.items() if i == v)
    return bars
