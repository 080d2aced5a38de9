"""Chapter 10's measure and figures. Hidden unit j of hidden layer l+1 is its incoming weights
(row j of weights[l]), bias biases[l][j] and outgoing weights (column j of weights[l+1]); a
run is ``snapshots.fit_with_snapshots(..., every=1)``, one snapshot per step."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from ..draw.plotting import BLACK, BLUE, GREEN, ORANGE, PURPLE, RUN_COLOURS, SKY, VERMILION
from ..mlp import MLP
from .snapshots import Snapshot

UNIT_COLOURS = (BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY)    # one per hidden unit
WEIGHT_STYLES = ("-", "--", ":", "-.")                           # one per incoming weight


def spread(net: MLP, layer: int = 0) -> float:
    """max over a unit's numbers v of max_j v_j - min_j v_j (0: the units are identical)."""
    per_unit = np.column_stack([net.weights[layer], net.biases[layer],
                                net.weights[layer + 1].T])   # (p, p_in + 1 + p_out)
    return float(np.ptp(per_unit, axis=0).max())


def spreads(snaps: Sequence[Snapshot], layer: int = 0) -> np.ndarray:
    """The spread at every snapshot of a run: shape (len(snaps),)."""
    return np.array([spread(s.net, layer) for s in snaps])


def plot_unit_weights(ax, snaps: Sequence[Snapshot], layer: int = 0) -> None:
    """Incoming weights w_jk over the steps: unit j in colour j (thickest first), weight k in
    style k; lines exactly on top of each other still show every colour."""
    W = np.array([s.net.weights[layer] for s in snaps])       # (S+1, p, p_in)
    steps = [s.epoch for s in snaps]
    p, p_in = W.shape[1:]
    for j in range(p):
        for k in range(p_in):
            ax.plot(steps, W[:, j, k], color=UNIT_COLOURS[j % len(UNIT_COLOURS)],
                    linestyle=WEIGHT_STYLES[k % len(WEIGHT_STYLES)],
                    linewidth=1.2 + 2.2 * (p - 1 - j), label=f"unit {j + 1}" if k == 0 else None)
    for k in range(min(p_in, len(WEIGHT_STYLES))):           # legend entries for the styles
        ax.plot([], [], color=BLACK, lw=1, ls=WEIGHT_STYLES[k], label=f"from input {k + 1}")
    ax.set(xlabel="step", ylabel=f"incoming weights $w_{{jk}}^{{({layer})}}$")
    ax.set_title("hidden units' incoming weights", fontsize=9)
    ax.legend(fontsize=8, loc="best", ncol=2)


def plot_runs(ax, runs: dict[str, Sequence[Snapshot]], spread_of: int | None = 0) -> None:
    """One line per run against the step: the spread of a hidden layer, or (None) the loss J."""
    for i, (label, snaps) in enumerate(runs.items()):
        y = spreads(snaps, spread_of) if spread_of is not None else [s.loss for s in snaps]
        ax.plot([s.epoch for s in snaps], y, label=label, color=RUN_COLOURS[i % 6],
                linestyle=("-", "--", "-.", ":")[i % 4], linewidth=2)
    if spread_of is None:
        ax.set(yscale="log", ylabel="loss J")
    else:
        ax.set_yscale("symlog", linthresh=1e-3)
        ax.set_ylabel("spread between hidden units")
        ax.axhline(0, color=BLACK, linewidth=0.5)
    ax.set_xlabel("step")
    ax.legend(fontsize=8)
