"""XOR playground: a 2-2-1 network with hard or soft thresholds, its regions and truth table.

The hand-designed network of lecture 004 (h1 = OR, h2 = AND, y = h1 AND NOT h2), layers
numbered from 0 as in the book (W0 is W^(0)):

    h = step(W0 x + b0),  W0 = [[1, 1], [1, 1]],  b0 = [-0.5, -1.5]
    y = step(W1 h + b1),  W1 = [[1, -1]],         b1 = [-0.5]

The soft version replaces step by the sigmoid and multiplies every weight and bias by k:
sigma(k z) -> step(z) as k grows; chapter 3 computes its worst error over the four rows.
"""
from __future__ import annotations

import numpy as np

from .. import datasets, vectorized
from ..draw import display, plotting
from .._validate import array, positive
from ._controls import log_slider
from ..mlp import MLP

W0_HAND = np.array([[1.0, 1.0], [1.0, 1.0]])
B0_HAND = np.array([-0.5, -1.5])
W1_HAND = np.array([[1.0, -1.0]])
B1_HAND = np.array([-0.5])
SHAPES = {"W0": (2, 2), "b0": (2,), "W1": (1, 2), "b1": (1,)}


def check_params(W0, b0, W1, b1) -> tuple[np.ndarray, ...]:
    """The four parameters as float arrays of the 2-2-1 network's shapes (``SHAPES``)."""
    return tuple(array(name, value, shape=SHAPES[name]).copy()
                 for name, value in zip(SHAPES, (W0, b0, W1, b1)))


def xor_net(W0=W0_HAND, b0=B0_HAND, W1=W1_HAND, b1=B1_HAND, hard: bool = True,
            k: float = 1.0) -> MLP:
    """The 2-2-1 net with these parameters: step units if ``hard``, else sigmoids with all
    weights and biases multiplied by ``k``."""
    W0, b0, W1, b1 = check_params(W0, b0, W1, b1)
    positive("k", k)
    g = "step" if hard else "sigmoid"
    s = 1.0 if hard else float(k)
    net = MLP([2, 2, 1], hidden=g, output=g, init="zeros")
    net.weights = [s * W0, s * W1]
    net.biases = [s * b0, s * b1]
    return net


def truth_table(net: MLP) -> np.ndarray:
    """Rows (x1, x2, h1, h2, y) of a 2-2-1 net for the inputs 00, 01, 10, 11: shape (4, 5)."""
    X, _ = datasets.xor()
    _, A = vectorized.forward(net, X)                # A[1]: the hidden layer, A[2]: y
    return np.c_[X, A[1], A[2]]


def max_error(net: MLP) -> float:
    """max_i |y_i - t_i| over the four XOR rows."""
    _, T = datasets.xor()
    return float(np.max(np.abs(truth_table(net)[:, 4] - T[:, 0])))


def n_correct(net: MLP) -> int:
    """How many of the four rows are right after thresholding y at 1/2."""
    _, T = datasets.xor()
    return int(np.sum((truth_table(net)[:, 4] > 0.5) == (T[:, 0] > 0.5)))


def table_text(table: np.ndarray, digits: int = 2) -> str:
    """A truth table (4, 5) as one line, e.g. ``00→0  01→1  10→1  11→0``."""
    def fmt(y: float) -> str:
        return f"{int(y)}" if float(y).is_integer() else f"{y:.{digits}f}"
    return "  ".join(f"{int(x1)}{int(x2)}→{fmt(y)}" for x1, x2, _, _, y in table)


def table_string(table: np.ndarray) -> str:
    """A truth table (4, 5) as aligned text with columns x1 x2 | h1 h2 | y | target."""
    lines = ["x1 x2 |   h1     h2   |   y      | target"]
    for x1, x2, h1, h2, y in table:
        lines.append(f" {x1:.0f}  {x2:.0f} | {h1:.4f} {h2:.4f} | {y:.4f}   | {int(x1) ^ int(x2)}")
    return "\n".join(lines)


def plot_xor(ax, W0=W0_HAND, b0=B0_HAND, W1=W1_HAND, b1=B1_HAND, hard: bool = True,
         k: float = 1.0, resolution: int = 120) -> np.ndarray:
    """Draw the output over the plane, the hidden units' lines W0 x + b0 = 0 and the 4 points.

    Returns the truth table (4, 5)."""
    net = xor_net(W0, b0, W1, b1, hard, k)
    X, T = datasets.xor()
    plotting.plot_decision_regions(ax, net.forward, X, T, resolution=resolution, margin=0.5)
    W0, b0 = net.weights[0], net.biases[0]
    x = np.linspace(-0.5, 1.5, 5)
    for j, col in enumerate((plotting.GREEN, plotting.PURPLE)):
        w1, w2 = W0[j]
        if abs(w2) > 1e-12:
            ax.plot(x, -(b0[j] + w1 * x) / w2, color=col, ls="--", lw=1.2, label=f"$h_{j + 1}$ line")
        elif abs(w1) > 1e-12:
            ax.axvline(-b0[j] / w1, color=col, ls="--", lw=1.2, label=f"$h_{j + 1}$ line")
    ax.set_xlim(-0.5, 1.5)
    ax.set_ylim(-0.5, 1.5)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    table = truth_table(net)
    ax.set_title(("hard" if hard else f"soft, k = {k:g}") + f": {n_correct(net)}/4 right",
                 fontsize=10)
    return table


#: settings shown in the static form: (title, W0, b0, W1, b1, hard, k)
STATIC_SETTINGS = [
    ("hand-designed, hard thresholds", W0_HAND, B0_HAND, W1_HAND, B1_HAND, True, 1.0),
    ("soft, k = 1", W0_HAND, B0_HAND, W1_HAND, B1_HAND, False, 1.0),
    ("soft, k = 5", W0_HAND, B0_HAND, W1_HAND, B1_HAND, False, 5.0),
    ("soft, k = 20", W0_HAND, B0_HAND, W1_HAND, B1_HAND, False, 20.0),
    ("wrong: both hidden units compute OR", W0_HAND, np.array([-0.5, -0.5]), W1_HAND, B1_HAND,
     True, 1.0),
    ("wrong: output is h1 AND h2", W0_HAND, B0_HAND, np.array([[1.0, 1.0]]), np.array([-1.5]),
     True, 1.0),
]


def _static_html() -> str:
    items = []
    for title, W0, b0, W1, b1, hard, k in STATIC_SETTINGS:
        fig, axes = plotting.new_figure(1, 1, width=3.2, height=3.0)
        table = plot_xor(axes[0, 0], W0, b0, W1, b1, hard, k, resolution=80)
        cap = f"{title}. Truth table x1x2→y: {table_text(table)}"
        alt = (f"XOR network output over the plane, {title}; the four points and the two hidden "
               f"units' lines; outputs {table_text(table)}")
        items.append((fig, alt, cap))
    return display.grid_html(items, columns=2,
                             title="XOR playground (static form: six settings of the sliders)")


def xor_playground() -> display.Interactive:
    """Sliders for W0, b0, W1, b1, a hard/soft toggle and the steepness k; live regions and table."""
    import ipywidgets as w
    def slider(name, value):
        return w.FloatSlider(value=value, min=-3.0, max=3.0, step=0.1, description=name,
                             continuous_update=False, layout=w.Layout(width="260px"))

    s = {"w11": slider("W0[0,0]", 1.0), "w12": slider("W0[0,1]", 1.0),
         "w21": slider("W0[1,0]", 1.0), "w22": slider("W0[1,1]", 1.0),
         "b11": slider("b0[0]", -0.5), "b12": slider("b0[1]", -1.5),
         "v1": slider("W1[0,0]", 1.0), "v2": slider("W1[0,1]", -1.0), "c": slider("b1[0]", -0.5)}
    mode = w.ToggleButtons(options=["hard", "soft"], value="hard", description="threshold")
    k = log_slider("k", 5.0, 0.5, 50.0, continuous_update=False)   # shows 5, not 5.01

    def picture():
        W0 = [[s["w11"].value, s["w12"].value], [s["w21"].value, s["w22"].value]]
        b0 = [s["b11"].value, s["b12"].value]
        W1 = [[s["v1"].value, s["v2"].value]]
        b1 = [s["c"].value]
        fig, axes = plotting.new_figure(1, 1, width=4.5, height=4.2)
        table = plot_xor(axes[0, 0], W0, b0, W1, b1, mode.value == "hard", k.value)
        axes[0, 0].legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=9)
        return fig, table_string(table)

    canvas = display.Canvas(picture)
    for c in list(s.values()) + [mode, k]:
        c.observe(lambda _: canvas.update(), names="value")
    canvas.start()
    controls = w.VBox([w.HTML("<b>hidden layer</b>"), s["w11"], s["w12"], s["b11"], s["w21"],
                       s["w22"], s["b12"], w.HTML("<b>output unit</b>"), s["v1"], s["v2"], s["c"],
                       mode, k])
    return display.Interactive(w.HBox([controls, canvas.out]), _static_html,
                               "XOR playground: 2-2-1 network, hard/soft thresholds")
