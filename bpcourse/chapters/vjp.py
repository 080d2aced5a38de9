"""Chapter 11's reading of the backward closures as vector-Jacobian products, and the gates.

An operation $\\mathbf y = F(\\mathbf x)$ has a Jacobian $J_{ki} = \\partial y_k / \\partial x_i$.
Its backward closure receives $\\bar{\\mathbf y}$ and adds $\\bar x_i = \\sum_k \\bar y_k J_{ki}$,
that is $\\bar{\\mathbf x} = J^\\top \\bar{\\mathbf y}$ (the row vector $\\bar{\\mathbf y}^\\top J$):
a vector-Jacobian product (VJP), computed without ever forming $J$.

- ``closure_vjp``: run one operation's backward closure alone, for a chosen $\\bar{\\mathbf y}$;
- ``closure_against_jacobian``: both, for every input of one operation;
- ``maximum``: the max gate (not in the engine), which routes the bar to the larger input;
- ``gate_example``: $f = 2\\,(xy + \\max(z, w))$, one add, one multiply and one max gate.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import gradcheck
from ..autodiff import Node, _node


def closure_vjp(op: Callable, inputs: Sequence, out_bar) -> list[np.ndarray]:
    """The bars that ``op``'s backward closure alone gives its inputs when the output's bar is ``out_bar``.

    ``op`` makes one node from its input nodes (``lambda a, b: a * b``, ``autodiff.tanh``, ...).
    """
    if not callable(op):
        raise TypeError(f"op must be a function of nodes, got {op!r}")
    nodes = [Node(x) for x in inputs]
    out = op(*nodes)
    if out.parents != tuple(nodes):
        raise ValueError("op must be a single operation whose parents are exactly its inputs "
                         f"(got parents {out.parents!r})")
    out_bar = np.asarray(out_bar, dtype=np.float64)
    if out_bar.shape != out.shape:
        raise ValueError(f"out_bar must have the output's shape {out.shape}, got {out_bar.shape}")
    for n in nodes:
        n.bar = np.zeros_like(n.value)
    out.bar = out_bar
    out._backward()
    return [n.bar for n in nodes]


def closure_against_jacobian(op: Callable, inputs: Sequence, out_bar) -> list[dict]:
    """For each input of ``op``: its Jacobian (by finite differences), the closure's bar, and $\bar y^\top J$.

    Returns one dict per input with keys ``"jacobian"`` (outputs x entries of the input),
    ``"closure"`` (the bar the backward closure adds) and ``"product"`` ($\bar y^\top J$ in
    the input's shape): the closure is right when the last two agree.
    """
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]
    bars = closure_vjp(op, inputs, out_bar)
    y_bar = np.asarray(out_bar, dtype=np.float64).ravel()
    rows = []
    for i, (x, bar) in enumerate(zip(inputs, bars)):
        def f_i(v, i=i):                               # the operation as a function of input i alone
            args = [Node(u) for u in inputs]
            args[i] = Node(v)
            return op(*args).value
        J = gradcheck.jacobian(f_i, x)
        rows.append({"jacobian": J, "closure": bar, "product": (y_bar @ J).reshape(x.shape)})
    return rows


def maximum(a, b) -> Node:
    """The max gate, elementwise: the bar goes to the larger input only (to ``a`` on a tie)."""
    a, b = _node(a), _node(b)
    out = Node(np.maximum(a.value, b.value), (a, b), "max")

    def _backward():
        a_wins = a.value >= b.value
        a.bar += np.where(a_wins, out.bar, 0.0)
        b.bar += np.where(a_wins, 0.0, out.bar)
    out._backward = _backward
    return out


def gate_example(x: float, y: float, z: float, w: float) -> dict[str, Node]:
    """$f = 2\\,(xy + \\max(z, w))$ as named nodes: a multiply, a max, an add and a scaling."""
    leaves = {name: Node(float(v), name=name) for name, v in dict(x=x, y=y, z=z, w=w).items()}
    xy = leaves["x"] * leaves["y"]
    xy.name = "xy"
    m = maximum(leaves["z"], leaves["w"])
    m.name = "max"
    s = xy + m
    s.name = "s"
    f = s * 2.0
    f.name = "f"
    return {**leaves, "xy": xy, "max": m, "s": s, "f": f}
