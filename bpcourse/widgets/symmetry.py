"""The symmetry explorer (chapter 10): pick an initialization, train, watch the hidden units.

A 2-3-1 network (sigmoid hidden and output units, binary cross-entropy) is trained by
full-batch gradient descent with momentum on the seeded moons data set. The widget draws the
hidden units' incoming weights over the steps (one line per unit and weight) and the loss.
With a constant or all-zero initialization the three units stay exactly on top of each other;
with random weights they spread apart.
"""
from __future__ import annotations

from functools import lru_cache
from numbers import Integral, Real

from .. import datasets
from ._controls import log_slider
from ..draw import display
from ..mlp import MLP
from ..draw.plotting import new_figure
from ..chapters.snapshots import Snapshot, fit_with_snapshots
from ..chapters.weight_symmetry import plot_runs, plot_unit_weights, spreads

INITS = ("constant", "zeros", "random")
SIZES = [2, 3, 1]
LR, MOMENTUM = 1.0, 0.9


def make_network(init: str, value: float = 0.5, scale: float = 1.0, seed: int = 0) -> MLP:
    """The 2-3-1 network for a control setting: constant ``value``, zeros, or random with std ``scale``."""
    if init not in INITS:
        raise ValueError(f"unknown init {init!r}; expected one of {list(INITS)}")
    common = dict(hidden="sigmoid", output="sigmoid")
    if init == "constant":
        return MLP(SIZES, init="constant", value=value, **common)
    if init == "zeros":
        return MLP(SIZES, init="zeros", **common)
    return MLP(SIZES, init="normal", scale=scale, seed=seed, **common)


@lru_cache(maxsize=16)
def explore(init: str = "constant", value: float = 0.5, scale: float = 1.0, seed: int = 0,
            steps: int = 200) -> tuple[Snapshot, ...]:
    """Train the explorer's network from one setting for ``steps`` steps; a snapshot per step.

    Results are cached (the live widget and its static form share the same settings): treat
    the returned snapshots as read-only.
    """
    if isinstance(steps, bool) or not isinstance(steps, Integral) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"value must be a number, got {value!r}")
    X, T = datasets.moons(m=100, seed=0)
    net = make_network(init, value, scale, seed)
    _, snaps = fit_with_snapshots(net, X, T, every=1, loss="bce", lr=LR, epochs=steps,
                                  momentum=MOMENTUM)
    return tuple(snaps)


def describe(init: str, value: float = 0.5, scale: float = 1.0, seed: int = 0) -> str:
    """A short title for a setting."""
    if init == "constant":
        return f"constant {value:g}"
    if init == "zeros":
        return "zeros"
    return f"random, scale {scale:g} (seed {seed})"


def plot_state(axes, snaps: tuple[Snapshot, ...], title: str) -> None:
    """One run: the hidden units' incoming weights (axes[0]) and the loss (axes[1])."""
    plot_unit_weights(axes[0], snaps)
    s = spreads(snaps[-1:])[0]
    axes[0].set_title(f"{title}: units' spread {s:.3g}", fontsize=9)
    plot_runs(axes[1], {title: snaps}, spread_of=None)
    axes[1].set_title(f"loss after {len(snaps) - 1} steps: {snaps[-1].loss:.4f}", fontsize=9)
    axes[1].legend().remove()                  # one line: its title says what it is
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:                                # beside the weights, not over them
        axes[0].legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0))


def plot_setting(init: str = "constant", value: float = 0.5, scale: float = 1.0, seed: int = 0,
                 steps: int = 200):
    """The figure of one setting (both panels)."""
    snaps = explore(init, value, scale, seed, steps)
    fig, axes = new_figure(2, 1, width=3.3, height=3.0)   # 100 dpi: fits the page's column
    fig.subplots_adjust(wspace=0.7)
    plot_state(axes[0], snaps, describe(init, value, scale, seed))
    fig.tight_layout()
    return fig


STATIC_SETTINGS = [dict(init="constant", value=0.5), dict(init="zeros"),
                   dict(init="random", scale=1.0, seed=0)]


def static_html(steps: int = 300) -> str:
    """The kernel-free form: constant, zeros and random initialization, one figure each."""
    items = []
    for setting in STATIC_SETTINGS:
        name = describe(**setting)
        fig = plot_setting(steps=steps, **setting)
        alt = (f"Initialization {name}: left, the incoming weights of the three hidden units over "
               f"{steps} training steps; right, the loss.")
        items.append((fig, alt, f"init: {name}"))
    return display.grid_html(items, columns=1,
                             title="Symmetry explorer: three initializations of a 2-3-1 network")


def symmetry_explorer(steps: int = 300) -> display.Interactive:
    """The widget: initialization controls, a train-N-steps slider, the weights and the loss."""
    import ipywidgets as w

    init = w.Dropdown(options=list(INITS), value="constant", description="init")
    slow = dict(continuous_update=False)               # each redraw trains the network
    value = w.FloatSlider(value=0.5, min=-2.0, max=2.0, step=0.1, description="value", **slow)
    scale = log_slider("scale", 1.0, 0.01, 10.0, **slow)
    seed = w.IntSlider(value=0, min=0, max=20, description="seed", **slow)
    n = w.IntSlider(value=steps, min=10, max=1000, step=10, description="steps", **slow)

    def picture():
        value.disabled = init.value != "constant"
        scale.disabled = seed.disabled = init.value != "random"
        snaps = explore(init.value, value.value, scale.value, seed.value, n.value)
        return (plot_setting(init.value, value.value, scale.value, seed.value, n.value),
                f"{describe(init.value, value.value, scale.value, seed.value)}: loss after "
                f"{n.value} steps {snaps[-1].loss:.4f}, "
                f"units' spread {spreads(snaps[-1:])[0]:.3g}")

    canvas = display.Canvas(picture)
    for c in (init, value, scale, seed, n):
        c.observe(lambda _: canvas.update(), names="value")
    canvas.start()
    box = w.VBox([w.HBox([init, n]), w.HBox([value, scale, seed]), canvas.out])
    summary = (f"Symmetry explorer: a 2-3-1 network trained {steps} steps from constant, "
               f"zero or random initial weights")
    return display.Interactive(box, lambda: static_html(steps), summary)
