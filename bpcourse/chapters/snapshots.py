"""Training with snapshots: the decision boundary and the hidden features as training goes.

``fit_with_snapshots`` wraps ``train.fit``: its ``callback`` copies the network every few
epochs. The drawing functions show one snapshot (the output's decision regions with the
hidden units' lines w_j . x + b_j = 0 on top), a row of them, or a JavaScript animation.
A few small measures of a trained network (weight norm, share of near-zero weights, epochs
to reach a loss) serve the comparisons of chapter 9.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.colors import LinearSegmentedColormap

from ..draw import display, plotting
from .. import train, vectorized
from .._validate import positive
from ..mlp import MLP

LINE_COLOURS = (plotting.GREEN, plotting.VERMILION, plotting.PURPLE, plotting.SKY,
                "#8c8c8c", plotting.YELLOW)          # not black: the decision boundary is black
FEATURE_CMAP = LinearSegmentedColormap.from_list("bpcourse_features", ["#ffffff", "#6b6b6b"])


@dataclass
class Snapshot:
    """A copy of the network after ``epoch`` epochs (0: before training) and its loss J."""

    epoch: int
    net: MLP
    loss: float


def fit_with_snapshots(net: MLP, X, T, every: int = 10, **fit_kw) -> tuple[train.History, list[Snapshot]]:
    """``train.fit(net, X, T, **fit_kw)``, keeping a copy of ``net`` before training and every ``every`` epochs."""
    positive("every", every, integer=True)
    if "callback" in fit_kw:
        raise TypeError("fit_with_snapshots sets the callback itself; do not pass callback=")
    J0, _ = vectorized.loss_and_grads(net, X, T, fit_kw.get("loss", "half_squared"))
    snaps = [Snapshot(0, net.copy(), J0)]

    def record(epoch: int, net: MLP, J: float) -> None:
        if (epoch + 1) % every == 0:
            snaps.append(Snapshot(epoch + 1, net.copy(), J))

    history = train.fit(net, X, T, callback=record, **fit_kw)
    return history, snaps


def first_layer_outputs(net: MLP, P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Z^(1) = P W^(0)T + 1 b^(0)T and A^(1) = g(Z^(1)) for points P (n, 2): both (n, p_1)."""
    Z, A = vectorized.forward(net, np.asarray(P, dtype=np.float64))
    return Z[1], A[1]


def plot_hidden_lines(ax, net: MLP, X: np.ndarray, resolution: int = 100, margin: float = 0.5) -> None:
    """Dashed lines where each first-layer unit switches: w_j . x + b_j = 0 (2-D inputs)."""
    xx, yy, P = plotting.grid(X, resolution, margin)
    Z1, _ = first_layer_outputs(net, P)
    for j in range(Z1.shape[1]):
        z = Z1[:, j].reshape(xx.shape)
        if z.min() < 0 < z.max():
            ax.contour(xx, yy, z, levels=[0.0], colors=[LINE_COLOURS[j % len(LINE_COLOURS)]],
                       linewidths=1.2, linestyles="--")


def plot_hidden_units(axes, net: MLP, X: np.ndarray, T: np.ndarray | None = None,
                      resolution: int = 80, margin: float = 0.5) -> None:
    """One panel per first-layer unit j: its activation a_j(x) over the input plane."""
    xx, yy, P = plotting.grid(X, resolution, margin)
    _, A1 = first_layer_outputs(net, P)
    axes = np.ravel(axes)
    if len(axes) < A1.shape[1]:
        raise ValueError(f"{len(axes)} axes for {A1.shape[1]} hidden units; give one axes per unit")
    for j, ax in enumerate(axes[:A1.shape[1]]):
        ax.contourf(xx, yy, A1[:, j].reshape(xx.shape), levels=20, cmap=FEATURE_CMAP)
        if T is not None:
            plotting.plot_points(ax, X, T, size=8)
        ax.set_title(f"$a_{j + 1}(x)$", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_aspect("equal")


def draw_snapshot(ax_region, snap: Snapshot, X: np.ndarray, T: np.ndarray, ax_loss=None,
                  losses: Sequence[float] | None = None, resolution: int = 80) -> None:
    """The decision regions and hidden-unit lines of one snapshot; optionally the loss curve up to it."""
    plotting.plot_decision_regions(ax_region, snap.net.forward, X, T, resolution=resolution)
    plot_hidden_lines(ax_region, snap.net, X, resolution)
    ax_region.set_title(f"epoch {snap.epoch}: J = {snap.loss:.3f}", fontsize=10)
    if ax_loss is not None and losses is not None:
        plotting.plot_loss(ax_loss, losses, color=plotting.BLUE)
        if snap.epoch > 0:
            ax_loss.plot([snap.epoch], [losses[snap.epoch - 1]], "o", color=plotting.VERMILION)
        ax_loss.set_title("loss while training", fontsize=10)


def snapshot_figure(snaps: Sequence[Snapshot], X: np.ndarray, T: np.ndarray, width: float = 2.6):
    """A row of snapshots (decision regions + hidden lines): returns the figure."""
    fig, axes = plotting.new_figure(len(snaps), 1, width, width)
    for ax, snap in zip(axes[0], snaps):
        draw_snapshot(ax, snap, X, T)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def snapshot_animation(snaps: Sequence[Snapshot], X: np.ndarray, T: np.ndarray,
                       losses: Sequence[float], alt: str, resolution: int = 60) -> str:
    """The snapshots as a JavaScript player (at most 25 frames): regions + lines, and the loss curve."""
    if not 1 <= len(snaps) <= 25:
        raise ValueError(f"an animation takes 1 to 25 snapshots, got {len(snaps)}")
    fig, axes = plotting.new_figure(2, 1, 3.0, 2.7)
    ax_region, ax_loss = axes[0]
    epochs = np.arange(1, len(losses) + 1)
    ax_loss.plot(epochs, losses, color="#bbbbbb", lw=1)               # the whole run, faint
    (done,) = ax_loss.plot([], [], color=plotting.BLUE, lw=2)          # up to the snapshot
    (mark,) = ax_loss.plot([], [], "o", color=plotting.VERMILION)
    ax_loss.set(xlabel="epoch", ylabel="loss J", title="loss while training")

    def frame(i: int):
        snap = snaps[i]
        ax_region.clear()
        draw_snapshot(ax_region, snap, X, T, resolution=resolution)
        ax_region.set_xticks([])
        ax_region.set_yticks([])
        done.set_data(epochs[:snap.epoch], losses[:snap.epoch])
        mark.set_data(epochs[max(snap.epoch - 1, 0):snap.epoch], losses[max(snap.epoch - 1, 0):snap.epoch])
        return []

    frame(0)
    fig.tight_layout()
    anim = FuncAnimation(fig, frame, frames=len(snaps), interval=500, blit=False)
    return display.animation_html(anim, alt)


def plot_weight_sizes(ax, nets: dict[str, MLP]) -> None:
    """Each network's weight magnitudes |w|, sorted, on a log scale (biases excluded)."""
    for (label, net), colour in zip(nets.items(), plotting.RUN_COLOURS):
        w = np.sort(np.abs(np.concatenate([W.ravel() for W in net.weights])))
        ax.plot(w, "o-", ms=3, color=colour, label=label)
    ax.set_yscale("log")
    ax.set_xlabel("weights, sorted")
    ax.set_ylabel("|w|")
    ax.set_title("weight sizes", fontsize=10)
    ax.legend(fontsize=9)


def weight_norm(net: MLP) -> float:
    r"$\sqrt{\sum_\ell \sum_{jk} (W^{(\ell)}_{jk})^2}$ (biases excluded)"
    return float(np.sqrt(sum((W * W).sum() for W in net.weights)))


def near_zero_fraction(net: MLP, tol: float = 1e-2) -> float:
    r"Share of weights with $|w| < $ ``tol`` (biases excluded)."
    w = np.concatenate([W.ravel() for W in net.weights])
    return float(np.mean(np.abs(w) < tol))


def epochs_to_reach(losses: Sequence[float], target: float) -> int | None:
    """The first epoch (counting from 1) whose loss is <= ``target``; None if never."""
    hit = np.flatnonzero(np.asarray(losses) <= target)
    return int(hit[0]) + 1 if hit.size else None



def draw_trained(ax_region, ax_loss, net: MLP, X: np.ndarray, T: np.ndarray,
                 losses: Sequence[float], title: str | None = None, resolution: int = 80) -> None:
    """A trained network: its decision regions with the hidden units' lines, and its loss curve."""
    plotting.plot_decision_regions(ax_region, net.forward, X, T, resolution=resolution)
    plot_hidden_lines(ax_region, net, X, resolution)
    if title:
        ax_region.set_title(title, fontsize=10)
    ax_region.set_xticks([])
    ax_region.set_yticks([])
    plotting.plot_loss(ax_loss, losses, color=plotting.BLUE)


def trained_figure(net: MLP, X: np.ndarray, T: np.ndarray, losses: Sequence[float],
                   title: str | None = None):
    """``draw_trained`` in a figure of two panels: returns the figure."""
    fig, axes = plotting.new_figure(2, 1, 3.0, 2.8)
    draw_trained(axes[0, 0], axes[0, 1], net, X, T, losses, title)
    fig.tight_layout()
    return fig


def hidden_units_figure(nets: dict[str, MLP], X: np.ndarray, T: np.ndarray, size: float = 1.9):
    """One row per network, one panel per first-layer unit: a_j(x) over the plane."""
    width = max(net.sizes[1] for net in nets.values())
    fig, axes = plotting.new_figure(width, len(nets), size, size)
    for row, (label, net) in zip(axes, nets.items()):
        plot_hidden_units(row[:net.sizes[1]], net, X, T)
        row[0].set_ylabel(label, fontsize=10)
        for ax in row[net.sizes[1]:]:
            ax.axis("off")
    fig.tight_layout()
    return fig
