"""Gradient-descent explorer for one neuron y = sigma(w x + b) (chapter 5).

Controls: the learning rate, the start point (w0, b0) and the number of steps. It shows the
path of (w, b) on the contours of J(w, b), with the steepest-descent arrows -grad J, and J
after each step. The plain functions below compute what is drawn; ``descent_explorer``
builds the live widget and its kernel-free form (an animation of a good learning rate and
a grid comparing a too small, a good and a too large one).
"""
from __future__ import annotations

import numpy as np

from .. import display, neuron, plotting

#: the default example: start point, and three learning rates that show the three behaviours
START = (2.5, 0.5)
LEARNING_RATES = {"too small": 1.0, "good": 10.0, "too large": 80.0}
STEPS = 20
W_RANGE, B_RANGE = (-1.0, 6.0), (-3.0, 3.0)


def explore(lr: float, w0: float, b0: float, steps: int, x=None, y_d=None) -> dict:
    """What the widget shows for one setting: path (steps+1, 2), J (steps+1,), first gradient (2,)."""
    if x is None and y_d is None:
        x, y_d = neuron.example_data()
    path, J = neuron.descent_path(w0, b0, x, y_d, lr, steps)
    return {"path": path, "J": J, "grad0": neuron.gradient(w0, b0, x, y_d), "x": x, "y_d": y_d,
            "lr": float(lr)}


def surface(x, y_d, resolution: int = 60, w_range=W_RANGE, b_range=B_RANGE):
    """The grid of the contour plot: ws (n,), bs (n,), J (n, n) with rows along b."""
    ws = np.linspace(*w_range, resolution)
    bs = np.linspace(*b_range, resolution)
    return ws, bs, neuron.cost_grid(ws, bs, x, y_d)


def draw_contours(ax, x, y_d, arrows: bool = True, filled: bool = True, w_range=W_RANGE,
                  b_range=B_RANGE) -> None:
    """Contours of J(w, b) (log-spaced levels, darker = higher) and, if ``arrows``, -grad J on a coarse grid."""
    ws, bs, J = surface(x, y_d, w_range=w_range, b_range=b_range)
    levels = np.geomspace(max(J.min(), 1e-4), J.max(), 12)
    if filled:
        ax.contourf(ws, bs, J, levels=levels, cmap="Greys", alpha=0.45)
    ax.contour(ws, bs, J, levels=levels, colors="0.45", linewidths=0.6)
    if arrows:
        wq, bq = np.meshgrid(np.linspace(*w_range, 9), np.linspace(*b_range, 8))
        G = np.array([neuron.gradient(w, b, x, y_d) for w, b in zip(wq.ravel(), bq.ravel())])
        ax.quiver(wq, bq, -G[:, 0], -G[:, 1], color=plotting.BLACK, alpha=0.6, width=0.004)
    ax.set_xlim(*w_range)
    ax.set_ylim(*b_range)
    ax.set_xlabel("w")
    ax.set_ylabel("b")


def draw_path(ax, path: np.ndarray, colour: str = plotting.VERMILION, label: str | None = None) -> None:
    """The path of (w, b): dots joined by lines, the start as a square."""
    ax.plot(path[:, 0], path[:, 1], "-o", color=colour, ms=3, lw=1.4, label=label)
    ax.plot(path[0, 0], path[0, 1], "s", color=colour, ms=7, mec="k")


def draw_costs(ax, J: np.ndarray, colour: str = plotting.VERMILION, label: str | None = None) -> None:
    """J after each step (step 0 is the start), log scale."""
    ax.semilogy(np.arange(len(J)), J, "-o", color=colour, ms=3, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("J(w, b)")


def state_figure(state: dict, title: str | None = None):
    """One setting as a figure: the path on the contours, and J per step."""
    fig, axes = plotting.new_figure(ncols=2, width=3.6, height=3.0)
    draw_contours(axes[0, 0], state["x"], state["y_d"])
    draw_path(axes[0, 0], state["path"])
    draw_costs(axes[0, 1], state["J"])
    axes[0, 0].set_title(title or f"lr = {state['lr']:g}", fontsize=10)
    axes[0, 1].set_title(f"J: {state['J'][0]:.3g} → {state['J'][-1]:.3g}", fontsize=10)
    fig.tight_layout()
    return fig


def comparison_figure(x=None, y_d=None, start=START, rates=None, steps: int = STEPS):
    """The three learning rates from one start: paths on one contour plot, J per step beside it."""
    rates = rates or LEARNING_RATES
    fig, axes = plotting.new_figure(ncols=2, width=4.0, height=3.3)
    states = {name: explore(lr, *start, steps, x, y_d) for name, lr in rates.items()}
    first = next(iter(states.values()))
    draw_contours(axes[0, 0], first["x"], first["y_d"], arrows=False)
    colours = (plotting.BLUE, plotting.GREEN, plotting.VERMILION)
    for (name, s), c in zip(states.items(), colours):
        label = f"{name}: lr = {s['lr']:g}"
        draw_path(axes[0, 0], s["path"], c, label)
        draw_costs(axes[0, 1], s["J"], c, label)
    axes[0, 1].legend(fontsize=8)
    fig.tight_layout()
    return fig, states


def animation(state: dict, frames: int = 13):
    """A matplotlib FuncAnimation of the path growing step by step (at most ``frames`` frames)."""
    from matplotlib.animation import FuncAnimation
    path, J = state["path"], state["J"]
    n = min(frames, len(path))
    fig, axes = plotting.new_figure(ncols=2, width=3.0, height=2.6, dpi=display.DPI)
    draw_contours(axes[0, 0], state["x"], state["y_d"], arrows=False, filled=False)
    line, = axes[0, 0].plot([], [], "-o", color=plotting.VERMILION, ms=3)
    axes[0, 0].plot(path[0, 0], path[0, 1], "s", color=plotting.VERMILION, ms=7, mec="k")
    cost, = axes[0, 1].semilogy([], [], "-o", color=plotting.VERMILION, ms=3)
    axes[0, 1].set_xlim(-0.5, n - 0.5)
    axes[0, 1].set_ylim(J[:n].min() / 1.5, J[:n].max() * 1.5)
    axes[0, 1].set_xlabel("step")
    axes[0, 1].set_ylabel("J(w, b)")
    title = axes[0, 0].set_title("", fontsize=10)
    fig.tight_layout()

    def frame(k):
        line.set_data(path[:k + 1, 0], path[:k + 1, 1])
        cost.set_data(np.arange(k + 1), J[:k + 1])
        title.set_text(f"lr = {state['lr']:g}, step {k}: J = {J[k]:.4f}")
        return line, cost, title

    return FuncAnimation(fig, frame, frames=n, interval=400, blit=False)


def descent_explorer(x=None, y_d=None) -> display.Interactive:
    """Sliders for the learning rate, (w0, b0) and the number of steps; path and J redrawn live."""
    import ipywidgets as W
    import matplotlib.pyplot as plt
    from IPython.display import display as show
    if x is None and y_d is None:
        x, y_d = neuron.example_data()
    lr = W.FloatLogSlider(value=LEARNING_RATES["good"], base=10, min=-1, max=2.3, step=0.05,
                          description="learning rate")
    w0 = W.FloatSlider(value=START[0], min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="w0")
    b0 = W.FloatSlider(value=START[1], min=B_RANGE[0], max=B_RANGE[1], step=0.1, description="b0")
    steps = W.IntSlider(value=STEPS, min=1, max=100, description="steps")
    out = W.Output()

    def redraw(*_):
        with out:
            out.clear_output(wait=True)
            fig = state_figure(explore(lr.value, w0.value, b0.value, steps.value, x, y_d))
            show(fig)
            plt.close(fig)

    for c in (lr, w0, b0, steps):
        c.observe(redraw, names="value")
    redraw()
    widget = W.VBox([W.HBox([lr, steps]), W.HBox([w0, b0]), out])

    good = explore(LEARNING_RATES["good"], *START, STEPS, x, y_d)
    anim = display.animation_html(animation(good), alt=(
        f"Gradient descent with learning rate {good['lr']:g} from (w, b) = {START}: the path "
        f"follows the contours of J down to the minimum, and J falls from {good['J'][0]:.3f} "
        f"to {good['J'][-1]:.4f} in {STEPS} steps."))
    fig, states = comparison_figure(x, y_d)
    summary = ", ".join(f"{k} (lr={s['lr']:g}): J {s['J'][0]:.4f} -> {s['J'][-1]:.4f}"
                        for k, s in states.items())
    grid = display.figure_html(fig, alt="Three gradient-descent paths from the same start on the "
                               "contours of J, and J per step: " + summary,
                               caption="Too small, good and too large learning rates from the "
                                       f"same start, {STEPS} steps each.")
    return display.Interactive(widget, anim + grid, f"descent_explorer: {summary}")
