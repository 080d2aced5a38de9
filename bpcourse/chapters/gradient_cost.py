"""What gradients cost: finite differences against backprop as the parameter count P grows.

Central finite differences need two forward passes per parameter, 2P in all; backprop needs
one forward and one backward pass whatever P is. ``time_gradients`` measures both (and one
forward pass) on networks of growing width; ``fit_slope`` fits log time = slope log P + c;
``plot_cost`` draws the log-log plot; ``time_scalar_vs_vectorized`` compares the two backprops.
Times are CPU times, the best of a few repeats (the least disturbed by other work).
"""
from __future__ import annotations

import time
from typing import Callable

import numpy as np

from .. import gradcheck, scalar, vectorized
from ..draw import plotting
from ..mlp import MLP


def best_time(f: Callable[[], object], repeats: int = 3) -> float:
    """The shortest of ``repeats`` CPU times of f(), in seconds.

    CPU time of this process (``time.process_time``), not wall-clock time: on a shared machine
    a long run is interrupted by other programs far more often than a short one, which would
    make the slow methods look slower still.
    """
    best = np.inf
    for _ in range(max(int(repeats), 1)):
        t0 = time.process_time()
        f()
        best = min(best, time.process_time() - t0)
    return float(best)


def time_gradients(widths=(2, 4, 8, 16, 32), m: int = 8, n_in: int = 4,
                   repeats: int = 3, seed: int = 0) -> dict[str, np.ndarray]:
    """Time finite differences, backprop and one forward pass on [n_in, H, H, 1] networks.

    Returns arrays over the widths H: 'P' (parameter counts), 'fd', 'backprop', 'forward'
    (seconds). Backprop is ``vectorized.forward`` + ``vectorized.backward`` (the algorithm,
    without the input checks), forward is ``vectorized.forward`` alone.
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n_in))
    T = rng.normal(size=(m, 1))
    out = {"P": [], "fd": [], "backprop": [], "forward": []}
    for H in widths:
        net = MLP([n_in, int(H), int(H), 1], hidden="tanh", output="identity", seed=seed)

        def bp():
            Z, A = vectorized.forward(net, X)
            return vectorized.backward(net, Z, A, T, "half_squared")

        out["P"].append(net.n_params)
        out["forward"].append(best_time(lambda: vectorized.forward(net, X), 5 * repeats))
        out["backprop"].append(best_time(bp, 5 * repeats))
        out["fd"].append(best_time(lambda: gradcheck.finite_difference_grads(net, X, T), repeats))
    return {k: np.array(v, dtype=np.float64 if k != "P" else np.int64) for k, v in out.items()}


def fit_slope(P, times) -> float:
    """The slope of the least-squares line through (log P, log time): time ~ P^slope."""
    P, times = np.asarray(P, dtype=np.float64), np.asarray(times, dtype=np.float64)
    return float(np.polyfit(np.log(P), np.log(times), 1)[0])


def plot_cost(ax, result: dict) -> None:
    """Log-log plot of the times of finite differences, backprop and one forward pass against P."""
    P = result["P"]
    ax.loglog(P, result["fd"], "o-", color=plotting.VERMILION, label="finite differences (2P passes)")
    ax.loglog(P, result["backprop"], "s-", color=plotting.BLUE, label="backprop (forward + backward)")
    ax.loglog(P, result["forward"], "^--", color=plotting.GREEN, label="one forward pass")
    ref = result["fd"][0] * P / P[0]                      # a line of slope 1 through the first point
    ax.loglog(P, ref, ":", color="0.5", label="slope 1 (time ∝ P)")
    ax.set_xlabel("number of parameters P")
    ax.set_ylabel("time (seconds)")
    ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)


def time_scalar_vs_vectorized(net: MLP, X, T, loss: str = "half_squared",
                              repeats: int = 3) -> dict[str, float]:
    """Seconds for ``scalar.loss_and_grads`` and ``vectorized.loss_and_grads`` on one batch."""
    return {"scalar": best_time(lambda: scalar.loss_and_grads(net, X, T, loss), repeats),
            "vectorized": best_time(lambda: vectorized.loss_and_grads(net, X, T, loss), 5 * repeats)}


def format_time(seconds: float) -> str:
    """A time with a unit, e.g. '3.2 ms' (the unit lets the notebook tests mask it)."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-6:.3g} µs"
