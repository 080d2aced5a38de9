"""Chapter 11's cost of each mode: the time of a whole Jacobian by forward and by reverse mode.

The chapter writes its forward-mode engine (``Dual``) and both Jacobians in its own cells and
hands them to ``time_jacobians``; this module only times them and plots the times.
"""
from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np

from .._validate import positive
from ..draw import plotting


def time_jacobians(methods: Sequence[Callable], f: Callable, x,
                   repeats: int = 3) -> tuple[float, ...]:
    """CPU seconds of ``method(f, x)`` for each method (e.g. the Jacobian by forward and by
    reverse mode): the best of ``repeats`` runs, the methods in turn; CPU time of this
    process, so that what other programs run meanwhile does not count."""
    positive("repeats", repeats, integer=True)
    best = [np.inf] * len(methods)
    for _ in range(repeats):
        for i, method in enumerate(methods):
            start = time.process_time()
            method(f, x)
            best[i] = min(best[i], time.process_time() - start)
    return tuple(best)


def plot_costs(ax, times: dict[int, tuple[float, float]], xlabel: str) -> None:
    """Times {size: (forward, reverse)} in seconds against the size, log-log, in milliseconds."""
    sizes = sorted(times)
    for i, (label, colour, marker) in enumerate([("forward mode", plotting.BLUE, "o"),
                                                 ("reverse mode", plotting.VERMILION, "s")]):
        ax.loglog(sizes, [times[n][i] * 1e3 for n in sizes], marker=marker, color=colour,
                  label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("time for the Jacobian (ms)")
    ax.legend(fontsize=9)
