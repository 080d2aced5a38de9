"""Universality builder: add up steep-sigmoid bumps until they trace a target function.

Controls: the target (a few functions on $[-\\pi, \\pi]$), the number of bumps, their
steepness, and either "fit automatically" (``constructions.fit_bumps``) or hand editing of one
bump at a time (its centre, width and height, starting from the fitted bumps; changing the
target or the number of bumps refits). The plot shows the target, each bump and their
sum (the network's output), with the error: max $|y - f|$ and RMS.

Plain logic (tested in ``tests/widgets/test_widget_universality.py``): ``target``, ``auto_bumps``,
``set_bump``, ``evaluate``; drawing: ``plot_bumps``; the builder: ``universality_builder``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..chapters import constructions
from ..draw import display, plotting
from .._validate import choice, positive
from ._controls import log_slider

INTERVAL = (-np.pi, np.pi)
TARGETS = {
    "sin(x)": np.sin,
    "|x|": np.abs,
    "sin(3x)": lambda x: np.sin(3 * x),
    "step-ish: tanh(4x)": lambda x: np.tanh(4 * x),
}


@dataclass
class Bumps:
    """n bumps: left edges, right edges, heights (each shape (n,)) and the shared steepness."""

    lefts: np.ndarray
    rights: np.ndarray
    heights: np.ndarray
    steepness: float

    def network(self):
        """The [1, 2n, 1] sigmoid network whose output is the sum of the bumps."""
        return constructions.bump_network(self.lefts, self.rights, self.heights, self.steepness)


def target(name: str):
    """The target function called ``name`` (a key of ``TARGETS``)."""
    choice("target", name, TARGETS)
    return TARGETS[name]


def auto_bumps(name: str, n_bumps: int, steepness: float) -> Bumps:
    """The bumps of ``constructions.fit_bumps`` for the named target on $[-\\pi, \\pi]$."""
    net = constructions.fit_bumps(target(name), n_bumps, INTERVAL, steepness)
    return _from_network(net, steepness)


def _from_network(net, steepness: float) -> Bumps:
    edges = -net.biases[0] / steepness                 # unit 2i: left edge, 2i+1: right edge
    return Bumps(edges[0::2].copy(), edges[1::2].copy(), net.weights[1][0, 0::2].copy(),
                 float(steepness))


def set_bump(bumps: Bumps, i: int, centre: float, width: float, height: float) -> Bumps:
    """A copy of ``bumps`` with bump i moved to [centre - width/2, centre + width/2] at ``height``."""
    n = bumps.lefts.size
    if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= i < n:
        raise ValueError(f"bump index must be an integer from 0 to {n - 1}, got {i!r}")
    positive("width", width)
    new = Bumps(bumps.lefts.copy(), bumps.rights.copy(), bumps.heights.copy(), bumps.steepness)
    new.lefts[i], new.rights[i] = centre - width / 2, centre + width / 2
    new.heights[i] = height
    return new


def evaluate(name: str, bumps: Bumps, m: int = 801) -> dict:
    """What the plot shows: x (m,), target t, output y, each bump (m, n), max |y - t| and RMS."""
    f = target(name)
    net = bumps.network()
    x = np.linspace(*INTERVAL, m)
    t = f(x)
    y = net.forward(x[:, None])[:, 0]
    parts = constructions.bump_parts(net, x)             # (m, n): one column per bump
    return {"x": x, "t": t, "y": y, "parts": parts,
            "max_abs": float(np.max(np.abs(y - t))), "rms": float(np.sqrt(np.mean((y - t) ** 2)))}


def plot_bumps(ax, name: str, bumps: Bumps, selected: int | None = None) -> dict:
    """Draw the target, every bump (the selected one highlighted) and their sum; return ``evaluate``."""
    r = evaluate(name, bumps)
    ax.plot(r["x"], r["t"], color=plotting.BLACK, lw=3, alpha=0.35, label=f"target {name}")
    ax.plot(r["x"], r["parts"], color=plotting.SKY, lw=0.8, alpha=0.8)
    if selected is not None:
        ax.plot(r["x"], r["parts"][:, selected], color=plotting.BLUE, lw=1.5, label="selected bump")
    ax.plot(r["x"], r["y"], color=plotting.VERMILION, lw=1.6, label="network output")
    ax.set_xlim(*INTERVAL)
    ax.set_ylim(min(-1.3, r["t"].min() - 0.3), max(1.3, r["t"].max() + 0.3))
    ax.set_xlabel("$x$")
    ax.set_title(f"{bumps.lefts.size} bumps: max err {r['max_abs']:.3f}, RMS {r['rms']:.3f}",
                 fontsize=10)
    return r


def _static(name: str = "sin(x)", counts=(2, 5, 10, 20), steepness: float = 50.0) -> str:
    items = []
    for n in counts:
        fig, ax = plotting.new_figure(width=3.2, height=2.5)
        r = plot_bumps(ax[0, 0], name, auto_bumps(name, n, steepness))
        items.append((fig, f"{n} fitted bumps against {name}: the sum of bumps follows the "
                           f"target more closely as bumps are added",
                      f"n = {n}: max |y - f| = {r['max_abs']:.3f}, RMS = {r['rms']:.3f}"))
    return display.grid_html(items, columns=2,
                             title=f"Bumps fitted automatically to {name} "
                                   f"(steepness {steepness:g}); the error falls as n grows")


def _shape(bumps: Bumps, i: int) -> tuple[float, float, float]:
    """Bump i's centre, width and height."""
    return ((bumps.lefts[i] + bumps.rights[i]) / 2, bumps.rights[i] - bumps.lefts[i],
            bumps.heights[i])


def edit_bump(bumps: Bumps, i: int, part: str, value: float) -> Bumps:
    """A copy of ``bumps`` with the "centre", "width" or "height" (``part``) of bump i set."""
    now = dict(zip(("centre", "width", "height"), _shape(bumps, i)))
    now[part] = value
    return set_bump(bumps, i, now["centre"], now["width"], now["height"])


def _controls(name: str, n_bumps: int, steepness: float) -> tuple:
    """The controls: target, bumps, steepness, mode; edited bump, its centre, width, height."""
    import ipywidgets as w

    style = {"description_width": "90px"}
    def slider(description, value, lo, hi, step):
        return w.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                             style=style)
    return (w.Dropdown(options=list(TARGETS), value=name, description="target", style=style),
            w.IntSlider(value=n_bumps, min=1, max=40, description="bumps", style=style),
            log_slider("steepness", steepness, 1.0, 1000.0, style=style),
            w.ToggleButtons(options=["fit automatically", "edit by hand"],
                            value="fit automatically"),
            w.IntSlider(value=0, min=0, max=n_bumps - 1, description="edit bump", style=style),
            slider("centre", 0.0, -4.0, 4.0, 0.02), slider("width", 1.0, 0.05, 6.0, 0.05),
            slider("height", 0.0, -4.0, 4.0, 0.02))


def universality_builder(name: str = "sin(x)", n_bumps: int = 5,
                         steepness: float = 50.0) -> display.Interactive:
    """The widget: pick a target, the number and steepness of bumps, fit them or edit them."""
    import ipywidgets as w

    choice("target", name, TARGETS)
    positive("n_bumps", n_bumps, integer=True)
    positive("steepness", steepness)
    c_target, c_n, c_s, c_mode, c_i, c_c, c_w, c_h = _controls(name, n_bumps, steepness)
    hand = w.VBox([c_i, c_c, c_w, c_h], layout=w.Layout(display="none"))
    state = {"bumps": auto_bumps(name, n_bumps, steepness), "busy": False}

    def show_selected():
        state["busy"] = True                            # moving sliders is not an edit
        for c, v in zip((c_c, c_w, c_h), _shape(state["bumps"], c_i.value)):
            c.value = float(np.clip(v, c.min, c.max))
        state["busy"] = False

    def picture():
        fig, ax = plotting.new_figure(width=7, height=3.6)
        hand_mode = c_mode.value == "edit by hand"
        r = plot_bumps(ax[0, 0], c_target.value, state["bumps"], c_i.value if hand_mode else None)
        ax[0, 0].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
        return fig, f"max error {r['max_abs']:.3f}, RMS {r['rms']:.3f}"

    canvas = display.Canvas(picture)

    def refit():
        state["bumps"] = auto_bumps(c_target.value, c_n.value, c_s.value)
        c_i.max = c_n.value - 1
        show_selected()

    def steepness_changed():
        b = state["bumps"]
        state["bumps"] = Bumps(b.lefts, b.rights, b.heights, c_s.value)
        if c_mode.value == "fit automatically":
            refit()

    def mode_changed():
        by_hand = c_mode.value == "edit by hand"
        hand.layout.display = "" if by_hand else "none"
        (show_selected if by_hand else refit)()

    def edited(owner):
        if not state["busy"]:                           # change only what the slider moved
            state["bumps"] = edit_bump(state["bumps"], c_i.value, owner.description, owner.value)

    show_selected()                                     # before any observer: no drawing
    # every change of state goes through the canvas: applied in order, drawn once (Canvas)
    for c, change in ((c_target, refit), (c_n, refit), (c_s, steepness_changed),
                      (c_mode, mode_changed), (c_i, show_selected)):
        c.observe(lambda _, change=change: canvas.update(change), "value")
    for c in (c_c, c_w, c_h):
        c.observe(lambda change: canvas.update(lambda: edited(change["owner"])), "value")
    canvas.start()
    box = w.VBox([w.HBox([c_target, c_n, c_s]), c_mode, hand, canvas.out])
    summary = (f"universality builder: {name}, {n_bumps} bumps, steepness {steepness:g}: "
               f"max error {evaluate(name, state['bumps'])['max_abs']:.3f}")
    return display.Interactive(box, lambda: _static(name, steepness=steepness), summary)
