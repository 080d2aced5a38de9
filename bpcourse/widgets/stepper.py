"""The backprop stepper: one example through a small network, one formula at a time.

``stepper_steps(net, x, t, loss)`` lists the steps of backpropagation for one example: the
forward pass (each z, then each a), the loss, then the backward pass (each delta, and each
weight's and bias's gradient). Every ``Step`` carries the formula written out with its numbers.
``draw_step`` draws the network after a number of steps, and ``backprop_stepper()`` is the
widget: step / back / reset buttons live, a JavaScript animation of all steps in the static site.

Notation (as ``bpcourse.scalar``): layer 0 is the input, a^(0) = x; w^(l)_jk = weights[l][j, k]
goes from unit k of layer l to unit j of layer l+1; delta^(l)_j = dL/dz^(l)_j. Units are
numbered from 1 in the formulas, from 0 in ``Step.node`` and ``Step.edge``.
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from .. import activations, losses
from ..draw import netdraw
from ..draw.display import Canvas, Interactive, animation_html
from ..mlp import MLP, check_batch
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


def stepper_steps(net: MLP, x, t, loss: str = "half_squared") -> list[Step]:
    """Every step of backprop for one example x (sizes[0] numbers) with target t (sizes[-1]).

    Forward: for each layer l = 1..L and unit j a 'z' step then an 'a' step; then 'loss'; then
    backward from the output: 'delta' for each output unit, and for each layer l = L-1..0 the
    'dW' steps (edge (l, j, k)) and 'db' steps (unit (l+1, j)), then the 'delta's of layer l.
    The gradient values are those of L for this one example (m = 1).
    """
    X, T = check_batch(net, np.asarray(x, dtype=np.float64).reshape(1, -1),
                       np.asarray(t, dtype=np.float64).reshape(1, -1), loss)
    L = len(net.weights)
    W = [w.tolist() for w in net.weights]
    b = [bb.tolist() for bb in net.biases]
    steps: list[Step] = []
    z: list[list[float]] = [[]]
    a: list[list[float]] = [X[0].tolist()]
    for l in range(L):                                  # forward: layer l -> layer l+1
        name = net.activation_names[l]
        g = activations.get(name)[0]
        gn = G_NAMES[name]
        z.append([]), a.append([])
        for j in range(len(W[l])):
            s = b[l][j] + sum(W[l][j][k] * a[l][k] for k in range(len(a[l])))
            sym = " + ".join(f"w^{{({l})}}_{{{j + 1}{k + 1}}} a^{{({l})}}_{{{k + 1}}}"
                             for k in range(len(a[l])))
            num = " + ".join(f"{_p(W[l][j][k])}{_p(a[l][k])}" for k in range(len(a[l])))
            steps.append(Step("z", (l + 1, j), None,
                              f"$z^{{({l + 1})}}_{{{j + 1}}} = {sym} + b^{{({l})}}_{{{j + 1}}}$\n"
                              f"$= {num} + {_n(b[l][j])} = {s:.4g}$", float(s)))
            z[l + 1].append(float(s))
            av = float(g(s))
            a[l + 1].append(av)
            steps.append(Step("a", (l + 1, j), None,
                              f"$a^{{({l + 1})}}_{{{j + 1}}} = {gn}(z^{{({l + 1})}}_{{{j + 1}}})"
                              f" = {gn}({s:.4g}) = {av:.4g}$", av))
    Z_out = np.array([z[L]])
    J = float(losses.per_example(loss, Z_out, T, net.output)[0])
    y, tt = a[L], T[0].tolist()
    terms = " + ".join(f"({y[j]:.4g} - {tt[j]:.4g})^2" for j in range(len(y)))
    if loss == "bce":
        text = (r"$L = -\sum_j [t_j \log y_j + (1 - t_j) \log(1 - y_j)]$" + f"\n$= {J:.4g}$")
    else:
        half = r"\frac{1}{2}" if loss == "half_squared" else ""
        text = f"$L = {half}\\sum_j (y_j - t_j)^2$\n$= {half}[{terms}] = {J:.4g}$"
    steps.append(Step("loss", None, None, text, J))
    delta = losses.output_delta(loss, Z_out, T, net.output)[0].tolist()
    dg_out = activations.get(net.output)[1]
    gn = G_NAMES[net.output]
    for j in range(len(delta)):                         # the output deltas
        zj, u = z[L][j], f"^{{({L})}}_{{{j + 1}}}"
        if loss == "bce":
            text = f"$\\delta{u} = y_{{{j + 1}}} - t_{{{j + 1}}} = {y[j]:.4g} - {tt[j]:.4g}" \
                   f" = {delta[j]:.4g}$"
        else:
            c = "2" if loss == "squared" else ""
            text = (f"$\\delta{u} = {c}(a{u} - t_{{{j + 1}}})\\,{gn}'(z{u})$\n"
                    f"$= {c}({y[j]:.4g} - {tt[j]:.4g}){_p(float(dg_out(zj)))} = {delta[j]:.4g}$")
        steps.append(Step("delta", (L, j), None, text, float(delta[j])))
    for l in range(L - 1, -1, -1):                      # delta holds delta^(l+1)
        for j in range(len(W[l])):
            for k in range(len(W[l][j])):
                v = delta[j] * a[l][k]
                steps.append(Step(
                    "dW", None, (l, j, k),
                    f"$\\partial L / \\partial w^{{({l})}}_{{{j + 1}{k + 1}}} = "
                    f"\\delta^{{({l + 1})}}_{{{j + 1}}}\\, a^{{({l})}}_{{{k + 1}}}$\n"
                    f"$= {_p(delta[j])}{_p(a[l][k])} = {v:.4g}$", float(v)))
            steps.append(Step(
                "db", (l + 1, j), None,
                f"$\\partial L / \\partial b^{{({l})}}_{{{j + 1}}} = "
                f"\\delta^{{({l + 1})}}_{{{j + 1}}} = {delta[j]:.4g}$", float(delta[j])))
        if l > 0:
            name = net.activation_names[l - 1]
            dg, gn = activations.get(name)[1], G_NAMES[name]
            new = []
            for k in range(len(W[l][0])):
                s = sum(W[l][j][k] * delta[j] for j in range(len(W[l])))
                gp = float(dg(z[l][k]))
                new.append(gp * s)
                sym = " + ".join(f"w^{{({l})}}_{{{j + 1}{k + 1}}} \\delta^{{({l + 1})}}_{{{j + 1}}}"
                                 for j in range(len(W[l])))
                num = " + ".join(f"{_p(W[l][j][k])}{_p(delta[j])}" for j in range(len(W[l])))
                steps.append(Step(
                    "delta", (l, k), None,
                    f"$\\delta^{{({l})}}_{{{k + 1}}} = {gn}'(z^{{({l})}}_{{{k + 1}}})\\,[{sym}]$\n"
                    f"$= {_p(gp)}[{num}] = {gp * s:.4g}$", gp * s))
            delta = new
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


def draw_step(fig, net: MLP, x, steps: list[Step], n: int) -> None:
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
    netdraw.draw_network(ax, net.sizes, names=names, labels=labels, edge_labels=edges,
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
    anim = FuncAnimation(fig, lambda n: draw_step(fig, net, x, steps, n), frames=frames,
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
        draw_step(fig, net, x, steps, state["n"])
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
