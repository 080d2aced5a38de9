"""Chapter 5's data and sweeps: the engine's J and grad J, the cost grid, the descent path."""
import numpy as np
import pytest

from bpcourse import activations, gradcheck
from bpcourse.chapters import neuron

X, YD = neuron.example_data()


def test_example_data_is_seeded_and_in_range():
    x2, y2 = neuron.example_data()
    assert np.array_equal(X, x2) and np.array_equal(YD, y2)
    assert X.shape == YD.shape == (12,)
    assert np.all((YD >= 0) & (YD <= 1)) and np.all(np.abs(X) <= 2)


def test_cost_and_gradient_by_the_engine_match_the_formula_and_finite_differences():
    w, b = -1.0, 1.0
    J, g = neuron.cost_and_gradient(w, b, X, YD)
    y = activations.sigmoid(w * X + b)
    assert J == pytest.approx(np.mean((y - YD) ** 2), rel=1e-12)
    fd = gradcheck.numerical_derivative(
        lambda p: np.mean((activations.sigmoid(p[0] * X + p[1]) - YD) ** 2), [w, b])
    assert gradcheck.relative_error(g, fd) < 1e-7


def test_cost_grid_matches_cost():
    ws, bs = np.array([-1.0, 0.0, 2.0]), np.array([0.5, -1.0])
    grid = neuron.cost_grid(ws, bs, X, YD)
    assert grid.shape == (2, 3)
    assert grid[1, 2] == pytest.approx(neuron.cost_and_gradient(2.0, -1.0, X, YD)[0])


def test_descent_path_first_step_and_shapes():
    path, J = neuron.descent_path(2.5, 0.5, X, YD, lr=10.0, steps=5)
    assert path.shape == (6, 2) and J.shape == (6,)
    J0, g = neuron.cost_and_gradient(2.5, 0.5, X, YD)
    assert np.allclose(path[1], np.array([2.5, 0.5]) - 10.0 * g)
    assert J[0] == pytest.approx(J0)
    assert np.all(np.diff(J) < 0)


@pytest.mark.parametrize("call, match", [
    (lambda: neuron.cost_and_gradient(1.0, 0.0, [1.0, 2.0], [1.0]), "examples"),
    (lambda: neuron.cost_and_gradient(1.0, 0.0, [np.nan], [1.0]), "NaN"),
    (lambda: neuron.descent_path(0, 0, X, YD, lr=-1.0, steps=3), "lr"),
    (lambda: neuron.descent_path(0, 0, X, YD, lr=1.0, steps=-1), "steps"),
])
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types_raise_type_error():
    with pytest.raises(TypeError, match="w must be a real number"):
        neuron.cost_and_gradient("1", 0.0, X, YD)
