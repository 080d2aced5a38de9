"""The reverse-mode engine: each operation's bar against finite differences, forks, broadcasting."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from bpcourse import autodiff, gradcheck
from bpcourse.autodiff import Node
from strategies import arrays, positive_floats


def check_grad(build, *values, rtol=1e-6, atol=1e-8):
    """Compare each input's bar with central differences of build(*nodes).value.

    Central differences lose about 1e-16 |f| / eps to rounding, so the absolute tolerance
    grows with |f| (an exp of a sum can reach hundreds here).
    """
    nodes = [Node(v) for v in values]
    out = build(*nodes)
    out.backward()
    atol = atol * max(1.0, abs(float(out.value)))
    for i, v in enumerate(values):
        def f(x, i=i):
            args = [Node(w) for w in values]
            args[i] = Node(x)
            return float(build(*args).value)
        np.testing.assert_allclose(nodes[i].bar, gradcheck.numerical_derivative(f, v),
                                   rtol=rtol, atol=atol)


@given(arrays((3, 2)), arrays((2, 4)), arrays((4,)))
def test_affine_and_activations(A, W, b):
    for act in (autodiff.sigmoid, autodiff.tanh, autodiff.identity, autodiff.softplus, autodiff.exp):
        check_grad(lambda A, W, b: act(A @ W + b).sum(), A, W, b)


@given(arrays((2, 3), positive_floats), arrays((3,)))
def test_arithmetic(P, q):
    check_grad(lambda P, q: (P * q - q / P + P ** 3 - 2.0 * P).mean(), P, q)
    check_grad(lambda P, q: (autodiff.log(P) * (1.0 - P)).sum() + (q.T * q).sum(), P, q)
    check_grad(lambda P, q: (P.sum(axis=0) * q).sum() + (P.sum(axis=1) ** 2).sum(), P, q)


def test_fork_accumulates_bars():
    # x is used twice: f = x * x + x  => df/dx = 2x + 1; both paths are added with +=
    x = Node(3.0)
    f = x * x + x
    f.backward()
    assert x.bar == 7.0


def test_bar_of_broadcast_bias_is_summed_over_examples():
    Z = Node(np.arange(6.0).reshape(3, 2))
    b = Node(np.array([1.0, -1.0]))
    ((Z + b) * 2.0).sum().backward()
    np.testing.assert_array_equal(b.bar, [6.0, 6.0])     # 3 examples x 2


def test_topological_order_puts_parents_first_and_handles_deep_graphs():
    x = Node(1.0)
    y = x
    for _ in range(5000):                                # deeper than Python's recursion limit
        y = y * 1.0001
    y.backward()
    assert np.isclose(x.bar, 1.0001 ** 5000)
    order = autodiff.topological_order(y)
    position = {id(v): i for i, v in enumerate(order)}
    assert all(position[id(p)] < position[id(v)] for v in order for p in v.parents)


def test_backward_twice_gives_the_same_bars():
    x = Node(2.0)
    f = x ** 3
    f.backward()
    first = float(x.bar)
    f.backward()
    assert float(x.bar) == first == 12.0


@pytest.mark.parametrize("name", ["relu", "step"])
def test_kinked_activations_use_zero_at_zero(name):
    z = Node(np.array([-1.0, 0.0, 2.0]))
    getattr(autodiff, name)(z).sum().backward()
    expected = [0.0, 0.0, 1.0] if name == "relu" else [0.0, 0.0, 0.0]
    np.testing.assert_array_equal(z.bar, expected)


def test_data_nodes_skip_their_product_bar_without_changing_the_others():
    X = np.arange(6.0).reshape(3, 2)
    W = np.array([[0.5, -1.0], [2.0, 0.25]])
    for requires in (True, False):
        Xn, Wn = Node(X, requires_grad=requires), Node(W)
        (Xn @ Wn.T).sum().backward()
        np.testing.assert_array_equal(Wn.bar, np.ones((2, 3)) @ X)
        expected = np.ones((3, 2)) @ W if requires else np.zeros_like(X)
        np.testing.assert_array_equal(Xn.bar, expected)
    assert (Node(1.0) * Node(2.0, requires_grad=False)).requires_grad
    assert not (Node(1.0, requires_grad=False) * 2.0).requires_grad
