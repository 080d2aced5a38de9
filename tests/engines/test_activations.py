"""Activations by name: float64 whatever the input, g' from the forward pass's a, clear refusals."""
from __future__ import annotations

import numpy as np
import pytest

from bpcourse import activations

ALL = sorted(activations.ACTIVATIONS) + sorted(activations.OUTPUT_ONLY)


@pytest.mark.parametrize("name", ALL)
def test_values_are_float64_for_integer_and_float32_input(name):
    z32 = np.array([[-2.5, -0.1, 0.0, 0.7, 3.3]], dtype=np.float32)
    exact = activations.apply(name, z32.astype(np.float64))
    for z in (z32, z32.tolist()):
        A = activations.apply(name, z)
        assert A.dtype == np.float64, name
        np.testing.assert_array_equal(A, exact)     # computed in float64, not in float32
    A = activations.apply(name, np.array([[-2, 0, 3]]))
    assert A.dtype == np.float64
    np.testing.assert_array_equal(A, activations.apply(name, np.array([[-2.0, 0.0, 3.0]])))


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_derivatives_are_float64_for_integer_and_float32_input(name):
    _, dg = activations.get(name)
    d = dg(np.array([-2, 0, 3]))
    assert d.dtype == np.float64
    np.testing.assert_array_equal(d, dg(np.array([-2.0, 0.0, 3.0])))
    z32 = np.array([-2.5, -0.1, 0.7], dtype=np.float32)
    assert dg(z32).dtype == np.float64
    np.testing.assert_array_equal(dg(z32), dg(z32.astype(np.float64)))


def test_derivative_of_sigmoid_and_tanh_is_taken_from_a_not_z():
    # z is deliberately not g^-1(a): the forward pass's a is what backprop reuses
    z, a = np.array([5.0]), np.array([0.2])
    assert activations.derivative("sigmoid", z, a) == pytest.approx(0.2 * 0.8)
    assert activations.derivative("tanh", z, a) == pytest.approx(1 - 0.04)
    assert activations.derivative("relu", z, a) == 1.0           # others use z
    assert activations.derivative("identity", z, a) == 1.0


@pytest.mark.parametrize("name", ["Relu", "softplus"])
def test_unknown_name_is_refused_with_the_list_of_names(name):
    with pytest.raises(ValueError, match=rf"unknown activation '{name}'; expected one of \['identity'"):
        activations.get(name)
    with pytest.raises(TypeError, match=r"activation must be a string"):
        activations.get(None)
