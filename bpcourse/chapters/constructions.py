"""Chapter 4 (lecture 004, section 4): what its hand-built networks are checked on.

The chapter computes the lesson; here are the inputs ``all_patterns`` (rows in binary
counting, -1 for the bit 0, first column most significant), the target ``parity``, the
networks too long for a page (the deep parity tree, sums of bumps) and the figures.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..draw import plotting
from ..mlp import MLP


def all_patterns(D: int) -> np.ndarray:
    """The 2^D points of {-1,+1}^D in binary-counting order: shape (2^D, D)."""
    bits = (np.arange(2 ** D)[:, None] >> np.arange(D - 1, -1, -1)) & 1
    return 2.0 * bits - 1.0


def parity(X) -> np.ndarray:
    """1 where a ±1 row of X (m, D) has an odd number of +1 entries, else 0: (m, 1)."""
    return ((np.asarray(X) > 0).sum(axis=1) % 2).astype(np.float64)[:, None]


def parity_network(D: int) -> MLP:
    """A deep step network for ``parity`` on {-1,+1}^D: a balanced tree of XOR blocks.

    Each level pairs its items: (a, b) gives an OR unit step(a + b - 1/2) and an AND unit
    step(a + b - 3/2), and the next level reads a XOR b = OR - AND; an unpaired item is
    carried up by step(a - 1/2). ceil(log2 D) hidden layers, a linear output unit.
    """
    A, c = 0.5 * np.eye(D), np.full(D, 0.5)      # items u = A h + c; first u_j = (x_j + 1)/2
    weights, biases = [], []
    while len(c) > 1:
        n, odd = len(c) // 2, len(c) % 2
        rows = [A[2 * i] + A[2 * i + 1] for i in range(n) for _ in "oa"]
        bias = [c[2 * i] + c[2 * i + 1] - t for i in range(n) for t in (0.5, 1.5)]
        rows, bias = rows + [A[-1]] * odd, bias + [c[-1] - 0.5] * odd
        weights.append(np.array(rows))
        biases.append(np.array(bias))
        A = np.zeros((n + odd, len(rows)))           # the next items: OR - AND, the carry
        A[np.arange(n), 2 * np.arange(n)] = 1.0
        A[np.arange(n), 2 * np.arange(n) + 1] = -1.0
        A[n:, -1] = 1.0
        c = np.zeros(n + odd)
    net = MLP([D] + [len(b) for b in biases] + [1], hidden="step", output="identity",
              init="zeros")
    net.weights, net.biases = weights + [A], biases + [c]
    return net


def bump_network(lefts, rights, heights, steepness: float = 50.0) -> MLP:
    """A [1, 2n, 1] sigmoid network whose output is a sum of n bumps.

    Unit 2i is sigma(s (x - l_i)), unit 2i+1 sigma(s (x - r_i)); output weights h_i, -h_i.
    """
    edges = np.ravel(np.c_[lefts, rights])               # l_0, r_0, l_1, r_1, ...
    net = MLP([1, edges.size, 1], hidden="sigmoid", output="identity", init="zeros")
    net.weights = [np.full((edges.size, 1), float(steepness)),
                   np.ravel(np.c_[heights, np.negative(heights)])[None, :]]
    net.biases = [-steepness * edges, np.zeros(1)]
    return net


def bump_parts(net: MLP, x) -> np.ndarray:
    """Each bump of a ``bump_network`` at the points x (m,): (m, n); they sum to y(x)."""
    x = np.asarray(x, dtype=np.float64)
    H = activations.sigmoid(x[:, None] @ net.weights[0].T + net.biases[0])   # (m, 2n)
    return (H * net.weights[1][0]).reshape(len(x), -1, 2).sum(axis=2)


def fit_bumps(f: Callable, n: int, interval=(-np.pi, np.pi),
              steepness: float = 100.0) -> MLP:
    """n bumps on n equal bins of ``interval`` whose sum equals f at the bins' centres.

    The outer bumps reach one interval length past its ends (no sag to half height there);
    the heights solve sum_j h_j bump_j(c_i) = f(c_i); in the steep limit h_i = f(c_i).
    """
    a, b = interval
    e = np.linspace(a, b, n + 1)
    lefts, rights = e[:-1].copy(), e[1:].copy()
    lefts[0], rights[-1] = a - (b - a), b + (b - a)
    c = (e[:-1] + e[1:]) / 2
    A = bump_parts(bump_network(lefts, rights, np.ones(n), steepness), c)   # (n, n)
    h = np.linalg.lstsq(A, f(c), rcond=None)[0]
    return bump_network(lefts, rights, h, steepness)


# ------------------------------------------------------------------------------ figures

def plot_approximation(ax, f: Callable, net: MLP, interval=(-np.pi, np.pi),
                       m: int = 801) -> None:
    """The target f, the output of a ``bump_network`` and (faintly) each of its bumps."""
    x = np.linspace(*interval, m)
    ax.plot(x, f(x), color=plotting.BLACK, lw=2.5, alpha=0.35, label="target $f(x)$")
    ax.plot(x, bump_parts(net, x), color=plotting.SKY, lw=0.8, alpha=0.8)
    ax.plot(x, net.forward(x[:, None])[:, 0], color=plotting.VERMILION, lw=1.5,
            label="network $y(x)$")
    ax.set_xlim(*interval)
    ax.set_xlabel("$x$")


def plot_error_curve(ax, ns, max_err, rms, bound=None) -> None:
    """Max and RMS error against the number of bumps n (log-log), and a bound."""
    ax.loglog(ns, max_err, "o-", color=plotting.VERMILION, label=r"max $|y - f|$")
    ax.loglog(ns, rms, "s-", color=plotting.BLUE, label="RMS")
    if bound is not None:
        ax.loglog(ns, bound, "k--", lw=1, label=r"bound $\max|f'|\,(b-a)/(2n)$")
    ax.set_xlabel("number of bumps $n$")
    ax.set_ylabel("error")
    ax.legend(fontsize=8)


def plot_first_layer(axes, net: MLP, shape=(8, 8)) -> None:
    """Each first-layer unit's weights W^(0)_{j,:} as a ``shape`` image, one per axis.

    Light is positive, dark negative, one symmetric grey scale for all units; spare axes
    are blanked.
    """
    W = net.weights[0]
    vmax = float(np.abs(W).max())
    for j, ax in enumerate(np.ravel(axes)):
        ax.set_xticks([])
        ax.set_yticks([])
        if j < W.shape[0]:
            ax.imshow(W[j].reshape(shape), cmap="gray", vmin=-vmax, vmax=vmax)
        else:
            ax.axis("off")


def plot_digits(axes, X, labels, shape=(8, 8)) -> None:
    """The first images of X (m, 64) with their labels as titles, one per axis."""
    for ax, x, t in zip(np.ravel(axes), X, labels):
        ax.imshow(np.reshape(x, shape), cmap="gray_r")
        ax.set_title(str(t), fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
