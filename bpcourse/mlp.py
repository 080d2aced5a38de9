"""The multilayer perceptron: sizes, weights, biases, and the batched forward pass.

THE INDEX CONVENTION (the one place it is written; every engine, chapter helper and test
follows it). Layers are numbered l = 0 .. L: layer 0 is the input, layer L the output, layer
l has p_l = sizes[l] units. Weight layer l = 0 .. L-1 maps layer l to layer l+1:

    weights[l] = W^(l), shape (p_(l+1), p_l): W[j, k] is the weight from unit k of layer l
                 into unit j of layer l+1 (the lectures' w_jk, "to j from k")
    biases[l]  = b^(l), shape (p_(l+1),)
    activation_names[l] = the name of g^(l+1), the activation of layer l+1

For a batch X of m examples (rows), the per-layer lists Z, A and Delta have one entry per
layer, l = 0 .. L, each of shape (m, p_l):

    A[0] = X,  Z[0] = None                         (the input has no pre-activation)
    Z[l+1] = A[l] W^(l)T + 1 b^(l)T                (m, p_(l+1)) = (m, p_l) (p_l, p_(l+1)) + ...
    A[l+1] = g^(l+1)(Z[l+1])
    Delta[l] = dJ/dZ[l]  (l = 1 .. L; Delta[0] = None)

``forward_pass`` below is the one forward pass of the package: ``MLP.forward``,
``vectorized``, ``autodiff`` and ``gradcheck`` all call it (``scalar`` writes it out unit by
unit, which is its purpose).
"""
from __future__ import annotations

import math
import operator
from dataclasses import dataclass
from numbers import Real

import numpy as np

from typing import Callable

from . import activations, losses
from ._validate import all_finite, as_batch, choice, layer_widths, positive, same_rows

INITS = ("normal", "zeros", "constant", "xavier", "he")


@dataclass
class Params:
    """A list of weight matrices and a list of bias vectors (a network's, or their gradients)."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]

    def flat(self) -> np.ndarray:
        """All numbers in one vector: W^(0), b^(0), W^(1), b^(1), ... (row-major)."""
        parts = []
        for W, b in zip(self.weights, self.biases):
            parts += [np.ravel(W), np.ravel(b)]
        return np.concatenate(parts)


class MLP:
    """A fully connected feed-forward network.

    >>> net = MLP([2, 3, 1], hidden="sigmoid", output="identity", seed=0)
    >>> [W.shape for W in net.weights], [b.shape for b in net.biases]
    ([(3, 2), (1, 3)], [(3,), (1,)])
    """

    def __init__(self, sizes, hidden="sigmoid", output="identity", init="normal",
                 seed=None, value=None, scale=None):
        self.sizes = layer_widths(sizes)
        L = len(self.sizes) - 1                        # number of weight layers
        if isinstance(hidden, str):
            hidden = [hidden] * (L - 1)
        elif isinstance(hidden, (list, tuple)):
            hidden = list(hidden)
            if len(hidden) != L - 1:
                raise ValueError(f"hidden= lists {len(hidden)} activation(s) but the network "
                                 f"has {L - 1} hidden layer(s); give one name per hidden layer")
        else:
            raise TypeError(f"hidden must be an activation name or a list of names, got {hidden!r}")
        for name in hidden:
            activations.get(name)                      # elementwise ones only
        activations.check_output(output)
        #: activation name of each weight layer's output: hidden ones, then the output's
        self.activation_names: list[str] = hidden + [output]
        self.weights, self.biases = _initial_params(self.sizes, init, seed, value, scale)
        self._checked = None                           # which arrays check_params last passed

    @property
    def hidden(self) -> list[str]:
        return self.activation_names[:-1]

    @property
    def output(self) -> str:
        return self.activation_names[-1]

    @property
    def n_params(self) -> int:
        """P, the number of weights and biases."""
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    def params(self) -> Params:
        return Params(self.weights, self.biases)

    def copy(self) -> "MLP":
        """An independent copy (arrays copied)."""
        new = MLP.__new__(MLP)
        new.sizes = list(self.sizes)
        new.activation_names = list(self.activation_names)
        new.weights = [W.copy() for W in self.weights]
        new.biases = [b.copy() for b in self.biases]
        new._checked = None
        return new

    def check_params(self) -> None:
        """Refuse weights or biases of the wrong shape, or holding NaN/inf."""
        if len(self.weights) != len(self.sizes) - 1 or len(self.biases) != len(self.sizes) - 1:
            raise ValueError(f"the network has {len(self.sizes) - 1} layers but "
                             f"{len(self.weights)} weight matrices and {len(self.biases)} bias vectors")
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            want_W, want_b = (self.sizes[l + 1], self.sizes[l]), (self.sizes[l + 1],)
            if np.shape(W) != want_W:
                raise ValueError(f"weights[{l}] has shape {np.shape(W)}, expected {want_W} "
                                 f"(p_(l+1), p_l) for sizes {self.sizes}")
            if np.shape(b) != want_b:
                raise ValueError(f"biases[{l}] has shape {np.shape(b)}, expected {want_b}")
            if not (all_finite(np.asarray(W)) and all_finite(np.asarray(b))):
                raise ValueError(f"weights[{l}] or biases[{l}] contains NaN or inf "
                                 f"(did training diverge? try a smaller learning rate)")
        self._checked = self._arrays()

    def _arrays(self) -> list:
        """The list and array objects that hold the parameters now."""
        return [self.weights, self.biases, *self.weights, *self.biases]

    def check_params_if_changed(self) -> None:
        """``check_params`` unless these very list and array objects passed it before.

        Values edited in place are not seen here; the callers check that what they computed
        is finite and call ``check_params`` when it is not (see ``forward``).
        """
        checked = getattr(self, "_checked", None)
        now = self._arrays()
        if checked is None or len(checked) != len(now) or not all(map(operator.is_, checked, now)):
            self.check_params()

    def forward(self, X) -> np.ndarray:
        """Y = network(X): X of shape (m, sizes[0]) gives Y of shape (m, sizes[-1])."""
        X = as_batch("X", X, self.sizes[0])
        self.check_params_if_changed()
        Y = forward_pass(self.weights, self.biases, self.activation_names, X)[1][-1]
        if not all_finite(Y):                          # a NaN or inf parameter shows here
            self.check_params()
        return Y

    __call__ = forward

    def __repr__(self) -> str:
        return (f"MLP({self.sizes}, hidden={self.hidden}, output={self.output!r}, "
                f"P={self.n_params})")


def forward_pass(weights, biases, names, X, activate: Callable = activations.apply,
                 product: Callable = np.dot):
    """The forward pass, keeping every layer: lists Z, A indexed as in the module docstring.

    ``activate(name, Z)`` applies an activation and ``product`` multiplies two matrices; the
    defaults work on numpy arrays (``np.dot`` gives the numbers of ``@`` without its overhead,
    which dominates on small batches). The same code builds the autodiff graph when the
    weights, biases and X are ``autodiff.Node``s, ``activate`` makes graph operations and
    ``product`` is ``@``. Nothing is checked here: the callers have.
    """
    Z, A = [None], [X]
    for W, b, name in zip(weights, biases, names):
        Z.append(product(A[-1], W.T) + b)              # Z = A W^T + 1 b^T
        A.append(activate(name, Z[-1]))                # A = g(Z)
    return Z, A


#: the standard deviation of each random init, from (fan-in, fan-out)
INIT_STD = {"normal": lambda p_in, p_out: 1.0 / np.sqrt(p_in),          # 1/sqrt(fan-in)
            "xavier": lambda p_in, p_out: np.sqrt(2.0 / (p_in + p_out)),  # Glorot: forward and back
            "he": lambda p_in, p_out: np.sqrt(2.0 / p_in)}               # for ReLU, which zeroes half of z


def _initial_params(sizes, init, seed, value, scale):
    _init_options(init, value, scale)
    rng = np.random.default_rng(seed)
    weights, biases = [], []
    for p_in, p_out in zip(sizes[:-1], sizes[1:]):
        if init in INIT_STD:                           # random: N(0, std^2), std= scale if given
            std = scale if scale is not None else INIT_STD[init](p_in, p_out)
            W = rng.normal(0.0, std, size=(p_out, p_in))
        else:                                          # "zeros" or "constant"
            W = np.full((p_out, p_in), 0.0 if init == "zeros" else float(value))
        weights.append(W)
        biases.append(np.zeros(p_out))                 # biases may start at zero (lecture 002)
    return weights, biases


def _init_options(init, value, scale) -> None:
    """Refuse an unknown init, or a value= or scale= that does not go with it."""
    choice("init", init, INITS)
    if init == "constant":
        if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
            raise ValueError(f"init='constant' needs a finite number value=..., got {value!r}")
    elif value is not None:
        raise ValueError(f"value= only goes with init='constant' (init is {init!r})")
    if scale is not None and init != "normal":
        raise ValueError(f"scale= only goes with init='normal' (init is {init!r})")
    if scale is not None:
        positive("scale", scale)


def checked_loss_and_grads(unchecked: Callable, net: MLP, X, T, loss: str) -> tuple[float, Params]:
    """An engine's public ``loss_and_grads``: ``check_batch`` once, then the engine's
    ``unchecked(net, X, T, loss)``; a J that is NaN or inf names the bad parameter, if any."""
    X, T = check_batch(net, X, T, loss)
    J, grads = unchecked(net, X, T, loss)
    if not math.isfinite(J):                           # a NaN or inf parameter shows here
        net.check_params()
    return J, grads


def check_batch(net: MLP, X, T, loss: str) -> tuple[np.ndarray, np.ndarray]:
    """Validate a network, a batch and a loss name together; return X, T as float64 arrays.

    X must be (m, sizes[0]), T must be (m, sizes[-1]), both finite, m >= 1; the loss must
    be known and fit the output activation (``bce`` needs a sigmoid output and T in [0, 1]).
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be a bpcourse.MLP, got {type(net).__name__}")
    X = as_batch("X", X, net.sizes[0])
    T = as_batch("T", T, net.sizes[-1])
    same_rows(X, T)
    losses.check(loss, net.output, T)
    net.check_params_if_changed()
    return X, T
