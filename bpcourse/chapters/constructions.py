"""Networks built by hand to show what MLPs can represent (chapter 4, lecture 004 section 4).

- ``collapse_linear``: a deep network with identity activations is one linear layer,
  $W = W^{(L-1)} \\cdots W^{(0)}$ with the biases folded in.
- ``truth_table_network``: universality for binary inputs. Any function on $\\{-1,+1\\}^D$,
  given as a table, becomes a one-hidden-layer step network with one unit per input pattern.
- ``parity_network``: parity with a deep step network of about $2D$ hidden units, against the
  $2^D$ of the truth-table construction; ``largest_parity_implicant``: why a shallow AND/OR
  network (disjunctive normal form) needs $2^{D-1}$ hidden units for parity.
- ``bump``, ``bump_network``, ``fit_bumps``: universality in one dimension; two steep sigmoids
  make a bump, bumps add up to any continuous function.
- ``plot_first_layer``: the learned features of a digits classifier.

Inputs of the binary constructions are the $2^D$ patterns of ``all_patterns(D)``, one per row,
in "binary counting" order: $-1$ plays the bit 0, $+1$ the bit 1, the first column is the most
significant bit. For $D = 2$ the rows are $(-1,-1), (-1,+1), (+1,-1), (+1,+1)$.
"""
from __future__ import annotations

import numbers
from typing import Callable, Mapping

import numpy as np

from .. import activations
from .._validate import positive
from ..mlp import MLP

MAX_D = 16          # the truth-table network has 2^D hidden units: 65536 at D = 16


# --------------------------------------------------------------------------- linear networks

def collapse_linear(net: MLP) -> MLP:
    """The one-layer network equal to a deep linear ``net``: $y = W x + b$.

    $W = W^{(L-1)} \\cdots W^{(1)} W^{(0)}$ and $b$ is every bias pushed through the layers
    above it: $b = W^{(L-1)}(\\cdots(W^{(1)} b^{(0)} + b^{(1)})\\cdots) + b^{(L-1)}$.
    Returns ``MLP([sizes[0], sizes[-1]], output="identity")``.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a bpcourse.MLP, got {type(net).__name__}")
    nonlinear = [a for a in net.activation_names if a != "identity"]
    if nonlinear:
        raise ValueError(f"only a network with identity activations collapses to one matrix; "
                         f"this one has {net.activation_names}")
    net.check_params()
    W, b = np.eye(net.sizes[0]), np.zeros(net.sizes[0])
    for W_l, b_l in zip(net.weights, net.biases):
        W, b = W_l @ W, W_l @ b + b_l                  # apply layer l to the affine map x -> Wx + b
    one = MLP([net.sizes[0], net.sizes[-1]], output="identity", init="zeros")
    one.weights, one.biases = [W], [b]
    return one


def hidden_units(net: MLP) -> int:
    """The number of hidden units: $\\sum$ of the widths between input and output."""
    return int(sum(net.sizes[1:-1]))


# --------------------------------------------------------------------------- binary inputs

def all_patterns(D: int) -> np.ndarray:
    """The $2^D$ points of $\\{-1,+1\\}^D$, shape (2^D, D), in binary-counting row order."""
    positive("D", D, integer=True)
    if D > MAX_D:
        raise ValueError(f"D = {D} gives 2^{D} = {2 ** D} patterns; at most D = {MAX_D} is supported")
    r = np.arange(2 ** D)[:, None]
    bits = (r >> np.arange(D - 1, -1, -1)) & 1        # column 0 is the most significant bit
    return 2.0 * bits - 1.0


def pattern_index(X) -> np.ndarray:
    """Row numbers in ``all_patterns(D)`` of the ±1 rows of ``X`` (m, D): shape (m,)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or not np.all((X == 1) | (X == -1)):
        raise ValueError("X must be a 2-D array whose entries are all -1 or +1")
    D = X.shape[1]
    return ((X > 0).astype(np.int64) * (2 ** np.arange(D - 1, -1, -1))).sum(axis=1)


def parity(X) -> np.ndarray:
    """Parity of each ±1 row of ``X`` (m, D): 1 if the number of $+1$ entries is odd, else 0; (m, 1)."""
    X = np.asarray(X, dtype=np.float64)
    pattern_index(X)                                   # validates X
    return ((X > 0).sum(axis=1) % 2).astype(np.float64)[:, None]


def table_as_array(table) -> np.ndarray:
    """A truth table as an array of outputs, shape (2^D, K), rows in ``all_patterns(D)`` order.

    ``table`` is either array-like of shape (2^D,) or (2^D, K), or a dict mapping each of the
    $2^D$ patterns (a tuple of $D$ entries, each $-1$ or $+1$) to an output (a number or K numbers).
    """
    if isinstance(table, Mapping):
        return _dict_table(table)
    if isinstance(table, (str, bytes)) or table is None:
        raise TypeError(f"table must be an array of 2^D outputs or a dict {{pattern: output}}, "
                        f"got {type(table).__name__}")
    try:
        T = np.asarray(table, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(f"table must hold numbers ({e})") from None
    if T.ndim == 1:
        T = T[:, None]
    if T.ndim != 2:
        raise ValueError(f"table must have shape (2^D,) or (2^D, K), got shape {T.shape}")
    _check_rows(T.shape[0])
    if T.shape[1] == 0:
        raise ValueError("table has no output columns; expected shape (2^D,) or (2^D, K) with K >= 1")
    if not np.all(np.isfinite(T)):
        row = int(np.argwhere(~np.isfinite(T))[0, 0])
        raise ValueError(f"table contains NaN or inf (row {row}); expected finite outputs")
    return T


def _check_rows(n: int) -> int:
    if n < 2 or n & (n - 1):
        raise ValueError(f"a truth table over {{-1,+1}}^D has 2^D rows (2, 4, 8, ...), "
                         f"got {n} row(s)")
    D = n.bit_length() - 1
    if D > MAX_D:
        raise ValueError(f"a table with 2^{D} rows needs {n} hidden units; "
                         f"at most D = {MAX_D} inputs are supported")
    return D


def _dict_table(table: Mapping) -> np.ndarray:
    keys = list(table)
    if not keys:
        raise ValueError("table is an empty dict; expected one entry per pattern in {-1,+1}^D")
    for k in keys:
        if not isinstance(k, tuple) or not k or not all(
                isinstance(v, numbers.Real) and v in (-1, 1) for v in k):
            raise ValueError(f"every key of the table must be a tuple of -1/+1 entries, "
                             f"such as (-1, 1, -1); got {k!r}")
    D = len(keys[0])
    if any(len(k) != D for k in keys):
        raise ValueError(f"the table's keys have different lengths: {sorted({len(k) for k in keys})}; "
                         f"every pattern must have the same number D of inputs")
    _check_rows(2 ** D)
    P = all_patterns(D)
    missing = [tuple(int(v) for v in p) for p in P if tuple(int(v) for v in p) not in table]
    if missing:
        raise ValueError(f"the table has {len(keys)} of the 2^{D} = {2 ** D} patterns; "
                         f"missing e.g. {missing[0]}")
    return table_as_array([np.atleast_1d(np.asarray(table[tuple(int(v) for v in p)],
                                                     dtype=np.float64)) for p in P])


def truth_table_network(table) -> MLP:
    """A step network computing ``table`` exactly on every pattern of $\\{-1,+1\\}^D$.

    One hidden unit per pattern $p$: weights $p$, bias $-(D - \\frac12)$, so its net input
    $p \\cdot x - (D - \\frac12) = \\frac12 - 2k$ is positive only when $x = p$ ($k$ is the number
    of entries where $x$ and $p$ differ). The linear output weights are the table's outputs.
    ``table``: see ``table_as_array``. Returns ``MLP([D, 2^D, K], hidden="step", output="identity")``.
    """
    T = table_as_array(table)
    n, K = T.shape
    D = n.bit_length() - 1
    net = MLP([D, n, K], hidden="step", output="identity", init="zeros")
    net.weights = [all_patterns(D), T.T.copy()]        # W^(0): (2^D, D), W^(1): (K, 2^D)
    net.biases = [np.full(n, -(D - 0.5)), np.zeros(K)]
    return net


# --------------------------------------------------------------------------- parity, deep

def parity_network(D: int) -> MLP:
    """A deep step network computing ``parity`` on $\\{-1,+1\\}^D$, with a number of units linear in D.

    The bits $u_j = (x_j + 1)/2$ are XORed in pairs, level after level (a balanced tree):
    one XOR block is an OR unit $\\mathrm{step}(a + b - \\frac12)$ and an AND unit
    $\\mathrm{step}(a + b - \\frac32)$ in one hidden layer, and $a \\oplus b = \\mathrm{OR} - \\mathrm{AND}$
    is read linearly by the next layer. An unpaired item is carried up by one unit
    $\\mathrm{step}(a - \\frac12)$. Hidden layers: $\\lceil \\log_2 D \\rceil$; hidden units:
    $2(D - 1) + \\lceil \\log_2 D \\rceil - \\mathrm{popcount}(D - 1)$ (see ``parity_units``).
    The output unit is linear and gives exactly 0 or 1.
    """
    positive("D", D, integer=True)
    if D > 1024:
        raise ValueError(f"D = {D} is too large; at most 1024 inputs are supported")
    # each item is a linear form on the previous layer: (coefficients, constant)
    items = [(0.5 * np.eye(D)[j], 0.5) for j in range(D)]   # u_j = x_j/2 + 1/2
    weights, biases = [], []
    while len(items) > 1:
        rows, bs, new_items = [], [], []
        for i in range(0, len(items) - 1, 2):
            c = items[i][0] + items[i + 1][0]
            const = items[i][1] + items[i + 1][1]
            rows += [c, c]                              # OR and AND see the same sum a + b
            bs += [const - 0.5, const - 1.5]
            new_items.append((len(rows) - 2, len(rows) - 1))
        if len(items) % 2:                              # the odd one out is carried up
            c, const = items[-1]
            rows.append(c)
            bs.append(const - 0.5)
            new_items.append((len(rows) - 1, None))
        p = len(rows)
        weights.append(np.array(rows))
        biases.append(np.array(bs))
        items = []
        for plus, minus in new_items:                   # XOR = OR - AND, or the carried unit
            c = np.zeros(p)
            c[plus] = 1.0
            if minus is not None:
                c[minus] = -1.0
            items.append((c, 0.0))
    c, const = items[0]
    weights.append(c[None, :])
    biases.append(np.array([const]))
    sizes = [D] + [W.shape[0] for W in weights]
    net = MLP(sizes, hidden="step", output="identity", init="zeros")
    net.weights, net.biases = weights, biases
    return net


def parity_units(D: int) -> dict[str, int]:
    """The formulas: hidden units of the truth-table (2^D) and deep (``parity_network``) parity nets."""
    positive("D", D, integer=True)
    depth = (D - 1).bit_length()                        # ceil(log2 D)
    return {"shallow": 2 ** D,
            "deep": 2 * (D - 1) + depth - bin(D - 1).count("1"),
            "deep_layers": depth}


def and_terms(D: int) -> np.ndarray:
    """Every AND of literals on $D$ inputs, one per row of shape (3^D, D): $+1$ means "input is
    $+1$", $-1$ "input is $-1$", $0$ "input not used". The term is true where all used inputs match."""
    positive("D", D, integer=True)
    if D > 10:
        raise ValueError(f"D = {D} gives 3^{D} terms; at most D = 10 is supported")
    digits = (np.arange(3 ** D)[:, None] // 3 ** np.arange(D - 1, -1, -1)) % 3
    return digits.astype(np.float64) - 1.0


def largest_parity_implicant(D: int) -> int:
    """The most input patterns that one AND of literals covers while being true only where parity is 1.

    A one-hidden-layer network of AND units with an OR output (a formula in disjunctive normal
    form) must cover all $2^{D-1}$ odd patterns; if no AND covers more than one, it needs $2^{D-1}$
    hidden units."""
    X = all_patterns(D)
    odd = parity(X)[:, 0] == 1
    terms = and_terms(D)
    true_on = np.all((terms[:, None, :] == 0) | (terms[:, None, :] == X[None, :, :]), axis=2)
    implicants = ~np.any(true_on & ~odd[None, :], axis=1)      # true nowhere parity is 0
    return int(true_on[implicants].sum(axis=1).max())


# --------------------------------------------------------------------------- bumps in 1-D

def bump(x, left: float, right: float, height: float = 1.0, steepness: float = 50.0) -> np.ndarray:
    """$h\\,[\\sigma(s(x - \\ell)) - \\sigma(s(x - r))]$: about $h$ on $(\\ell, r)$, about 0 outside."""
    _check_edges(left, right)
    positive("steepness", steepness)
    x = np.asarray(x, dtype=np.float64)
    return height * (activations.sigmoid(steepness * (x - left))
                     - activations.sigmoid(steepness * (x - right)))


def _check_edges(left, right) -> None:
    for name, v in (("left", left), ("right", right)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            raise TypeError(f"{name} must be a finite number, got {v!r}")
    if not left < right:
        raise ValueError(f"a bump needs left < right, got left={left!r}, right={right!r}")


def bump_network(lefts, rights, heights, steepness: float = 50.0) -> MLP:
    """A [1, 2n, 1] sigmoid network whose output is the sum of n bumps.

    Hidden unit $2i$ is $\\sigma(s x - s\\ell_i)$, unit $2i+1$ is $\\sigma(s x - s r_i)$; the output
    weights are $+h_i$ and $-h_i$ (bias 0), so $y(x) = \\sum_i \\mathrm{bump}_i(x)$.
    """
    lefts, rights, heights = (np.atleast_1d(np.asarray(v, dtype=np.float64))
                              for v in (lefts, rights, heights))
    if not (lefts.ndim == rights.ndim == heights.ndim == 1
            and lefts.shape == rights.shape == heights.shape):
        raise ValueError(f"lefts, rights and heights must be 1-D of the same length n, got shapes "
                         f"{lefts.shape}, {rights.shape}, {heights.shape}")
    if not all(np.all(np.isfinite(v)) for v in (lefts, rights, heights)):
        raise ValueError("lefts, rights and heights must be finite numbers")
    if np.any(lefts >= rights):
        i = int(np.argmax(lefts >= rights))
        raise ValueError(f"bump {i} has left {lefts[i]:g} >= right {rights[i]:g}; need left < right")
    positive("steepness", steepness)
    n = lefts.size
    net = MLP([1, 2 * n, 1], hidden="sigmoid", output="identity", init="zeros")
    edges = np.ravel(np.c_[lefts, rights])              # l_0, r_0, l_1, r_1, ...
    net.weights = [np.full((2 * n, 1), float(steepness)),
                   np.ravel(np.c_[heights, -heights])[None, :]]
    net.biases = [-steepness * edges, np.zeros(1)]
    return net


def bump_edges(n_bumps: int, interval=(-np.pi, np.pi)) -> np.ndarray:
    """The n+1 edges of n equal bins covering ``interval``: shape (n+1,)."""
    positive("n_bumps", n_bumps, integer=True)
    a, b = _check_interval(interval)
    return np.linspace(a, b, n_bumps + 1)


def _check_interval(interval) -> tuple[float, float]:
    try:
        a, b = (float(v) for v in interval)
    except (TypeError, ValueError):
        raise TypeError(f"interval must be a pair (a, b) of numbers, got {interval!r}") from None
    if not (np.isfinite(a) and np.isfinite(b) and a < b):
        raise ValueError(f"interval must be finite with a < b, got {interval!r}")
    return a, b


def fit_bumps(f: Callable, n_bumps: int, interval=(-np.pi, np.pi), steepness: float = 100.0) -> MLP:
    """A [1, 2n, 1] bump network equal to ``f`` at the centres of n equal bins of ``interval``.

    Bump i covers bin i (the first and last reach one interval length past its ends, so the
    sum does not sag to half height there). Its height solves $\\sum_j h_j\\,\\mathrm{bump}_j(c_i) = f(c_i)$ at every
    centre $c_i$ (least squares); in the steep limit the bumps do not overlap and $h_i = f(c_i)$.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x (an array), got {f!r}")
    e = bump_edges(n_bumps, interval)
    positive("steepness", steepness)
    c = 0.5 * (e[:-1] + e[1:])
    y = np.asarray(f(c), dtype=np.float64)
    if y.shape != c.shape or not np.all(np.isfinite(y)):
        raise ValueError(f"f must map an array of shape {c.shape} to finite values of the same "
                         f"shape; got shape {y.shape}")
    lefts, rights = e[:-1].copy(), e[1:].copy()
    lefts[0] -= e[-1] - e[0]                            # the outer bumps reach well past the
    rights[-1] += e[-1] - e[0]                          # interval: no sag to h/2 at its ends
    A = np.stack([bump(c, lefts[j], rights[j], 1.0, steepness) for j in range(n_bumps)], axis=1)
    h = np.linalg.lstsq(A, y, rcond=None)[0]
    return bump_network(lefts, rights, h, steepness)


def approximation_errors(net: MLP, f: Callable, interval=(-np.pi, np.pi),
                         m: int = 2001) -> tuple[float, float]:
    """(max |y - f|, RMS of y - f) over m equally spaced points of ``interval``."""
    a, b = _check_interval(interval)
    x = np.linspace(a, b, m)
    r = net.forward(x[:, None])[:, 0] - np.asarray(f(x), dtype=np.float64)
    return float(np.max(np.abs(r))), float(np.sqrt(np.mean(r * r)))


def plot_approximation(ax, f: Callable, net: MLP, interval=(-np.pi, np.pi),
                       show_bumps: bool = True, m: int = 801) -> None:
    """Draw the target f, the network's output and (faintly) each bump of a ``bump_network``."""
    from ..draw import plotting
    a, b = _check_interval(interval)
    x = np.linspace(a, b, m)
    ax.plot(x, f(x), color=plotting.BLACK, lw=2.5, alpha=0.35, label="target $f(x)$")
    if show_bumps:
        H = activations.sigmoid(x[:, None] * net.weights[0][:, 0] + net.biases[0])   # (m, 2n)
        parts = (H * net.weights[1][0]).reshape(m, -1, 2).sum(axis=2)              # (m, n)
        ax.plot(x, parts, color=plotting.SKY, lw=0.8, alpha=0.8)
    ax.plot(x, net.forward(x[:, None])[:, 0], color=plotting.VERMILION, lw=1.5,
            label="network $y(x)$")
    ax.set_xlim(a, b)
    ax.set_xlabel("$x$")


# --------------------------------------------------------------------------- learned features

def plot_first_layer(axes, net: MLP, shape=(8, 8), vmax: float | None = None,
                     titles: bool = False) -> None:
    """Draw each first-layer unit's incoming weights $W^{(0)}_{j,:}$ as a ``shape`` image.

    Light is positive, dark negative, one symmetric grey scale for all units (``vmax``, by
    default the largest $|w|$). ``axes``: at least ``sizes[1]`` axes, filled row by row; spare
    ones are blanked. ``titles`` labels each image with its unit number.
    """
    W = net.weights[0]
    axes = np.ravel(axes)
    if W.shape[1] != shape[0] * shape[1]:
        raise ValueError(f"the first layer has {W.shape[1]} inputs; they cannot be shown as "
                         f"{shape[0]}x{shape[1]} images")
    if len(axes) < W.shape[0]:
        raise ValueError(f"{W.shape[0]} hidden units need at least as many axes, got {len(axes)}")
    vmax = float(np.abs(W).max()) if vmax is None else vmax
    for j, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if j < W.shape[0]:
            ax.imshow(W[j].reshape(shape), cmap="gray", vmin=-vmax, vmax=vmax)
            if titles:
                ax.set_title(f"unit {j}", fontsize=8)
        else:
            ax.axis("off")


def plot_digits(axes, X, labels, shape=(8, 8)) -> None:
    """Draw the first images of ``X`` (m, 64) with their labels as titles, one per axis."""
    for ax, x, t in zip(np.ravel(axes), X, labels):
        ax.imshow(np.reshape(x, shape), cmap="gray_r")
        ax.set_title(str(t), fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])


# --------------------------------------------------------------------------- small figures

def plot_hidden_activations(ax, net: MLP, X) -> np.ndarray:
    """Show the first hidden layer's activations $H = g(X W^{(0)T} + 1 b^{(0)T})$ (m, p) as an image."""
    from .. import activations as acts
    g, _ = acts.get(net.activation_names[0])
    H = g(np.asarray(X, dtype=np.float64) @ net.weights[0].T + net.biases[0])
    ax.imshow(H, cmap="Blues", vmin=0, vmax=1)
    ax.set_xlabel("hidden unit")
    ax.set_ylabel("input pattern (row)")
    return H


def plot_unit_counts(ax, Ds, counts: dict) -> None:
    """Hidden units against D (log scale) for each construction in ``counts`` {label: list}."""
    from ..draw import plotting
    colours = [plotting.VERMILION, plotting.BLUE, plotting.GREEN, plotting.ORANGE]
    markers = ["o", "s", "^", "D"]
    for (label, n), c, mk in zip(counts.items(), colours, markers):
        n = np.asarray(n, dtype=np.float64)
        ax.plot(Ds, np.where(n > 0, n, np.nan), marker=mk, color=c, label=label)   # 0 is off the log axis
    ax.set_yscale("log", base=2)
    ax.set_xlabel("number of inputs $D$")
    ax.set_ylabel("hidden units")
    ax.legend(fontsize=8)


def plot_networks_1d(ax, nets, labels, interval=(-3.0, 3.0), m: int = 601) -> None:
    """The outputs of several 1-input, 1-output networks over ``interval``."""
    from ..draw import plotting
    a, b = _check_interval(interval)
    x = np.linspace(a, b, m)
    colours = [plotting.SKY, plotting.BLUE, plotting.GREEN, plotting.VERMILION, plotting.PURPLE]
    for net, label, c in zip(nets, labels, colours * 3):
        ax.plot(x, net.forward(x[:, None])[:, 0], color=c, label=label)
    ax.set_xlabel("$x$")
    ax.legend(fontsize=8)


def plot_error_curve(ax, ns, max_err, rms, bound=None) -> None:
    """Max and RMS error against the number of bumps n (log-log), with an optional bound."""
    from ..draw import plotting
    ax.loglog(ns, max_err, "o-", color=plotting.VERMILION, label=r"max $|y - f|$")
    ax.loglog(ns, rms, "s-", color=plotting.BLUE, label="RMS")
    if bound is not None:
        ax.loglog(ns, bound, "k--", lw=1, label=r"bound $\max|f'|\,(b-a)/(2n)$")
    ax.set_xlabel("number of bumps $n$")
    ax.set_ylabel("error")
    ax.legend(fontsize=8)
