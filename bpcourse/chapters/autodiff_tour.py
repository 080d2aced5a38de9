"""Chapter 11's tour of ``bpcourse.autodiff``: the lectures' examples as graphs, and what they cost.

- ``chain_example``: lecture 001's y = x^3, z = x^2, f = y z as named nodes;
- ``regularized_example`` and ``regularized_bars``: lecture 004's z = w x + b, y = sigma(z),
  L = (1/2)(y - t)^2, R = (1/2) w^2, L_reg = L + lambda R, built as a graph, and its backward
  pass written out by hand, line by line as in the lecture;
- ``mlp_graph``: a whole network's cost as the engine's graph, its Z and A nodes named, so the
  bars of the Z's can be set beside chapter 8's deltas (``deltas``, the engine's recursion);
- ``node_table``: the nodes in the topological order the engine uses;
- ``mul_overwriting``: a deliberately broken multiplication (``=`` where ``+=`` belongs);
- ``matmul_counts`` and ``time_passes``: the cost of the backward pass against the forward one.
"""
from __future__ import annotations

import time
import numpy as np

from .. import activations, vectorized
from .._validate import number as _number
from .._validate import positive
from ..autodiff import NetworkGraph, Node, network_graph, topological_order
from ..mlp import MLP, check_batch


def chain_example(x: float) -> dict[str, Node]:
    """Lecture 001's y = x^3, z = x^2, f = y z as named nodes (forward pass done, no backward yet)."""
    xn = Node(_number("x", x), name="x")
    y = xn ** 3
    y.name = "y"
    z = xn ** 2
    z.name = "z"
    f = y * z
    f.name = "f"
    return {"x": xn, "y": y, "z": z, "f": f}


def regularized_example(w: float, b: float, x: float, t: float, lam: float) -> dict[str, Node]:
    """Lecture 004's regularized example as named nodes (chapter 6's graph, reused)."""
    from .lectures import regularized_graph
    return regularized_graph(w, b, x, t, lam)


def regularized_bars(w: float, b: float, x: float, t: float, lam: float) -> dict[str, float]:
    """The backward pass of lecture 004, by hand, one line per formula (bar v = dL_reg/dv)."""
    w, b, x, t, lam = (_number(k, v) for k, v in
                       (("w", w), ("b", b), ("x", x), ("t", t), ("lam", lam)))
    z = w * x + b
    y = float(activations.sigmoid(z))
    L_reg_bar = 1.0
    R_bar = L_reg_bar * lam
    L_bar = L_reg_bar
    y_bar = L_bar * (y - t)
    z_bar = y_bar * float(activations.sigmoid_prime(z))
    w_bar = z_bar * x + R_bar * w                      # two children: z and R
    b_bar = z_bar
    return {"L_reg": L_reg_bar, "R": R_bar, "L": L_bar, "y": y_bar, "z": z_bar,
            "w": w_bar, "b": b_bar}


MLPGraph = NetworkGraph       # J, W, b and every layer's Z and A node (Z[0] is None, A[0] = X)


def mlp_graph(net: MLP, X, T, loss: str = "half_squared") -> NetworkGraph:
    """J = (1/m) sum_i L_i as the engine builds it (``autodiff.network_graph``), nodes named.

    The lists Z, A are indexed by layer as in ``bpcourse.mlp``: G.Z[l] is the node of Z^(l)
    (l = 1 .. L), G.A[0] the input X.
    """
    X, T = check_batch(net, X, T, loss)
    G = network_graph(net, X, T, loss)
    for l in range(1, len(G.Z)):
        G.Z[l].name, G.A[l].name = f"Z{l}", f"A{l}"
    G.J.name = "J"
    return G


def deltas(net: MLP, X, T, loss: str = "half_squared") -> list:
    """Chapter 8's delta recursion (``vectorized.deltas``): Delta[l] = dJ/dZ^(l), Delta[0] = None."""
    X, T = check_batch(net, X, T, loss)
    Z, A = vectorized.forward(net, X)
    return vectorized.deltas(net, Z, A, T, loss)


def node_table(root: Node) -> str:
    """One line per node, in the topological order the engine uses (parents before children)."""
    lines = [f"{'#':>3}  {'node':<8} {'op':<6} {'parents':<16} {'value':>10} {'bar':>10}"]
    order = topological_order(root)
    for i, v in enumerate(order):
        parents = ", ".join(p.name or p.op or "const" for p in v.parents)
        value = f"{v.value.item():.4f}" if v.value.size == 1 else str(v.value.shape)
        bar = "" if v.bar is None else (f"{v.bar.item():.4f}" if v.bar.size == 1 else str(v.bar.shape))
        lines.append(f"{i:>3}  {v.name or '-':<8} {v.op or 'leaf':<6} {parents:<16} {value:>10} {bar:>10}")
    return "\n".join(lines)


def mul_overwriting(a: Node, b: Node) -> Node:
    """A BROKEN product a * b: its backward closure assigns the bars (=) instead of adding (+=)."""
    out = Node(a.value * b.value, (a, b), "*")

    def _backward():
        a.bar = out.bar * b.value                      # wrong: drops what other paths added
        b.bar = out.bar * a.value
    out._backward = _backward
    return out


def matmul_counts(root: Node) -> tuple[int, int]:
    """Multiply-adds of the graph's matrix products: (forward, backward).

    A product (m, p) @ (p, q) costs m p q in the forward pass; its backward closure does two
    products of the same size (out.bar B^T and A^T out.bar), 2 m p q.
    """
    forward = backward = 0
    for v in topological_order(root):
        if v.op == "@":
            (m, p), (_, q) = v.parents[0].shape, v.parents[1].shape
            forward += m * p * q
            backward += 2 * m * p * q
    return forward, backward


def _timed_passes(net: MLP, X, T, loss: str, repeats: int) -> np.ndarray:
    """Seconds of the forward pass (building J) and of ``J.backward()``, ``repeats`` times in
    turn, with numpy's matrix products on one thread so that time follows the arithmetic
    (``threadpoolctl`` comes with scikit-learn): an array of shape (repeats, 2)."""
    from threadpoolctl import threadpool_limits

    X, T = check_batch(net, X, T, loss)
    positive("repeats", repeats, integer=True)
    times = np.empty((repeats, 2))
    with threadpool_limits(limits=1):
        for r in range(repeats):
            start = time.perf_counter()
            g = mlp_graph(net, X, T, loss)
            middle = time.perf_counter()
            g.J.backward()
            times[r] = middle - start, time.perf_counter() - middle
    return times


def time_passes(net: MLP, X, T, loss: str = "half_squared", repeats: int = 5) -> tuple[float, float]:
    """Seconds for building J (the forward pass) and for ``J.backward()``: the best of ``repeats``
    (single-threaded, see ``_timed_passes``)."""
    best = _timed_passes(net, X, T, loss, repeats).min(axis=0)
    return float(best[0]), float(best[1])


def backward_forward_ratio(net: MLP, X, T, loss: str = "half_squared", repeats: int = 15) -> float:
    """Time of ``J.backward()`` over time of the forward pass: the median over ``repeats`` pairs
    of passes run one after the other (single-threaded), so that a pass slowed down by another
    program on the machine moves it little."""
    times = _timed_passes(net, X, T, loss, repeats)
    return float(np.median(times[:, 1] / times[:, 0]))
