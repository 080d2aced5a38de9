"""Chapters 2 and 3: lecture 001's lines and data, the width experiment, the figures.

``LECTURE_LINES`` are four linear classifiers u_j = sign(beta_j0 + beta_j1 x_1 + beta_j2 x_2)
that give the lecture's three examples the sign features it lists (its figure is lost).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import activations, train
from ..draw import plotting
from ..mlp import MLP

#: rows beta_j = [intercept, w_1, w_2]: the sides of a diamond around (0.5, 0.5)
LECTURE_LINES = np.array([[0.65, -1.0, -1.0],    # u_1 = +1 below the lower-left side
                          [0.35, 1.0, -1.0],     # u_2 = +1 right of the upper-left side
                          [1.35, -1.0, -1.0],    # u_3 = +1 below the upper-right side
                          [-0.35, 1.0, -1.0]])   # u_4 = +1 right of the lower-right side

#: the three examples the lecture writes out, x_1, x_2 and x_n (labels 0, 1, 0)
LECTURE_EXAMPLES = np.array([[0.2, 0.8], [0.5, 0.5], [0.5, 1.0]])

#: the signs inside the diamond, which the lecture's second linear map W_O u looks for
LECTURE_W_O = np.array([[-1.0, 1.0, 1.0, -1.0]])


def _signs(X, B=LECTURE_LINES) -> np.ndarray:
    """U = sign([1, X] B^T) (z = 0 counts as -1): X (m, 2), B (k, 3) -> U (m, k)."""
    return np.where(B[:, 0] + np.asarray(X) @ B[:, 1:].T > 0, 1.0, -1.0)


def diamond(m: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """m points uniform in [0, 1]^2, label 1 inside the diamond u = (-1, +1, +1, -1)."""
    X = np.random.default_rng(seed).uniform(0.0, 1.0, (m, 2))
    inside = np.all(_signs(X) == LECTURE_W_O[0], axis=1)
    return X, inside.astype(np.float64)[:, None]


def plot_sign_regions(ax, X, T, B=LECTURE_LINES) -> None:
    """The data, the lines of B (an arrow to each + side), the lecture's three examples."""
    plotting.plot_points(ax, X, T, size=12)
    x = np.linspace(0.0, 1.0, 50)
    for j, (c, w1, w2) in enumerate(B):                  # lines c + w1 x1 + w2 x2 = 0
        col = plotting.RUN_COLOURS[(j + 2) % 6]
        ax.plot(x, -(c + w1 * x) / w2, color=col, lw=1.5, label=f"$u_{j + 1}$")
        w = np.array([w1, w2])                           # arrow from the point nearest the
        p = 0.5 - (c + w.sum() / 2) / (w @ w) * w        # centre, along the normal w
        ax.annotate("", xy=p + 0.12 * w / np.linalg.norm(w), xytext=p,
                    arrowprops=dict(arrowstyle="->", color=col, lw=1.5))
    for name, x, u in zip(["$x_1$", "$x_2$", "$x_n$"], LECTURE_EXAMPLES,
                          _signs(LECTURE_EXAMPLES, B)):
        ax.plot(*x, "k*", ms=11)
        signs = ",".join("+" if v > 0 else "−" for v in u)
        ax.annotate(f"{name}: ({signs})", x, xytext=(5, -12), textcoords="offset points",
                    fontsize=9, bbox=dict(fc="white", ec="none", alpha=0.8))
    ax.set(xlim=(-0.06, 1.06), ylim=(-0.06, 1.06), xlabel="$x_1$", ylabel="$x_2$",
           aspect="equal")                               # markers on the border show whole
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=9, ncol=6,
              frameon=False, handletextpad=0.3, columnspacing=0.9)


def plot_activations(names: Sequence[str] = ("step", "sigmoid", "tanh", "relu")):
    """One panel per activation, two per row: g(z) and g'(z). Returns the figure."""
    fig, axes = plotting.new_figure(2, (len(names) + 1) // 2, width=3.4, height=2.6)
    z = np.linspace(-4.0, 4.0, 801)
    for ax, name in zip(axes.flat, names):
        g, dg = activations.get(name)
        y = np.where(np.isclose(z, 0.0) & (name == "step"), np.nan, g(z))   # no jump line
        ax.plot(z, y, color=plotting.BLUE, lw=2, label="$g(z)$")
        ax.plot(z, dg(z), color=plotting.VERMILION, lw=2, ls="--", label="$g'(z)$")
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.set(title=name, xlabel="$z$", ylim=(-1.2, 1.6))
    axes[0, 0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def train_width(X, T, width: int, seed: int = 0, epochs: int = 300) -> MLP:
    """``MLP([2, width, 1])``, tanh and sigmoid, fitted with BCE, full batch, momentum 0.9."""
    net = MLP([2, width, 1], hidden="tanh", output="sigmoid", seed=seed, scale=1.0)
    train.fit(net, X, T, loss="bce", lr=0.5, epochs=epochs, momentum=0.9, seed=seed)
    return net


def width_experiment(X, T, widths: Sequence[int] = (1, 2, 3, 4, 5, 6),
                     seeds: Sequence[int] = (0, 1, 2), epochs: int = 300) -> np.ndarray:
    """Training accuracy of ``train_width`` per width and seed: (len(widths), len(seeds))."""
    return np.array([[train.accuracy(train_width(X, T, w, s, epochs), X, T) for s in seeds]
                     for w in widths])


def plot_width_accuracy(ax, widths, acc: np.ndarray) -> None:
    """Best and mean training accuracy (over seeds) against the number of hidden units."""
    ax.plot(widths, acc.max(axis=1), "o-", color=plotting.BLUE, label="best of the seeds")
    ax.plot(widths, acc.mean(axis=1), "s--", color=plotting.ORANGE, label="mean over seeds")
    ax.set(xlabel="hidden units (width)", ylabel="training accuracy", ylim=(0.4, 1.03),
           xticks=list(widths))
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")


def plot_line_search(X, T, thetas: np.ndarray, offsets: np.ndarray, acc: np.ndarray):
    """Left: accuracy over (theta, c); right: the data and some of the best lines."""
    fig, axes = plotting.new_figure(2, 1, width=4.2, height=3.4)
    ax = axes[0, 0]
    im = ax.pcolormesh(np.degrees(thetas), offsets, acc.T, cmap="viridis", vmin=0,
                       vmax=1, shading="auto")
    fig.colorbar(im, ax=ax, label="accuracy on the 4 points")
    ax.set(xlabel=r"direction $\theta$ (degrees)", ylabel="offset $c$",
           title=f"best over the grid: {acc.max():.2f}")
    ax = axes[0, 1]
    plotting.plot_points(ax, X, T, size=60)
    best = np.argwhere(np.isclose(acc, acc.max()))
    t = np.linspace(-2.0, 2.0, 10)
    for i, j in best[:: max(1, len(best) // 6)][:6]:     # the line c n + t n_perp
        n = np.array([np.cos(thetas[i]), np.sin(thetas[i])])
        ax.plot(*(offsets[j] * n[:, None] + np.outer([-n[1], n[0]], t)), color="0.4", lw=1)
    ax.set(xlim=(-0.5, 1.5), ylim=(-0.5, 1.5), aspect="equal", xlabel="$x_1$",
           ylabel="$x_2$", title="some of the best lines: 3 of 4 right")
    fig.tight_layout()
    return fig


def plot_width_regions(X, T, nets):
    """Decision regions of the trained networks ``nets``, one panel each. Returns fig."""
    fig, axes = plotting.new_figure(len(nets), 1, width=2.75, height=2.75)
    for ax, net in zip(axes[0], nets):
        plotting.plot_decision_regions(ax, net.forward, X, T, resolution=120, margin=0.3)
        ax.set_title(f"width {net.sizes[1]}: accuracy {train.accuracy(net, X, T):.3f}",
                     fontsize=10)
    fig.tight_layout()
    return fig


def plot_soft_steps(ax, ks: Sequence[float] = (1, 2, 5, 20)) -> None:
    """sigma(k z) for several k against the hard step(z)."""
    z = np.linspace(-3.0, 3.0, 601)
    ax.plot(z, np.where(z > 0, 1.0, np.nan), color="k", lw=2.5, alpha=0.35,
            label="step$(z)$")
    ax.plot(z, np.where(z <= 0, 0.0, np.nan), color="k", lw=2.5, alpha=0.35)
    for k, col in zip(ks, plotting.RUN_COLOURS):
        ax.plot(z, activations.sigmoid(k * z), color=col, lw=1.5,
                label=f"$\\sigma({k:g}z)$")
    ax.set_xlabel("$z$")
    ax.legend(fontsize=8, loc="upper left")


def plot_soft_xor_error(ax, ks: np.ndarray, measured: np.ndarray, formula: np.ndarray) -> None:
    """Worst-row error of the soft XOR net against k (log scale), with E(k) and e^{-k/2}."""
    ax.semilogy(ks, formula, color=plotting.BLUE, lw=2, label="formula $E(k)$")
    ax.semilogy(ks, measured, "o", color=plotting.ORANGE, ms=4, label="measured, MLP")
    ax.semilogy(ks, np.exp(-ks / 2), color="0.5", ls=":", label="$e^{-k/2}$")
    ax.axhline(0.5, color=plotting.VERMILION, ls="--", lw=1, label="1/2: a row flips")
    ax.axvline(2 * np.log(3), color=plotting.GREEN, ls="--", lw=1, label="$k = 2\\ln 3$")
    ax.set(xlabel="scale $k$ of all weights and biases", ylabel=r"$\max_i |y_i - t_i|$")
    ax.legend(fontsize=8)
