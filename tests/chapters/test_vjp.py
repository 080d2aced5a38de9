"""Chapter 11: each backward closure is a vector-Jacobian product; the add, multiply and max gates."""
import numpy as np

from bpcourse import gradcheck
import pytest

from bpcourse import autodiff
from bpcourse.chapters import vjp as V

rng = np.random.default_rng(0)
A, B, C = rng.normal(size=(2, 3)), rng.normal(size=(3, 4)), rng.normal(size=(3,))

CASES = {                                              # op, its inputs, the function of each input
    "mul (broadcast)": (lambda a, c: a * c, [A, C]),
    "add (broadcast)": (lambda a, c: a + c, [A, C]),
    "matmul": (lambda a, b: a @ b, [A, B]),
    "transpose": (lambda a: a.T, [A]),
    "sum over rows": (lambda a: a.sum(axis=0), [A]),
    "power": (lambda a: a ** 3, [A]),
    "tanh": (autodiff.tanh, [A]),
    "sigmoid": (autodiff.sigmoid, [A]),
    "exp": (autodiff.exp, [A]),
}


@pytest.mark.parametrize("name", CASES)
def test_each_closure_returns_ybar_transposed_times_the_jacobian(name):
    op, inputs = CASES[name]
    out = op(*[autodiff.Node(x) for x in inputs])
    y_bar = rng.normal(size=out.shape)
    rows = V.closure_against_jacobian(op, inputs, y_bar)
    assert len(rows) == len(inputs)
    for i, (x, row) in enumerate(zip(inputs, rows)):
        J = row["jacobian"]
        assert J.shape == (out.value.size, x.size)
        assert row["closure"].shape == row["product"].shape == x.shape
        assert np.allclose(row["closure"].ravel(), y_bar.ravel() @ J, rtol=1e-6, atol=1e-8), (name, i)


def test_jacobian_of_a_linear_map_is_its_matrix():
    M = rng.normal(size=(4, 3))
    assert np.allclose(gradcheck.jacobian(lambda v: M @ v, np.ones(3)), M, rtol=1e-8)


def test_max_routes_the_bar_to_the_larger_input():
    a, b = np.array([1.0, 5.0, -2.0, 3.0]), np.array([2.0, 4.0, -3.0, 3.0])
    y_bar = np.array([10.0, 20.0, 30.0, 40.0])
    a_bar, b_bar = V.closure_vjp(V.maximum, [a, b], y_bar)
    assert np.array_equal(a_bar + b_bar, y_bar)        # nothing lost, nothing doubled
    assert np.array_equal(a_bar, np.where(a >= b, y_bar, 0.0))
    assert V.maximum(a, b).value.tolist() == np.maximum(a, b).tolist()


@pytest.mark.parametrize("x,y,z,w", [(2.0, -3.0, 5.0, 1.0), (-1.0, 4.0, -2.0, 0.5)])
def test_gate_example_bars(x, y, z, w):
    g = V.gate_example(x, y, z, w)
    g["f"].backward()
    assert g["f"].value == pytest.approx(2 * (x * y + max(z, w)))
    assert g["s"].bar == 2.0 and g["xy"].bar == g["max"].bar == 2.0      # add distributes
    assert g["x"].bar == 2.0 * y and g["y"].bar == 2.0 * x               # multiply swaps
    winner, loser = ("z", "w") if z >= w else ("w", "z")
    assert g[winner].bar == 2.0 and g[loser].bar == 0.0                  # max routes


def test_closure_vjp_refuses_bad_input():
    with pytest.raises(TypeError, match="op must be a function"):
        V.closure_vjp("tanh", [A], A)
    with pytest.raises(ValueError, match="out_bar must have"):
        V.closure_vjp(autodiff.tanh, [A], np.ones(3))
    with pytest.raises(ValueError, match="single operation"):
        V.closure_vjp(lambda a: a - a, [A], A)          # a - a is two operations, a + (-a)
