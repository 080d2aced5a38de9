"""Checks for the coding exercises of chapter 11 (automatic differentiation)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from .. import activations
from ..autodiff import Node, sigmoid
from ._core import call, compare, _fail, passed
from ._watch import Hidden, new_seed, package_calls

__all__ = ["ch11_silu", "ch11_div", "ch11_add_bias"]

#: the inputs the SiLU check differentiates at (as lists): a vector, a matrix, one number
SILU_CASES = [[-2.0, -0.5, 0.0, 1.0, 3.0], [[0.3, -1.7, 4.0], [-3.5, 2.2, 0.05]], -0.8]
#: (a, b) of the division check: numbers, a negative b, and two vectors (as lists)
DIV_CASES = [(3.0, 2.0), (1.5, -0.4), ([1.0, -2.0, 0.5], [-0.8, 2.5, 1.5])]

#: the bpcourse an answer may call: make its output Node (and read a node's shape, print it);
#: the engine's operations (+, *, /, **, sum, autodiff.sigmoid, ...) and helpers
#: (autodiff._unbroadcast) would do the exercise, and are refused
NODE_ONLY = ("autodiff.Node.__init__", "autodiff.Node.shape", "autodiff.Node.__repr__")
#: SiLU may also take sigma (and sigma') from activations, as its exercise cell does
SILU_ALLOWED = NODE_ONLY + ("activations",)
_PACKAGE = Path(__file__).resolve().parents[1]


def _any_input(e: Exception) -> str:
    """The hint for a closure that raised on one of the inputs."""
    return ("the check tries inputs of several shapes and values: compute with the inputs' "
            ".value and out.bar inside the closure, not with a fixed array or number")


def _on(what: str, k: int, value) -> str:
    """The problem's name in a failure: which input, by its shape or value."""
    shape = np.shape(value)
    return f"{what} at input {k + 1} ({f'shape {shape}' if shape else f'{float(value):g}'})"


def _own_work(name: str, allowed: tuple[str, ...], task: str, run: Callable[[], object]):
    """``run()``, refused when the answer's code (the op or its backward closure) called
    bpcourse beyond ``allowed`` to do the work."""
    result, called = package_calls(run, allowed=allowed)
    if called:
        _fail(f"{name} calls bpcourse's `{called[0]}`, which does the exercise's work "
              f"(the engine's own operations and helpers); {task}")
    return result


def _call(name: str, op: Callable, *args, task: str,
          allowed: tuple[str, ...] = NODE_ONLY) -> Node:
    out = _own_work(name, allowed, task, lambda: call(name, op, *args, on_error=_any_input))
    if out is None:
        _fail(f"{name} returned None: end it with `return out`")
    if not isinstance(out, Node):
        _fail(f"{name}: your function must return an autodiff Node, got {type(out).__name__}")
    if not any(p is a for p in out.parents for a in args):
        _fail(f"{name}: the Node you return must list its inputs as parents, "
              f"e.g. Node(value, parents=(x,), op='...'); otherwise backward() never reaches them")
    closure = _package_closure(out)
    if closure:
        _fail(f"{name}: the Node you return carries bpcourse's own backward closure "
              f"`{closure}`, so the engine, not your code, differentiates; {task}")
    return out


def _package_closure(out: Node) -> str | None:
    """``module.qualname`` of ``out``'s backward closure when bpcourse wrote it (an engine
    operation's, a check's), other than a new Node's empty one; else None."""
    code = getattr(out._backward, "__code__", None)
    here = Path(code.co_filename).resolve() if code else None
    if here is None or _PACKAGE not in here.parents or code is Node(0.0)._backward.__code__:
        return None
    module = here.relative_to(_PACKAGE).with_suffix("").as_posix().replace("/", ".")
    return f"{module}.{code.co_qualname}"


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


def _silu_graph_bar(op: Callable[[Node], Node], x0: np.ndarray) -> np.ndarray:
    """x.bar for f = sum(op(x) * x * x): x is used three times, so its bar needs every path (+=)."""
    x = Node(x0.copy(), name="x")
    f = (op(x) * x * x).sum()
    f.backward()
    return x.bar


_SILU_TASK = ("compute x sigma(x) and its local derivative with numpy from x.value and "
              "out.bar (sigmoid from activations is fine)")


def ch11_silu(silu: Callable[[Node], Node]) -> None:
    """Check a SiLU op silu(x) = x sigma(x) with its backward closure, on f = sum(silu(x) * x * x)
    for every input of ``SILU_CASES``; the op and its closure may call ``SILU_ALLOWED`` only."""
    s, ds = activations.sigmoid, activations.sigmoid_prime
    for k, case in enumerate(SILU_CASES):
        x0 = np.array(case, dtype=float)
        x = Node(x0.copy(), name="x")
        out = _call("silu", silu, x, allowed=SILU_ALLOWED, task=_SILU_TASK)
        compare(_on("silu(x).value", k, x0), out.value, x0 * s(x0),
                otherwise="the value is x * sigmoid(x), entry by entry, of x.value")
        x = Node(x0.copy(), name="x")
        f = (_call("silu", silu, x, allowed=SILU_ALLOWED, task=_SILU_TASK) * x * x).sum()
        _own_work("silu's backward closure", SILU_ALLOWED, _SILU_TASK,
                  lambda: call(_on("silu", k, x0), f.backward, on_error=_any_input))
        bar = lambda op: _silu_graph_bar(op, x0)                  # noqa: E731
        mistakes = [
            (bar(_silu_variant(s, True)), "the local derivative of x sigma(x) needs the "
             "product rule: sigma(x) + x sigma'(x), not sigma(x) alone"),
            (bar(_silu_variant(lambda v: v * ds(v), True)), "the product rule has two "
             "terms: sigma(x) + x sigma'(x); you kept only x sigma'(x)"),
            (bar(_silu_variant(lambda v: s(v) + v * ds(v), False)), "x is used three times "
             "in f = sum(silu(x) * x * x): your closure assigns x.bar = ... and so throws away "
             "the part the products already added; accumulate with x.bar += ..."),
            (bar(_silu_variant(lambda v: np.zeros_like(v), True)), "the path through "
             "silu adds nothing: did you attach the closure with out._backward = _backward?"),
            (bar(_silu_variant(lambda v: s(v) - v * ds(v), True)), "a sign: by the "
             "product rule d/dx x sigma(x) = sigma(x) + x sigma'(x), both terms added"),
            (bar(_silu_variant(lambda v: s(v) + v * s(v), True)), "sigma(x) where "
             "sigma'(x) belongs: sigma'(x) = sigma(x)(1 - sigma(x))"),
        ]
        compare(_on("x.bar for f = sum(silu(x) * x * x)", k, x0), x.bar,
                bar(lambda v: v * sigmoid(v)), mistakes,
                otherwise="add out.bar * (sigma(x) + x sigma'(x)) to x.bar, entry by entry"
                          + (" (right on the earlier inputs: does your closure use a fixed "
                             "value or shape?)" if k else ""))
    passed(f"silu on {len(SILU_CASES)} inputs (a vector, a matrix, a number)")


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


def _div_bars(op: Callable, a0, b0) -> np.ndarray:
    """(a.bar, b.bar) for f = sum(a / b), and x.bar for f = sum((x / y) * x) (x used twice),
    at a = x = a0, b = y = b0, one after the other."""
    a, b = Node(np.copy(a0), name="a"), Node(np.copy(b0), name="b")
    op(a, b).sum().backward()
    x, y = Node(np.copy(a0), name="x"), Node(np.copy(b0), name="y")
    (op(x, y) * x).sum().backward()
    return np.stack([np.asarray(a.bar, dtype=float), np.asarray(b.bar, dtype=float),
                     np.asarray(x.bar, dtype=float)])


_DIV_TASK = ("compute a / b and its local derivatives with numpy from a.value, b.value and "
             "out.bar")


def ch11_div(div: Callable[[Node, Node], Node]) -> None:
    """Check a division op div(a, b) = a / b with its backward closure, for every (a, b) of
    ``DIV_CASES``; the op and its closure may call ``NODE_ONLY`` only."""
    for k, (a_case, b_case) in enumerate(DIV_CASES):
        a0, b0 = np.array(a_case, dtype=float), np.array(b_case, dtype=float)
        where = (f"at a = {a_case}, b = {b_case}" if np.ndim(a0) == 0
                 else f"at vectors a, b {np.shape(a0)}")
        a, b = Node(np.copy(a0), name="a"), Node(np.copy(b0), name="b")
        out = _call("div", div, a, b, task=_DIV_TASK)
        compare(f"div(a, b).value {where}", out.value, np.divide(a0, b0),
                otherwise="the value is a.value / b.value")
        got = _own_work("div or its backward closure", NODE_ONLY, _DIV_TASK, lambda: call(
            f"div {where}", _div_bars, div, a0, b0, on_error=_any_input))
        bars = lambda da, db, acc=True: _div_bars(_div_variant(da, db, acc), a0, b0)  # noqa
        mistakes = [
            (bars(lambda p, q: 1 / q, lambda p, q: p / q ** 2), "d(a/b)/db = -a/b^2: check "
             "the sign"),
            (bars(lambda p, q: 1 / q, lambda p, q: -1 / q ** 2), "d(a/b)/db = -a/b^2: the "
             "factor a is missing"),
            (bars(lambda p, q: -p / q ** 2, lambda p, q: 1 / q), "the two local derivatives "
             "are swapped: d(a/b)/da = 1/b and d(a/b)/db = -a/b^2"),
            (bars(lambda p, q: 1 / q, lambda p, q: -p / q ** 2, False), "for f = (x / y) * x, "
             "x is used twice: your closure assigns the bar (=) and so throws away the "
             "product's share; accumulate with +="),
            (bars(lambda p, q: q, lambda p, q: -p / q ** 2), "d(a/b)/da = 1/b, not b"),
        ]
        compare(f"(a.bar, b.bar, x.bar) {where}", got,
                bars(lambda p, q: 1 / q, lambda p, q: -p / q ** 2), mistakes,
                otherwise="a.bar += out.bar / b and b.bar += -out.bar * a / b^2, with the "
                          "values of a and b (not numbers)"
                          + (" (right on the earlier inputs)" if k else ""))
    passed(f"div on {len(DIV_CASES)} inputs (numbers, a negative b, vectors)")


# -- a bias added to every row: out = Z + 1 b^T -------------------------------------------------
#: (m, p, seed) of the add_bias check: Z (m, p), b (p,) and the output weights C (m, p) drawn
#: from the seed (C weights the outputs so every entry counts differently); one row, one unit
BIAS_CASES = [(4, 3, 11), (1, 5, 12), (6, 1, 13)]


def bias_problem(m: int, p: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Z (m, p), b (p,) and C (m, p) of one add_bias problem."""
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, p)), rng.normal(size=p), rng.normal(size=(m, p))


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


def _add_bias_bars(op: Callable, Z0: np.ndarray, b0: np.ndarray, C: np.ndarray) -> np.ndarray:
    """(Z.bar, b.bar) flattened, for f = sum(add_bias(add_bias(Z, b), b) * C): b added twice."""
    Z, b = Node(Z0.copy(), name="Z"), Node(b0.copy(), name="b")
    f = (op(op(Z, b), b) * C).sum()
    f.backward()
    return np.concatenate([Z.bar.ravel(), b.bar])


def _bias_shape_hint(e: Exception) -> str | None:
    if isinstance(e, ValueError) and "shape" in str(e):
        return ("b.bar has b's shape (p,), out.bar has shape (m, p): b was copied into each of "
                "the m rows, so add the sum of out.bar over the rows, out.bar.sum(axis=0)")
    return _any_input(e)


_BIAS_TASK = "add b to the rows of Z.value and sum out.bar over the rows with numpy"


def ch11_add_bias(add_bias: Callable[[Node, Node], Node]) -> None:
    """Check add_bias(Z, b) = Z + 1 b^T (b added to each row of Z) with its backward closure,
    on every shape of ``BIAS_CASES``; the op and its closure may call ``NODE_ONLY`` only."""
    for k, case in enumerate(BIAS_CASES):
        Z0, b0, C = bias_problem(*case)
        where = f"for Z of shape {Z0.shape}"
        Z, b = Node(Z0.copy(), name="Z"), Node(b0.copy(), name="b")
        out = _call("add_bias", add_bias, Z, b, task=_BIAS_TASK)
        compare(f"add_bias(Z, b).value {where}", out.value, Z0 + b0,
                otherwise="the value is Z.value + b.value (numpy adds b to every row)")
        got = _own_work("add_bias or its backward closure", NODE_ONLY, _BIAS_TASK,
                        lambda: call(f"add_bias {where}", _add_bias_bars, add_bias, Z0, b0, C,
                                     on_error=_bias_shape_hint))
        bars = lambda *a, **kw: _add_bias_bars(_add_bias_variant(*a, **kw), Z0, b0, C)  # noqa
        sum_rows = lambda g: g.sum(axis=0)                                         # noqa
        mistakes = [
            (bars(lambda g: g.mean(axis=0)), "the mean over the rows divides by m: b is added "
             "to each of the m rows, so its bar is the plain sum of their bars, "
             "out.bar.sum(axis=0)"),
            (bars(sum_rows, z_share=0.0), "Z.bar is missing: d(out)/dZ = 1, so "
             "Z.bar += out.bar"),
            (bars(sum_rows, accumulate=False), "b is used twice in f = sum(add_bias(add_bias(Z, "
             "b), b) * C): assigning b.bar = ... throws away the other use's share; accumulate "
             "with +="),
            (bars(lambda g: -g.sum(axis=0)), "a sign: d(out)/db = +1 for every row"),
            (bars(lambda g: g[0]), "only the first row: b is added to every row, so its bar "
             "collects out.bar of all m rows, out.bar.sum(axis=0)"),
        ]
        compare(f"(Z.bar, b.bar) for f = sum(add_bias(add_bias(Z, b), b) * C) {where}", got,
                bars(sum_rows), mistakes,
                otherwise="Z.bar += out.bar and b.bar += out.bar.sum(axis=0)"
                          + (" (right for the earlier shapes: does your closure assume m or "
                             "p?)" if k else ""))
    shapes = ", ".join(str((m, p)) for m, p, _ in BIAS_CASES)
    passed(f"add_bias for {len(BIAS_CASES)} shapes of Z: {shapes}")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _other(rng, options: list[tuple], seen: set) -> tuple:
    """One of ``options`` (sizes) that is not in ``seen`` (the visible problems' sizes)."""
    options = [o for o in options if o not in seen]
    return options[int(rng.integers(len(options)))]


def _draw_silu(rng) -> list:
    """A vector (2 to 8 entries) and a matrix (2 to 4 by 2 to 4) of other shapes than the
    visible ones, and a number away from 0 (where named mistakes agree), entries to 0.01."""
    def entries(shape: tuple) -> list:
        return np.round(rng.normal(0.0, 2.0, size=shape), 2).tolist()
    seen = {np.shape(case) for case in SILU_CASES}
    vector = entries(_other(rng, [(n,) for n in range(2, 9)], seen))
    matrix = entries(_other(rng, [(r, c) for r in range(2, 5) for c in range(2, 5)], seen))
    number = SILU_CASES[-1]
    while number in SILU_CASES:                       # a number the visible check never tried
        number = round(float(rng.choice([-1, 1]) * rng.uniform(0.2, 4.0)), 2)
    return [vector, matrix, number]


def _div_entry(rng, sign: float) -> tuple[float, float]:
    """One (a, b) to 0.01, b of the given sign with 0.3 <= |b| <= 3, where no named mistake
    gives the right bars (a not 0, +-1 or -b; |b| not 1)."""
    while True:
        a = round(float(rng.uniform(-3.0, 3.0)), 2)
        b = round(float(sign * rng.uniform(0.3, 3.0)), 2)
        if min(abs(a), abs(abs(a) - 1), abs(a + b), abs(abs(b) - 1)) >= 0.05:
            return a, b


def _draw_div(rng) -> list:
    """Two pairs of numbers (b > 0, then b < 0) and two vectors of 2 to 6 entries, not as
    many as the visible ones."""
    (n,) = _other(rng, [(n,) for n in range(2, 7)], {np.shape(a) for a, _ in DIV_CASES})
    pairs = [_div_entry(rng, float(rng.choice([-1, 1]))) for _ in range(n)]
    vectors = tuple([pair[i] for pair in pairs] for i in (0, 1))
    return [_div_entry(rng, 1.0), _div_entry(rng, -1.0), vectors]


def _draw_bias(rng) -> list:
    """(m, p, seed): a Z of 2 to 7 rows and units, one of a single row, one of a single unit,
    none of the visible sizes."""
    seen = {(m, p) for m, p, _ in BIAS_CASES}
    sizes = [_other(rng, [(m, p) for m in range(2, 8) for p in range(2, 8)], seen),
             _other(rng, [(1, p) for p in range(2, 8)], seen),
             _other(rng, [(m, 1) for m in range(2, 9)], seen)]
    return [(m, p, new_seed(rng)) for m, p in sizes]


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch11_silu": Hidden("SILU_CASES", _draw_silu, SILU_ALLOWED,
                        "3 other inputs: a vector and a matrix of other shapes, a number"),
    "ch11_div": Hidden("DIV_CASES", _draw_div, NODE_ONLY,
                       "3 other inputs: two pairs of numbers (one b negative), two vectors "
                       "of another length"),
    "ch11_add_bias": Hidden("BIAS_CASES", _draw_bias, NODE_ONLY,
                            "3 other Z, b and C (other sizes and seeds; one of a single row, "
                            "one of a single unit)"),
}
