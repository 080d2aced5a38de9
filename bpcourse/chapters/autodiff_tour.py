"""Chapter 11's tour of ``bpcourse.autodiff``: the lectures' examples as graphs, and what they cost.

- ``chain_example``: lecture 001's y = x^3, z = x^2, f = y z as named nodes;
- ``regularized_example`` and ``regularized_bars``: lecture 004's z = w x + b, y = sigma(z),
  L = (1/2)(y - t)^2, R = (1/2) w^2, L_reg = L + lambda R, built as a graph, and its backward
  pass written out by hand, line by line as in the lecture;
- ``mlp_graph``: a whole network's cost as a graph that keeps its Z and A nodes, so the bars
  of the Z's can be set beside chapter 8's deltas (``deltas``);
- ``node_table``: the nodes in the topological order the engine uses;
- ``mul_overwriting``: a deliberately broken multiplication (``=`` where ``+=`` belongs);
- ``matmul_counts`` and ``time_passes``: the cost of the backward pass against the forward one.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .. import activations, losses
from ..autodiff import ACTIVATION_OPS, Node, topological_order
from ..mlp import MLP, check_batch


def _number(name: str, v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.floating, np.integer)):
        raise TypeError(f"{name} must be a number, got {v!r}")
    if not np.isfinite(v):
        raise ValueError(f"{name} must be finite, got {v!r}")
    return float(v)


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
    from .neuron import regularized_graph
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


@dataclass
class MLPGraph:
    """A network's cost J built as a graph, with its parameter, pre-activation and activation nodes."""

    J: Node
    W: list[Node]
    b: list[Node]
    Z: list[Node]              # Z[l] = A[l] W[l]^T + 1 b[l]^T: (m, p_(l+1))
    A: list[Node]              # A[0] = X, A[l+1] = g(Z[l])


def mlp_graph(net: MLP, X, T, loss: str = "half_squared") -> MLPGraph:
    """J = (1/m) sum_i L_i as a graph (like ``autodiff.mlp_cost``), keeping every Z and A node.

    Only the ``squared`` and ``half_squared`` losses are built here.
    """
    X, T = check_batch(net, X, T, loss)
    if loss not in ("squared", "half_squared"):
        raise ValueError(f"mlp_graph builds the squared losses only ('squared', 'half_squared'), "
                         f"got {loss!r}")
    Ws = [Node(W, name=f"W{l}") for l, W in enumerate(net.weights)]
    bs = [Node(b, name=f"b{l}") for l, b in enumerate(net.biases)]
    A, Z = [Node(X, name="X")], []
    for l, (W, b, name) in enumerate(zip(Ws, bs, net.activations)):
        Z.append(A[-1] @ W.T + b)
        Z[-1].name = f"Z{l + 1}"
        A.append(ACTIVATION_OPS[name](Z[-1]))
        A[-1].name = f"A{l + 1}"
    r = A[-1] - Node(T, name="T")
    J = (r * r).sum() * ((1.0 if loss == "squared" else 0.5) / X.shape[0])
    J.name = "J"
    return MLPGraph(J, Ws, bs, Z, A)


def deltas(net: MLP, X, T, loss: str = "half_squared") -> list[np.ndarray]:
    """Chapter 8's delta recursion over a batch: Delta[l] = dJ/dZ^(l+1), shape (m, p_(l+1)).

    Delta_L = dL/dZ / m (J averages over the m examples), Delta_l = g'(Z) * (Delta_(l+1) W).
    """
    X, T = check_batch(net, X, T, loss)
    Zs, A = [], X
    for W, b, name in zip(net.weights, net.biases, net.activations):
        Zs.append(A @ W.T + b)
        A = activations.get(name)[0](Zs[-1])
    D = [losses.output_delta(loss, Zs[-1], T, net.output) / X.shape[0]]
    for l in range(len(net.weights) - 1, 0, -1):
        _, dg = activations.get(net.activations[l - 1])
        D.insert(0, dg(Zs[l - 1]) * (D[0] @ net.weights[l]))
    return D


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


def time_passes(net: MLP, X, T, loss: str = "half_squared", repeats: int = 5) -> tuple[float, float]:
    """Seconds for building J (the forward pass) and for ``J.backward()``: the best of ``repeats``."""
    X, T = check_batch(net, X, T, loss)
    t_forward = t_backward = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        g = mlp_graph(net, X, T, loss)
        middle = time.perf_counter()
        g.J.backward()
        end = time.perf_counter()
        t_forward, t_backward = min(t_forward, middle - start), min(t_backward, end - middle)
    return t_forward, t_backward
