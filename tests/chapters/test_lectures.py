"""The lectures' small graphs (chapters 6 and 11): names, values, bars against finite differences."""
import numpy as np
import pytest

from bpcourse import activations, gradcheck
from bpcourse.chapters import lectures

NAMES = {"w", "b", "x", "t", "λ", "z", "y", "L", "R", "L_reg"}


def test_regularized_graph_names_and_forward_values():
    w, b, x, t, lam = 0.8, -0.3, 1.5, 1.0, 0.1
    v = lectures.regularized_graph(w, b, x, t, lam)
    assert set(v) == NAMES and all(node.name == k for k, node in v.items())
    y = activations.sigmoid(w * x + b)
    expected = 0.5 * (y - t) ** 2 + lam * 0.5 * w ** 2
    assert float(v["L_reg"].value) == pytest.approx(expected, rel=1e-14)


def test_regularized_graph_bars_match_finite_differences():
    w, b, x, t, lam = 0.8, -0.3, 1.5, 1.0, 0.1
    v = lectures.regularized_graph(w, b, x, t, lam)
    v["L_reg"].backward()

    def E(p):
        z = p[0] * x + p[1]
        return 0.5 * (activations.sigmoid(z) - t) ** 2 + lam * 0.5 * p[0] ** 2
    fd = gradcheck.numerical_derivative(E, [w, b])
    assert gradcheck.relative_error([v["w"].bar, v["b"].bar], fd) < 1e-8
    assert float(v["R"].bar) == pytest.approx(lam) and float(v["L"].bar) == 1.0


def test_two_neuron_graph_dw1():
    v = lectures.two_neuron_graph(0.5, 0.1, -0.7, 0.2, 1.5, 1.0)
    v["J"].backward()

    def J(p):
        a1 = activations.sigmoid(p[0] * 1.5 + 0.1)
        return 0.5 * (activations.sigmoid(-0.7 * a1 + 0.2) - 1.0) ** 2
    fd = gradcheck.numerical_derivative(J, [0.5])
    assert gradcheck.relative_error(v["w1"].bar, fd) < 1e-8
    assert v["a1"].name == "a1" and np.isfinite(float(v["J"].value))


def test_bad_numbers_are_refused():
    with pytest.raises(ValueError, match="finite"):
        lectures.regularized_graph(1.0, 0.0, np.nan, 0.0, 0.1)
    with pytest.raises(TypeError, match="lam must be a real number"):
        lectures.regularized_graph(1.0, 0.0, 1.0, 0.0, "0.1")
