"""Chapter 11's tour of ``bpcourse.autodiff``: a table of a graph's nodes, and the time of the
two passes over a network.

- ``node_table``: the nodes in the topological order the engine uses, values and bars;
- ``time_passes``: CPU seconds of building J (the forward pass) and of ``J.backward()``,
  the best of several runs on one thread.

The chapter writes its examples, lecture 004's backward pass by hand and the count of
multiply-adds in its own cells; this module holds only the table and the timing experiment.
"""
from __future__ import annotations

import time

import numpy as np

from .._validate import positive
from ..autodiff import Node, network_graph, topological_order
from ..draw.graphs import node_name
from ..mlp import MLP, check_batch


def _number(a: np.ndarray) -> str:
    return f"{a.item():.4f}" if a.size == 1 else str(a.shape)


def node_table(root: Node) -> str:
    """One line per node, in the engine's topological order (parents before children)."""
    lines = [f"{'#':>3}  {'node':<8} {'op':<6} {'parents':<16} {'value':>10} {'bar':>10}"]
    for i, v in enumerate(topological_order(root)):
        parents = ", ".join(node_name(p) for p in v.parents)
        bar = "" if v.bar is None else _number(v.bar)
        lines.append(f"{i:>3}  {node_name(v):<8} {v.op or 'leaf':<6} {parents:<16} "
                     f"{_number(v.value):>10} {bar:>10}")
    return "\n".join(lines)


def time_passes(net: MLP, X, T, loss: str = "half_squared",
                repeats: int = 15) -> tuple[float, float]:
    """Seconds for building J (the forward pass) and for ``J.backward()``: each the best of
    ``repeats`` runs after an untimed one, in CPU time of this process (what other programs
    run meanwhile does not count), with numpy's matrix products on one thread so that time
    follows the arithmetic (``threadpoolctl`` comes with scikit-learn)."""
    from threadpoolctl import threadpool_limits

    X, T = check_batch(net, X, T, loss)
    positive("repeats", repeats, integer=True)
    best = [np.inf, np.inf]
    with threadpool_limits(limits=1):
        for r in range(repeats + 1):
            start = time.process_time()
            J = network_graph(net, X, T, loss).J
            middle = time.process_time()
            J.backward()
            end = time.process_time()
            if r > 0:                    # the first run also pays for the process's memory
                best = [min(best[0], middle - start), min(best[1], end - middle)]
    return best[0], best[1]
