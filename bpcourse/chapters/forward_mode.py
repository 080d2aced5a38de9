"""Chapter 11's forward-mode engine: each value carries its tangent along (dual numbers on arrays).

Reverse mode (``bpcourse.autodiff``) records the graph and then sends bars *backwards*. Forward
mode sends derivatives *forwards*, in the same pass as the values: pick a direction ``v`` in
input space, give every input its tangent $\\dot x = v$, and let every operation compute its
output's tangent from its inputs' tangents with its local derivatives, right beside the value:

    out = x * y        ->   out.tangent = x.tangent * y.value + x.value * y.tangent

At the end ``out.tangent`` is the Jacobian-vector product $J v$ (a JVP): the derivative of the
outputs along ``v``. One pass gives one direction, so a full gradient of a function of n inputs
takes n passes (``gradient``), where reverse mode takes one (``reverse_gradient``).

Operations are written like the reverse engine's, one local derivative per line, and the
elementwise ones take their derivatives from ``bpcourse.activations``. A function written with
the operators and with ``ops.tanh``-style calls runs on either engine: pass it this module or
``bpcourse.autodiff`` as ``ops``.

>>> x = Dual(2.0, 1.0)               # dx/dx = 1
>>> f = (x ** 3) * (x ** 2)          # f = x^5: df/dx = 5 x^4 = 80
>>> float(f.tangent)
80.0
"""
from __future__ import annotations

import sys
import time
from typing import Callable

import numpy as np

from .. import activations, autodiff
from ..autodiff import ELEMENTWISE, Composed, Node
from ..mlp import forward_pass
from ..draw import plotting


class Dual(Composed):   # mean, -, /, and the reflected ops: autodiff.Composed
    """A value and its tangent, the derivative of the value along the chosen input direction."""

    def __init__(self, value, tangent=None, op: str = ""):
        self.value = np.asarray(value, dtype=np.float64)
        if tangent is None:                            # a constant: its derivative is 0
            tangent = np.zeros_like(self.value)
        self.tangent = np.asarray(tangent, dtype=np.float64)
        if self.tangent.shape != self.value.shape:
            raise ValueError(f"a tangent has the shape of its value: value {self.value.shape}, "
                             f"tangent {self.tangent.shape}")
        self.op = op

    @property
    def shape(self) -> tuple:
        return self.value.shape

    @staticmethod
    def lift(x) -> "Dual":
        return _dual(x)

    def __repr__(self) -> str:
        return f"Dual({self.op or 'leaf'}, value={self.value!r}, tangent={self.tangent!r})"

    # -- arithmetic; each tangent sits next to the value it belongs to -------------------------
    # (no _unbroadcast: a tangent broadcasts exactly like its value)
    def __add__(self, other):
        other = _dual(other)
        return Dual(self.value + other.value, self.tangent + other.tangent, "+")

    def __mul__(self, other):
        other = _dual(other)
        return Dual(self.value * other.value,
                    self.tangent * other.value + self.value * other.tangent, "*")

    def __pow__(self, n: float):
        if not isinstance(n, (int, float)):
            raise TypeError(f"only constant powers are supported, got {type(n).__name__}")
        return Dual(self.value ** n, n * self.value ** (n - 1) * self.tangent, f"**{n}")

    def __matmul__(self, other):
        other = _dual(other)
        if self.value.ndim != 2 or other.value.ndim != 2:
            raise ValueError(f"@ takes two 2-D values, got shapes {self.shape} and {other.shape}")
        return Dual(self.value @ other.value,            # d(AB) = dA B + A dB
                    self.tangent @ other.value + self.value @ other.tangent, "@")

    @property
    def T(self):
        return Dual(self.value.T, self.tangent.T, "T")

    def sum(self, axis=None):
        return Dual(self.value.sum(axis=axis), self.tangent.sum(axis=axis), "sum")


def _dual(x) -> Dual:
    """A dual for a plain number or array: a constant, tangent 0."""
    return x if isinstance(x, Dual) else Dual(x)


def _elementwise(name: str, f: Callable, df: Callable) -> Callable[[Dual], Dual]:
    def op(x: Dual) -> Dual:
        x = _dual(x)
        return Dual(f(x.value), df(x.value) * x.tangent, name)
    op.__name__ = name
    op.__doc__ = f"Elementwise {name}; its tangent is {df.__name__} times the input's."
    return op


exp, log, softplus = (_elementwise(n, *ELEMENTWISE[n]) for n in ("exp", "log", "softplus"))
sigmoid, tanh, relu, step, identity = (_elementwise(n, *activations.ACTIVATIONS[n]) for n in
                                       ("sigmoid", "tanh", "relu", "step", "identity"))


# -- derivatives of a function f(x, ops) by either engine ------------------------------------
def _check_function(f) -> None:
    if not callable(f):
        raise TypeError(f"f must be a function f(x, ops), got {f!r}")


def jvp(f: Callable, x, v) -> tuple[np.ndarray, np.ndarray]:
    """$f(x)$ and $J_f(x)\\,v$ in one forward pass: ``f(x, ops)`` run on ``Dual(x, v)``."""
    _check_function(f)
    out = f(Dual(x, v), ops=sys.modules[__name__])   # this module's operations
    return out.value, out.tangent


def gradient(f: Callable, x) -> np.ndarray:
    """The gradient of a scalar ``f(x, ops)`` by forward mode: one pass per entry of ``x``."""
    _check_function(f)
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = 1.0                                     # the direction of input i alone
        value, tangent = jvp(f, x, e)
        if value.size != 1:
            raise ValueError(f"gradient() needs a scalar f, got an output of shape {value.shape}")
        grad[i] = tangent
    return grad


def reverse_gradient(f: Callable, x) -> np.ndarray:
    """The same gradient by reverse mode: one forward pass and one ``backward()``."""
    _check_function(f)
    node = Node(x)
    f(node, ops=autodiff).backward()
    return node.bar


def jacobian_forward(f: Callable, x) -> np.ndarray:
    """The Jacobian (outputs x inputs, both flattened) by forward mode: one JVP per input, a column each."""
    _check_function(f)
    x = np.asarray(x, dtype=np.float64)
    columns = []
    for j in range(x.size):
        e = np.zeros(x.size)
        e[j] = 1.0
        columns.append(jvp(f, x, e.reshape(x.shape))[1].ravel())
    return np.stack(columns, axis=1)


def jacobian_reverse(f: Callable, x) -> np.ndarray:
    """The Jacobian by reverse mode: one forward pass, then one backward pass per output (a row each).

    The backward pass for output k starts from the bar $u = e_k$ on the outputs and gives the
    row $u^\top J$ (a VJP); ``backward()`` resets every bar, so the graph is built only once.
    """
    _check_function(f)
    node = Node(x)
    out = f(node, ops=autodiff)
    rows = []
    for k in range(out.value.size):
        u = np.zeros(out.value.size)
        u[k] = 1.0
        (out * u.reshape(out.shape)).sum().backward()  # out.bar = u
        rows.append(node.bar.ravel())
    return np.stack(rows, axis=0)


# -- a network's output as a function of its input, for both engines --------------------------
def network_function(net) -> Callable:
    """``f(x, ops)``: the network's outputs for one input row ``x`` (shape (1, n)), on either engine.

    The weights are constants; only ``x`` carries a tangent (forward mode) or gets a bar (reverse).
    """
    def f(x, ops):                                     # the package's one forward pass
        Z, A = forward_pass(net.weights, net.biases, net.activation_names, x,
                            activate=lambda name, Z: getattr(ops, name)(Z))
        return A[-1]
    return f


def summed_network_function(net) -> Callable:
    """``f(x, ops)``: the sum of the network's outputs, a scalar function of the input row ``x``."""
    g = network_function(net)
    return lambda x, ops: g(x, ops).sum()


def time_jacobians(f: Callable, x, repeats: int = 3) -> tuple[float, float]:
    """Seconds for the whole Jacobian of ``f`` at ``x`` by forward and by reverse mode (best of ``repeats``).

    Forward mode makes one pass per input, reverse mode one backward pass per output; for a
    scalar ``f`` the Jacobian is the gradient.
    """
    _check_function(f)
    t_forward = t_reverse = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        jacobian_forward(f, x)
        middle = time.perf_counter()
        jacobian_reverse(f, x)
        end = time.perf_counter()
        t_forward, t_reverse = min(t_forward, middle - start), min(t_reverse, end - middle)
    return t_forward, t_reverse


def plot_costs(ax, times: dict[int, tuple[float, float]], xlabel: str) -> None:
    """Times of ``time_jacobians`` {size: (forward, reverse)} against the size, log-log, in milliseconds."""
    sizes = sorted(times)
    for i, (label, colour, marker) in enumerate([("forward mode", plotting.BLUE, "o"),
                                                 ("reverse mode", plotting.VERMILION, "s")]):
        ax.loglog(sizes, [times[n][i] * 1e3 for n in sizes], marker=marker, color=colour, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("time for the Jacobian (ms)")
    ax.legend(fontsize=9)
