"""The backprop stepper: one example through a small network, one formula at a time.

``stepper_steps(net, x, t, loss)`` lists the steps of backpropagation for one example: the
forward pass (each z, then each a), the loss, then the backward pass (each delta, and each
weight's and bias's gradient). Every ``Step`` carries the formula written out with its numbers.
The numbers are computed by ``bpcourse.scalar`` (``example_trace``, ``loss_and_grads``): this
module only formats and draws them.
``plot_step`` draws the network after a number of steps, and ``backprop_stepper()`` is the
widget: step / back / reset buttons live, a JavaScript animation of all steps in the static site.

Notation (as ``bpcourse.scalar``): layer 0 is the input, a^(0) = x; w^(l)_jk = weights[l][j, k]
goes from unit k of layer l to unit j of layer l+1; delta^(l)_j = dL/dz^(l)_j. Units are
numbered from 1 in the formulas, from 0 in ``Step.node`` and ``Step.edge``.
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from .. import activations, scalar
from ..draw import netdraw
from ..draw.display import Canvas, Interactive, animation_html
from ..mlp import MLP
from ..chapters.worked_examples import make_net

KINDS = ("z", "a", "loss", "delta", "dW", "db")
G_NAMES = {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{relu}",
           "identity": r"\mathrm{id}", "step": r"\mathrm{step}"}
MAX_FRAMES = 25


@dataclass(frozen=True)
class Step:
    """One step: its kind (one of ``KINDS``), the unit (l, i) or weight edge (l, j, k) it is
    about, the formula with its numbers (matplotlib mathtext, one or two lines), and the value."""

    kind: str
    node: tuple | None
    edge: tuple | None
    formula: str
    value: float


def _n(v: float) -> str:
    """A number for a formula: 4 significant digits, negatives in parentheses."""
    s = f"{v:.4g}"
    return f"({s})" if v < 0 else s


def _p(v: float) -> str:
    """A factor of a product: always in parentheses."""
    return f"({v:.4g})"


def _forward_steps(net: MLP, z: list, a: list) -> list[Step]:
    """A 'z' then an 'a' step for every unit j of every layer l = 1..L, with its numbers."""
    steps = []
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        gn = G_NAMES[net.activation_names[l]]
        for j in range(W.shape[0]):
            u, ks = f"{{({l + 1})}}_{{{j + 1}}}", range(W.shape[1])
            sym = " + ".join(f"w^{{({l})}}_{{{j + 1}{k + 1}}} a^{{({l})}}_{{{k + 1}}}"
                             for k in ks)
            num = " + ".join(f"{_p(W[j, k])}{_p(a[l][k])}" for k in ks)
            steps.append(Step("z", (l + 1, j), None,
                              f"$z^{u} = {sym} + b^{{({l})}}_{{{j + 1}}}$\n"
                              f"$= {num} + {_n(b[j])} = {z[l + 1][j]:.4g}$", z[l + 1][j]))
            steps.append(Step("a", (l + 1, j), None,
                              f"$a^{u} = {gn}(z^{u}) = {gn}({z[l + 1][j]:.4g})"
                              f" = {a[l + 1][j]:.4g}$", a[l + 1][j]))
    return steps


def _loss_step(loss: str, J: float, y: list, t: list) -> Step:
    """The 'loss' step: the formula of L with this example's numbers."""
    if loss == "bce":
        return Step("loss", None, None, r"$L = -\sum_j [t_j \log y_j + (1 - t_j) "
                    r"\log(1 - y_j)]$" + f"\n$= {J:.4g}$", J)
    terms = " + ".join(f"({yj:.4g} - {tj:.4g})^2" for yj, tj in zip(y, t))
    half = r"\frac{1}{2}" if loss == "half_squared" else ""
    return Step("loss", None, None,
                f"$L = {half}\\sum_j (y_j - t_j)^2$\n$= {half}[{terms}] = {J:.4g}$", J)


def _output_delta_steps(net: MLP, loss: str, z: list, y: list, t: list,
                        delta: list) -> list[Step]:
    """A 'delta' step for every output unit j: delta_j^(L) = dL/dz_j^(L)."""
    L, gn = len(net.weights), G_NAMES[net.output]
    dg = activations.get(net.output)[1]
    steps = []
    for j, d in enumerate(delta):
        u = f"^{{({L})}}_{{{j + 1}}}"
        if loss == "bce":
            text = (f"$\\delta{u} = y_{{{j + 1}}} - t_{{{j + 1}}} = {y[j]:.4g} - "
                    f"{t[j]:.4g} = {d:.4g}$")
        else:
            c = "2" if loss == "squared" else ""
            text = (f"$\\delta{u} = {c}(a{u} - t_{{{j + 1}}})\\,{gn}'(z{u})$\n"
                    f"$= {c}({y[j]:.4g} - {t[j]:.4g}){_p(float(dg(z[j])))} = {d:.4g}$")
        steps.append(Step("delta", (L, j), None, text, d))
    return steps


def _gradient_steps(l: int, a: list, delta: list, dW, db) -> list[Step]:
    """For each unit j of layer l+1: a 'dW' step per weight w_jk^(l), then a 'db' step."""
    steps = []
    for j in range(dW.shape[0]):
        d = f"\\delta^{{({l + 1})}}_{{{j + 1}}}"
        for k in range(dW.shape[1]):
            steps.append(Step("dW", None, (l, j, k),
                              f"$\\partial L / \\partial w^{{({l})}}_{{{j + 1}{k + 1}}} = "
                              f"{d}\\, a^{{({l})}}_{{{k + 1}}}$\n"
                              f"$= {_p(delta[j])}{_p(a[k])} = {dW[j, k]:.4g}$",
                              float(dW[j, k])))
        steps.append(Step("db", (l + 1, j), None,
                          f"$\\partial L / \\partial b^{{({l})}}_{{{j + 1}}} = {d} = "
                          f"{db[j]:.4g}$", float(db[j])))
    return steps


def _hidden_delta_steps(net: MLP, l: int, z: list, delta: list) -> list[Step]:
    """A 'delta' step for every unit k of hidden layer l, from the deltas of layer l+1."""
    name = net.activation_names[l - 1]
    dg, gn, W = activations.get(name)[1], G_NAMES[name], net.weights[l]
    steps = []
    for k in range(W.shape[1]):
        js = range(W.shape[0])
        sym = " + ".join(f"w^{{({l})}}_{{{j + 1}{k + 1}}} \\delta^{{({l + 1})}}_{{{j + 1}}}"
                         for j in js)
        num = " + ".join(f"{_p(W[j, k])}{_p(delta[l + 1][j])}" for j in js)
        steps.append(Step("delta", (l, k), None,
                          f"$\\delta^{{({l})}}_{{{k + 1}}} = {gn}'(z^{{({l})}}_{{{k + 1}}})"
                          f"\\,[{sym}]$\n$= {_p(float(dg(z[l][k])))}[{num}] = "
                          f"{delta[l][k]:.4g}$", delta[l][k]))
    return steps


def stepper_steps(net: MLP, x, t, loss: str = "half_squared") -> list[Step]:
    """Every step of backprop for one example x (sizes[0] numbers) with target t (sizes[-1]).

    Forward: for each layer l = 1..L and unit j a 'z' step then an 'a' step; then 'loss'; then
    backward from the output: 'delta' for each output unit, and for each layer l = L-1..0 the
    'dW' steps (edge (l, j, k)) and 'db' steps (unit (l+1, j)), then the 'delta's of layer l.
    The numbers are ``scalar.example_trace``'s z, a, delta and ``scalar.loss_and_grads``'s
    gradients of L for this one example (m = 1); this function only writes them out.
    """
    J, z, a, delta = scalar.example_trace(net, x, t, loss)
    _, grads = scalar.loss_and_grads(net, np.reshape(x, (1, -1)), np.reshape(t, (1, -1)), loss)
    L, tt = len(net.weights), np.ravel(t).astype(float).tolist()
    steps = _forward_steps(net, z, a) + [_loss_step(loss, J, a[L], tt)]
    steps += _output_delta_steps(net, loss, z[L], a[L], tt, delta[L])
    for l in range(L - 1, -1, -1):
        steps += _gradient_steps(l, a[l], delta[l + 1], grads.weights[l], grads.biases[l])
        if l > 0:
            steps += _hidden_delta_steps(net, l, z, delta)
    return steps


def state_at(steps: list[Step], n: int) -> dict:
    """What is known after the first ``n`` steps: {'z', 'a', 'delta'}: {(l, i): value},
    'loss' (or None), 'dW': {(l, j, k): value}, 'db': {(l, j): value} (unit (l+1, j))."""
    if not 0 <= n <= len(steps):
        raise ValueError(f"n must be between 0 and {len(steps)} (the number of steps), got {n}")
    st = {"z": {}, "a": {}, "delta": {}, "loss": None, "dW": {}, "db": {}}
    for s in steps[:n]:
        if s.kind == "loss":
            st["loss"] = s.value
        elif s.kind == "dW":
            st["dW"][s.edge] = s.value
        elif s.kind == "db":
            st["db"][(s.node[0] - 1, s.node[1])] = s.value
        else:
            st[s.kind][s.node] = s.value
    return st


def plot_step(fig, net: MLP, x, steps: list[Step], n: int) -> None:
    """Draw the state after ``n`` steps into ``fig`` (cleared first): the network with each
    unit's known z, a and delta beside it, the current weight's edge highlighted, and the
    current step's formula with its numbers underneath."""
    fig.clear()
    ax = fig.add_axes([0.0, 0.27, 1.0, 0.66])
    st = state_at(steps, n)
    labels = {(0, i): f"$x_{{{i + 1}}}$ = {v:.3g}" for i, v in enumerate(np.ravel(x))}
    for (l, i), zv in st["z"].items():
        lines = [f"z = {zv:.3g}"]
        if (l, i) in st["a"]:
            lines.append(f"a = {st['a'][(l, i)]:.3g}")
        if (l, i) in st["delta"]:
            lines.append(f"δ = {st['delta'][(l, i)]:.3g}")
        labels[(l, i)] = "\n".join(lines)
    cur = steps[n - 1] if n > 0 else None
    names = netdraw.unit_names(net.sizes)
    for (l, i) in list(names):                           # the output unit is y
        if l == len(net.sizes) - 1:
            names[(l, i)] = f"$y_{{{i + 1}}}$" if net.sizes[-1] > 1 else "$y$"
    edges = {(l, j, k): f"{W[j, k]:g}" for l, W in enumerate(net.weights) for j, k in np.ndindex(W.shape)}
    netdraw.plot_network(ax, net.sizes, names=names, labels=labels, edge_labels=edges,
                         highlight_edge=cur.edge if cur else None,
                         highlight_nodes=[cur.node] if cur and cur.node else [])
    phase = ("start: the input is set" if cur is None else
             "forward pass" if cur.kind in ("z", "a") else
             "the loss" if cur.kind == "loss" else "backward pass")
    fig.text(0.02, 0.97, f"step {n} of {len(steps)}: {phase}", fontsize=10, va="top",
             weight="bold")
    if st["loss"] is not None:
        fig.text(0.98, 0.97, f"L = {st['loss']:.4g}", fontsize=10, va="top", ha="right")
    text = cur.formula if cur else "next: the forward pass, one unit at a time (z, then a)"
    fig.text(0.5, 0.13, text, ha="center", va="center", fontsize=11, linespacing=1.6,
             bbox=dict(boxstyle="round,pad=0.4", fc="white", ec=netdraw.plotting.BLUE))


def frame_indices(n_steps: int, max_frames: int = MAX_FRAMES) -> list[int]:
    """The states shown by the animation: 0 .. n_steps, evenly thinned to at most max_frames."""
    if n_steps + 1 <= max_frames:
        return list(range(n_steps + 1))
    return sorted(set(np.linspace(0, n_steps, max_frames).round().astype(int).tolist()))


def default_problem() -> tuple[MLP, np.ndarray, np.ndarray]:
    """The stepper's network, a 2-2-1 sigmoid net with fixed numbers, an input x and target t."""
    net = make_net([[[0.6, -0.4], [0.3, 0.8]], [[1.2, -0.9]]], [[0.1, -0.4], [0.05]],
                   hidden="sigmoid", output="sigmoid")
    return net, np.array([1.0, 0.5]), np.array([1.0])


def stepper_animation_html(net: MLP, x, t, loss: str = "half_squared") -> str:
    """All steps as a JavaScript animation (at most ``MAX_FRAMES`` frames), kernel-free."""
    from matplotlib.animation import FuncAnimation
    steps = stepper_steps(net, x, t, loss)
    frames = frame_indices(len(steps))
    fig = plt.figure(figsize=(6.4, 4.6))
    anim = FuncAnimation(fig, lambda n: plot_step(fig, net, x, steps, n), frames=frames,
                         interval=1500, repeat=False)
    return animation_html(anim, "The backprop stepper: a 2-2-1 network whose units show z and a "
                                "as the forward pass runs, then delta as the backward pass runs, "
                                "with the edge of each weight gradient highlighted and each "
                                "formula written out with its numbers.")


def backprop_stepper(net: MLP | None = None, x=None, t=None, loss: str = "half_squared") -> Interactive:
    """The widget: step / back / reset through backprop on one example (default: 2-2-1 net)."""
    import ipywidgets as w
    if net is None:
        net, x0, t0 = default_problem()
        x = x0 if x is None else x
        t = t0 if t is None else t
    if x is None or t is None:
        raise ValueError("give x and t together with net (one example and its target)")
    steps = stepper_steps(net, x, t, loss)
    state = {"n": 0}
    back, step, reset = (w.Button(description=d) for d in ("◀ back", "step ▶", "reset"))
    label = w.Label()

    def picture():
        label.value = f"step {state['n']} of {len(steps)}"
        fig = plt.figure(figsize=(6.4, 4.6))
        plot_step(fig, net, x, steps, state["n"])
        return fig, None

    canvas = Canvas(picture)

    def move(delta: int | None) -> None:
        """Step by ``delta`` (None: back to the start), within 0 .. len(steps)."""
        def change():
            state["n"] = 0 if delta is None else min(max(state["n"] + delta, 0), len(steps))
        canvas.update(change)

    step.on_click(lambda _: move(+1))
    back.on_click(lambda _: move(-1))
    reset.on_click(lambda _: move(None))
    canvas.start()
    box = w.VBox([w.HBox([back, step, reset, label]), canvas.out])
    summary = (f"backprop stepper: {net.sizes} network, {len(steps)} steps "
               f"({sum(s.kind in ('z', 'a') for s in steps)} forward, "
               f"{sum(s.kind in ('delta', 'dW', 'db') for s in steps)} backward)")
    return Interactive(box, lambda: stepper_animation_html(net, x, t, loss), summary)
