"""Plotting helpers shared by the chapters and the widgets (one place, not copied per notebook).

Colours are the Okabe-Ito palette, which stays distinguishable with the common forms of
colour blindness; class 0 is blue, class 1 is orange, and regions use a light blue-orange map.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap

BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, YELLOW, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
RUN_COLOURS = (BLUE, VERMILION, GREEN, PURPLE, ORANGE, BLACK)   # one per curve, in order
REGION_CMAP = LinearSegmentedColormap.from_list("bpcourse_regions", ["#9ecae1", "#ffffff", "#fdd49e"])


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 4.0, height: float = 3.5, **kw):
    """A figure with ``nrows x ncols`` axes of the given size each (inches)."""
    return plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows),
                        squeeze=False, **kw)


def grid(X: np.ndarray, resolution: int = 200, margin: float = 0.5):
    """A square grid covering the points X (m, 2): returns xx, yy and the grid points (n, 2)."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return xx, yy, np.c_[xx.ravel(), yy.ravel()]


def plot_points(ax, X: np.ndarray, T: np.ndarray, size: float = 25) -> None:
    """Scatter 2-D points coloured (and shaped) by their 0/1 class."""
    t = np.ravel(T) > 0.5
    ax.scatter(X[~t, 0], X[~t, 1], s=size, c=BLUE, marker="o", edgecolors="k", linewidths=0.5,
               label="class 0")
    ax.scatter(X[t, 0], X[t, 1], s=size, c=ORANGE, marker="s", edgecolors="k", linewidths=0.5,
               label="class 1")


def plot_decision_regions(ax, predict, X: np.ndarray, T: np.ndarray | None = None,
                          resolution: int = 200, margin: float = 0.5, threshold: float = 0.5) -> None:
    """Shade where ``predict`` (points (n, 2) -> outputs (n, 1)) is above ``threshold``.

    The output is shown as a light colour map, the boundary as a black line, and the
    data points (if T is given) on top.
    """
    xx, yy, P = grid(X, resolution, margin)
    out = np.asarray(predict(P), dtype=np.float64).reshape(xx.shape)
    lo, hi = min(out.min(), threshold - 1e-9), max(out.max(), threshold + 1e-9)
    ax.contourf(xx, yy, out, levels=np.linspace(lo, hi, 21), cmap=REGION_CMAP, alpha=0.9)
    if out.min() < threshold < out.max():
        ax.contour(xx, yy, out, levels=[threshold], colors="k", linewidths=1.5)
    if T is not None:
        plot_points(ax, X, T)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_aspect("equal")


def plot_loss(ax, losses, label: str | None = None, log: bool = True, **kw) -> None:
    """A loss curve against the epoch (log scale by default)."""
    ax.plot(np.arange(1, len(losses) + 1), losses, label=label, **kw)
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss J")
    if log and np.all(np.asarray(losses) > 0):
        ax.set_yscale("log")


def plot_histories(ax, runs: dict, title: str | None = None, log: bool = True) -> None:
    """Several loss curves {label: losses} on one axes, one colour-blind-safe colour each."""
    for (label, losses), colour in zip(runs.items(), RUN_COLOURS):
        plot_loss(ax, losses, label=label, log=log, color=colour)
    ax.legend(fontsize=9)
    if title:
        ax.set_title(title, fontsize=10)
