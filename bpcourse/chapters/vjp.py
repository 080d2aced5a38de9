r"""Chapter 11's check of the backward closures against full Jacobians.

An operation $\mathbf y = F(\mathbf x)$ has a Jacobian
$\mathcal J_{ki} = \partial y_k/\partial x_i$. Its backward closure receives
$\bar{\mathbf y}$ and adds $\bar{\mathbf x} = \mathcal J^\top\bar{\mathbf y}$ (the row
$\bar{\mathbf y}^\top\mathcal J$), a vector-Jacobian product, without ever forming
$\mathcal J$. Here the Jacobian is formed (by finite differences) to compare:

- ``closure_vjp``: run one operation's backward closure alone, for a chosen $\bar{\mathbf y}$;
- ``closure_against_jacobian``: both, for every input of one operation.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import gradcheck
from ..autodiff import Node


def closure_vjp(op: Callable, inputs: Sequence, out_bar) -> list[np.ndarray]:
    """The bars ``op``'s backward closure alone gives its inputs when the output's bar is
    ``out_bar``; ``op`` makes one node from its input nodes (``lambda a, b: a * b``, ...)."""
    if not callable(op):
        raise TypeError(f"op must be a function of nodes, got {op!r}")
    nodes = [Node(x) for x in inputs]
    out = op(*nodes)
    if out.parents != tuple(nodes):
        raise ValueError("op must be a single operation whose parents are exactly its inputs "
                         f"(got parents {out.parents!r})")
    out_bar = np.asarray(out_bar, dtype=np.float64)
    if out_bar.shape != out.shape:
        raise ValueError(f"out_bar must have the output's shape {out.shape}, "
                         f"got {out_bar.shape}")
    for n in nodes:
        n.bar = np.zeros_like(n.value)
    out.bar = out_bar
    out._backward()
    return [n.bar for n in nodes]


def closure_against_jacobian(op: Callable, inputs: Sequence, out_bar) -> list[dict]:
    r"""For each input of ``op``: its Jacobian (by finite differences), the closure's bar, and
    $\bar{\mathbf y}^\top\mathcal J$.

    One dict per input: ``"jacobian"`` (outputs x entries of the input), ``"closure"`` (the
    bar the closure adds) and ``"product"`` ($\bar{\mathbf y}^\top\mathcal J$ in the input's
    shape): the closure is right when the last two agree.
    """
    inputs = [np.asarray(x, dtype=np.float64) for x in inputs]
    bars = closure_vjp(op, inputs, out_bar)
    y_bar = np.asarray(out_bar, dtype=np.float64).ravel()
    rows = []
    for i, (x, bar) in enumerate(zip(inputs, bars)):
        def f_i(v, i=i):                               # the operation as a function of input i
            args = [Node(u) for u in inputs]
            args[i] = Node(v)
            return op(*args).value
        jac = gradcheck.jacobian(f_i, x)
        rows.append({"jacobian": jac, "closure": bar, "product": (y_bar @ jac).reshape(x.shape)})
    return rows
