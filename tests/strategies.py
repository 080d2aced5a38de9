"""The hypothesis strategies that every property test draws from (as minitorch's tests/strategies.py).

One place says what a random problem is, so every engine is tested on the same ground:

- ``sizes()``: 1-4 weight layers, widths 1-8;
- ``hidden_activations`` / ``output_activation(loss)``: every elementwise activation in every
  hidden layer; each loss with the output activations it allows (bce: sigmoid, cross_entropy:
  softmax, the squared losses: any, softmax included);
- ``batches(width)`` and ``targets(loss, m, k)``: inputs, and targets that fit the loss;
- ``networks()`` and ``problems()``: a network with random weights *and biases*, and a whole
  (net, X, T, loss) problem; ``problems(smooth=True)`` keeps every pre-activation of a kinked
  activation (step, relu) at least ``KINK_MARGIN`` away from 0, where finite differences fail;
- ``floats``, ``positive_floats``, ``arrays``, ``broadcast_shapes()``: numbers for the autodiff
  operation table.

Importing this module registers the hypothesis profile ``bpcourse`` (no deadline: the machine
is shared; ``BPCOURSE_HYPOTHESIS_EXAMPLES`` scales the number of examples) and loads it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from bpcourse import MLP, activations, losses, vectorized

settings.register_profile(
    "bpcourse", deadline=None, print_blob=True,
    max_examples=int(os.environ.get("BPCOURSE_HYPOTHESIS_EXAMPLES", "80")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile("bpcourse")

MAX_LAYERS, MAX_WIDTH, MAX_BATCH = 4, 8, 5
KINKED = ("step", "relu")            # not differentiable at 0
KINK_MARGIN = 1e-4                   # 100x the finite-difference step of gradcheck
#: activations usable in any layer (elementwise); softmax is an output activation only
ELEMENTWISE = tuple(sorted(activations.ACTIVATIONS))
OUTPUTS = ELEMENTWISE + tuple(sorted(activations.OUTPUT_ONLY))
LOSSES = tuple(losses.LOSSES)
#: the output activation each loss needs; None: any elementwise one
OUTPUT_OF_LOSS = {"bce": "sigmoid", "cross_entropy": "softmax"}   # None: any of OUTPUTS

hidden_activations = st.sampled_from(ELEMENTWISE)
loss_names = st.sampled_from(LOSSES)
seeds = st.integers(0, 2**32 - 1)


def output_activation(loss: str) -> st.SearchStrategy[str]:
    """The output activations that ``loss`` accepts."""
    needed = OUTPUT_OF_LOSS.get(loss)
    return st.just(needed) if needed else st.sampled_from(OUTPUTS)


def sizes(min_layers: int = 1, max_layers: int = MAX_LAYERS, min_width: int = 1,
          max_width: int = MAX_WIDTH) -> st.SearchStrategy[list[int]]:
    """Layer widths [p_0, ..., p_L]: ``min_layers`` to ``max_layers`` weight layers."""
    return st.integers(min_layers, max_layers).flatmap(
        lambda L: st.lists(st.integers(min_width, max_width), min_size=L + 1, max_size=L + 1))


def batches(width: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """X: m examples of ``width`` standard-normal features."""
    return rng.normal(size=(m, width))


def targets(loss: str, m: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """T of shape (m, k) that ``loss`` accepts.

    squared losses: any real numbers; bce: in [0, 1]; cross_entropy: rows that are
    probability vectors (a one-hot row for every other example, so both kinds occur).
    """
    if loss == "bce":
        return rng.uniform(0.0, 1.0, (m, k))
    if loss == "cross_entropy":
        T = rng.dirichlet(np.ones(k), size=m)
        T[::2] = np.eye(k)[rng.integers(0, k, size=len(T[::2]))]
        return T
    return rng.normal(size=(m, k))


@dataclass
class Problem:
    """One gradient problem: a network, a batch, its targets and the loss."""

    net: MLP
    X: np.ndarray
    T: np.ndarray
    loss: str

    def __iter__(self):                              # net, X, T, loss = problem
        return iter((self.net, self.X, self.T, self.loss))


def far_from_kinks(net: MLP, X: np.ndarray, margin: float = KINK_MARGIN) -> bool:
    """True if every pre-activation feeding step or relu is at least ``margin`` from 0."""
    Z, _ = vectorized.forward(net, X)
    return all(np.min(np.abs(Z[l + 1])) > margin
               for l, name in enumerate(net.activation_names) if name in KINKED)


@st.composite
def networks(draw, loss: str | None = None, min_layers: int = 1) -> MLP:
    """An MLP of random sizes and activations (fitting ``loss``), random weights and biases."""
    widths = draw(sizes(min_layers=min_layers))
    if loss == "cross_entropy" and widths[-1] == 1:
        widths[-1] = 2                               # a softmax over one unit is constant 1
    hidden = draw(st.lists(hidden_activations, min_size=len(widths) - 2, max_size=len(widths) - 2))
    output = draw(output_activation(loss)) if loss else draw(st.sampled_from(OUTPUTS))
    seed = draw(seeds)
    net = MLP(widths, hidden=hidden, output=output, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for b in net.biases:                             # zero biases would hide every bias bug
        b[:] = rng.normal(0.0, 0.5, b.shape)
    return net


@st.composite
def problems(draw, loss: str | None = None, smooth: bool = False) -> Problem:
    """(net, X, T, loss): every loss (or the one given) with an output it allows.

    ``smooth=True``: only problems where finite differences are valid (see ``far_from_kinks``).
    """
    loss = loss or draw(loss_names)
    net = draw(networks(loss))
    m = draw(st.integers(1, MAX_BATCH))
    rng = np.random.default_rng(draw(seeds))
    X = batches(net.sizes[0], m, rng)
    T = targets(loss, m, net.sizes[-1], rng)
    if smooth:
        assume(far_from_kinks(net, X))
    return Problem(net, X, T, loss)


# -- numbers for the autodiff operation table ----------------------------------------------
floats = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)
positive_floats = st.floats(0.5, 3.0)
away_from_zero = st.one_of(st.floats(-2.0, -0.1), st.floats(0.1, 2.0))   # beside a kink at 0


def arrays(shape, elements=floats) -> st.SearchStrategy[np.ndarray]:
    """float64 arrays of ``shape`` (a tuple, or a strategy of tuples)."""
    return hnp.arrays(np.float64, shape, elements=elements)


@st.composite
def broadcast_shapes(draw, max_dims: int = 3, max_side: int = 4) -> tuple[tuple, tuple]:
    """Two shapes that numpy broadcasts together, the second with fewer or size-1 axes."""
    full = draw(hnp.array_shapes(min_dims=1, max_dims=max_dims, min_side=1, max_side=max_side))
    keep = draw(st.integers(0, len(full)))            # the second keeps the last `keep` axes
    other = tuple(draw(st.sampled_from([1, n])) for n in full[len(full) - keep:])
    return full, other


# -- bpcourse.layers: convolution, pooling, batch norm and RNN problems --------------------------
@st.composite
def conv_problems(draw):
    """(X, W, b, stride, padding) with the kernel at most the padded input, up to its full size."""
    N, C, F = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    H, W_ = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    padding = draw(st.integers(0, 2))
    kh, kw = draw(st.integers(1, H + 2 * padding)), draw(st.integers(1, W_ + 2 * padding))
    stride = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(seeds))
    return (rng.normal(size=(N, C, H, W_)), rng.normal(size=(F, C, kh, kw)), rng.normal(size=F),
            stride, padding)


@st.composite
def pool_problems(draw, ties: bool = False):
    """(X, size, stride); with ``ties`` the entries are small integers, so windows tie often."""
    N, C = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    size = draw(st.integers(1, 3))
    H, W_ = draw(st.integers(size, 6)), draw(st.integers(size, 6))
    stride = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(seeds))
    X = rng.integers(0, 3, size=(N, C, H, W_)).astype(float) if ties else rng.normal(size=(N, C, H, W_))
    return X, size, stride


@st.composite
def batchnorm_problems(draw):
    """(X, gamma, beta): a batch of 2-6 examples with 1-4 features, not all equal in a column."""
    m, n = draw(st.integers(2, 6)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(seeds))
    return rng.normal(size=(m, n)), rng.normal(size=n), rng.normal(size=n)


@st.composite
def rnn_problems(draw):
    """(X, h0, Wx, Wh, b) for sequences of T = 1-5 steps (T = 1 included)."""
    N, T, D, H = (draw(st.integers(1, k)) for k in (3, 5, 3, 4))
    rng = np.random.default_rng(draw(seeds))
    return (rng.normal(size=(N, T, D)), rng.normal(size=(N, H)), rng.normal(size=(H, D)),
            rng.normal(size=(H, H)) / np.sqrt(H), rng.normal(size=H))
