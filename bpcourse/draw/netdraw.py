"""Drawing a small MLP as a graph: units as circles, weights as edges, numbers as labels.

Units are addressed as (layer, unit) with layers numbered like ``MLP`` (0 = input) and units
from 0; an edge as (l, j, k), the weight ``weights[l][j, k]`` from unit k of layer l to unit j
of layer l+1.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle

from . import plotting

RADIUS = 0.22


def node_positions(sizes: list[int], height: float = 2.0,
                   xgap: float = 1.5) -> list[list[tuple[float, float]]]:
    """(x, y) of every unit: layer l at x = l xgap, its units spread evenly, centred on y = 0."""
    if not sizes or any(int(s) < 1 for s in sizes):
        raise ValueError(f"sizes must be a non-empty list of positive widths, got {sizes!r}")
    top = max(sizes)
    gap = height / max(top - 1, 1)
    return [[(l * xgap, (n - 1) / 2 * gap - i * gap) for i in range(n)]
            for l, n in enumerate(sizes)]


def plot_network(ax, sizes: list[int], names: dict | None = None, labels: dict | None = None,
                 edge_labels: dict | None = None, highlight_edge: tuple | None = None,
                 highlight_nodes=(), title: str | None = None) -> None:
    """Draw the network into ``ax``.

    - ``names``: {(l, i): text} written inside unit i of layer l (default: nothing);
    - ``labels``: {(l, i): text} written beside the unit (e.g. its z and a, or its delta);
    - ``edge_labels``: {(l, j, k): text} written on the edge (e.g. the weight);
    - ``highlight_edge``: (l, j, k), drawn thick and coloured;
    - ``highlight_nodes``: units (l, i) filled with colour.
    """
    pos = node_positions(list(sizes))
    names, labels, edge_labels = names or {}, labels or {}, edge_labels or {}
    highlight_nodes = set(highlight_nodes)
    for l in range(len(sizes) - 1):
        for j, (xj, yj) in enumerate(pos[l + 1]):
            for k, (xk, yk) in enumerate(pos[l]):
                hot = highlight_edge == (l, j, k)
                ax.plot([xk, xj], [yk, yj], color=plotting.VERMILION if hot else "0.6",
                        lw=4.0 if hot else 1.2, zorder=2 if hot else 1)
                text = edge_labels.get((l, j, k))
                if text:                               # a third of the way from the source
                    ex, ey = xk + (xj - xk) * 0.33, yk + (yj - yk) * 0.33
                    ax.text(ex, ey, text, fontsize=8, ha="center", va="center", zorder=4,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
    for l, layer in enumerate(pos):
        for i, (x, y) in enumerate(layer):
            fill = plotting.SKY if (l, i) in highlight_nodes else "white"
            ax.add_patch(Circle((x, y), RADIUS, fc=fill, ec="k", lw=1.2, zorder=3))
            if (l, i) in names:
                ax.text(x, y, names[(l, i)], ha="center", va="center", fontsize=10, zorder=5)
            if (l, i) in labels:
                ax.text(x, y - RADIUS - 0.06, labels[(l, i)], ha="center", va="top", fontsize=8,
                        zorder=5, linespacing=1.1,
                        bbox=dict(boxstyle="round,pad=0.2", fc="#fffbe6", ec="0.7", lw=0.5))
    ys = [y for layer in pos for _, y in layer]
    xs = [x for layer in pos for x, _ in layer]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.9, max(ys) + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)


def unit_names(sizes: list[int]) -> dict:
    """Default names inside the units: x_1, x_2 for inputs, then a^(l)_i (1-based units)."""
    out = {}
    for l, n in enumerate(sizes):
        for i in range(n):
            out[(l, i)] = f"$x_{i + 1}$" if l == 0 else f"$a^{{({l})}}_{i + 1}$"
    return out


def plot_mlp(net, names: dict | None = None, show_weights: bool = True, width: float = 5.0,
             title: str | None = None):
    """A figure of ``net`` (an MLP) with its weights written on the edges; returns (fig, ax)."""
    fig, ax = plt.subplots(figsize=(width, 0.75 * width))
    edge_labels = {}
    if show_weights:
        for l, W in enumerate(net.weights):
            for j, k in np.ndindex(W.shape):
                edge_labels[(l, j, k)] = f"{W[j, k]:g}"
    plot_network(ax, net.sizes, names=names if names is not None else unit_names(net.sizes),
                 edge_labels=edge_labels, title=title)
    return fig, ax
