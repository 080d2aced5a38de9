"""Recorded training (chapters 9, 10) and chapter 9's figures: decision regions with the
hidden units' lines w_j . x + b_j = 0, the first layer's features, an animation of a run."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.colors import LinearSegmentedColormap

from .. import train, vectorized
from .._validate import positive
from ..draw import display, plotting
from ..mlp import MLP

LINE_COLOURS = (plotting.GREEN, plotting.VERMILION, plotting.PURPLE, plotting.SKY,
                "#8c8c8c", plotting.YELLOW)          # not black: the decision boundary is black
FEATURE_CMAP = LinearSegmentedColormap.from_list("bpcourse_features", ["#ffffff", "#6b6b6b"])


@dataclass
class Snapshot:
    """A copy of the network after ``epoch`` epochs (0: before training) and its cost J."""
    epoch: int
    net: MLP
    loss: float


def fit_with_snapshots(net: MLP, X, T, every: int = 10,
                       **fit_kw) -> tuple[train.History, list[Snapshot]]:
    """``train.fit(net, X, T, **fit_kw)``, copying ``net`` first and every ``every`` epochs."""
    positive("every", every, integer=True)
    J0, _ = vectorized.loss_and_grads(net, X, T, fit_kw.get("loss", "half_squared"))
    snaps = [Snapshot(0, net.copy(), J0)]

    def record(epoch: int, net: MLP, J: float) -> None:
        if (epoch + 1) % every == 0:
            snaps.append(Snapshot(epoch + 1, net.copy(), J))
    return train.fit(net, X, T, callback=record, **fit_kw), snaps


def plot_hidden_lines(ax, net: MLP, X: np.ndarray, resolution: int = 100) -> None:
    """Dashed lines where each first-layer unit switches: w_j . x + b_j = 0 (2-D inputs)."""
    xx, yy, P = plotting.grid(X, resolution, 0.5)
    Z1 = P @ net.weights[0].T + net.biases[0]                 # (n, p_1)
    for j, z in enumerate(Z1.T):
        if z.min() < 0 < z.max():
            ax.contour(xx, yy, z.reshape(xx.shape), levels=[0.0], linewidths=1.2,
                       colors=[LINE_COLOURS[j % len(LINE_COLOURS)]], linestyles="--")


def plot_regions(ax, net: MLP, X: np.ndarray, T: np.ndarray, title: str,
                 resolution: int = 80) -> None:
    """The decision regions of ``net`` with its hidden units' lines, without ticks."""
    plotting.plot_decision_regions(ax, net.forward, X, T, resolution=resolution)
    plot_hidden_lines(ax, net, X, resolution)
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])


def plot_trained(net: MLP, X: np.ndarray, T: np.ndarray, losses: list[float],
                 title: str = "", axes=None, resolution: int = 80):
    """Regions and hidden lines (left), loss curve (right); a new figure if no ``axes``."""
    if axes is None:
        axes = plotting.new_figure(2, 1, 3.0, 2.8)[1][0]
    plot_regions(axes[0], net, X, T, title, resolution)
    plotting.plot_loss(axes[1], losses, color=plotting.BLUE)
    axes[0].figure.tight_layout()
    return axes[0].figure


def plot_hidden_units(nets: dict[str, MLP], X: np.ndarray, T: np.ndarray, size: float = 1.9):
    """One row per network, one panel per first-layer unit j: a_j(x) over the plane."""
    xx, yy, P = plotting.grid(X, 80, 0.5)
    fig, axes = plotting.new_figure(max(n.sizes[1] for n in nets.values()), len(nets),
                                    size, size)
    for row, (label, net) in zip(axes, nets.items()):
        A1 = vectorized.forward(net, P)[1][1]                 # (n, p_1)
        for j, ax in enumerate(row):
            if j >= A1.shape[1]:
                ax.axis("off")
                continue
            ax.contourf(xx, yy, A1[:, j].reshape(xx.shape), levels=20, cmap=FEATURE_CMAP)
            plotting.plot_points(ax, X, T, size=8)
            ax.set(xticks=[], yticks=[], aspect="equal")
            ax.set_title(f"$a_{j + 1}(x)$", fontsize=10)
        row[0].set_ylabel(label, fontsize=10)
    fig.tight_layout()
    return fig


def plot_animation(snaps: list[Snapshot], X: np.ndarray, T: np.ndarray,
                   losses: list[float], alt: str, resolution: int = 60) -> str:
    """The snapshots as a JavaScript player (1 to 25 frames): regions, lines, loss curve."""
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
        s = snaps[i]
        ax_region.clear()
        plot_regions(ax_region, s.net, X, T, f"epoch {s.epoch}: J = {s.loss:.3f}", resolution)
        done.set_data(epochs[:s.epoch], losses[:s.epoch])
        last = slice(max(s.epoch - 1, 0), s.epoch)
        mark.set_data(epochs[last], losses[last])
        return []

    frame(0)
    fig.tight_layout()
    anim = FuncAnimation(fig, frame, frames=len(snaps), interval=500, blit=False)
    return display.animation_html(anim, alt)
