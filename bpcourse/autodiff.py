"""A small reverse-mode automatic differentiation engine over numpy arrays.

Each ``Node`` holds a ``value`` (a numpy array; a scalar is a 0-d array), its ``parents``, and
after ``backward()`` its ``bar``, the derivative of the final output with respect to it
(lecture 004's bar notation, $\\bar v = \\partial L / \\partial v$). Every operation computes its
value and, right beside it, a ``_backward`` closure that adds its parents' share of the bar:

    out = x * y        ->   x.bar += out.bar * y.value;   y.bar += out.bar * x.value

``backward()`` visits the nodes in reverse topological order, so a node's bar is complete
(every path through its children added, with +=) before it is passed on to its parents.

>>> x = Node(2.0)
>>> f = (x ** 3) * (x ** 2)          # y = x^3, z = x^2, f = y z  =>  df/dx = 5 x^4
>>> f.backward(); float(x.bar)
80.0
"""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import activations, losses
from .mlp import MLP, Params, checked_loss_and_grads, forward_pass


class Node:
    """A value in the computation graph."""

    def __init__(self, value, parents: tuple = (), op: str = "", name: str = "",
                 requires_grad: bool = True):
        self.value = np.asarray(value, dtype=np.float64)
        self.parents = parents
        self.op = op
        self.name = name
        # False for data (inputs, targets) whose bar nobody needs: a product skips it then
        self.requires_grad = requires_grad if not parents else any(p.requires_grad for p in parents)
        self.bar: np.ndarray | None = None
        self._backward: Callable[[], None] = lambda: None

    @property
    def shape(self) -> tuple:
        return self.value.shape

    @staticmethod
    def lift(x) -> "Node":
        return _node(x)

    def __repr__(self) -> str:
        label = self.name or self.op or "leaf"
        return f"Node({label}, value={self.value!r})"

    # -- arithmetic; each local derivative sits next to the value it belongs to ---------------
    def __add__(self, other):
        other = _node(other)
        out = Node(self.value + other.value, (self, other), "+")

        def _backward():
            self.bar += _unbroadcast(out.bar, self.shape)
            other.bar += _unbroadcast(out.bar, other.shape)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _node(other)
        out = Node(self.value * other.value, (self, other), "*")

        def _backward():
            self.bar += _unbroadcast(out.bar * other.value, self.shape)
            other.bar += _unbroadcast(out.bar * self.value, other.shape)
        out._backward = _backward
        return out

    def __pow__(self, n: float):
        if not isinstance(n, (int, float)):
            raise TypeError("only constant powers are supported, "
                            f"got {type(n).__name__}")
        out = Node(self.value ** n, (self,), f"**{n}")

        def _backward():            # d(x^0)/dx = 0, even at x = 0 (as torch)
            if n != 0:
                self.bar += out.bar * n * self.value ** (n - 1)
        out._backward = _backward
        return out

    def __matmul__(self, other):
        other = _node(other)
        if self.value.ndim != 2 or other.value.ndim != 2:
            raise ValueError("@ takes two 2-D nodes, "
                             f"got shapes {self.shape} and {other.shape}")
        out = Node(np.dot(self.value, other.value), (self, other), "@")   # A B

        # A.bar = out.bar B^T, B.bar = A^T out.bar (np.dot: @'s numbers, faster)
        def _backward():
            if self.requires_grad:
                self.bar += np.dot(out.bar, other.value.T)
            if other.requires_grad:
                other.bar += np.dot(self.value.T, out.bar)
        out._backward = _backward
        return out

    @property
    def T(self):
        out = Node(self.value.T, (self,), "T")

        def _backward():
            self.bar += out.bar.T
        out._backward = _backward
        return out

    def sum(self, axis=None):
        out = Node(self.value.sum(axis=axis), (self,), "sum")

        def _backward():
            g = out.bar if axis is None else np.expand_dims(out.bar, axis)
            self.bar += np.broadcast_to(g, self.shape)
        out._backward = _backward
        return out

    # -- built from the primitives above (+, *, ** and sum): no derivative written here ---
    def mean(self):
        return self.sum() * (1.0 / self.value.size)

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-_node(other))

    def __truediv__(self, other):
        return self * _node(other) ** -1.0

    def __radd__(self, other):
        return _node(other) + self

    def __rsub__(self, other):
        return _node(other) - self

    def __rmul__(self, other):
        return _node(other) * self

    def __rtruediv__(self, other):
        return _node(other) / self

    # -- the reverse pass ------------------------------------------------------------------
    def backward(self) -> None:
        """Set every ancestor's ``bar`` to d(self)/d(ancestor).

        self must be a scalar (0-d).
        """
        if self.value.size != 1:
            raise ValueError("backward() starts from a scalar output, "
                             f"got shape {self.shape}")
        order = topological_order(self)
        for v in order:
            v.bar = np.zeros_like(v.value)
        self.bar = np.ones_like(self.value)            # d self / d self = 1
        for v in reversed(order):
            v._backward()


def topological_order(root: Node) -> list[Node]:
    """Every node that ``root`` depends on, each listed after all of its parents."""
    order, seen = [], set()
    stack = [(root, False)]
    while stack:                                       # iterative depth-first search
        v, parents_done = stack.pop()
        if parents_done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((p, False) for p in v.parents if id(p) not in seen)
    return order


def _node(x) -> Node:
    """A node for a plain number or array: a constant, whose bar nobody needs."""
    return x if isinstance(x, Node) else Node(x, requires_grad=False)


def _unbroadcast(g: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum ``g`` over the axes that numpy broadcasting added or stretched to reach ``shape``."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def _elementwise(name: str, f: Callable, df: Callable) -> Callable[[Node], Node]:
    def op(x: Node) -> Node:
        x = _node(x)
        out = Node(f(x.value), (x,), name)

        def _backward():
            x.bar += out.bar * df(x.value)
        out._backward = _backward
        return out
    op.__name__ = name
    op.__doc__ = f"Elementwise {name}; its local derivative is {df.__name__}."
    return op


def _exp_prime(z):
    return np.exp(z)


def _log_prime(z):
    return 1.0 / z


#: the elementwise functions besides the activations: name -> (f, f'), one table for every engine
ELEMENTWISE = {"exp": (np.exp, _exp_prime), "log": (np.log, _log_prime),
               "softplus": (losses.softplus, activations.sigmoid)}
exp, log, softplus = (_elementwise(n, *ELEMENTWISE[n]) for n in ("exp", "log", "softplus"))


def _activation(name: str) -> Callable[[Node], Node]:
    def op(x: Node) -> Node:
        x = _node(x)
        out = Node(activations.apply(name, x.value), (x,), name)

        def _backward():                               # g'(z) from z, or from a = g(z) when cheaper
            x.bar += activations.backprop(name, x.value, out.value, out.bar)
        out._backward = _backward
        return out
    op.__name__ = op.__qualname__ = name
    # tracebacks and bpcourse.checks' call watch name it as it is called: autodiff.sigmoid
    op.__code__ = op.__code__.replace(co_name=name, co_qualname=name)
    op.__doc__ = f"The activation {name!r} as a graph operation."
    return op


ACTIVATION_OPS = {name: _activation(name) for name in {**activations.ACTIVATIONS,
                                                       **activations.OUTPUT_ONLY}}
sigmoid, tanh, relu, step, identity, softmax = (ACTIVATION_OPS[n] for n in
                                                ("sigmoid", "tanh", "relu", "step", "identity",
                                                 "softmax"))


def loss_op(loss: str, Z: Node, T: np.ndarray, output: str) -> Node:
    """J = (1/m) sum_i L_i as one node over the output layer's Z (``bpcourse.losses``).

    Its value is ``losses.cost`` and its local derivative the loss's output delta over m,
    as PyTorch fuses its cross-entropy: computed from the logits, finite for any of them.
    """
    m = Z.shape[0]
    out = Node(losses.cost(loss, Z.value, T, output), (Z,), loss)

    def _backward():
        Z.bar += out.bar * (losses.output_delta(loss, Z.value, T, output) / m)
    out._backward = _backward
    return out


# -- a whole network as a graph ------------------------------------------------------------
@dataclass
class NetworkGraph:
    """A network's cost J built as a graph: its parameter leaves and every layer's Z and A node.

    Lists W, b are indexed like ``net.weights``; Z, A by layer as in ``bpcourse.mlp``'s
    docstring (Z[0] is None, A[0] is the input node X).
    """

    J: Node
    W: list[Node]
    b: list[Node]
    Z: list
    A: list[Node]


def network_graph(net: MLP, X: np.ndarray, T: np.ndarray, loss: str) -> NetworkGraph:
    """Build J for a batch as a graph (inputs already checked): ``forward_pass`` over nodes."""
    Ws = [Node(W, name=f"W{l}") for l, W in enumerate(net.weights)]
    bs = [Node(b, name=f"b{l}") for l, b in enumerate(net.biases)]
    Z, A = forward_pass(Ws, bs, net.activation_names, Node(X, name="X", requires_grad=False),
                        activate=lambda name, Z: ACTIVATION_OPS[name](Z), product=operator.matmul)
    J = loss_op(loss, Z[-1], T, net.output)            # from the logits Z
    return NetworkGraph(J, Ws, bs, Z, A)


def loss_and_grads(net: MLP, X, T, loss: str = "half_squared") -> tuple[float, Params]:
    """J and its gradients, by building J as a graph and running ``backward()``."""
    return checked_loss_and_grads(unchecked_loss_and_grads, net, X, T, loss)


def unchecked_loss_and_grads(net: MLP, X: np.ndarray, T: np.ndarray, loss: str) -> tuple[float, Params]:
    """``loss_and_grads`` for inputs already checked (``check_batch``)."""
    G = network_graph(net, X, T, loss)
    G.J.backward()
    return float(G.J.value), Params([W.bar for W in G.W], [b.bar for b in G.b])
