"""Drawing a computation graph of ``bpcourse.autodiff`` nodes with matplotlib.

Each node sits in the column of its depth (the longest path from a leaf: inputs and
parameters at depth 0, the output last), and is labelled with its name (or operation), its
value and, after ``backward()``, its bar $\\bar v = \\partial \\text{out} / \\partial v$. An arrow goes
from each parent to each child, the direction of the forward pass.

>>> from bpcourse import autodiff
>>> x = autodiff.Node(2.0, name="x")
>>> f = x ** 3 * x ** 2; f.name = "f"
>>> f.backward()
>>> [v.name or v.op for v in graph_nodes(f)]
['x', '**2', '**3', 'f']
"""
from __future__ import annotations

import numpy as np

from . import plotting
from ..autodiff import Node, topological_order


def _check_node(output) -> None:
    if not isinstance(output, Node):
        raise TypeError(f"output must be a bpcourse.autodiff.Node, got {type(output).__name__}")


def _kept(v: Node, output: Node, named_only: bool) -> bool:
    return v is output or not named_only or bool(v.name)


def graph_nodes(output: Node, named_only: bool = False) -> list[Node]:
    """The nodes to draw, in topological order (parents first).

    With ``named_only`` only named nodes (and the output) are kept: unnamed intermediate
    operations and constants are folded into the edges, so the drawing shows the variables
    of the math (z, y, L, ...) rather than every ``*`` and ``+``.
    """
    _check_node(output)
    return [v for v in topological_order(output) if _kept(v, output, named_only)]


def graph_edges(output: Node, named_only: bool = False) -> list[tuple[Node, Node]]:
    """(parent, child) pairs between drawn nodes; with ``named_only`` a pair means "through unnamed nodes"."""
    _check_node(output)
    kept_parents: dict[int, list[Node]] = {}            # id(v) -> nearest drawn ancestors of v
    for v in topological_order(output):
        found: list[Node] = []
        for p in v.parents:
            if _kept(p, output, named_only):
                found.append(p)
            else:
                found.extend(kept_parents[id(p)])
        unique = list({id(p): p for p in found}.values())
        kept_parents[id(v)] = unique
    return [(p, v) for v in graph_nodes(output, named_only) for p in kept_parents[id(v)]]


def depths(output: Node, named_only: bool = False) -> dict[int, int]:
    """id(node) -> its column.

    The output sits in the last column, one right of its longest chain of ancestors; every
    other node sits as late as it can, one column left of its earliest child (so t sits next to
    the loss it enters, and R next to the cost it is added to).
    """
    children: dict[int, list[Node]] = {}
    parents: dict[int, list[Node]] = {}
    for p, v in graph_edges(output, named_only):
        children.setdefault(id(p), []).append(v)
        parents.setdefault(id(v), []).append(p)
    nodes = graph_nodes(output, named_only)
    longest: dict[int, int] = {}
    for v in nodes:                                     # parents come first
        longest[id(v)] = 1 + max((longest[id(p)] for p in parents.get(id(v), [])), default=-1)
    d = {id(output): longest[id(output)]}
    for v in reversed(nodes):                           # children come first
        if v is not output:
            d[id(v)] = min(d[id(c)] for c in children[id(v)]) - 1
    return d


def _fmt(a: np.ndarray) -> str:
    a = np.asarray(a)
    return f"{a.item():.4g}" if a.size == 1 else f"shape {a.shape}"


def node_name(v: Node) -> str:
    """A node's name, else its operation, else "const" (an unnamed leaf is a constant)."""
    return v.name or v.op or "const"


def node_label(v: Node, show_bars: bool = True) -> str:
    """'name = value' (or the operation), and 'bar = ...' on a second line once backward() ran."""
    label = f"{node_name(v)} = {_fmt(v.value)}"
    if show_bars and v.bar is not None:
        label += f"\nbar = {_fmt(v.bar)}"
    return label


def layout(output: Node, named_only: bool = False, sweeps: int = 4) -> dict[int, tuple[float, float]]:
    """id(node) -> (x, y): x is the column (see ``depths``), y spreads a column's nodes evenly.

    Within a column nodes are ordered by the mean height of their neighbours (a few sweeps
    of the barycentre heuristic), which keeps most edges short and uncrossed.
    """
    d = depths(output, named_only)
    edges = graph_edges(output, named_only)
    neighbours: dict[int, list[int]] = {}
    for p, v in edges:
        neighbours.setdefault(id(v), []).append(id(p))
        neighbours.setdefault(id(p), []).append(id(v))
    columns: dict[int, list[int]] = {}
    for v in graph_nodes(output, named_only):
        columns.setdefault(d[id(v)], []).append(id(v))
    y: dict[int, float] = {}

    def place(col: list[int]) -> None:
        n = len(col)
        for i, k in enumerate(col):
            y[k] = (n - 1) / 2.0 - i

    for col in columns.values():
        place(col)
    order = sorted(columns)
    for sweep in range(sweeps):
        for x in (order if sweep % 2 == 0 else order[::-1]):
            col = columns[x]
            key = {k: np.mean([y[j] for j in neighbours.get(k, [k])]) for k in col}
            col.sort(key=lambda k: -key[k])
            place(col)
    return {k: (float(d[k]), y[k]) for k in y}


def plot_graph(output: Node, show_bars: bool = True, named_only: bool = False,
               highlight: tuple = (), ax=None, fontsize: float = 10,
               width_per_column: float = 1.7, height_per_row: float = 0.9):
    """Draw the computation graph of ``output``: boxes for nodes, arrows for edges.

    Leaves (inputs, parameters) are blue boxes, computed nodes orange, ``highlight`` nodes
    (e.g. one whose bar sums over several children) green. Bars are shown if ``backward()``
    has run and ``show_bars``. Draws into ``ax``, or into a new figure sized to the graph;
    returns (fig, ax).
    """
    _check_node(output)
    pos = layout(output, named_only)
    if ax is None:
        ncols = 1 + max(p[0] for p in pos.values())
        nrows = 1 + max(p[1] for p in pos.values()) - min(p[1] for p in pos.values())
        fig, axes = plotting.new_figure(width=max(3.0, width_per_column * ncols),
                                        height=max(1.6, height_per_row * (nrows + 0.6)))
        ax = axes[0, 0]
    edges = graph_edges(output, named_only)
    has_parents = {id(v) for _, v in edges}
    marked = {id(v) for v in highlight}
    boxes = {}
    for v in graph_nodes(output, named_only):
        x, y = pos[id(v)]
        colour = (plotting.GREEN if id(v) in marked else
                  plotting.ORANGE if id(v) in has_parents else plotting.SKY)
        boxes[id(v)] = ax.text(x, y, node_label(v, show_bars), ha="center", va="center",
                               fontsize=fontsize, zorder=3,
                               bbox=dict(boxstyle="round,pad=0.35", fc=colour, ec="0.2"))
    for p, v in edges:                                  # arrows end at the boxes' edges
        ax.annotate("", xy=pos[id(v)], xytext=pos[id(p)], zorder=2,
                    arrowprops=dict(arrowstyle="-|>", color="0.3", lw=1.2, shrinkA=1, shrinkB=1,
                                    patchA=boxes[id(p)].get_bbox_patch(),
                                    patchB=boxes[id(v)].get_bbox_patch()))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.axis("off")
    ax.figure.tight_layout()
    return ax.figure, ax
