"""Threshold explorer: a soft threshold sigma(w x + b) and a bump made of two of them.

One unit y = sigma(w x + b) = sigma(w (x - s)) switches from 0 to 1 around s = -b/w, the
sharper the larger |w|. Two units with the same w and steps at s1 < s2, the second
subtracted, make a bump (chapter 3; ``constructions.bump_network`` builds it, as chapter 4's
sums of bumps do). Its peak, at the midpoint, is a tanh(w (s2 - s1) / 4).
"""
from __future__ import annotations

import numpy as np

from .. import activations
from ..chapters.constructions import bump_network
from ..draw import display, plotting


def unit(x, w: float, b: float) -> np.ndarray:
    """y = sigma(w x + b), elementwise."""
    return activations.sigmoid(w * np.asarray(x, dtype=np.float64) + b)


def step_location(w: float, b: float) -> float:
    """s = -b / w, where w s + b = 0 and sigma(w x + b) crosses 1/2 (w != 0)."""
    return -b / w + 0.0                            # + 0.0 turns -0.0 into 0.0


def bump(x, w: float, s1: float, s2: float, a: float = 1.0) -> np.ndarray:
    """The [1, 2, 1] bump network a (sigma(w (x - s1)) - sigma(w (x - s2))) at x (m,)."""
    x = np.asarray(x, dtype=np.float64)
    return bump_network([s1], [s2], [a], w).forward(x.reshape(-1, 1))[:, 0]


def bump_height(w: float, s1: float, s2: float, a: float = 1.0) -> float:
    """The bump's value at its midpoint (s1 + s2) / 2, its maximum."""
    return float(bump([(s1 + s2) / 2], w, s1, s2, a)[0])


def plot_threshold(ax_unit, ax_bump, w: float, b: float, w_bump: float, s1: float, s2: float,
         a: float = 1.0) -> tuple[float, float]:
    """Left: sigma(w x + b) with the hard step at -b/w; right: the bump. Returns (s, height)."""
    x = np.linspace(-3.0, 3.0, 400)
    s = step_location(w, b)
    ax_unit.plot(x, np.where(w * x + b > 0, 1.0, 0.0), color="0.6", lw=1, label="hard step")
    ax_unit.plot(x, unit(x, w, b), color=plotting.BLUE, lw=2, label=r"$\sigma(wx+b)$")
    ax_unit.axvline(s, color=plotting.VERMILION, ls="--", lw=1)
    ax_unit.set_title(f"w = {w:g}, b = {b:g}: step at s = −b/w = {s:.2f}", fontsize=9)
    ax_unit.set_ylim(-0.1, 1.1)
    ax_unit.set_xlabel("$x$")
    h = bump_height(w_bump, s1, s2, a)
    ax_bump.plot(x, a * unit(x, w_bump, -w_bump * s1), color=plotting.GREEN, lw=1, ls=":",
                 label=r"$a\,\sigma(w(x-s_1))$")
    ax_bump.plot(x, a * unit(x, w_bump, -w_bump * s2), color=plotting.PURPLE, lw=1, ls=":",
                 label=r"$a\,\sigma(w(x-s_2))$")
    ax_bump.plot(x, bump(x, w_bump, s1, s2, a), color=plotting.ORANGE, lw=2, label="difference")
    ax_bump.axhline(h, color=plotting.VERMILION, ls="--", lw=1)
    ax_bump.set_title(f"w = {w_bump:g} on [{s1:g}, {s2:g}]: height {h:.3f}", fontsize=9)
    ax_bump.set_ylim(-0.1 * max(a, 1), 1.1 * max(a, 1))
    ax_bump.set_xlabel("$x$")
    return s, h


#: settings of the static form: (w, b, w_bump, s1, s2)
STATIC_SETTINGS = [(1.0, 0.0, 1.0, -1.0, 1.0), (4.0, -2.0, 4.0, -1.0, 1.0),
                   (20.0, -10.0, 20.0, -1.0, 1.0), (-5.0, -5.0, 50.0, 0.0, 0.5)]


def _static_html() -> str:
    items = []
    for w, b, wb, s1, s2 in STATIC_SETTINGS:
        fig, axes = plotting.new_figure(2, 1, width=3.0, height=2.3)
        s, h = plot_threshold(axes[0, 0], axes[0, 1], w, b, wb, s1, s2)
        axes[0, 0].legend(fontsize=8, loc="center right" if w > 0 else "center left")
        fig.tight_layout()
        cap = (f"unit: w={w:g}, b={b:g}, step at −b/w={s:.2f}; bump: w={wb:g} on "
               f"[{s1:g}, {s2:g}], height tanh(w(s2−s1)/4)={h:.3f}")
        alt = (f"Left: sigmoid of {w:g} x + {b:g} against the hard step at {s:.2f}. Right: the "
               f"difference of two sigmoids with steepness {wb:g}, a bump on [{s1:g}, {s2:g}] "
               f"of height {h:.3f}")
        items.append((fig, alt, cap))
    return display.grid_html(items, columns=1,
                             title="Threshold explorer (static form: four settings)")


def threshold_explorer() -> display.Interactive:
    """Sliders for w, b (one unit) and steepness, s1, s2, a (the bump); live plots."""
    import ipywidgets as wd

    def fs(desc, value, lo, hi, step=0.1):
        return wd.FloatSlider(value=value, min=lo, max=hi, step=step, description=desc,
                              continuous_update=False)

    w, b = fs("w", 4.0, -20.0, 20.0, 0.5), fs("b", -2.0, -10.0, 10.0, 0.5)
    wb, s1, s2, a = fs("bump w", 10.0, 0.5, 50.0, 0.5), fs("s1", -1.0, -3.0, 3.0), \
        fs("s2", 1.0, -3.0, 3.0), fs("a", 1.0, 0.1, 2.0)

    def picture():
        if w.value == 0 or not s1.value < s2.value:
            return None, "choose w != 0 and s1 < s2"
        fig, axes = plotting.new_figure(2, 1, width=3.8, height=2.8)
        s, h = plot_threshold(axes[0, 0], axes[0, 1], w.value, b.value, wb.value, s1.value, s2.value, a.value)
        fig.tight_layout()
        return fig, f"step at s = -b/w = {s:.4f};  bump height a tanh(w (s2 - s1) / 4) = {h:.4f}"

    canvas = display.Canvas(picture)
    for c in (w, b, wb, s1, s2, a):
        c.observe(lambda _: canvas.update(), names="value")
    canvas.start()
    ui = wd.VBox([wd.HBox([wd.VBox([wd.HTML("<b>one unit</b>"), w, b]),
                           wd.VBox([wd.HTML("<b>bump</b>"), wb, s1, s2, a])]), canvas.out])
    return display.Interactive(ui, _static_html, "Threshold explorer: sigma(wx+b) and a bump")
