"""Checks for the coding exercises of chapter 11 (automatic differentiation)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import activations
from ..autodiff import Node, sigmoid
from ._core import _fail, call, check_array, check_scalar

__all__ = ["ch11_silu", "ch11_div", "ch11_add_bias"]

#: the inputs both checks differentiate at
SILU_X = np.array([-2.0, -0.5, 0.0, 1.0, 3.0])
DIV_A, DIV_B = 3.0, 2.0


def _call(name: str, op: Callable, *args) -> Node:
    out = call(name, op, *args)
    if out is None:
        _fail(f"{name} returned None: end it with `return out`")
    if not isinstance(out, Node):
        _fail(f"{name}: your function must return an autodiff Node, got {type(out).__name__}")
    if not any(p is a for p in out.parents for a in args):
        _fail(f"{name}: the Node you return must list its inputs as parents, "
              f"e.g. Node(value, parents=(x,), op='...'); otherwise backward() never reaches them")
    return out


# -- SiLU (swish): x sigma(x) ---------------------------------------------------------------------
def _silu_variant(derivative: Callable, accumulate: bool) -> Callable[[Node], Node]:
    """A SiLU op with a given local derivative, adding (+=) or assigning (=) the bar: for hints."""
    def op(x: Node) -> Node:
        out = Node(x.value * activations.sigmoid(x.value), (x,), "silu")

        def _backward():
            if accumulate:
                x.bar += out.bar * derivative(x.value)
            else:
                x.bar = out.bar * derivative(x.value)
        out._backward = _backward
        return out
    return op


def _silu_graph_bar(op: Callable[[Node], Node]) -> np.ndarray:
    """x.bar for f = sum(op(x) * x * x): x is used three times, so its bar needs every path (+=)."""
    x = Node(SILU_X.copy(), name="x")
    f = (op(x) * x * x).sum()
    f.backward()
    return x.bar


def ch11_silu(silu: Callable[[Node], Node]) -> None:
    """Check a SiLU op silu(x) = x sigma(x) with its backward closure, on f = sum(silu(x) * x * x)."""
    x = Node(SILU_X.copy(), name="x")
    out = _call("silu", silu, x)
    ref = x * sigmoid(x)                                    # the same function from engine ops
    check_array("silu(x).value", out.value, ref.value)
    x = Node(SILU_X.copy(), name="x")
    f = (_call("silu", silu, x) * x * x).sum()
    call("silu", f.backward)
    expected = _silu_graph_bar(lambda v: v * sigmoid(v))
    s, ds = activations.sigmoid, activations.sigmoid_prime
    mistakes = [
        (_silu_graph_bar(_silu_variant(s, True)), "the local derivative of x sigma(x) needs the "
         "product rule: sigma(x) + x sigma'(x), not sigma(x) alone"),
        (_silu_graph_bar(_silu_variant(lambda v: v * ds(v), True)), "the product rule has two "
         "terms: sigma(x) + x sigma'(x); you kept only x sigma'(x)"),
        (_silu_graph_bar(_silu_variant(lambda v: s(v) + v * ds(v), False)), "x is used three times "
         "in f = sum(silu(x) * x * x): your closure assigns x.bar = ... and so throws away the part the "
         "products already added; accumulate with x.bar += ..."),
        (_silu_graph_bar(_silu_variant(lambda v: np.zeros_like(v), True)), "the path through "
         "silu adds nothing: did you attach the closure with out._backward = _backward?"),
        (_silu_graph_bar(_silu_variant(lambda v: s(v) - v * ds(v), True)), "a sign: by the "
         "product rule d/dx x sigma(x) = sigma(x) + x sigma'(x), both terms added"),
        (_silu_graph_bar(_silu_variant(lambda v: s(v) + v * s(v), True)), "sigma(x) where "
         "sigma'(x) belongs: sigma'(x) = sigma(x)(1 - sigma(x))"),
    ]
    check_array("x.bar for f = sum(silu(x) * x * x)", x.bar, expected, mistakes)


# -- division a / b -------------------------------------------------------------------------------
def _div_variant(a_local: Callable, b_local: Callable, accumulate: bool) -> Callable:
    """A division op with given local derivatives d(out)/da, d(out)/db: for the hints."""
    def op(a: Node, b: Node) -> Node:
        out = Node(a.value / b.value, (a, b), "/")

        def _backward():
            da, db = a_local(a.value, b.value), b_local(a.value, b.value)
            if accumulate:
                a.bar += out.bar * da
                b.bar += out.bar * db
            else:
                a.bar = out.bar * da
                b.bar = out.bar * db
        out._backward = _backward
        return out
    return op


def _div_bars(op: Callable) -> tuple[float, float, float]:
    """(a.bar, b.bar) for f = a / b, and x.bar for f = (x / y) * x (x used twice)."""
    a, b = Node(DIV_A, name="a"), Node(DIV_B, name="b")
    f = op(a, b)
    f.backward()
    x, y = Node(DIV_A, name="x"), Node(DIV_B, name="y")
    g = op(x, y) * x
    g.backward()
    return float(a.bar), float(b.bar), float(x.bar)


def ch11_div(div: Callable[[Node, Node], Node]) -> None:
    """Check a division op div(a, b) = a / b with its backward closure."""
    a, b = Node(DIV_A, name="a"), Node(DIV_B, name="b")
    out = _call("div", div, a, b)
    check_scalar("div(a, b).value", out.value, DIV_A / DIV_B)
    got = call("div", _div_bars, div)
    right = _div_variant(lambda p, q: 1 / q, lambda p, q: -p / q ** 2, True)
    expected = _div_bars(right)
    mistakes = [
        (_div_bars(_div_variant(lambda p, q: 1 / q, lambda p, q: p / q ** 2, True)),
         "d(a/b)/db = -a/b^2: check the sign"),
        (_div_bars(_div_variant(lambda p, q: 1 / q, lambda p, q: -1 / q ** 2, True)),
         "d(a/b)/db = -a/b^2: the factor a is missing"),
        (_div_bars(_div_variant(lambda p, q: -p / q ** 2, lambda p, q: 1 / q, True)),
         "the two local derivatives are swapped: d(a/b)/da = 1/b and d(a/b)/db = -a/b^2"),
        (_div_bars(_div_variant(lambda p, q: 1 / q, lambda p, q: -p / q ** 2, False)),
         "for f = (x / y) * x, x is used twice: your closure assigns the bar (=) and so throws "
         "away the product's share; accumulate with +="),
        (_div_bars(_div_variant(lambda p, q: q, lambda p, q: -p / q ** 2, True)),
         "d(a/b)/da = 1/b, not b"),
    ]
    check_array("(a.bar, b.bar, x.bar)", got, expected, mistakes)


# -- a bias added to every row: out = Z + 1 b^T -------------------------------------------------
#: Z (m, p) with m = 4 examples, p = 3 units; C weights the outputs so every entry counts differently
_rng = np.random.default_rng(11)
BIAS_Z, BIAS_B, BIAS_C = _rng.normal(size=(4, 3)), _rng.normal(size=3), _rng.normal(size=(4, 3))


def _add_bias_variant(b_share: Callable, z_share: float = 1.0, accumulate: bool = True) -> Callable:
    """An add_bias op whose closure gives b ``b_share(out.bar)``: for the hints."""
    def op(Z: Node, b: Node) -> Node:
        out = Node(Z.value + b.value, (Z, b), "+b")

        def _backward():
            Z.bar += z_share * out.bar
            if accumulate:
                b.bar += b_share(out.bar)
            else:
                b.bar = b_share(out.bar)
        out._backward = _backward
        return out
    return op


def _add_bias_bars(op: Callable) -> np.ndarray:
    """(Z.bar, b.bar) flattened, for f = sum(add_bias(add_bias(Z, b), b) * C): b added twice."""
    Z, b = Node(BIAS_Z.copy(), name="Z"), Node(BIAS_B.copy(), name="b")
    f = (op(op(Z, b), b) * BIAS_C).sum()
    f.backward()
    return np.concatenate([Z.bar.ravel(), b.bar])


def _bias_shape_hint(e: Exception) -> str | None:
    if isinstance(e, ValueError) and "shape" in str(e):
        return ("b.bar has b's shape (p,), out.bar has shape (m, p): b was copied into each of "
                "the m rows, so add the sum of out.bar over the rows, out.bar.sum(axis=0)")
    return None


def ch11_add_bias(add_bias: Callable[[Node, Node], Node]) -> None:
    """Check add_bias(Z, b) = Z + 1 b^T (b added to each row of Z) with its backward closure."""
    Z, b = Node(BIAS_Z.copy(), name="Z"), Node(BIAS_B.copy(), name="b")
    out = _call("add_bias", add_bias, Z, b)
    check_array("add_bias(Z, b).value", out.value, BIAS_Z + BIAS_B)
    got = call("add_bias", _add_bias_bars, add_bias, on_error=_bias_shape_hint)
    expected = _add_bias_bars(_add_bias_variant(lambda g: g.sum(axis=0)))
    mistakes = [
        (_add_bias_bars(_add_bias_variant(lambda g: g.mean(axis=0))), "the mean over the rows "
         "divides by m: b is added to each of the m rows, so its bar is the plain sum of their "
         "bars, out.bar.sum(axis=0)"),
        (_add_bias_bars(_add_bias_variant(lambda g: g.sum(axis=0), z_share=0.0)), "Z.bar is "
         "missing: d(out)/dZ = 1, so Z.bar += out.bar"),
        (_add_bias_bars(_add_bias_variant(lambda g: g.sum(axis=0), accumulate=False)), "b is "
         "used twice in f = sum(add_bias(add_bias(Z, b), b) * C): assigning b.bar = ... throws "
         "away the other use's share; accumulate with +="),
        (_add_bias_bars(_add_bias_variant(lambda g: -g.sum(axis=0))), "a sign: d(out)/db = +1 "
         "for every row"),
        (_add_bias_bars(_add_bias_variant(lambda g: g[0])), "only the first row: b is added to "
         "every row, so its bar collects out.bar of all m rows, out.bar.sum(axis=0)"),
    ]
    check_array("(Z.bar, b.bar) for f = sum(add_bias(add_bias(Z, b), b) * C)", got, expected,
                mistakes)
