"""Chapter 15's figure: a recurrent network unrolled in time, one copy of the cell per step."""
from __future__ import annotations

from ..draw import plotting


def _box(ax, x: float, y: float, text: str, colour: str) -> None:
    ax.text(x, y, text, ha="center", va="center", fontsize=11,
            bbox=dict(boxstyle="round,pad=0.35", fc=colour, ec="0.25", lw=0.8))


def _arrow(ax, start, end, label: str = "", offset=(0.0, 0.0)) -> None:
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="->", lw=1.1, color="0.2", shrinkA=13, shrinkB=13))
    if label:
        ax.text((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1], label,
                fontsize=9, ha="center", va="center", color=plotting.BLUE)


def plot_unrolled(ax, T: int = 4) -> None:
    """x_t -> h_t -> y_t for t = 1..T, h_(t-1) -> h_t; the same Wx, Wh, w_y at every step."""
    _box(ax, 0, 1, "$h_0$", "white")
    for t in range(1, T + 1):
        _box(ax, t, 0, f"$x_{t}$", "#e8f1fa")
        _box(ax, t, 1, f"$h_{t}$", "#fdf0e1")
        _box(ax, t, 2, f"$y_{t}$", "#e9f5ee")
        _arrow(ax, (t, 0), (t, 1), "$W_x$", (0.17, 0))
        _arrow(ax, (t, 1), (t, 2), "$w_y$", (0.17, 0))
        _arrow(ax, (t - 1, 1), (t, 1), "$W_h$", (0, 0.17))
    ax.set_xlim(-0.5, T + 0.5)
    ax.set_ylim(-0.5, 2.5)
    ax.axis("off")
