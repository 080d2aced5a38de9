"""Chapters 2 and 3: linear classifiers as features, the sign-feature network, activations, widths.

Lecture 001's motivating example cuts the plane with several linear classifiers

    z_j = beta_j0 + beta_j1 x_1 + beta_j2 x_2,      u_j = sign(z_j) in {-1, +1},

and then classifies the new feature vector u with a second linear map. ``LECTURE_LINES``
holds four such classifiers, chosen so that the three examples the lecture writes out get
exactly the sign features it lists (its figure did not survive; the lines are ours).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import activations, train
from ..draw import plotting
from .._validate import as_batch, positive
from ..mlp import MLP
from ..train import accuracy

#: four linear classifiers (rows beta_j = [intercept, w_1, w_2]): the sides of a diamond
#: around (0.5, 0.5); inside the diamond u = (-1, +1, +1, -1)
LECTURE_LINES = np.array([[0.65, -1.0, -1.0],    # u_1 = +1 below the lower-left side
                          [0.35, 1.0, -1.0],     # u_2 = +1 right of the upper-left side
                          [1.35, -1.0, -1.0],    # u_3 = +1 below the upper-right side
                          [-0.35, 1.0, -1.0]])   # u_4 = +1 right of the lower-right side

#: the three examples the lecture writes out, x_1, x_2 and x_n, and their labels
LECTURE_EXAMPLES = np.array([[0.2, 0.8], [0.5, 0.5], [0.5, 1.0]])
LECTURE_LABELS = np.array([[0.0], [1.0], [0.0]])

#: the second linear map: z_O = W_O u + beta_O, class 1 iff z_O > lambda (all four agree)
LECTURE_W_O = np.array([[-1.0, 1.0, 1.0, -1.0]])
LECTURE_BETA_O = np.array([0.0])
LECTURE_LAMBDA = 3.5


def _check_lines(B) -> np.ndarray:
    B = np.asarray(B, dtype=np.float64)
    if B.ndim != 2 or B.shape[1] != 3:
        raise ValueError(f"B must have shape (k, 3), rows [intercept, w_1, w_2]; got {B.shape}")
    return B


def linear_scores(X, B) -> np.ndarray:
    """Z = [1, X] B^T: X (m, 2), B (k, 3) rows [intercept, w_1, w_2] -> Z (m, k)."""
    X = as_batch("X", X, 2)
    B = _check_lines(B)
    return B[:, 0] + X @ B[:, 1:].T


def sign_features(X, B) -> np.ndarray:
    """U = sign([1, X] B^T) in {-1, +1} (z = 0 counts as -1): X (m, 2), B (k, 3) -> U (m, k)."""
    return np.where(linear_scores(X, B) > 0, 1.0, -1.0)


def sign_network_predict(X, B=LECTURE_LINES, W_O=LECTURE_W_O, beta_O=LECTURE_BETA_O,
                         lam: float = LECTURE_LAMBDA) -> np.ndarray:
    """u_O = 1[W_O sign(W_H x + beta_H) + beta_O > lambda] for every row of X: (m, 2) -> (m, 1)."""
    U = sign_features(X, B)
    W_O = np.asarray(W_O, dtype=np.float64)
    if W_O.shape != (1, U.shape[1]):
        raise ValueError(f"W_O must have shape (1, {U.shape[1]}), got {W_O.shape}")
    return (U @ W_O.T + np.asarray(beta_O, dtype=np.float64) > lam).astype(np.float64)


def sign_network_as_mlp(B=LECTURE_LINES, W_O=LECTURE_W_O, beta_O=LECTURE_BETA_O,
                        lam: float = LECTURE_LAMBDA) -> MLP:
    """The same classifier as an ``MLP([2, k, 1], hidden="step", output="step")``.

    sign(z) = 2 step(z) - 1, so W_O u + beta_O - lambda = (2 W_O) h + (beta_O - lambda - W_O 1).
    """
    B = _check_lines(B)
    W_O = np.asarray(W_O, dtype=np.float64)
    net = MLP([2, B.shape[0], 1], hidden="step", output="step", init="zeros")
    net.weights[0], net.biases[0] = B[:, 1:].copy(), B[:, 0].copy()
    net.weights[1] = 2.0 * W_O
    net.biases[1] = np.asarray(beta_O, dtype=np.float64) - lam - W_O.sum(axis=1)
    return net


def diamond(m: int = 200, seed: int = 0, B=LECTURE_LINES) -> tuple[np.ndarray, np.ndarray]:
    """m points uniform in [0, 1]^2, label 1 inside the region u = (-1, +1, +1, -1) of ``B``."""
    positive("m", m, integer=True)
    X = np.random.default_rng(seed).uniform(0.0, 1.0, (m, 2))
    return X, sign_network_predict(X, B)


def plot_lines(ax, B, xlim=(0.0, 1.0), labels: bool = True) -> None:
    """Draw the lines beta_0 + w_1 x_1 + w_2 x_2 = 0 (rows of B) with an arrow to their + side."""
    B = _check_lines(B)
    colours = [plotting.GREEN, plotting.VERMILION, plotting.PURPLE, plotting.SKY, plotting.BLACK]
    x = np.linspace(*xlim, 50)
    for j, (c, w1, w2) in enumerate(B):
        col = colours[j % len(colours)]
        if abs(w2) > 1e-12:
            ax.plot(x, -(c + w1 * x) / w2, color=col, lw=1.5, label=f"$u_{j + 1}$" if labels else None)
        else:
            ax.axvline(-c / w1, color=col, lw=1.5, label=f"$u_{j + 1}$" if labels else None)
        # the point of the line nearest the centre of the box, and the normal (w_1, w_2)
        centre = np.array([np.mean(xlim), np.mean(xlim)])
        w = np.array([w1, w2])
        p = centre - (c + w @ centre) / (w @ w) * w
        d = 0.12 * w / np.linalg.norm(w)
        ax.annotate("", xy=p + d, xytext=p, arrowprops=dict(arrowstyle="->", color=col, lw=1.5))
    ax.set_xlim(*xlim)
    ax.set_ylim(*xlim)
    ax.set_aspect("equal")


def plot_sign_regions(ax, X, T, B=LECTURE_LINES) -> None:
    """The data, the lines of B, and each point of LECTURE_EXAMPLES with its sign features."""
    plotting.plot_points(ax, X, T, size=12)
    plot_lines(ax, B)
    U = sign_features(LECTURE_EXAMPLES, B)
    for name, x, u in zip(["$x_1$", "$x_2$", "$x_n$"], LECTURE_EXAMPLES, U):
        ax.plot(*x, "k*", ms=11)
        signs = ",".join("+" if v > 0 else "−" for v in u)
        ax.annotate(f"{name}: ({signs})", x, xytext=(5, -12), textcoords="offset points",
                    fontsize=9, bbox=dict(fc="white", ec="none", alpha=0.8))
    # a margin around the unit square, so that markers on its border (x_n at (0.5, 1)) show whole
    ax.set_xlim(-0.06, 1.06)
    ax.set_ylim(-0.06, 1.06)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    # the legend below the axes, off the data
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), fontsize=9, ncol=6,
              frameon=False, handletextpad=0.3, columnspacing=0.9)


def plot_activations(names: Sequence[str] = ("step", "sigmoid", "tanh", "relu"), lo: float = -4.0,
                     hi: float = 4.0):
    """One panel per activation (two per row): g(z) and g'(z) from ``bpcourse.activations``.

    Returns the figure."""
    ncols = 2 if len(names) > 2 else len(names)
    nrows = -(-len(names) // ncols)
    fig, axes = plotting.new_figure(ncols, nrows, width=3.4, height=2.6)
    z = np.linspace(lo, hi, 801)
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    for ax, name in zip(axes.flat, names):
        g, dg = activations.get(name)
        y = g(z)
        if name == "step":                                   # no vertical segment at the jump
            y = np.where(np.isclose(z, 0.0), np.nan, y)
        ax.plot(z, y, color=plotting.BLUE, lw=2, label="$g(z)$")
        ax.plot(z, dg(z), color=plotting.VERMILION, lw=2, ls="--", label="$g'(z)$")
        ax.axhline(0, color="0.7", lw=0.8)
        ax.axvline(0, color="0.7", lw=0.8)
        ax.set_title(name)
        ax.set_xlabel("$z$")
        ax.set_ylim(-1.2, 1.6)
    axes[0, 0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def width_experiment(X, T, widths: Sequence[int] = (1, 2, 3, 4, 5, 6), seeds: Sequence[int] = (0, 1, 2),
                     epochs: int = 300, lr: float = 0.5, momentum: float = 0.9) -> np.ndarray:
    """Train ``MLP([2, width, 1], hidden="tanh", output="sigmoid")`` with BCE, full batch.

    Returns the training accuracies, shape (len(widths), len(seeds)): one run per seed.
    """
    acc = np.zeros((len(widths), len(seeds)))
    for i, width in enumerate(widths):
        positive("width", width, integer=True)
        for j, seed in enumerate(seeds):
            net = MLP([2, width, 1], hidden="tanh", output="sigmoid", seed=seed, scale=1.0)
            train.fit(net, X, T, loss="bce", lr=lr, epochs=epochs, momentum=momentum, seed=seed)
            acc[i, j] = accuracy(net, X, T)
    return acc


def plot_width_accuracy(ax, widths, acc: np.ndarray) -> None:
    """Best and mean training accuracy (over seeds) against the number of hidden units."""
    ax.plot(widths, acc.max(axis=1), "o-", color=plotting.BLUE, label="best of the seeds")
    ax.plot(widths, acc.mean(axis=1), "s--", color=plotting.ORANGE, label="mean over seeds")
    ax.set_xlabel("hidden units (width)")
    ax.set_ylabel("training accuracy")
    ax.set_xticks(list(widths))
    ax.set_ylim(0.4, 1.03)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")


def line_accuracy_grid(X, T, thetas: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Accuracy of every line classifier 1[cos(theta) x_1 + sin(theta) x_2 > c] on (X, T).

    X (m, 2), T (m, 1); returns (len(thetas), len(offsets)).
    """
    X = as_batch("X", X, 2)
    t = np.ravel(T) > 0.5
    proj = X @ np.stack([np.cos(thetas), np.sin(thetas)])            # (m, n_theta)
    pred = proj[:, :, None] > np.asarray(offsets)[None, None, :]      # (m, n_theta, n_c)
    return (pred == t[:, None, None]).mean(axis=0)


def plot_line_search(X, T, thetas: np.ndarray, offsets: np.ndarray, acc: np.ndarray):
    """Left: accuracy over (theta, c); right: the data and a few of the best lines. Returns fig."""
    fig, axes = plotting.new_figure(2, 1, width=4.2, height=3.4)
    ax = axes[0, 0]
    im = ax.pcolormesh(np.degrees(thetas), offsets, acc.T, cmap="viridis", vmin=0, vmax=1,
                       shading="auto")
    fig.colorbar(im, ax=ax, label="accuracy on the 4 points")
    ax.set_xlabel(r"direction $\theta$ (degrees)")
    ax.set_ylabel("offset $c$")
    ax.set_title(f"best over the grid: {acc.max():.2f}")
    ax = axes[0, 1]
    plotting.plot_points(ax, X, T, size=60)
    best = np.argwhere(np.isclose(acc, acc.max()))
    x = np.linspace(-0.5, 1.5, 10)
    for i, j in best[:: max(1, len(best) // 6)][:6]:
        th, c = thetas[i], offsets[j]
        if abs(np.sin(th)) > 1e-3:
            ax.plot(x, (c - np.cos(th) * x) / np.sin(th), color="0.4", lw=1)
        else:
            ax.axvline(c / np.cos(th), color="0.4", lw=1)
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_aspect("equal")
    ax.set_title("some of the best lines: 3 of 4 right")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    fig.tight_layout()
    return fig


def plot_width_regions(X, T, widths: Sequence[int] = (1, 2, 3), seed: int = 0, epochs: int = 300,
                       lr: float = 0.5, momentum: float = 0.9):
    """Decision regions of ``MLP([2, width, 1])`` trained as in ``width_experiment``. Returns fig."""
    fig, axes = plotting.new_figure(len(widths), 1, width=2.75, height=2.75)   # fits the page
    for ax, width in zip(axes[0], widths):
        net = MLP([2, width, 1], hidden="tanh", output="sigmoid", seed=seed, scale=1.0)
        train.fit(net, X, T, loss="bce", lr=lr, epochs=epochs, momentum=momentum, seed=seed)
        plotting.plot_decision_regions(ax, net.forward, X, T, resolution=120, margin=0.3)
        ax.set_title(f"width {width}: accuracy {accuracy(net, X, T):.3f}", fontsize=10)
    fig.tight_layout()
    return fig


def plot_soft_steps(ax, ks: Sequence[float] = (1, 2, 5, 20), lo: float = -3.0, hi: float = 3.0) -> None:
    """sigma(k z) for several k against the hard step(z)."""
    z = np.linspace(lo, hi, 601)
    colours = [plotting.SKY, plotting.BLUE, plotting.ORANGE, plotting.VERMILION, plotting.PURPLE]
    ax.plot(z, np.where(z > 0, 1.0, np.nan), color="k", lw=2.5, alpha=0.35, label="step$(z)$")
    ax.plot(z, np.where(z <= 0, 0.0, np.nan), color="k", lw=2.5, alpha=0.35)
    for k, col in zip(ks, colours * 3):
        ax.plot(z, activations.sigmoid(k * z), color=col, lw=1.5, label=f"$\\sigma({k:g}z)$")
    ax.set_xlabel("$z$")
    ax.legend(fontsize=8, loc="upper left")


def plot_soft_xor_error(ax, ks: np.ndarray, measured: np.ndarray, formula: np.ndarray) -> None:
    """Worst-row error of the soft XOR net against k (log scale), with E(k) and e^{-k/2}."""
    ax.semilogy(ks, formula, color=plotting.BLUE, lw=2, label="formula $E(k)$")
    ax.semilogy(ks, measured, "o", color=plotting.ORANGE, ms=4, label="measured, bpcourse.MLP")
    ax.semilogy(ks, np.exp(-ks / 2), color="0.5", ls=":", label="$e^{-k/2}$")
    ax.axhline(0.5, color=plotting.VERMILION, ls="--", lw=1, label="1/2: a row flips")
    ax.axvline(2 * np.log(3), color=plotting.GREEN, ls="--", lw=1, label="$k = 2\\ln 3$")
    ax.set_xlabel("scale $k$ of all weights and biases")
    ax.set_ylabel(r"$\max_i |y_i - t_i|$")
    ax.legend(fontsize=8)
