"""Chapter 11: each backward closure is a vector-Jacobian product, checked against its Jacobian."""
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


def broken_mul(a, b):
    """a * b whose closure forgets the factor b: a wrong VJP."""
    out = autodiff.Node(a.value * b.value, (a, b), "*")

    def _backward():
        a.bar += out.bar
        b.bar += out.bar * a.value
    out._backward = _backward
    return out


def test_a_wrong_closure_disagrees_with_its_jacobian():
    y_bar = rng.normal(size=A.shape)
    a_row, b_row = V.closure_against_jacobian(broken_mul, [A, A + 1.0], y_bar)
    assert np.allclose(b_row["closure"], b_row["product"], rtol=1e-6, atol=1e-8)
    assert not np.allclose(a_row["closure"], a_row["product"], rtol=1e-3)
    assert np.allclose(a_row["product"], y_bar * (A + 1.0), rtol=1e-6, atol=1e-8)


def test_closure_vjp_runs_only_the_closure_of_the_operation():
    y_bar = rng.normal(size=(2, 4))
    a_bar, b_bar = V.closure_vjp(lambda a, b: a @ b, [A, B], y_bar)
    assert np.allclose(a_bar, y_bar @ B.T) and np.allclose(b_bar, A.T @ y_bar)


def test_closure_vjp_refuses_bad_input():
    with pytest.raises(TypeError, match="op must be a function"):
        V.closure_vjp("tanh", [A], A)
    with pytest.raises(ValueError, match="out_bar must have"):
        V.closure_vjp(autodiff.tanh, [A], np.ones(3))
    with pytest.raises(ValueError, match="single operation"):
        V.closure_vjp(lambda a: a - a, [A], A)          # a - a is two operations, a + (-a)
