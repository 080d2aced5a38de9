"""Weight symmetry (chapter 10): train while recording every step, and measure how identical units are.

Hidden unit j of hidden layer l+1 is described by three things: its incoming weights (row j of
``weights[l]``), its bias ``biases[l][j]`` and its outgoing weights (column j of
``weights[l+1]``). Two units are *identical* when all three are equal; the *spread* of a layer
is the largest difference between any two of its units in any of those numbers:

    spread = max over (incoming weight k, bias, outgoing weight i) of  max_j v_j - min_j v_j

so a spread of exactly 0 means that every unit of the layer is a copy of every other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Integral

import numpy as np

from .. import train, vectorized
from ..mlp import MLP, check_batch
from ..draw.plotting import BLACK, BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILION

#: one colour per hidden unit (Okabe-Ito)
UNIT_COLOURS = (BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY)
#: one line style per incoming weight
WEIGHT_STYLES = ("-", "--", ":", "-.")


@dataclass
class Record:
    """A network's parameters and cost at every step of full-batch training.

    ``weights[l]`` has shape (S+1, p_(l+1), p_l) and ``biases[l]`` shape (S+1, p_(l+1)):
    index 0 is the initial network, index s the network after s steps. ``loss`` is (S+1,).
    """

    sizes: list[int]
    activations: list[str]
    weights: list[np.ndarray] = field(default_factory=list)
    biases: list[np.ndarray] = field(default_factory=list)
    loss: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def steps(self) -> int:
        """S, the number of training steps recorded (after the initial state)."""
        return len(self.loss) - 1

    def network(self, step: int) -> MLP:
        """The network as it was after ``step`` steps (0 = initial), as a new MLP."""
        if isinstance(step, bool) or not isinstance(step, Integral) or not 0 <= step <= self.steps:
            raise ValueError(f"step must be an integer from 0 to {self.steps}, got {step!r}")
        net = MLP(self.sizes, hidden=self.activations[:-1], output=self.activations[-1], init="zeros")
        net.weights = [W[step].copy() for W in self.weights]
        net.biases = [b[step].copy() for b in self.biases]
        return net

    def spread(self, layer: int = 0) -> np.ndarray:
        """The spread of hidden layer ``layer + 1`` at every step: shape (S+1,)."""
        _check_layer(self.sizes, layer)
        return np.array([_spread(self.weights[layer][s], self.biases[layer][s],
                                 self.weights[layer + 1][s]) for s in range(self.steps + 1)])


def _check_layer(sizes: list[int], layer) -> None:
    if isinstance(layer, bool) or not isinstance(layer, Integral):
        raise TypeError(f"layer must be an integer, got {layer!r}")
    if not 0 <= layer < len(sizes) - 2:
        raise ValueError(f"layer {layer} is not a hidden layer's index: a network with sizes "
                         f"{sizes} has hidden layers 0 .. {len(sizes) - 3} (layer l = weights[l]'s outputs)")


def _spread(W_in: np.ndarray, b: np.ndarray, W_out: np.ndarray) -> float:
    """max over the numbers describing a unit of (largest - smallest value across units)."""
    per_unit = np.column_stack([W_in, b, W_out.T])          # (p, p_in + 1 + p_out): one row per unit
    return float(np.ptp(per_unit, axis=0).max())


def spread(net: MLP, layer: int = 0) -> float:
    """How far the units of hidden layer ``layer + 1`` are from identical (0 = all identical)."""
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a bpcourse.MLP, got {type(net).__name__}")
    _check_layer(net.sizes, layer)
    return _spread(net.weights[layer], net.biases[layer], net.weights[layer + 1])


def gradient_spread(net: MLP, X, T, loss: str = "bce", layer: int = 0) -> float:
    """The same spread, for the gradients dJ/dW, dJ/db of the units of hidden layer ``layer + 1``."""
    X, T = check_batch(net, X, T, loss)
    _check_layer(net.sizes, layer)
    _, g = vectorized.loss_and_grads(net, X, T, loss)
    return _spread(g.weights[layer], g.biases[layer], g.weights[layer + 1])


def train_recording(net: MLP, X, T, loss: str = "bce", lr: float = 1.0, steps: int = 100,
                    momentum: float = 0.0) -> Record:
    """Train ``net`` in place by full-batch gradient descent (``train.fit``), recording every step."""
    X, T = check_batch(net, X, T, loss)
    W = [[w.copy()] for w in net.weights]
    b = [[v.copy()] for v in net.biases]
    J = [train.vectorized_cost(net, X, T, loss)]

    def record(epoch: int, n: MLP, cost: float) -> None:
        for l in range(len(n.weights)):
            W[l].append(n.weights[l].copy())
            b[l].append(n.biases[l].copy())
        J.append(cost)

    train.fit(net, X, T, loss=loss, lr=lr, epochs=steps, momentum=momentum, callback=record)
    return Record(list(net.sizes), list(net.activation_names), [np.array(w) for w in W], [np.array(v) for v in b], np.array(J))


def collapse(net: MLP) -> MLP:
    """The one-hidden-unit network computing the same function as a symmetric one-hidden-layer net.

    If all p hidden units are identical (rows w of W^(1), biases c, columns v of W^(2)), then
    y = g(sum_j v_j a + b^(2)) = g((sum_j v_j) a + b^(2)): one unit with incoming w, bias c and
    outgoing weights sum_j v_j (the sum of W^(2)'s columns).
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a bpcourse.MLP, got {type(net).__name__}")
    if len(net.sizes) != 3:
        raise ValueError(f"collapse needs one hidden layer (sizes like [2, 3, 1]), got sizes {net.sizes}")
    s = spread(net)
    if s != 0:
        raise ValueError(f"the hidden units are not identical (spread {s:.3g}); "
                         f"collapse needs a symmetric network")
    one = MLP([net.sizes[0], 1, net.sizes[2]], hidden=net.hidden, output=net.output, init="zeros")
    one.weights = [net.weights[0][:1].copy(), net.weights[1].sum(axis=1, keepdims=True)]
    one.biases = [net.biases[0][:1].copy(), net.biases[1].copy()]
    return one


def imbalanced(X, T, n_positive: int) -> tuple[np.ndarray, np.ndarray]:
    """All class-0 examples of (X, T) and only the first ``n_positive`` class-1 examples."""
    X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
    if T.ndim != 2 or T.shape[1] != 1 or len(X) != len(T):
        raise ValueError(f"expected X (m, n) and 0/1 targets T (m, 1), got shapes {X.shape}, {T.shape}")
    positive = T[:, 0] > 0.5
    if isinstance(n_positive, bool) or not isinstance(n_positive, Integral) or \
            not 0 <= n_positive <= positive.sum():
        raise ValueError(f"n_positive must be an integer from 0 to {int(positive.sum())} "
                         f"(the number of class-1 examples), got {n_positive!r}")
    keep = ~positive | (np.cumsum(positive) <= n_positive)
    return X[keep], T[keep]


# -- plots ------------------------------------------------------------------------------------
def plot_unit_weights(ax, record: Record, layer: int = 0) -> None:
    """The incoming weights of hidden layer ``layer + 1`` over the steps: one line per unit and weight.

    Unit j has colour j; weight k has line style k. Units are drawn thickest first, so lines that
    lie exactly on top of each other still show every unit's colour at the edges.
    """
    _check_layer(record.sizes, layer)
    W = record.weights[layer]                                # (S+1, p, p_in)
    steps = np.arange(record.steps + 1)
    p, p_in = W.shape[1], W.shape[2]
    for j in range(p):
        for k in range(p_in):
            label = f"unit {j + 1}" if k == 0 else None
            ax.plot(steps, W[:, j, k], color=UNIT_COLOURS[j % len(UNIT_COLOURS)],
                    linestyle=WEIGHT_STYLES[k % len(WEIGHT_STYLES)],
                    linewidth=1.2 + 2.2 * (p - 1 - j), label=label)
    for k in range(min(p_in, len(WEIGHT_STYLES))):         # legend entries for the line styles
        ax.plot([], [], color=BLACK, linewidth=1, linestyle=WEIGHT_STYLES[k], label=f"from input {k + 1}")
    ax.set_xlabel("step")
    ax.set_ylabel(f"incoming weights $w_{{jk}}^{{({layer + 1})}}$")
    ax.set_title("hidden units' incoming weights", fontsize=9)
    ax.legend(fontsize=8, loc="best", ncol=2)


def plot_spreads(ax, records: list[Record], labels: list[str], layer: int = 0) -> None:
    """The spread between hidden units over the steps, one line per record (symlog scale: 0 shows)."""
    colours = (BLUE, ORANGE, GREEN, VERMILION, PURPLE)
    for i, (r, label) in enumerate(zip(records, labels)):
        ax.plot(np.arange(r.steps + 1), r.spread(layer), label=label, color=colours[i % len(colours)],
                linewidth=2)
    ax.set_yscale("symlog", linthresh=1e-3)
    ax.axhline(0, color=BLACK, linewidth=0.5)
    ax.set_xlabel("step")
    ax.set_ylabel("spread between hidden units")
    ax.legend(fontsize=8)


def plot_losses(ax, records: list[Record], labels: list[str]) -> None:
    """Loss curves J against the step, one per record (step 0 is the initial network)."""
    colours = (BLUE, ORANGE, GREEN, VERMILION, PURPLE)
    styles = ("-", "--", "-.", ":", "-")
    for i, (r, label) in enumerate(zip(records, labels)):
        ax.plot(np.arange(r.steps + 1), r.loss, label=label, color=colours[i % len(colours)],
                linestyle=styles[i % len(styles)], linewidth=2)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("loss J")
    ax.legend(fontsize=8)
