"""Every operation of the autodiff engine in one table: its value function and its derivative.

Each row names an operation of ``bpcourse.autodiff`` (on nodes), the function it computes
(written here with numpy/scipy, not with bpcourse) and its derivative in closed form, as the
vector-Jacobian product ``derivative(R, *inputs)``: the bar of each input when the bar of the
output is R. Each row is checked three ways, in float64:

- the engine's value equals the value function;
- the engine's bars (``backward()`` of sum(R * out)) equal the derivative;
- the derivative equals central finite differences of the engine's value;

at ordinary points (hypothesis, tests/strategies.py) and at edge points: 0, negative and large
values, 0-d and size-1 shapes, and every way of broadcasting two shapes; the cost J of each
loss (``loss_op``) is a row too, with its output delta as derivative. A few values known
by heart close the file.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import special

from bpcourse import MLP, autodiff, gradcheck, losses, vectorized
from bpcourse.autodiff import Node
from strategies import away_from_zero, broadcast_shapes, floats, positive_floats, targets


@dataclass(frozen=True)
class Domain:
    """Where an input lives: ordinary points to draw from, and its edge points."""

    numbers: st.SearchStrategy
    edges: tuple[float, ...]
    low: float                       # plain random points: |x| in [low, 1.5], with either sign
    signed: bool = True              # (if signed)
    kink: float | None = None        # the one point where the derivative is a convention

    def sample(self, shape, rng) -> np.ndarray:
        x = rng.uniform(self.low, 1.5, shape)
        return x * rng.choice([-1.0, 1.0], shape) if self.signed else x


REAL = Domain(floats, (0.0, -1.5, -30.0, 30.0), 0.0)
SATURATING = Domain(floats, (0.0, -1.5, -30.0, 30.0, -800.0, 800.0), 0.0)   # no overflow allowed
POSITIVE = Domain(positive_floats, (1e-3, 1.0, 1e4), 0.5, signed=False)
KINKED = Domain(away_from_zero, (0.0, -1.5, -30.0, 30.0), 0.1, kink=0.0)

sides = st.integers(1, 3)
ANY_SHAPE = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
MATRIX = st.tuples(sides, sides)
EDGE_SHAPES_1 = [(), (1,), (1, 1), (2, 3)]
EDGE_SHAPES_2 = [((), (3,)), ((3,), ()), ((3, 1), (1, 4)), ((1, 4), (3, 1)), ((2, 3), (3,)),
                 ((3,), (2, 3)), ((2, 3), (1, 1)), ((1,), (2, 3)), ((2, 1, 3), (4, 1)),
                 ((1, 1), (1, 1))]
EDGE_MATRICES = [(1, 1), (1, 3), (3, 1)]


@dataclass(frozen=True)
class Row:
    name: str
    op: Callable[..., Node]                  # the engine's operation, on nodes
    value: Callable[..., np.ndarray]         # the function it computes, on arrays
    derivative: Callable[..., tuple]         # (R, *inputs) -> bar of each input
    domains: tuple[Domain, ...]
    shapes: st.SearchStrategy                # a tuple of input shapes
    edge_shapes: list[tuple]

    def __repr__(self) -> str:
        return self.name


def summed_to(G: np.ndarray, shape: tuple) -> np.ndarray:
    """The bar of an input broadcast to G's shape: G summed over every copy of each entry."""
    bar = np.zeros(shape)
    offset = G.ndim - len(shape)
    for index in np.ndindex(G.shape):
        bar[tuple(0 if n == 1 else i for i, n in zip(index[offset:], shape))] += G[index]
    return bar


def unary(name, op, f, df, domain=REAL) -> Row:
    """An elementwise row: f with its derivative f'."""
    return Row(name, op, f, lambda R, x: (R * df(x),), (domain,), ANY_SHAPE.map(lambda s: (s,)),
               [(s,) for s in EDGE_SHAPES_1])


def binary(name, op, f, dfdx, dfdy, dx=REAL, dy=REAL) -> Row:
    """An elementwise row of two broadcast inputs, with its two partial derivatives."""
    def derivative(R, x, y):
        X, Y = np.broadcast_arrays(x, y)
        return summed_to(R * dfdx(X, Y), x.shape), summed_to(R * dfdy(X, Y), y.shape)
    return Row(name, op, f, derivative, (dx, dy), broadcast_shapes().flatmap(
        lambda p: st.sampled_from([p, p[::-1]])), EDGE_SHAPES_2)


def matrix_row(name, op, f, derivative) -> Row:
    return Row(name, op, f, derivative, (REAL,), MATRIX.map(lambda s: (s,)),
               [(s,) for s in EDGE_MATRICES])


def softmax_derivative(R, x):
    y = special.softmax(x, axis=-1)
    return (y * (R - np.sum(R * y, axis=-1, keepdims=True)),)   # y_k (delta_kj - y_j)


def fixed_targets(loss: str, shape: tuple) -> np.ndarray:
    """The same targets T for every Z of one shape (they are data, not an input of the row)."""
    return targets(loss, *shape, np.random.default_rng(7))


def loss_row(loss: str, output: str, value_per_example, delta) -> Row:
    """J = (1/m) sum_i L_i over the output layer's Z; ``delta`` is dL_i/dZ (DESIGN.md)."""
    def value(Z):
        return np.mean(value_per_example(Z, fixed_targets(loss, Z.shape)))

    def derivative(R, Z):
        return (R * delta(Z, fixed_targets(loss, Z.shape)) / Z.shape[0],)
    return Row(f"loss_op {loss}", lambda Z: autodiff.loss_op(loss, Z, fixed_targets(loss, Z.shape), output),
               value, derivative, (SATURATING,), MATRIX.map(lambda s: (s,)),
               [(s,) for s in EDGE_MATRICES])


LOSS_ROWS = [
    loss_row("half_squared", "identity", lambda Z, T: 0.5 * np.sum((Z - T) ** 2, axis=1),
             lambda Z, T: Z - T),
    loss_row("squared", "tanh", lambda Z, T: np.sum((np.tanh(Z) - T) ** 2, axis=1),
             lambda Z, T: 2 * (np.tanh(Z) - T) * (1 - np.tanh(Z)) * (1 + np.tanh(Z))),
    loss_row("bce", "sigmoid",
             lambda Z, T: -np.sum(T * special.log_expit(Z) + (1 - T) * special.log_expit(-Z), axis=1),
             lambda Z, T: special.expit(Z) - T),
    loss_row("cross_entropy", "softmax", lambda Z, T: -np.sum(T * special.log_softmax(Z, axis=1), axis=1),
             lambda Z, T: special.softmax(Z, axis=1) - T),
]

C = np.array([0.5, -2.0, 3.0])      # a constant array: broadcasts against the node's last axis
ROWS = [
    # -- arithmetic on two nodes, with broadcasting
    binary("add", lambda x, y: x + y, np.add, lambda x, y: np.ones_like(x), lambda x, y: np.ones_like(y)),
    binary("sub", lambda x, y: x - y, np.subtract, lambda x, y: np.ones_like(x),
           lambda x, y: -np.ones_like(y)),
    binary("mul", lambda x, y: x * y, np.multiply, lambda x, y: y, lambda x, y: x),
    binary("div", lambda x, y: x / y, np.divide, lambda x, y: 1 / y, lambda x, y: -x / y**2, dy=POSITIVE),
    # -- a node and a plain number or constant array (the constant gets no bar)
    unary("neg", lambda x: -x, np.negative, lambda x: -np.ones_like(x)),
    unary("x + 2", lambda x: x + 2.0, lambda x: x + 2.0, np.ones_like),
    unary("2 + x", lambda x: 2.0 + x, lambda x: 2.0 + x, np.ones_like),
    unary("x - 2", lambda x: x - 2.0, lambda x: x - 2.0, np.ones_like),
    unary("2 - x", lambda x: 2.0 - x, lambda x: 2.0 - x, lambda x: -np.ones_like(x)),
    unary("3 * x", lambda x: 3.0 * x, lambda x: 3.0 * x, lambda x: np.full_like(x, 3.0)),
    unary("x * 3", lambda x: x * 3.0, lambda x: x * 3.0, lambda x: np.full_like(x, 3.0)),
    unary("x / 4", lambda x: x / 4.0, lambda x: x / 4.0, lambda x: np.full_like(x, 0.25)),
    unary("2 / x", lambda x: 2.0 / x, lambda x: 2.0 / x, lambda x: -2.0 / x**2, POSITIVE),
    binary("x + C", lambda x, c: x + c.value, np.add, lambda x, c: np.ones_like(x),
           lambda x, c: np.zeros_like(c)),
    binary("x * C", lambda x, c: x * c.value, np.multiply, lambda x, c: c, lambda x, c: np.zeros_like(c)),
    # -- powers
    unary("x ** 0", lambda x: x ** 0, np.ones_like, np.zeros_like),    # 0, not NaN, at x = 0
    unary("x ** 2", lambda x: x ** 2, np.square, lambda x: 2 * x),
    unary("x ** 3", lambda x: x ** 3, lambda x: x**3, lambda x: 3 * x**2),
    unary("x ** -1", lambda x: x ** -1.0, np.reciprocal, lambda x: -1 / x**2, POSITIVE),
    unary("x ** 0.5", lambda x: x ** 0.5, np.sqrt, lambda x: 0.5 / np.sqrt(x), POSITIVE),
    # -- elementwise functions
    unary("exp", autodiff.exp, np.exp, np.exp),
    unary("log", autodiff.log, np.log, np.reciprocal, POSITIVE),
    unary("softplus", autodiff.softplus, lambda x: np.logaddexp(0.0, x), special.expit, SATURATING),
    unary("identity", autodiff.identity, lambda x: x, np.ones_like),
    unary("step", autodiff.step, lambda x: (x > 0) * 1.0, np.zeros_like, KINKED),
    unary("relu", autodiff.relu, lambda x: np.maximum(x, 0.0), lambda x: (x > 0) * 1.0, KINKED),
    unary("sigmoid", autodiff.sigmoid, special.expit,
          lambda x: special.expit(x) * special.expit(-x), SATURATING),
    unary("tanh", autodiff.tanh, np.tanh, lambda x: (1 - np.tanh(x)) * (1 + np.tanh(x)), SATURATING),
    Row("softmax", autodiff.softmax, lambda x: special.softmax(x, axis=-1), softmax_derivative,
        (SATURATING,), hnp.array_shapes(min_dims=1, max_dims=2, max_side=3).map(lambda s: (s,)),
        [(s,) for s in EDGE_SHAPES_1[1:]]),
    # -- shapes and reductions
    matrix_row("T", lambda x: x.T, np.transpose, lambda R, x: (R.T,)),
    matrix_row("sum", lambda x: x.sum(), np.sum, lambda R, x: (np.full(x.shape, R),)),
    matrix_row("sum(axis=0)", lambda x: x.sum(axis=0), lambda x: x.sum(axis=0),
               lambda R, x: (np.tile(R, (x.shape[0], 1)),)),
    matrix_row("sum(axis=1)", lambda x: x.sum(axis=1), lambda x: x.sum(axis=1),
               lambda R, x: (np.tile(R[:, None], (1, x.shape[1])),)),
    matrix_row("sum(axis=-1)", lambda x: x.sum(axis=-1), lambda x: x.sum(axis=-1),
               lambda R, x: (np.tile(R[:, None], (1, x.shape[1])),)),
    Row("mean", lambda x: x.mean(), np.mean, lambda R, x: (np.full(x.shape, R / x.size),), (REAL,),
        ANY_SHAPE.map(lambda s: (s,)), [(s,) for s in EDGE_SHAPES_1]),
    Row("matmul", lambda a, b: a @ b, np.matmul, lambda R, a, b: (R @ b.T, a.T @ R), (REAL, REAL),
        st.tuples(sides, sides, sides).map(lambda s: ((s[0], s[1]), (s[1], s[2]))),
        [((1, 1), (1, 1)), ((1, 3), (3, 1)), ((3, 1), (1, 2)), ((2, 3), (3, 2))]),
    # -- the cost J of a batch, from the output layer's logits
    *LOSS_ROWS,
]
CONSTANT_INPUTS = {"x + C", "x * C"}        # their second input is a constant, not a leaf


def check_row(row: Row, inputs: list[np.ndarray]) -> None:
    """The three checks of the module docstring, for one row at one point."""
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        expected = np.asarray(row.value(*inputs), dtype=np.float64)
        R = np.random.default_rng(0).normal(size=expected.shape)    # the output's bar
        known = row.derivative(R, *inputs)

        def engine(*arrays):
            nodes = [Node(a, requires_grad=row.name not in CONSTANT_INPUTS or i == 0)
                     for i, a in enumerate(arrays)]
            return nodes, row.op(*nodes)

        nodes, out = engine(*inputs)
        np.testing.assert_allclose(out.value, expected, rtol=1e-12, atol=1e-15)
        assert out.value.shape == expected.shape
        (out * Node(R, requires_grad=False)).sum().backward()
        for i, (node, bar) in enumerate(zip(nodes, known)):
            if row.name in CONSTANT_INPUTS and i > 0:
                continue
            assert node.bar.shape == inputs[i].shape, (row.name, i)
            np.testing.assert_allclose(node.bar, bar, rtol=1e-10, atol=1e-14, err_msg=f"input {i}")

        for i, (x, domain) in enumerate(zip(inputs, row.domains)):
            if row.name in CONSTANT_INPUTS and i > 0:
                continue

            def f(v, i=i):
                return float(np.sum(R * engine(*inputs[:i], v, *inputs[i + 1:])[1].value))
            fd = gradcheck.numerical_derivative(f, x)
            smooth = np.ones(x.shape, bool) if domain.kink is None else np.abs(x - domain.kink) > 1e-4
            atol = 1e-8 * max(1.0, float(np.max(np.abs(R * expected), initial=0.0)))
            np.testing.assert_allclose(fd[smooth], known[i][smooth], rtol=1e-6, atol=atol,
                                       err_msg=f"finite differences, input {i}")


@pytest.mark.parametrize("row", ROWS, ids=repr)
@settings(max_examples=max(10, settings.default.max_examples // 4))     # 35 rows: a quarter each
@given(data=st.data())
def test_ordinary_points(row, data):
    shapes = data.draw(row.shapes, label="shapes")
    inputs = [data.draw(hnp.arrays(np.float64, shape, elements=domain.numbers), label=f"x{i}")
              for i, (shape, domain) in enumerate(zip(shapes, row.domains))]
    check_row(row, inputs)


@pytest.mark.parametrize("row", ROWS, ids=repr)
def test_edge_points_and_shapes(row):
    """Every edge value at the first position of every edge shape, the others beside it."""
    for shapes in row.edge_shapes:
        for k in range(max(len(d.edges) for d in row.domains)):
            inputs = [np.resize(np.roll(d.edges, -k), shape).astype(np.float64)
                      for d, shape in zip(row.domains, shapes)]
            check_row(row, inputs)


def test_the_table_has_every_operation_of_the_engine():
    names = {row.name for row in ROWS}
    for method in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__",
                   "__truediv__", "__rtruediv__", "__neg__", "__pow__", "__matmul__", "sum", "mean"):
        assert hasattr(Node, method)
    assert {"T", "matmul", "sum", "mean", "neg", "add", "sub", "mul", "div", "x ** 2"} <= names
    assert {"exp", "log", "softplus"} | set(autodiff.ACTIVATION_OPS) <= names
    assert {f"loss_op {loss}" for loss in losses.LOSSES} <= names


# -- the graph around the operations ---------------------------------------------------------
def leaves(row: Row, rng) -> tuple[list[np.ndarray], list[Node]]:
    shapes = row.edge_shapes[-1]
    inputs = [d.sample(shape, rng) for d, shape in zip(row.domains, shapes)]
    return inputs, [Node(x, requires_grad=row.name not in CONSTANT_INPUTS or i == 0)
                    for i, x in enumerate(inputs)]


@pytest.mark.parametrize("row", ROWS, ids=repr)
def test_bars_from_two_paths_add_up_in_either_order(row):
    """Each input also feeds a second branch: its bar is the sum of both, whichever runs last."""
    rng = np.random.default_rng(3)
    inputs, _ = leaves(row, rng)
    R = rng.normal(size=np.shape(row.value(*inputs)))
    S = [rng.normal(size=x.shape) for x in inputs]
    known = row.derivative(R, *inputs)
    for first in (True, False):
        nodes = [Node(x) for x in inputs]
        through_op = (row.op(*nodes) * Node(R, requires_grad=False)).sum()
        around = [(n * Node(s, requires_grad=False)).sum() for n, s in zip(nodes, S)]
        total = through_op
        for branch in around:
            total = total + branch if first else branch + total
        total.backward()
        for i, node in enumerate(nodes):
            expected = S[i] + (0.0 if row.name in CONSTANT_INPUTS and i > 0 else known[i])
            np.testing.assert_allclose(node.bar, expected, rtol=1e-10, atol=1e-14, err_msg=f"input {i}")


@pytest.mark.parametrize("row", [r for r in ROWS if len(r.domains) == 2 and r.name not in CONSTANT_INPUTS],
                         ids=repr)
def test_one_node_as_both_inputs(row):
    x = np.random.default_rng(4).uniform(0.5, 1.5, (2, 2))   # in every domain; square for @
    R = np.random.default_rng(5).normal(size=(2, 2))
    node = Node(x)
    (row.op(node, node) * Node(R, requires_grad=False)).sum().backward()
    dx, dy = row.derivative(R, x, x)
    np.testing.assert_allclose(node.bar, dx + dy, rtol=1e-12, atol=1e-14)


def test_a_node_that_is_both_parents_of_one_node_is_visited_once():
    x = Node(1.5)
    y = x * 2.0
    f = y * y                                            # y is pushed twice before it is visited
    order = [id(v) for v in autodiff.topological_order(f)]   # x, the constant 2, y, f
    assert len(order) == len(set(order)) == 4 and order[-2:] == [id(y), id(f)]
    f.backward()
    assert float(x.bar) == 4 * 3.0                       # d(2x)^2/dx = 8x


def test_each_node_is_visited_once_however_many_paths_reach_it():
    x = Node(1.5)
    y = x * 2.0
    z = y * y + y                                        # y is reached by three paths
    f = z * z + z * y
    order = autodiff.topological_order(f)
    assert len(order) == len({id(v) for v in order})
    f.backward()
    yv = 3.0
    zv = yv * yv + yv
    df_dy = (2 * zv + yv) * (2 * yv + 1) + zv             # f = z^2 + z y
    assert float(x.bar) == pytest.approx(2.0 * df_dy, rel=1e-12)


def test_nodes_name_their_operation():
    x, y = Node(np.ones((2, 2)), name="x"), Node(np.ones((2, 2)))
    labels = {"+": x + y, "*": x * y, "@": x @ y, "**2": x ** 2, "T": x.T, "sum": x.sum(),
              "exp": autodiff.exp(x), "log": autodiff.log(x), "softplus": autodiff.softplus(x),
              "half_squared": autodiff.loss_op("half_squared", x, np.zeros((2, 2)), "identity")}
    labels |= {name: op(x) for name, op in autodiff.ACTIVATION_OPS.items()}
    assert {label: node.op for label, node in labels.items()} == {label: label for label in labels}
    assert (x.name, y.name, y.op, (x + y).name) == ("x", "", "", "")
    assert repr(x) == f"Node(x, value={x.value!r})" and repr(x + y).startswith("Node(+, ")
    assert repr(y).startswith("Node(leaf, ")


def test_values_are_float64_so_integer_inputs_get_fractional_bars():
    x = Node([1, 2])
    assert x.value.dtype == np.float64
    (x * 0.5).sum().backward()
    assert x.bar.tolist() == [0.5, 0.5]


def test_refusals_of_the_operations():
    with pytest.raises(TypeError, match=r"^only constant powers are supported, got Node$"):
        Node(2.0) ** Node(2.0)
    with pytest.raises(ValueError, match=r"^@ takes two 2-D nodes, got shapes \(3,\) and \(3, 1\)"):
        Node(np.ones(3)) @ Node(np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"^backward\(\) starts from a scalar output, got shape \(2,\)"):
        Node(np.ones(2)).backward()


def test_network_graph_keeps_every_layer_of_the_forward_pass():
    net = MLP([2, 3, 2], hidden="tanh", output="sigmoid", seed=0)
    X, T = np.array([[0.5, -1.0], [2.0, 0.1]]), np.array([[0.0, 1.0], [1.0, 0.0]])
    G = autodiff.network_graph(net, X, T, "bce")
    Z, A = vectorized.forward(net, X)
    assert G.Z[0] is None and len(G.Z) == len(G.A) == 3
    for l in (1, 2):
        np.testing.assert_allclose(G.Z[l].value, Z[l], rtol=1e-15)
        np.testing.assert_allclose(G.A[l].value, A[l], rtol=1e-15)
    assert [W.name for W in G.W] + [b.name for b in G.b] + [G.A[0].name] == ["W0", "W1", "b0", "b1", "X"]
    assert not G.A[0].requires_grad
    G.J.backward()
    assert np.all(G.A[0].bar == 0)                        # no bar computed for the data


# -- values known by heart ----------------------------------------------------------------
def bar_of(op, x):
    node = Node(x)
    out = op(node)
    out.sum().backward()
    return out.value, node.bar


@pytest.mark.parametrize("op, x, value, slope", [
    (autodiff.exp, 0.0, 1.0, 1.0),
    (autodiff.log, 1.0, 0.0, 1.0),
    (autodiff.log, np.e, 1.0, 1 / np.e),
    (autodiff.sigmoid, 0.0, 0.5, 0.25),
    (autodiff.sigmoid, 800.0, 1.0, 0.0),
    (autodiff.sigmoid, -800.0, 0.0, 0.0),
    (autodiff.tanh, 0.0, 0.0, 1.0),
    (autodiff.tanh, -800.0, -1.0, 0.0),
    (autodiff.softplus, 0.0, np.log(2.0), 0.5),
    (autodiff.softplus, 800.0, 800.0, 1.0),
    (autodiff.softplus, -800.0, 0.0, 0.0),
    (autodiff.relu, -2.0, 0.0, 0.0),
    (autodiff.relu, 0.0, 0.0, 0.0),             # the convention at the kink
    (autodiff.relu, 3.0, 3.0, 1.0),
    (autodiff.step, 0.0, 0.0, 0.0),
    (autodiff.step, 2.0, 1.0, 0.0),
    (lambda x: x ** 2, 3.0, 9.0, 6.0),
    (lambda x: x ** 0, 0.0, 1.0, 0.0),          # as torch: 0 * 0^-1 is not computed
    (lambda x: x ** 1, 0.0, 0.0, 1.0),
    (lambda x: x ** -1.0, 2.0, 0.5, -0.25),
    (lambda x: x ** 0.5, 4.0, 2.0, 0.25),
    (lambda x: 1.0 / x, 4.0, 0.25, -1 / 16),
    (lambda x: 1.0 - x, 4.0, -3.0, -1.0),
], ids=lambda v: getattr(v, "__name__", None))
def test_known_values(op, x, value, slope):
    v, bar = bar_of(op, x)
    assert float(v) == pytest.approx(value, abs=1e-300) and float(bar) == pytest.approx(slope, abs=1e-300)


def test_known_values_of_the_two_input_and_shape_operations():
    a, b = Node([[1.0, 2.0]]), Node([[3.0], [4.0]])
    out = a @ b                                              # 1*3 + 2*4
    out.sum().backward()
    assert out.value.tolist() == [[11.0]]
    assert a.bar.tolist() == [[3.0, 4.0]] and b.bar.tolist() == [[1.0], [2.0]]
    x, y = Node(2.0), Node(4.0)
    (x / y).backward()
    assert (float(x.bar), float(y.bar)) == (0.25, -2.0 / 16)
    col, row = Node(np.ones((3, 1))), Node(np.zeros((1, 4)))
    (col + row).sum().backward()                            # each entry is copied 4 or 3 times
    assert col.bar.tolist() == [[4.0]] * 3 and row.bar.tolist() == [[3.0] * 4]
    M = Node([[1.0, 2.0], [3.0, 4.0]])
    assert M.sum(axis=0).value.tolist() == [4.0, 6.0] and float(M.mean().value) == 2.5
    s = autodiff.softmax(Node([0.0, np.log(3.0)]))
    np.testing.assert_allclose(s.value, [0.25, 0.75], rtol=1e-15)
    z = Node([7.0])
    autodiff.softmax(z).sum().backward()                   # one unit: softmax is constant 1
    assert z.bar.tolist() == [0.0]
