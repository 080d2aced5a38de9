"""Gradient-descent explorer for one neuron y = sigma(w x + b) (chapter 5).

Controls: the learning rate, the start point (w0, b0) and the number of steps. It shows the
path of (w, b) on the contours of J(w, b), with the steepest-descent arrows -grad J, and J
after each step. The plain functions below compute what is drawn; ``descent_explorer``
builds the live widget and its kernel-free form (an animation of a good learning rate and
a grid comparing a too small, a good and a too large one).
"""
from __future__ import annotations

import numpy as np

from .. import activations
from ..draw import display, plotting
from ..chapters import neuron
from ._controls import log_slider

#: the default example: start point, and three learning rates that show the three behaviours
START = (2.5, 0.5)
LEARNING_RATES = {"too small": 1.0, "good": 10.0, "too large": 80.0}
STEPS = 20
W_RANGE, B_RANGE = (-2.0, 6.0), (-3.0, 3.0)


def explore(lr: float, w0: float, b0: float, steps: int, x=None, y_d=None) -> dict:
    """What the widget shows for one setting: path (steps+1, 2), J (steps+1,), first gradient (2,)."""
    if x is None and y_d is None:
        x, y_d = neuron.example_data()
    path, J = neuron.descent_path(w0, b0, x, y_d, lr, steps)
    grad0 = neuron.cost_and_gradient(w0, b0, x, y_d)[1]
    return {"path": path, "J": J, "grad0": grad0, "x": x, "y_d": y_d, "lr": float(lr)}


def surface(x, y_d, resolution: int = 60, w_range=W_RANGE, b_range=B_RANGE):
    """The grid of the contour plot: ws (n,), bs (n,), J (n, n) with rows along b."""
    ws = np.linspace(*w_range, resolution)
    bs = np.linspace(*b_range, resolution)
    return ws, bs, neuron.cost_grid(ws, bs, x, y_d)


def plot_contours(ax, x, y_d, arrows: bool = True, filled: bool = True, w_range=W_RANGE,
                  b_range=B_RANGE) -> None:
    """Contours of J(w, b) (log-spaced levels, darker = higher) and, if ``arrows``, -grad J on a coarse grid."""
    ws, bs, J = surface(x, y_d, w_range=w_range, b_range=b_range)
    levels = np.geomspace(max(J.min(), 1e-4), J.max(), 12)
    if filled:
        ax.contourf(ws, bs, J, levels=levels, cmap="Greys", alpha=0.45)
    ax.contour(ws, bs, J, levels=levels, colors="0.45", linewidths=0.6)
    if arrows:
        wq, bq = np.meshgrid(np.linspace(*w_range, 9), np.linspace(*b_range, 8))
        G = np.array([neuron.cost_and_gradient(w, b, x, y_d)[1]
                      for w, b in zip(wq.ravel(), bq.ravel())])
        ax.quiver(wq, bq, -G[:, 0], -G[:, 1], color=plotting.BLACK, alpha=0.6, width=0.004)
    ax.set_xlim(*w_range)
    ax.set_ylim(*b_range)
    ax.set_xlabel("w")
    ax.set_ylabel("b")


def plot_path(ax, path: np.ndarray, colour: str = plotting.VERMILION, label: str | None = None) -> None:
    """The path of (w, b): dots joined by lines, the start as a square."""
    ax.plot(path[:, 0], path[:, 1], "-o", color=colour, ms=3, lw=1.4, label=label)
    ax.plot(path[0, 0], path[0, 1], "s", color=colour, ms=7, mec="k")


def plot_costs(ax, J: np.ndarray, colour: str = plotting.VERMILION, label: str | None = None) -> None:
    """J after each step (step 0 is the start), log scale."""
    ax.semilogy(np.arange(len(J)), J, "-o", color=colour, ms=3, label=label)
    ax.set_xlabel("step")
    ax.set_ylabel("J(w, b)")


def plot_state(state: dict, title: str | None = None):
    """One setting as a figure: the path on the contours, and J per step."""
    fig, axes = plotting.new_figure(ncols=2, width=3.6, height=3.0)
    plot_contours(axes[0, 0], state["x"], state["y_d"])
    plot_path(axes[0, 0], state["path"])
    plot_costs(axes[0, 1], state["J"])
    axes[0, 0].set_title(title or f"α = {state['lr']:g}", fontsize=10)
    axes[0, 1].set_title(f"J: {state['J'][0]:.3g} → {state['J'][-1]:.3g}", fontsize=10)
    fig.tight_layout()
    return fig


def plot_comparison(x=None, y_d=None, start=START, rates=None, steps: int = STEPS):
    """The three learning rates from one start: paths on one contour plot, J per step beside it."""
    rates = rates or LEARNING_RATES
    fig, axes = plotting.new_figure(ncols=2, width=4.0, height=3.3)
    states = {name: explore(lr, *start, steps, x, y_d) for name, lr in rates.items()}
    first = next(iter(states.values()))
    plot_contours(axes[0, 0], first["x"], first["y_d"], arrows=False)
    colours = (plotting.BLUE, plotting.GREEN, plotting.VERMILION)
    for (name, s), c in zip(states.items(), colours):
        label = f"{name}: α = {s['lr']:g}"
        plot_path(axes[0, 0], s["path"], c, label)
        plot_costs(axes[0, 1], s["J"], c, label)
    axes[0, 1].legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0))   # off the data
    fig.tight_layout()
    return fig, states


def animation(state: dict, frames: int = 13):
    """A matplotlib FuncAnimation of the path growing step by step (at most ``frames`` frames)."""
    from matplotlib.animation import FuncAnimation
    path, J = state["path"], state["J"]
    n = min(frames, len(path))
    fig, axes = plotting.new_figure(ncols=2, width=3.0, height=2.6, dpi=display.DPI)
    plot_contours(axes[0, 0], state["x"], state["y_d"], arrows=False, filled=False)
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
        title.set_text(f"α = {state['lr']:g}, step {k}: J = {J[k]:.4f}")
        return line, cost, title

    return FuncAnimation(fig, frame, frames=n, interval=400, blit=False)


def descent_explorer(x=None, y_d=None) -> display.Interactive:
    """Sliders for the learning rate, (w0, b0) and the number of steps; path and J redrawn live."""
    import ipywidgets as W
    if x is None and y_d is None:
        x, y_d = neuron.example_data()
    lr = log_slider("learning rate α", LEARNING_RATES["good"], 0.1, 200.0)
    w0 = W.FloatSlider(value=START[0], min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="w0")
    b0 = W.FloatSlider(value=START[1], min=B_RANGE[0], max=B_RANGE[1], step=0.1, description="b0")
    steps = W.IntSlider(value=STEPS, min=1, max=100, description="steps")

    def picture():
        s = explore(lr.value, w0.value, b0.value, steps.value, x, y_d)
        return plot_state(s), f"J: {s['J'][0]:.4f} → {s['J'][-1]:.4f} after {steps.value} steps"

    canvas = display.Canvas(picture)
    for c in (lr, w0, b0, steps):
        c.observe(lambda _: canvas.update(), names="value")
    canvas.start()
    widget = W.VBox([W.HBox([lr, steps]), W.HBox([w0, b0]), canvas.out])
    states = {name: explore(lr_, *START, STEPS, x, y_d) for name, lr_ in LEARNING_RATES.items()}
    summary = ", ".join(f"{k} (α = {s['lr']:g}): J {s['J'][0]:.4f} -> {s['J'][-1]:.4f}"
                        for k, s in states.items())

    def static():
        good = states["good"]
        anim = display.animation_html(animation(good), alt=(
            f"Gradient descent with learning rate {good['lr']:g} from (w, b) = {START}: the path "
            f"follows the contours of J down to the minimum, and J falls from {good['J'][0]:.3f} "
            f"to {good['J'][-1]:.4f} in {STEPS} steps."))
        fig, _ = plot_comparison(x, y_d)
        grid = display.figure_html(fig, alt="Three gradient-descent paths from the same start on "
                                   "the contours of J, and J per step: " + summary,
                                   caption="Too small, good and too large learning rates from the "
                                           f"same start, {STEPS} steps each.")
        return display.combine(anim, grid)

    return display.Interactive(widget, static, "descent_explorer:\n" + summary.replace(", ", "\n"))


# -- the chapter's other figures (one place, not copied into the notebook) ----------------------
def plot_fits(x, y_d, params: dict):
    """The data (x_i, y_d,i) and the neuron's curve sigma(w x + b) for each {label: (w, b)}."""
    fig, axes = plotting.new_figure(width=6.4, height=3.0)
    ax = axes[0, 0]
    ax.scatter(x, y_d, color=plotting.BLACK, s=22, zorder=3, label="data $(x_i, y_{d,i})$")
    xs = np.linspace(-2.5, 2.5, 200)
    colours = (plotting.BLUE, plotting.ORANGE, plotting.GREEN, plotting.PURPLE)
    for (label, (w, b)), c in zip(params.items(), colours):
        J = neuron.cost_and_gradient(w, b, x, y_d)[0]
        ax.plot(xs, activations.sigmoid(w * xs + b), color=c, label=f"{label}: J = {J:.4f}")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    fig.tight_layout()
    return fig


def plot_gradient_field(x, y_d, point: tuple | None = None):
    """Contours of J(w, b) with the -grad J arrows; ``point`` (w, b) marked with its own -grad J."""
    fig, axes = plotting.new_figure(width=5.0, height=4.0)
    ax = axes[0, 0]
    plot_contours(ax, x, y_d)
    if point is not None:
        g = neuron.cost_and_gradient(*point, x, y_d)[1]
        ax.plot(*point, "s", color=plotting.VERMILION, ms=8, mec="k")
        ax.annotate("", xy=(point[0] - 8 * g[0], point[1] - 8 * g[1]), xytext=point,
                    arrowprops=dict(arrowstyle="-|>", color=plotting.VERMILION, lw=2))
    fig.tight_layout()
    return fig


def plot_example_gradients(w: float, b: float, x, y_d, G: np.ndarray,
                           scale: float = 4.0):
    """At (w, b): each example's -grad L_i (the rows of G, (m, 2)), thin, and their
    mean -grad J, thick, on the contours."""
    g = G.mean(axis=0)
    fig, axes = plotting.new_figure(width=5.0, height=4.0)
    ax = axes[0, 0]
    plot_contours(ax, x, y_d, arrows=False, w_range=(w - 1.5, w + 2.5), b_range=(b - 1.5, b + 1.5))
    for gi in G:
        ax.annotate("", xy=(w - scale * gi[0], b - scale * gi[1]), xytext=(w, b),
                    arrowprops=dict(arrowstyle="-|>", color=plotting.BLUE, lw=1, alpha=0.8))
    ax.annotate("", xy=(w - scale * g[0], b - scale * g[1]), xytext=(w, b),
                arrowprops=dict(arrowstyle="-|>", color=plotting.VERMILION, lw=2.5))
    ax.plot(w, b, "s", color=plotting.VERMILION, ms=7, mec="k")
    ax.plot([], [], color=plotting.BLUE, label=r"one example: $-\nabla L_i$")
    ax.plot([], [], color=plotting.VERMILION, lw=2.5, label=r"full data: $-\nabla J$ (their mean)")
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def plot_linear(x, y_d, runs: dict):
    """The linear model y = w x: J(w) with the iterates of each run
    {label: (lr, ws, J)}, and J per step. Row 0 of each run is the start."""
    fig, axes = plotting.new_figure(ncols=2, width=4.0, height=3.0)
    w0, J0 = next(iter(runs.values()))[1][0], next(iter(runs.values()))[2][0]
    ws = np.linspace(w0 - 5, w0 + 9, 300)                # iterates further out leave the picture
    J_curve = np.mean((np.outer(ws, x) - y_d) ** 2, axis=1)     # J(w), (300,)
    axes[0, 0].plot(ws, J_curve, color="0.4")
    axes[0, 0].set_xlim(ws[0], ws[-1])
    axes[0, 0].set_ylim(-0.05 * J0, 2.5 * J0)
    colours = (plotting.BLUE, plotting.GREEN, plotting.VERMILION)
    for (label, (lr, w_path, J)), c in zip(runs.items(), colours):
        full = f"{label}: α = {lr:g}"
        axes[0, 0].plot(w_path, J, "-o", color=c, ms=3, lw=0.8, label=full)
        plot_costs(axes[0, 1], J, c, full)
    axes[0, 0].set_xlabel("w")
    axes[0, 0].set_ylabel("J(w)")
    axes[0, 1].set_ylabel("J(w)")
    axes[0, 1].legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0))   # off the data
    fig.tight_layout()
    return fig
